"""Content kind ``rates``: exchange rates to VND, loan-rate presets and what workers really paid to go (surveys),
each dated and cited (rates.yaml).

Exchange rates move fast (the yen moved 11.5 % in four months of 2025), so every rate carries the day it
was quoted and the page shows that date beside every converted amount. The records are
``{"exchange": {currency: money.Rate}, "loans": [preset dict], "paid": [survey figure dict]}``; destinations
check their currency here. ``paid`` is optional: without it the pages only leave out their "is this normal?"
lines.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

from ..build.kind import Context, Kind
from ..build.yamlio import LineDict, LineList, load_mapping
from .amounts import Rate

#: Highest plausible VND per unit (a Kuwaiti dinar is about 85,000) and monthly loan rate (30 %/month has
#: been reported for loan-shark apps); anything above is a typing slip.
MAX_VND_PER_UNIT = Decimal(1_000_000)
MAX_MONTHLY_RATE = Decimal(100)
MAX_PAID = Decimal(10**10)
CONFIDENCE = ("V", "I")


def load(ctx: Context) -> dict:
    path = ctx.root / "rates.yaml"
    records: dict = {"exchange": {}, "loans": [], "paid": []}
    if not path.exists():
        ctx.problem("rates.yaml", 0, "file", "missing_field", "rates.yaml is missing")
        return records
    data = load_mapping(ctx, path, "expected exchange: and loans: lists")
    if data is None:
        return records
    for entry in _entries(ctx, path, data, "exchange"):
        rate = _exchange(ctx, path, entry)
        if rate is None:
            continue
        if rate.currency in records["exchange"]:
            ctx.problem(path, entry.line, "currency", "duplicate_id", f"{rate.currency} is given twice")
            continue
        records["exchange"][rate.currency] = rate
    codes: set[str] = set()
    for entry in _entries(ctx, path, data, "loans"):
        loan = _loan(ctx, path, entry)
        if loan is None:
            continue
        if loan["code"] in codes:
            ctx.problem(
                path, entry.line, "code", "duplicate_id", f"loan preset {loan['code']!r} is given twice"
            )
            continue
        codes.add(loan["code"])
        records["loans"].append(loan)
    if data.get("paid") is not None:
        for entry in _entries(ctx, path, data, "paid"):
            paid = _paid(ctx, path, entry)
            if paid is not None:
                records["paid"].append(paid)
    return records


def _entries(ctx: Context, path, data: LineDict, key: str):
    items = data.get(key)
    if not isinstance(items, LineList) or not items:
        ctx.problem(path, data.line_of(key), key, "missing_field", f"{key} is a list of entries")
        return
    for i, entry in enumerate(items):
        if isinstance(entry, LineDict):
            yield entry
        else:
            ctx.problem(path, items.line_of(i), key, "bad_yaml", "each entry is a mapping")


def decimal_field(ctx: Context, path, entry: LineDict, fld: str, high: Decimal) -> Decimal | None:
    """A positive number no higher than ``high``, given as a YAML number (never a float's binary noise)."""
    value = entry.get(fld)
    line = entry.line_of(fld)
    if value is None or isinstance(value, bool):
        ctx.problem(path, line, fld, "missing_field", "a number is required")
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        ctx.problem(path, line, fld, "bad_value", f"{value!r} is not a number")
        return None
    if not number.is_finite() or number < 0 or number > high:
        ctx.problem(path, line, fld, "bad_value", f"{value} is not between 0 and {high}")
        return None
    return number


def _common(
    ctx: Context, path, entry: LineDict, *, undated: bool = False
) -> tuple[list[str], str | None, str | None]:
    """Source, check date and the figure's own date; ``undated`` lets a loan preset from a source that shows
    no date say so (an exchange rate always needs its day)."""
    source = ctx.check_sources(path, entry.line_of("source"), "source", entry.get("source"))
    verified = ctx.check_date(path, entry.line_of("verified_on"), "verified_on", entry.get("verified_on"))
    if undated and entry.get("as_of") == "undated":
        return source, verified, "undated"
    as_of = ctx.check_date(path, entry.line_of("as_of"), "as_of", entry.get("as_of"), partial=True)
    return source, verified, as_of


def _exchange(ctx: Context, path, entry: LineDict) -> Rate | None:
    currency = str(entry.get("currency") or "").strip()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        ctx.problem(path, entry.line_of("currency"), "currency", "bad_value", "an ISO 4217 code such as JPY")
        return None
    value = decimal_field(ctx, path, entry, "vnd_per_unit", MAX_VND_PER_UNIT)
    quote = ctx.check_text(path, entry.line_of("quote"), "quote", entry.get("quote"))
    source, verified, as_of = _common(ctx, path, entry)
    if value is None or value == 0 or not (source and verified and as_of and quote):
        return None
    return Rate(currency, value, as_of, tuple(source), verified, json.dumps(quote, ensure_ascii=False))


def _loan(ctx: Context, path, entry: LineDict) -> dict | None:
    code = str(entry.get("code") or "").strip()
    if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
        ctx.problem(path, entry.line_of("code"), "code", "bad_value", "a lower-case code such as vbsp")
        return None
    rate = decimal_field(ctx, path, entry, "monthly_rate_percent", MAX_MONTHLY_RATE)
    name = ctx.check_text(path, entry.line_of("name"), "name", entry.get("name"))
    note = ctx.check_text(path, entry.line_of("note"), "note", entry.get("note"))
    source, verified, as_of = _common(ctx, path, entry, undated=True)
    if rate is None or not (name and note and source and verified and as_of):
        return None
    return {
        "code": code,
        "name": name,
        "monthly_rate_percent": str(rate),
        "note": note,
        "as_of": as_of,
        "source": source,
        "verified_on": verified,
    }


def _paid(ctx: Context, path, entry: LineDict) -> dict | None:
    """One survey figure of what workers paid to go: for a destination code or ``all``."""
    where = str(entry.get("destination") or "").strip()
    if where != "all" and not re.fullmatch(r"[A-Z]{2}", where):
        ctx.problem(
            path, entry.line_of("destination"), "destination", "bad_value", "a destination code or all"
        )
        return None
    currency = str(entry.get("currency") or "").strip()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        ctx.problem(path, entry.line_of("currency"), "currency", "bad_value", "an ISO 4217 code such as JPY")
        return None
    amount = decimal_field(ctx, path, entry, "amount", MAX_PAID)
    high = decimal_field(ctx, path, entry, "amount_high", MAX_PAID) if "amount_high" in entry else None
    months = (
        decimal_field(ctx, path, entry, "months_of_wage", Decimal(120)) if "months_of_wage" in entry else None
    )
    who = ctx.check_text(path, entry.line_of("who"), "who", entry.get("who"))
    survey = ctx.check_text(path, entry.line_of("survey"), "survey", entry.get("survey"))
    confidence = ctx.check_choice(
        path, entry.line_of("confidence"), "confidence", entry.get("confidence"), CONFIDENCE
    )
    source, verified, as_of = _common(ctx, path, entry)
    if amount is None or not (who and survey and confidence and source and verified and as_of):
        return None
    return {
        "destination": where,
        "amount": str(amount),
        "amount_high": str(high) if high is not None else None,
        "currency": currency,
        "months_of_wage": str(months) if months is not None else None,
        "who": who,
        "survey": survey,
        "old": bool(entry.get("old")),
        "confidence": confidence,
        "as_of": as_of,
        "source": source,
        "verified_on": verified,
    }


def write(db, records: dict) -> None:
    db["exchange_rates"].insert_all(
        (
            {
                "currency": r.currency,
                "vnd_per_unit": str(r.vnd_per_unit),
                "as_of": r.as_of,
                "quote": r.quote,
                "source": json.dumps(list(r.source)),
                "verified_on": r.verified_on,
            }
            for r in records["exchange"].values()
        ),
        pk="currency",
    )
    db["loan_presets"].insert_all(
        (
            dict(
                loan,
                position=i,
                name=json.dumps(loan["name"], ensure_ascii=False),
                note=json.dumps(loan["note"], ensure_ascii=False),
                source=json.dumps(loan["source"]),
            )
            for i, loan in enumerate(records["loans"])
        ),
        pk="code",
    )
    db["paid_costs"].create({"position": int, "destination": str, "data": str}, pk="position")
    db["paid_costs"].insert_all(
        {"position": i, "destination": p["destination"], "data": json.dumps(p, ensure_ascii=False)}
        for i, p in enumerate(records.get("paid", []))
    )


KIND = Kind("rates", load, write)
