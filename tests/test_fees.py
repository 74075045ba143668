"""Every fee-cap rule against the figures in the facts (vietnam.md §1: Law 69/2020 Art. 23, Circular
02/2024 Appendix XI, Decree 112/2021 Appendix II), and the offer check's verdicts."""

from decimal import Decimal

import pytest

from kiosk.money.fees import FeeCap, Offer, RuleError, cap_amount, check_offer, parse_params

SALARY = 20_000_000


def months_rule(per_12, max_months=None):
    params = {"months_per_12": per_12} | ({"max_months": max_months} if max_months is not None else {})
    return FeeCap(
        "service_fee",
        "months_of_salary_per_12_months",
        parse_params("months_of_salary_per_12_months", params),
    )


@pytest.mark.parametrize(
    "rule, per_12, max_months, contract_months, cap_in_months",
    [
        # Law 69/2020 Art. 23(4)(a): 1 month per 12 months, at most 3 months for 36 months or more
        ("general", 1, 3, 12, "1"),
        ("general", 1, 3, 24, "2"),
        ("general", 1, 3, 6, "0.5"),
        ("general", 1, 3, 36, "3"),
        ("general", 1, 3, 60, "3"),
        # same article: officers and crew of sea transport ships, 1.5 months per 12 months
        ("transport ships", 1.5, 3, 24, "3"),
        ("transport ships", 1.5, 3, 48, "3"),
        # Circular 02/2024 Appendix XI: Japan high-skill, Taiwan nurses, Korea coastal fishing
        ("0.7 of a month", 0.7, 2, 12, "0.7"),
        ("0.7 of a month", 0.7, 2, 24, "1.4"),
        ("0.7 of a month", 0.7, 2, 36, "2"),
        # same appendix: Taiwan home caregivers, domestic helpers, agriculture, coastal fishing
        ("0.4 of a month", 0.4, 1, 12, "0.4"),
        ("0.4 of a month", 0.4, 1, 24, "0.8"),
        ("0.4 of a month", 0.4, 1, 36, "1"),
    ],
)
def test_month_based_caps_follow_the_law(rule, per_12, max_months, contract_months, cap_in_months):
    cap = months_rule(per_12, max_months)
    assert cap_amount(cap, SALARY, contract_months) == int(SALARY * Decimal(cap_in_months))


def test_a_month_based_cap_is_rounded_down_to_the_dong():
    assert cap_amount(months_rule(0.7), 1_000_001, 12) == 700_000


@pytest.mark.parametrize(
    "amount_vnd, basis",
    [
        (12_000_000, "Taiwan deposit, Decree 112/2021 Appendix II"),
        (36_000_000, "Korea deposit, same appendix"),
        (0, "Japan TITP No. 3 service fee, Circular 02/2024 Appendix XI"),
    ],
)
def test_fixed_amount_caps_do_not_depend_on_salary_or_length(amount_vnd, basis):
    cap = FeeCap("deposit", "fixed_amount", parse_params("fixed_amount", {"amount_vnd": amount_vnd}))
    assert cap_amount(cap, SALARY, 12) == cap_amount(cap, 5 * SALARY, 60) == amount_vnd


@pytest.mark.parametrize(
    "rule, expected", [("forbidden", 0), ("none", None), ("not_known", None), ("one_economy_ticket", None)]
)
def test_rules_without_a_number(rule, expected):
    assert cap_amount(FeeCap("deposit", rule, {}), SALARY, 36) == expected


@pytest.mark.parametrize(
    "rule, params",
    [
        ("months_of_salary", {}),
        ("months_of_salary_per_12_months", {}),
        ("months_of_salary_per_12_months", {"months_per_12": -1}),
        ("months_of_salary_per_12_months", {"months_per_12": "many"}),
        ("months_of_salary_per_12_months", {"months_per_12": True}),
        ("months_of_salary_per_12_months", {"months_per_12": 1, "per_year": 2}),
        ("fixed_amount", {"amount_vnd": 1.5}),
        ("forbidden", {"amount_vnd": 0}),
    ],
)
def test_bad_rules_are_refused_with_a_named_error(rule, params):
    with pytest.raises(RuleError):
        parse_params(rule, params)


JAPAN_TITP = [
    months_rule(1, 3),
    FeeCap("brokerage_fee", "forbidden"),
    FeeCap("deposit", "forbidden"),
]


def offer(**amounts):
    return Offer(contract_months=36, monthly_salary=SALARY, amounts=amounts)


def test_an_offer_within_every_cap_passes():
    result = check_offer(JAPAN_TITP, offer(service_fee=60_000_000, training_fee=10_000_000))
    assert result.verdict == "within_caps"
    assert [i.item for i in result.items] == [
        "service_fee",
        "brokerage_fee",
        "deposit",
        "training_fee",
        "other_fees",
    ]
    service = result.items[0]
    assert (service.cap, service.over_by) == (60_000_000, 0)
    assert result.items[3].rule == "not_known" and result.items[3].cap is None


def test_a_fee_one_thousand_dong_over_the_cap_is_flagged():
    result = check_offer(JAPAN_TITP, offer(service_fee=60_001_000))
    assert result.verdict == "over_cap"
    assert result.items[0].over_by == 1_000
    assert "refuse_amount_over_cap" in result.advice


def test_a_forbidden_charge_is_an_illegal_item_even_when_another_is_over_its_cap():
    result = check_offer(JAPAN_TITP, offer(service_fee=90_000_000, brokerage_fee=1))
    assert result.verdict == "illegal_item"
    assert result.items[1].illegal and result.items[1].over_by == 1
    assert result.advice[0] == "refuse_illegal_item"


def test_cost_is_shown_as_months_of_the_wage_abroad_without_the_refundable_deposit():
    caps = [months_rule(1, 3), FeeCap("deposit", "fixed_amount", {"amount_vnd": 12_000_000})]
    result = check_offer(caps, offer(service_fee=40_000_000, deposit=12_000_000, other_fees=20_000_000))
    assert result.total == 60_000_000
    assert result.months_of_wage == Decimal("3.0")
    assert result.share_of_year_income_percent == Decimal("25.0")
    assert "deposit_in_blocked_account_in_your_name" in result.advice


def test_no_salary_gives_no_months_of_wage():
    result = check_offer(JAPAN_TITP, Offer(contract_months=12, monthly_salary=0, amounts={"service_fee": 1}))
    assert result.months_of_wage is None
    assert result.verdict == "over_cap"
