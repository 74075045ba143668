"""Content kind ``destinations``: one file per destination (``destinations/<CODE>.yaml``).

A destination holds its programmes with their fee caps as rules with parameters (checked by
:func:`kiosk.fees.parse_params`, so a cap the offer check cannot evaluate never gets in), minimum wages,
dated benchmarks (history from research papers is flagged ``history: true``), calculator presets (take-home
figures; one from a weak, old or partial source is flagged ``weak: true`` and the result says so), what is
forbidden, risks and contacts. Every figure has a source and ``verified_on``. Codes are ISO 3166 alpha-2,
or a user-assigned ``X?`` code for a region (``XM`` Middle East, ``XE`` Europe), named in the file.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from ..build.kind import Context, Kind
from ..build.yamlio import LineDict, LineList, load_mapping
from .fees import ITEMS, RuleError, parse_params
from .inline import add_dong_values
from .rates_kind import decimal_field

BENCHMARKS = (
    "typical_pay",
    "living_cost",
    "sent_home",
    "total_cost",
    "debt",
    "savings",
    "early_return",
    "desertion",
    "cost_multiple",
    "accidents",
)
PRESETS = ("loan_amount", "monthly_income", "monthly_living_costs", "monthly_sent_home")
WAGE_UNITS = ("hour", "month")
MAX_AMOUNT = Decimal(10**12)


def load(ctx: Context) -> dict[str, dict]:
    folder = ctx.root / "destinations"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        ctx.problem("destinations/", 0, "file", "missing_field", "no destination files")
    out: dict[str, dict] = {}
    for path in files:
        data = load_mapping(ctx, path, "a destination is a mapping")
        if data is None:
            continue
        add_dong_values(data, (ctx.records.get("rates") or {}).get("exchange") or {})
        record = _destination(ctx, path, data)
        if record is not None:
            out[record["code"]] = record
    return out


def _destination(ctx: Context, path, d: LineDict) -> dict | None:
    code = str(d.get("code") or "")
    if not re.fullmatch(r"[A-Z]{2}", code) or code != path.stem:
        ctx.problem(
            path, d.line_of("code"), "code", "bad_value", f"code must be two capitals and match {path.name}"
        )
        return None
    currency = str(d.get("currency") or "")
    known = ctx.records.get("rates", {}).get("exchange", {})
    if currency != "VND" and currency not in known:
        ctx.problem(
            path,
            d.line_of("currency"),
            "currency",
            "bad_value",
            f"no dated rate for {currency!r} in rates.yaml",
        )
    record = {
        "code": code,
        "name": ctx.check_text(path, d.line_of("name"), "name", d.get("name")),
        "summary": ctx.check_text(path, d.line_of("summary"), "summary", d.get("summary")),
        "currency": currency,
        "programmes": _programmes(ctx, path, d),
        "minimum_wage": _list(ctx, path, d, "minimum_wage", _wage, required=False),
        "benchmarks": _list(ctx, path, d, "benchmarks", _benchmark, required=False),
        "presets": _presets(ctx, path, d),
        "forbidden": _list(ctx, path, d, "forbidden", _forbidden),
        "risks": _list(ctx, path, d, "risks", _risk, required=False),
        "contacts": _list(ctx, path, d, "contacts", _contact),
        "not_known": [t for t in _texts(ctx, path, d, "not_known") if t],
    }
    return record


def _list(ctx: Context, path, d: LineDict, key: str, parse, *, required: bool = True) -> list[dict]:
    items = d.get(key)
    if not isinstance(items, LineList) or (required and not items):
        ctx.problem(path, d.line_of(key), key, "missing_field", f"{key} is a list (say what is not known)")
        return []
    out = []
    for i, entry in enumerate(items):
        if not isinstance(entry, LineDict):
            ctx.problem(path, items.line_of(i), key, "bad_yaml", "each entry is a mapping")
            continue
        record = parse(ctx, path, entry, f"{key}[{i}]")
        if record is not None:
            out.append(record)
    return out


def _texts(ctx: Context, path, d: LineDict, key: str) -> list:
    items = d.get(key) or LineList()
    if not isinstance(items, LineList):
        ctx.problem(path, d.line_of(key), key, "bad_yaml", f"{key} is a list of texts")
        return []
    return [ctx.check_text(path, items.line_of(i), f"{key}[{i}]", t) for i, t in enumerate(items)]


def _cited(ctx: Context, path, e: LineDict, fld: str, *, as_of: bool = False) -> dict | None:
    """Source and verified_on (and, for a dated figure, as_of) that every fact carries."""
    source = ctx.check_sources(path, e.line_of("source"), f"{fld}.source", e.get("source"))
    verified = ctx.check_date(path, e.line_of("verified_on"), f"{fld}.verified_on", e.get("verified_on"))
    out = {"source": source, "verified_on": verified}
    if as_of and e.get("as_of") == "undated":  # the source shows no date: said in words, never guessed
        out["as_of"] = "undated"
    elif as_of:
        out["as_of"] = ctx.check_date(path, e.line_of("as_of"), f"{fld}.as_of", e.get("as_of"), partial=True)
    return out if all(out.values()) else None


def _note(ctx: Context, path, e: LineDict, fld: str, key: str = "note"):
    return ctx.check_text(path, e.line_of(key), f"{fld}.{key}", e.get(key), required=False)


def _programmes(ctx: Context, path, d: LineDict) -> list[dict]:
    programmes = _list(ctx, path, d, "programmes", _programme)
    seen: set[str] = set()
    for p in programmes:
        if p["code"] in seen:
            ctx.problem(
                path, d.line_of("programmes"), "programmes", "duplicate_id", f"programme {p['code']!r} twice"
            )
        seen.add(p["code"])
    return programmes


def _programme(ctx: Context, path, e: LineDict, fld: str) -> dict | None:
    code = str(e.get("code") or "")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
        ctx.problem(path, e.line_of("code"), f"{fld}.code", "bad_value", "a lower-case code such as titp")
        return None
    caps = _list(ctx, path, e, "fee_caps", _cap)
    items = [c["item"] for c in caps]
    for item in {i for i in items if items.count(i) > 1}:
        ctx.problem(path, e.line_of("fee_caps"), f"{fld}.fee_caps", "duplicate_id", f"two caps for {item}")
    cited = _cited(ctx, path, e, fld)
    name = ctx.check_text(path, e.line_of("name"), f"{fld}.name", e.get("name"))
    who = ctx.check_text(path, e.line_of("who"), f"{fld}.who", e.get("who"))
    if not (cited and name and who):
        return None
    return {
        "code": code,
        "name": name,
        "who": who,
        "note": _note(ctx, path, e, fld),
        "foreign_side_pays": _note(ctx, path, e, fld, "foreign_side_pays"),
        "fee_caps": caps,
        **cited,
    }


def _cap(ctx: Context, path, e: LineDict, fld: str) -> dict | None:
    item = ctx.check_choice(path, e.line_of("item"), f"{fld}.item", e.get("item"), ITEMS)
    rule = str(e.get("rule") or "")
    try:
        params = parse_params(rule, e.get("params"))
    except RuleError as exc:
        ctx.problem(
            path, e.line_of("params" if "params" in e else "rule"), f"{fld}.rule", "bad_value", str(exc)
        )
        return None
    basis = str(e.get("legal_basis") or "").strip()
    if not basis:
        ctx.problem(path, e.line, f"{fld}.legal_basis", "missing_field", "a cap names its legal basis")
    cited = _cited(ctx, path, e, fld)
    if not (item and basis and cited):
        return None
    return {
        "item": item,
        "rule": rule,
        "params": {k: str(v) if isinstance(v, Decimal) else v for k, v in params.items()},
        "legal_basis": basis,
        "note": _note(ctx, path, e, fld),
        **cited,
    }


def _amount(ctx: Context, path, e: LineDict, fld: str) -> dict | None:
    amount = decimal_field(ctx, path, e, "amount", MAX_AMOUNT)
    currency = str(e.get("currency") or "")
    if not re.fullmatch(r"[A-Z]{3}", currency):
        ctx.problem(path, e.line_of("currency"), f"{fld}.currency", "bad_value", "an ISO 4217 code")
        return None
    return None if amount is None else {"amount": str(amount), "currency": currency}


def _wage(ctx: Context, path, e: LineDict, fld: str) -> dict | None:
    money = _amount(ctx, path, e, fld)
    per = ctx.check_choice(path, e.line_of("per"), f"{fld}.per", e.get("per"), WAGE_UNITS)
    in_force = ctx.check_date(
        path, e.line_of("in_force"), f"{fld}.in_force", e.get("in_force"), partial=True, not_future=False
    )
    cited = _cited(ctx, path, e, fld)
    if not (money and per and in_force and cited):
        return None
    return {**money, "per": per, "in_force": in_force, "note": _note(ctx, path, e, fld), **cited}


def _benchmark(ctx: Context, path, e: LineDict, fld: str) -> dict | None:
    kind = ctx.check_choice(path, e.line_of("kind"), f"{fld}.kind", e.get("kind"), BENCHMARKS)
    label = ctx.check_text(path, e.line_of("label"), f"{fld}.label", e.get("label"))
    value = ctx.check_text(path, e.line_of("value"), f"{fld}.value", e.get("value"))
    cited = _cited(ctx, path, e, fld, as_of=True)
    if not (kind and label and value and cited):
        return None
    return {"kind": kind, "label": label, "value": value, "history": bool(e.get("history")), **cited}


def _presets(ctx: Context, path, d: LineDict) -> dict[str, dict]:
    raw = d.get("presets") or LineDict()
    out = {}
    for key, e in raw.items():
        fld = f"presets.{key}"
        if key not in PRESETS or not isinstance(e, LineDict):
            ctx.problem(path, raw.line_of(key), fld, "bad_value", f"a preset is one of {', '.join(PRESETS)}")
            continue
        money, cited = _amount(ctx, path, e, fld), _cited(ctx, path, e, fld, as_of=True)
        if money and cited:
            out[key] = {**money, "note": _note(ctx, path, e, fld), "weak": bool(e.get("weak")), **cited}
    return out


def _forbidden(ctx: Context, path, e: LineDict, fld: str) -> dict | None:
    text = ctx.check_text(path, e.line_of("text"), f"{fld}.text", e.get("text"))
    basis = str(e.get("legal_basis") or "").strip()
    if not basis:
        ctx.problem(path, e.line, f"{fld}.legal_basis", "missing_field", "name the legal basis")
    cited = _cited(ctx, path, e, fld)
    return {"text": text, "legal_basis": basis, **cited} if text and basis and cited else None


def _risk(ctx: Context, path, e: LineDict, fld: str) -> dict | None:
    text = ctx.check_text(path, e.line_of("text"), f"{fld}.text", e.get("text"))
    cited = _cited(ctx, path, e, fld, as_of=True)
    return {"text": text, **cited} if text and cited else None


def _contact(ctx: Context, path, e: LineDict, fld: str) -> dict | None:
    name = ctx.check_text(path, e.line_of("name"), f"{fld}.name", e.get("name"))
    phone = str(e.get("phone") or "").strip()
    if phone and not re.fullmatch(r"\+?[0-9 ().-]{3,25}", phone):
        ctx.problem(path, e.line_of("phone"), f"{fld}.phone", "bad_value", f"{phone!r} is not a phone number")
        phone = ""
    cited = _cited(ctx, path, e, fld, as_of=True)
    if not (name and cited):
        return None
    return {
        "name": name,
        "phone": phone,
        "address": str(e.get("address") or "").strip(),
        "note": _note(ctx, path, e, fld),
        **cited,
    }


def write(db, records: dict[str, dict]) -> None:
    db["destinations"].insert_all(
        (
            {
                "code": code,
                "position": i,
                "name": json.dumps(r["name"], ensure_ascii=False),
                "currency": r["currency"],
                "data": json.dumps(r, ensure_ascii=False),
            }
            for i, (code, r) in enumerate(sorted(records.items()))
        ),
        pk="code",
    )


def documents(records: dict[str, dict]):
    for code, r in records.items():
        for lang in ("vi", "en"):
            programmes = " ".join(f"{p['name'][lang]}. {p['who'][lang]}" for p in r["programmes"])
            yield {
                "id": f"destination:{code}:{lang}",
                "type": "destination",
                "lang": lang,
                "title": r["name"][lang],
                "body": f"{r['summary'][lang]} {programmes}",
                "path": f"destinations/{code}",
            }


KIND = Kind("destinations", load, write, documents)
