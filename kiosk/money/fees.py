"""Fee-cap rules as data, and the offer check that measures a quoted offer against them.

The law states its caps as formulas ("at most 1 month of contract salary per 12 months worked, at most 3
months in all for 36 months or more", Law 69/2020 Art. 23(4)), flat amounts (a deposit of at most
12,000,000 VND for Taiwan, Decree 112/2021 Appendix II) or bans (brokerage from the worker, Law 69/2020
Art. 7(8)). Content states each cap as a rule name with parameters; this module is the one place that turns
a rule into a number, so the destination pages and the offer check can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .amounts import floor_dong

ITEMS = ("service_fee", "brokerage_fee", "deposit", "training_fee", "other_fees")

#: Rule name → the parameters it needs (name → kind). ``none``: the law sets no ceiling; ``not_known``: no
#: source says what the ceiling is; ``one_economy_ticket``: the ceiling is the price of one economy ticket
#: home, which only the worker's own ticket can give (Decree 112/2021 Appendix II, "other countries").
RULES: dict[str, dict[str, str]] = {
    "months_of_salary_per_12_months": {
        "months_per_12": "decimal",
        "max_months": "decimal?",
        "max_from": "int?",
    },
    "fixed_amount": {"amount_vnd": "int"},
    "forbidden": {},
    "none": {},
    "not_known": {},
    "one_economy_ticket": {},
}

VERDICTS = ("within_caps", "over_cap", "illegal_item")

#: The contract length from which the "at most N months in all" ceiling applies (Law 69/2020 Art. 23(4)(a)).
DEFAULT_MAX_FROM = 36


class RuleError(Exception):
    """A fee-cap rule or its parameters are not valid (reported by the content build, never at run time)."""


@dataclass(frozen=True)
class FeeCap:
    """One legal ceiling on one item a worker may be charged, for one programme."""

    item: str
    rule: str
    params: Mapping[str, Decimal | int] = field(default_factory=dict)
    legal_basis: str = ""
    source: tuple[str, ...] = ()
    verified_on: str = ""


@dataclass(frozen=True)
class Offer:
    """What an agency asked for. Amounts in VND (integers); ``monthly_salary`` is the contract wage in VND."""

    contract_months: int
    monthly_salary: int
    amounts: Mapping[str, int]


@dataclass(frozen=True)
class ItemResult:
    item: str
    amount: int
    cap: int | None
    over_by: int
    rule: str
    illegal: bool
    cap_rule: FeeCap | None


@dataclass(frozen=True)
class OfferResult:
    """The verdict, item by item, and the total as months of the wage abroad (SDG indicator 10.7.1)."""

    verdict: str
    items: tuple[ItemResult, ...]
    total: int
    months_of_wage: Decimal | None
    share_of_year_income_percent: Decimal | None
    advice: tuple[str, ...]


def parse_params(rule: str, raw: Mapping | None) -> dict[str, Decimal | int]:
    """Check a rule's parameters as content gives them and return them typed.

    :raise RuleError: unknown rule, missing, unknown or out-of-range parameter.
    """
    if rule not in RULES:
        raise RuleError(f"unknown rule {rule!r}; one of {', '.join(RULES)}")
    raw = dict(raw or {})
    spec = RULES[rule]
    extra = sorted(set(raw) - set(spec))
    if extra:
        raise RuleError(f"rule {rule} takes no parameter {extra[0]!r}")
    out: dict[str, Decimal | int] = {}
    for name, kind in spec.items():
        optional = kind.endswith("?")
        value = raw.get(name)
        if value is None:
            if optional:
                continue
            raise RuleError(f"rule {rule} needs the parameter {name}")
        out[name] = _number(rule, name, value, kind.rstrip("?"))
    return out


def _number(rule: str, name: str, value, kind: str) -> Decimal | int:
    if isinstance(value, bool):
        raise RuleError(f"{rule}.{name} must be a number")
    if kind == "int":
        if not isinstance(value, int) or value < 0:
            raise RuleError(f"{rule}.{name} must be a whole number >= 0")
        return value
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise RuleError(f"{rule}.{name} must be a number") from None
    if not number.is_finite() or number < 0 or number > 120:
        raise RuleError(f"{rule}.{name} must be between 0 and 120")
    return number


def cap_amount(cap: FeeCap, monthly_salary: int, contract_months: int) -> int | None:
    """The ceiling in VND for this contract, or None where the law sets none or it is not known.

    A month-based ceiling is pro rata to the months worked and rounded down to the dong, so a figure shown
    as "the cap" is never above what the law allows.
    """
    if cap.rule == "forbidden":
        return 0
    if cap.rule == "fixed_amount":
        return int(cap.params["amount_vnd"])
    if cap.rule == "months_of_salary_per_12_months":
        return floor_dong(Decimal(monthly_salary) * cap_months(cap, contract_months))
    return None


def cap_months(cap: FeeCap, contract_months: int) -> Decimal:
    """A month-based ceiling as months of contract salary, for this contract length."""
    months = Decimal(cap.params["months_per_12"]) * contract_months / 12
    limit = cap.params.get("max_months")
    if limit is not None and contract_months >= int(cap.params.get("max_from", DEFAULT_MAX_FROM)):
        months = min(months, Decimal(limit))
    return months


def check_item(item: str, amount: int, cap: FeeCap | None, offer: Offer) -> ItemResult:
    """One quoted amount against its ceiling (an item with no cap in content is ``not_known``)."""
    if cap is None:
        return ItemResult(item, amount, None, 0, "not_known", False, None)
    limit = cap_amount(cap, offer.monthly_salary, offer.contract_months)
    over_by = max(0, amount - limit) if limit is not None else 0
    illegal = cap.rule == "forbidden" and amount > 0
    return ItemResult(item, amount, limit, over_by, cap.rule, illegal, cap)


def check_offer(caps: Iterable[FeeCap], offer: Offer) -> OfferResult:
    """Check every item of ``offer`` against the programme's ``caps``; one result per item, in ITEMS order."""
    by_item = {c.item: c for c in caps}
    items = tuple(check_item(i, int(offer.amounts.get(i, 0)), by_item.get(i), offer) for i in ITEMS)
    if any(r.illegal for r in items):
        verdict = "illegal_item"
    elif any(r.over_by > 0 for r in items):
        verdict = "over_cap"
    else:
        verdict = "within_caps"
    total = sum(r.amount for r in items if r.item != "deposit")
    months = share = None
    if offer.monthly_salary > 0:
        months = (Decimal(total) / offer.monthly_salary).quantize(Decimal("0.1"))
        share = (Decimal(total) * 100 / (offer.monthly_salary * 12)).quantize(Decimal("0.1"))
    return OfferResult(verdict, items, total, months, share, advice(verdict, offer))


def advice(verdict: str, offer: Offer) -> tuple[str, ...]:
    """What to do next, as codes the page words: the strongest step first."""
    steps = {
        "illegal_item": ("refuse_illegal_item", "report_to_authority", "call_hotline"),
        "over_cap": ("refuse_amount_over_cap", "call_hotline"),
        "within_caps": (),
    }[verdict]
    common = ["pay_after_contract_signed", "ask_for_receipt", "never_pay_personal_account"]
    if offer.amounts.get("deposit", 0) > 0:
        common.append("deposit_in_blocked_account_in_your_name")
    return steps + tuple(common)
