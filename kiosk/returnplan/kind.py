"""Content kind ``return_rules``: the return plan's entitlements and steps, with their conditions.

Checked against what loaded before: condition keys and values, destination codes (when destinations
are loaded), service ids in ``where``, and sources.
"""

from __future__ import annotations

import json
import re

from ..build.kind import Context, Kind
from ..build.yamlio import LineDict, LineList, load_file
from ..money.inline import add_dong_values
from .model import (
    ABROAD,
    CONDITION_KEYS,
    EARLY_REASONS,
    GOALS,
    PROVINCE_CENTRE,
    SERVICE_PREFIX,
    TEXT_FIELDS,
    Rule,
)

_CODE = re.compile(r"[a-z][a-z0-9_]*")
_DESTINATION = re.compile(r"[A-Z]{2}")


def load(ctx: Context) -> list[Rule]:
    path = ctx.root / "return_rules.yaml"
    if not path.exists():
        ctx.problem("return_rules.yaml", 0, "file", "missing_field", "return_rules.yaml is missing")
        return []
    data = load_file(ctx, path)
    if data is None:
        return []
    if not isinstance(data, LineList):
        ctx.problem(path, getattr(data, "line", 1), "file", "bad_yaml", "expected a list of rules")
        return []
    rules: list[Rule] = []
    seen: set[str] = set()
    rates = (ctx.records.get("rates") or {}).get("exchange") or {}
    for i, entry in enumerate(data):
        if not isinstance(entry, LineDict):
            ctx.problem(path, data.line_of(i), "entry", "bad_yaml", "each rule is a mapping")
            continue
        add_dong_values(entry, rates)
        rule = _rule(ctx, path, entry)
        if rule is None:
            continue
        if rule.code in seen:
            ctx.problem(
                path, entry.line_of("code"), "code", "duplicate_id", f"rule {rule.code!r} is used twice"
            )
            continue
        seen.add(rule.code)
        rules.append(rule)
    return rules


def _rule(ctx: Context, path, entry: LineDict) -> Rule | None:
    code = str(entry.get("code") or "")
    if not _CODE.fullmatch(code):
        ctx.problem(
            path, entry.line_of("code"), "code", "missing_field", "a rule needs a code like deposit_refund"
        )
    order = entry.get("order")
    if not isinstance(order, int) or isinstance(order, bool):
        ctx.problem(path, entry.line_of("order"), "order", "bad_value", "order is a whole number")
    title = ctx.check_text(path, entry.line_of("title"), "title", entry.get("title"))
    text = ctx.check_text(path, entry.line_of("text"), "text", entry.get("text"))
    extra = {f: ctx.check_text(path, entry.line_of(f), f, entry.get(f), required=False) for f in TEXT_FIELDS}
    legal = entry.get("legal_basis")
    if isinstance(legal, str) and legal.strip():  # a citation reads the same in both languages
        legal = {"vi": legal.strip(), "en": legal.strip()}
    else:
        legal = ctx.check_text(path, entry.line_of("legal_basis"), "legal_basis", legal)
    source = ctx.check_sources(path, entry.line_of("source"), "source", entry.get("source"))
    verified = ctx.check_date(path, entry.line_of("verified_on"), "verified_on", entry.get("verified_on"))
    when = _conditions(ctx, path, entry, "when")
    unless = _conditions(ctx, path, entry, "unless")
    where = _where(ctx, path, entry)
    due_days, later = entry.get("due_days"), entry.get("later", False)
    if (due_days is None) != (extra["due"] is None):
        ctx.problem(
            path, entry.line_of("due"), "due", "missing_field", "due (the words) and due_days go together"
        )
    if due_days is not None and (not isinstance(due_days, int) or isinstance(due_days, bool) or due_days < 0):
        ctx.problem(
            path,
            entry.line_of("due_days"),
            "due_days",
            "bad_value",
            "due_days is a whole number of days >= 0",
        )
        due_days = None
    if not isinstance(later, bool):
        ctx.problem(path, entry.line_of("later"), "later", "bad_value", "later is true or false")
        later = False
    page = entry.get("page")
    if page is not None and not re.fullmatch(r"pages\.[a-z_]+", str(page)):
        ctx.problem(
            path, entry.line_of("page"), "page", "bad_value", "page is an endpoint like pages.calculator"
        )
    ok = _CODE.fullmatch(code) and isinstance(order, int) and title and text and legal and source and verified
    if not ok or when is None or unless is None or where is None:
        return None
    return Rule(
        code=code,
        order=order,
        title=title,
        text=text,
        legal_basis=legal,
        source=tuple(source),
        verified_on=verified,
        when=when,
        unless=unless,
        where=where,
        page=str(page) if page else None,
        due_days=due_days if extra["due"] is not None else None,
        later=later,
        **extra,
    )


