"""The web side of money: destinations and rates read from the installed content, the API's JSON shapes,
the rules and codes of the pure modules put into words, and the parsing of offer and calculator inputs
shared by the API and the POSTed pages (so both refuse the same things with the same messages).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..text import inputs
from ..text.inputs import InputError
from ..web.db import get_db, per_version
from ..web.errors import input_message
from ..web.formatting import show_decimal
from ..web.i18n import pick
from . import capwords, wages
from .amounts import VND, Rate, UnknownCurrencyError, to_vnd
from .calculator import Inputs, InputsError
from .fees import ITEMS, FeeCap, Offer, OfferResult, check_offer

MAX_AMOUNT = 10**12
MAX_MONTHS = 120

ITEM_LABELS = {
    "service_fee": _l("Service fee"),
    "brokerage_fee": _l("Brokerage fee"),
    "deposit": _l("Deposit"),
    "training_fee": _l("Training and other preparation"),
    "other_fees": _l("Other fees"),
}
VERDICT_TEXTS = {
    "within_caps": _l("Within the legal caps"),
    "over_cap": _l("Over the legal cap"),
    "illegal_item": _l("Asks for money the law forbids"),
}
ADVICE_TEXTS = {
    "refuse_illegal_item": _l("Do not pay the forbidden item. Nobody may charge it to you."),
    "report_to_authority": _l(
        "Report it to the Department of Overseas Labour (DOLAB) or your province's Department of Home Affairs."
    ),
    "call_hotline": _l("Call a hotline for advice before you pay anything."),
    "refuse_amount_over_cap": _l(
        "Do not pay more than the cap. Ask the agency to lower the amount in writing."
    ),
    "pay_after_contract_signed": _l("Pay the service fee only after you have signed your contract."),
    "ask_for_receipt": _l("Ask for a receipt for every payment."),  # the page adds content's checklist
    "never_pay_personal_account": _l("Never pay into a personal account; pay only the licensed agency."),
    "deposit_in_blocked_account_in_your_name": _l(
        "A deposit goes only into a blocked bank account in your own name, and you get it back with interest."
    ),
}
WARNING_TEXTS = {
    "rate_above_civil_cap": _l(
        "This rate is above 20 percent a year, the most a civil loan may charge (Civil Code Art. 468). "
        "Interest above the cap does not have to be paid."
    ),
    "rate_usury": _l(
        "This rate is 100 percent a year or more: it can be the crime of usury when the lender's illegal profit "
        "(interest taken above what the law allows) is 30 million VND or more (Penal Code Art. 201). You can report "
        "it to the police."
    ),
    "never_repaid": _l("With these figures the debt is not repaid by the end of the contract."),
    "spending_above_income": _l("Your monthly spending and money sent home are more than your income."),
}
#: A currency's name beside the wage field, and its word after an amount ("180.000 yên").
CURRENCY_NAMES = {
    "VND": _l("Vietnamese dong (VND)"),
    "JPY": _l("Japanese yen (JPY)"),
    "KRW": _l("Korean won (KRW)"),
    "TWD": _l("Taiwan dollar (TWD)"),
    "MYR": _l("Malaysian ringgit (MYR)"),
    "USD": _l("US dollar (USD)"),
    "EUR": _l("euro (EUR)"),
    "SAR": _l("Saudi riyal (SAR)"),
}
CURRENCY_UNITS = {
    "VND": _l("VND"),
    "JPY": _l("yen"),
    "KRW": _l("won"),
    "TWD": _l("Taiwan dollars"),
    "MYR": _l("ringgit"),
    "USD": _l("US dollars"),
    "EUR": _l("euros"),
    "SAR": _l("riyals"),
}
VERDICT_CLASSES = {"within_caps": "verdict-ok", "over_cap": "verdict-warn", "illegal_item": "verdict-bad"}
CHOICE_MESSAGES = {
    "unknown_destination": _l("There is no information on that destination."),
    "unknown_programme": _l("That destination has no such programme."),
}


@dataclass(frozen=True)
class Words:
    """The money codes in words and the verdict's colour, for the templates (which get data, not modules)."""

    item: dict
    verdict: dict
    verdict_class: dict
    advice: dict
    warning: dict


WORDS = Words(ITEM_LABELS, VERDICT_TEXTS, VERDICT_CLASSES, ADVICE_TEXTS, WARNING_TEXTS)