def _allowed(ctx: Context, key: str):
    """The values a condition key may take; None where any well-formed value is accepted."""
    if key in ("completed", "still_abroad"):
        return (True, False)
    if key == "early_reason":
        return EARLY_REASONS
    if key == "goal":
        return GOALS
    destinations = ctx.records.get("destinations")
    if key == "destination" and destinations:
        return tuple(destinations)
    if key == "programme" and destinations:  # null stands for "programme not known"
        return (None, *(p["code"] for d in destinations.values() for p in d.get("programmes", [])))
    return None


def _conditions(ctx: Context, path, entry: LineDict, fld: str) -> dict[str, tuple] | None:
    value = entry.get(fld)
    if value is None:
        return {}
    line = entry.line_of(fld)
    if not isinstance(value, dict):
        ctx.problem(path, line, fld, "bad_value", f"{fld} maps situation keys to values")
        return None
    out: dict[str, tuple] = {}
    for key, wanted in value.items():
        if key not in CONDITION_KEYS:
            ctx.problem(
                path, line, f"{fld}.{key}", "bad_value", f"{key!r} is not one of {', '.join(CONDITION_KEYS)}"
            )
            return None
        values = tuple(wanted) if isinstance(wanted, list) else (wanted,)
        allowed = _allowed(ctx, key)
        for v in values:
            if key == "destination" and not (isinstance(v, str) and _DESTINATION.fullmatch(v)):
                ctx.problem(
                    path, line, f"{fld}.destination", "unknown_destination", f"{v!r} is not a code like JP"
                )
                return None
            if allowed is not None and v not in allowed:
                code = "unknown_destination" if key == "destination" else "bad_value"
                ctx.problem(path, line, f"{fld}.{key}", code, f"{v!r} is not a known {key}")
                return None
        out[key] = values
    return out


def _where(ctx: Context, path, entry: LineDict) -> tuple[str, ...] | None:
    value = entry.get("where") or []
    if not isinstance(value, list):
        ctx.problem(path, entry.line_of("where"), "where", "bad_value", "where is a list")
        return None
    known = {s.id for s in ctx.records.get("services") or []}
    for token in value:
        token = str(token)
        if token in (PROVINCE_CENTRE, ABROAD):
            continue
        if not token.startswith(SERVICE_PREFIX) or token[len(SERVICE_PREFIX) :] not in known:
            ctx.problem(path, entry.line_of("where"), "where", "bad_value", f"{token!r} is not a known place")
            return None
    return tuple(str(t) for t in value)


def write(db, rules: list[Rule]) -> None:
    def j(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    db["return_rules"].insert_all(
        (
            {
                "code": r.code,
                "position": i,
                "ord": r.order,
                "title": j(dict(r.title)),
                "text": j(dict(r.text)),
                "amount": j(dict(r.amount) if r.amount else None),
                "deadline": j(dict(r.deadline) if r.deadline else None),
                "papers": j(dict(r.papers) if r.papers else None),
                "cond_when": j({k: list(v) for k, v in r.when.items()}),
                "cond_unless": j({k: list(v) for k, v in r.unless.items()}),
                "place": j(list(r.where)),
                "page": r.page or "",
                "owed": j(dict(r.owed) if r.owed else None),
                "due": j(dict(r.due) if r.due else None),
                "due_days": r.due_days,
                "later": int(r.later),
                "legal_basis": j(dict(r.legal_basis)),
                "source": j(list(r.source)),
                "verified_on": r.verified_on,
            }
            for i, r in enumerate(rules)
        ),
        pk="code",
    )


def from_rows(rows) -> list[Rule]:
    """The rules back from the ``return_rules`` table, in content order (a version built before the summary
    fields existed reads as having none)."""
    out = []
    for r in sorted(rows, key=lambda r: r["position"]):
        has = set(r.keys())
        out.append(
            Rule(
                code=r["code"],
                order=r["ord"],
                title=json.loads(r["title"]),
                text=json.loads(r["text"]),
                amount=json.loads(r["amount"]),
                deadline=json.loads(r["deadline"]),
                papers=json.loads(r["papers"]),
                when={k: tuple(v) for k, v in json.loads(r["cond_when"]).items()},
                unless={k: tuple(v) for k, v in json.loads(r["cond_unless"]).items()},
                where=tuple(json.loads(r["place"])),
                page=r["page"] or None,
                owed=json.loads(r["owed"]) if "owed" in has else None,
                due=json.loads(r["due"]) if "due" in has else None,
                due_days=int(r["due_days"]) if "due_days" in has and r["due_days"] is not None else None,
                later=bool(r["later"]) if "later" in has else False,
                legal_basis=json.loads(r["legal_basis"]),
                source=tuple(json.loads(r["source"])),
                verified_on=r["verified_on"],
            )
        )
    return out


KIND = Kind("return_rules", load, write)