class UnknownChoice(Exception):
    """The content has no such destination or programme: the page shows ``message`` beside ``field``, the
    API answers 400 with ``code``."""

    def __init__(self, code: str, field: str):
        super().__init__(code)
        self.code, self.field = code, field

    @property
    def message(self) -> str:
        return str(CHOICE_MESSAGES[self.code])


#: What a form can get wrong: a field (InputError), a code the content lacks, figures no plan can follow.
FORM_ERRORS = (InputError, UnknownChoice, InputsError)


def form_error(exc: InputError | UnknownChoice | InputsError) -> tuple[str, str]:
    """(field, message) to show beside the field, in the page's language."""
    if isinstance(exc, InputError):
        return exc.field, input_message(exc)
    if isinstance(exc, InputsError):
        return exc.field, _("These figures cannot be calculated.")
    return exc.field, exc.message


@dataclass(frozen=True)
class OfferCheck:
    """A quoted offer read and checked: what the page, the counsellor's session and the API all show."""

    dest: dict
    programme: dict
    offer: Offer
    rate: Rate | None
    checked: OfferResult
    caps: dict[str, dict]  # the programme's cap records by item
    wage: TypedWage | None = None


@dataclass(frozen=True)
class TypedWage:
    """The wage as typed, and whether it is believable for the destination (``wages``)."""

    amount: Decimal
    currency: str
    minimum: dict | None  # the content's minimum-wage record the band comes from
    band: wages.Band | None
    side: str  # "low", "high" or "ok" ("ok" too when the content knows no minimum wage)
    suggestions: tuple[wages.Suggestion, ...]

    @property
    def warnings(self) -> tuple[str, ...]:
        return (wages.IMPLAUSIBLE,) if self.side != "ok" else ()


@dataclass(frozen=True)
class _Loaded:
    destinations: dict[str, dict]
    rates: dict[str, Rate]
    loans: list[dict]
    paid: list[dict]


@per_version
def _loaded() -> _Loaded:
    """Destinations, exchange rates and loan presets of the installed content version."""
    db = get_db()
    return _Loaded(
        {
            r["code"]: json.loads(r["data"])
            for r in db.execute("select * from destinations order by position")
        },
        {
            r["currency"]: Rate(
                r["currency"],
                Decimal(r["vnd_per_unit"]),
                r["as_of"],
                tuple(json.loads(r["source"])),
                r["verified_on"],
                r["quote"],
            )
            for r in db.execute("select * from exchange_rates")
        },
        [
            dict(r, source=json.loads(r["source"]))
            for r in db.execute("select * from loan_presets order by position")
        ],
        [json.loads(r["data"]) for r in db.execute("select data from paid_costs order by position")],
    )


def destinations() -> dict[str, dict]:
    """Every destination's record by code, in code order."""
    return _loaded().destinations


def rates() -> dict[str, Rate]:
    """The content's dated exchange rates by currency."""
    return _loaded().rates


def loan_presets() -> list[dict]:
    """The calculator's loan presets, cheapest first."""
    return _loaded().loans


def paid_figures(code: str | None) -> list[dict]:
    """What workers really paid to go (surveys): the figure for all destinations, then those for ``code``.
    Each figure is given with its dong value at the content's dated rate (``vnd``, ``vnd_high``, ``rate``)."""
    out = []
    for p in _loaded().paid:
        if p["destination"] not in ("all", code):
            continue
        vnd = _at_content_rate(Decimal(p["amount"]), p["currency"])
        high = _at_content_rate(Decimal(p["amount_high"]), p["currency"]) if p["amount_high"] else None
        out.append(dict(p, vnd=vnd, vnd_high=high, rate=rates().get(p["currency"])))
    return out


def fee_cap(record: dict) -> FeeCap:
    params = {k: Decimal(v) if isinstance(v, str) else v for k, v in record["params"].items()}
    return FeeCap(
        record["item"],
        record["rule"],
        params,
        record["legal_basis"],
        tuple(record["source"]),
        record["verified_on"],
    )


def cap_words(record: dict) -> str:
    """A cap's rule in plain words, in the current language."""
    return capwords.cap_words(record["rule"], record["params"], _, show_decimal)


def cap_json(record: dict) -> dict:
    params = {k: float(v) if isinstance(v, str) else v for k, v in record["params"].items()}
    return {
        "item": record["item"],
        "rule": record["rule"],
        "params": params,
        "text": cap_words(record),
        "note": pick(record.get("note")) or None,
        "legal_basis": record["legal_basis"],
        "source": record["source"],
        "verified_on": record["verified_on"],
    }


def programme_json(p: dict) -> dict:
    return {
        "code": p["code"],
        "name": pick(p["name"]),
        "who": pick(p["who"]),
        "note": pick(p.get("note")) or None,
        "foreign_side_pays": pick(p.get("foreign_side_pays")) or None,
        "fee_caps": [cap_json(c) for c in p["fee_caps"]],
        "source": p["source"],
        "verified_on": p["verified_on"],
    }


def _dated(entry: dict, **texts) -> dict:
    out = {k: v for k, v in entry.items() if k not in ("label", "value", "text", "name", "note")}
    return dict(out, **{k: pick(entry.get(v)) or None for k, v in texts.items()})


def destination_json(d: dict) -> dict:
    """DESIGN's destination shape, texts in the current language, every figure with source and date."""
    rate = rates().get(d["currency"])
    sources = sorted(
        {s for p in d["programmes"] for c in p["fee_caps"] for s in c["source"]}
        | {s for key in ("minimum_wage", "benchmarks", "contacts") for e in d[key] for s in e["source"]}
    )
    return {
        "code": d["code"],
        "name": pick(d["name"]),
        "summary": pick(d["summary"]),
        "currency": d["currency"],
        "exchange_rate": rate_json(rate),
        "programmes": [programme_json(p) for p in d["programmes"]],
        "minimum_wage": [_dated(w, note="note") for w in d["minimum_wage"]],
        "benchmarks": [_dated(b, label="label", value="value") for b in d["benchmarks"]],
        "forbidden": [_dated(f, text="text") for f in d["forbidden"]],
        "risks": [_dated(r, text="text") for r in d["risks"]],
        "contacts": [_dated(c, name="name", note="note") for c in d["contacts"]],
        "presets": {k: _dated(v, note="note") for k, v in d["presets"].items()},
        "not_known": [pick(t) for t in d["not_known"]],
        "sources": sources,
    }


def rate_json(rate: Rate | None) -> dict | None:
    if rate is None:
        return None
    return {
        "currency": rate.currency,
        "vnd_per_unit": float(rate.vnd_per_unit),
        "as_of": rate.as_of,
        "quote": pick(rate.quote),
        "source": list(rate.source),
        "verified_on": rate.verified_on,
    }


def find_destination(data: dict) -> tuple[dict, dict]:
    """The destination and programme named in ``data``.

    :raise InputError: a field missing or not text. :raise UnknownChoice: an unknown code.
    """
    code = inputs.text(data, "destination", max_length=10, required=True).strip().upper()
    found = destinations().get(code)
    if found is None:
        raise UnknownChoice("unknown_destination", "destination")
    pcode = inputs.text(data, "programme", max_length=60, required=True).strip()
    programme = next((p for p in found["programmes"] if p["code"] == pcode), None)
    if programme is None:
        raise UnknownChoice("unknown_programme", "programme")
    return found, programme


def _currency(data: dict, allowed) -> tuple[str, Rate | None]:
    """The currency of the amounts abroad and its rate: the one the person gave, else the content's."""
    currency = inputs.choice(data, "currency", (VND, *allowed), required=False, default=VND)
    if currency == VND:
        return VND, None
    given = inputs.number(data, "exchange_rate", minimum=Decimal("0.0001"), maximum=10**6, required=False)
    rate = rates().get(currency)
    if given is not None:
        rate = Rate(
            currency, given, "", (), "", json.dumps({"vi": "tỷ giá bạn nhập", "en": "the rate you entered"})
        )
    if rate is None:
        raise InputError("currency", "not_allowed", allowed=(VND,))
    return currency, rate


def _vnd(amount: Decimal, currency: str, rate: Rate | None, fld: str) -> int:
    try:
        value = to_vnd(amount, currency, {currency: rate} if rate else {})
    except UnknownCurrencyError:
        raise InputError("currency", "not_allowed") from None
    if value > MAX_AMOUNT:
        raise InputError(fld, "too_large", maximum=MAX_AMOUNT)
    return value


def parse_offer(data: dict) -> tuple[dict, dict, Offer, Rate | None, TypedWage]:
    """An offer from JSON or a form: amounts in VND, the salary in VND or the destination's currency."""
    dest, programme = find_destination(data)
    months = inputs.number(data, "contract_months", minimum=1, maximum=MAX_MONTHS, whole=True)
    currency, rate = _currency(data, tuple(rates()))
    salary = inputs.number(data, "monthly_salary", minimum=0, maximum=MAX_AMOUNT)
    amounts = {
        i: inputs.number(data, i, maximum=MAX_AMOUNT, required=False, default=0, whole=True) for i in ITEMS
    }
    offer = Offer(months, _vnd(salary, currency, rate, "monthly_salary"), amounts)
    return dest, programme, offer, rate, typed_wage(dest, salary, currency, offer.monthly_salary)


def _at_content_rate(amount: Decimal, currency: str) -> int | None:
    try:
        return to_vnd(amount, currency, rates())
    except UnknownCurrencyError:
        return None


def wage_band(dest: dict) -> tuple[dict | None, wages.Band | None]:
    """The destination's first minimum wage the content can convert, and the believable band from it."""
    for record in dest["minimum_wage"]:
        vnd = _at_content_rate(wages.monthly(Decimal(record["amount"]), record["per"]), record["currency"])
        if vnd:
            return record, wages.band(vnd)
    return None, None


def typed_wage(dest: dict, amount: Decimal, currency: str, vnd: int) -> TypedWage:
    """The wage as typed, checked against the destination's minimum wage (no check where none is known)."""
    minimum, band = wage_band(dest)
    if band is None or band.holds(vnd):
        return TypedWage(amount, currency, minimum, band, "ok", ())
    candidates = (VND, dest["currency"], minimum["currency"], "USD")
    found = wages.suggestions(amount, currency, candidates, _at_content_rate, band)
    return TypedWage(amount, currency, minimum, band, band.side(vnd), found)


def check(data: dict) -> OfferCheck:
    """Read an offer (JSON or a form) and check it against its programme's caps.

    :raise InputError: a field is missing or out of range. :raise UnknownChoice: an unknown code.
    """
    dest, programme, offer, rate, wage = parse_offer(data)
    checked = check_offer([fee_cap(c) for c in programme["fee_caps"]], offer)
    caps = {c["item"]: c for c in programme["fee_caps"]}
    return OfferCheck(dest, programme, offer, rate, checked, caps, wage)


def with_loan_preset(data: dict) -> tuple[dict, dict | None]:
    """The loan preset the form names, and the form with the preset's monthly rate filled in when the
    person typed none (a typed rate always wins)."""
    preset = next((p for p in loan_presets() if p["code"] == data.get("loan_preset")), None)
    if preset and not str(data.get("loan_monthly_rate_percent", "")).strip():
        data = dict(data, loan_monthly_rate_percent=preset["monthly_rate_percent"])
    return data, preset


MONTHLY_ABROAD = ("monthly_income", "monthly_living_costs", "monthly_sent_home")


def parse_calculation(data: dict) -> tuple[Inputs, Rate | None]:
    """Calculator inputs; the monthly figures may be in a foreign currency with ``currency``."""
    whole = {
        f: inputs.number(data, f, maximum=MAX_AMOUNT, whole=True, required=f == "loan_amount", default=0)
        for f in ("loan_amount", "own_funds", "deposit")
    }
    rate_pct = inputs.number(
        data, "loan_monthly_rate_percent", maximum=100, required=whole["loan_amount"] > 0, default=Decimal(0)
    )
    months = inputs.number(data, "contract_months", minimum=1, maximum=MAX_MONTHS, whole=True)
    before = inputs.number(
        data, "months_before_first_salary", maximum=24, whole=True, required=False, default=0
    )
    back = inputs.number(data, "return_after_months", minimum=1, maximum=months, whole=True, required=False)
    currency, rate = _currency(data, tuple(rates()))
    monthly = {
        f: _vnd(
            inputs.number(data, f, maximum=MAX_AMOUNT, required=f == "monthly_income", default=Decimal(0)),
            currency,
            rate,
            f,
        )
        for f in MONTHLY_ABROAD
    }
    return Inputs(
        loan_monthly_rate_percent=rate_pct,
        contract_months=months,
        months_before_first_salary=before,
        return_after_months=back,
        **whole,
        **monthly,
    ), rate
