"""The debt and savings model: worked examples done by hand, and properties that hold for any inputs."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.money.calculator import Inputs, InputsError, calculate
from kiosk.money.chart import chart, nice_step


def inputs(**kw):
    base = dict(
        loan_amount=0,
        loan_monthly_rate_percent=Decimal(0),
        own_funds=0,
        deposit=0,
        months_before_first_salary=0,
        monthly_income=0,
        monthly_living_costs=0,
        monthly_sent_home=0,
        contract_months=12,
    )
    return Inputs(**{**base, **kw})


# 100 million at 1 %/month, one month to the first salary, 20 million spare a month (30 - 8 - 2).
# By hand: month 1 interest 1,000,000 (no salary); month 2 1,010,000, pay 20 M -> 82,010,000;
# month 3 820,100 -> 62,830,100; month 4 628,301 -> 43,458,401; month 5 434,584 -> 23,892,985;
# month 6 238,930 -> 4,131,915; month 7 41,319 -> 4,173,234, paid off, 15,826,766 saved;
# months 8-13 save 20 M each: 1 month of waiting, then 12 months of wages (DESIGN's b + c).
REPAID_MID_CONTRACT = dict(
    loan_amount=100_000_000,
    loan_monthly_rate_percent=Decimal(1),
    months_before_first_salary=1,
    monthly_income=30_000_000,
    monthly_living_costs=8_000_000,
    monthly_sent_home=2_000_000,
    contract_months=12,
)


def test_debt_repaid_mid_contract_matches_the_hand_calculation():
    r = calculate(inputs(**REPAID_MID_CONTRACT))
    assert r.months_to_repay == 7
    assert [row.balance for row in r.schedule[:7]] == [
        101_000_000,
        82_010_000,
        62_830_100,
        43_458_401,
        23_892_985,
        4_131_915,
        0,
    ]
    assert r.total_interest == 4_173_234
    assert r.debt_at_end == 0
    assert r.savings_at_end == 135_826_766
    assert r.net_result == 135_826_766
    assert r.warnings == ()
    assert len(r.schedule) == 13
    assert r.months_worked_to_repay == 6


def test_debt_never_repaid_when_spending_exceeds_income():
    # 50 M at 0.5 %/month; spare is -1 M a month from month 1, no savings to draw on, so it adds to the debt:
    # 50,250,000 -> 51,250,000; +256,250 -> 52,506,250; +262,531 -> 53,768,781.
    r = calculate(
        inputs(
            loan_amount=50_000_000,
            loan_monthly_rate_percent=Decimal("0.5"),
            monthly_income=10_000_000,
            monthly_living_costs=8_000_000,
            monthly_sent_home=3_000_000,
            contract_months=3,
        )
    )
    assert r.months_to_repay is None
    assert r.debt_at_end == 53_768_781
    assert r.total_interest == 768_781
    assert r.savings_at_end == 0
    assert r.net_result == -53_768_781
    assert r.warnings == ("never_repaid", "spending_above_income")


def test_early_return_after_k_months_of_work_stands_at_the_end_of_month_b_plus_k_without_the_deposit():
    r = calculate(
        inputs(**REPAID_MID_CONTRACT, deposit=12_000_000, own_funds=5_000_000, return_after_months=4)
    )
    # four wages (months 2-5) after one month of waiting: the end of month 5 of the hand calculation
    assert r.early_return.month == 5
    assert r.early_return.months_worked == 4
    assert r.early_return.debt == 23_892_985
    assert r.early_return.savings == 0
    assert r.early_return.total_interest == 3_892_985
    assert r.early_return.net_result == -5_000_000 - 23_892_985
    # the completed contract gets the deposit back
    assert r.savings_at_end == 135_826_766 + 12_000_000
    assert r.net_result == 135_826_766 + 12_000_000 - 5_000_000


def test_a_three_year_contract_is_36_wages_whatever_the_waiting():
    for wait in (0, 4, 9):
        r = calculate(inputs(months_before_first_salary=wait, monthly_income=1_000_000, contract_months=36))
        assert len(r.schedule) == wait + 36
        assert r.savings_at_end == 36_000_000
        assert r.at(36, 0).month == wait + 36


def test_no_loan_at_all_repays_in_month_zero_and_saves_every_salary_month():
    r = calculate(
        inputs(
            own_funds=50_000_000,
            months_before_first_salary=2,
            monthly_income=20_000_000,
            monthly_living_costs=6_000_000,
            monthly_sent_home=4_000_000,
        )
    )
    assert r.months_to_repay == 0
    assert r.months_worked_to_repay == 0
    assert r.total_interest == 0
    assert r.savings_at_end == 12 * 10_000_000
    assert r.net_result == 120_000_000 - 50_000_000


def test_a_shortfall_comes_out_of_savings_before_it_adds_to_debt():
    # saves 5 M in month 1, then income falls short by 2 M a month in a second contract-like run
    r = calculate(inputs(monthly_income=5_000_000, contract_months=1))
    assert r.savings_at_end == 5_000_000
    r = calculate(inputs(monthly_income=1_000_000, monthly_living_costs=4_000_000, contract_months=2))
    assert [(row.balance, row.savings) for row in r.schedule] == [(3_000_000, 0), (6_000_000, 0)]


def test_interest_on_unpaid_interest_compounds():
    r = calculate(inputs(loan_amount=1_000_000, loan_monthly_rate_percent=Decimal(10), contract_months=2))
    assert [row.interest for row in r.schedule] == [100_000, 110_000]


def test_each_month_interest_is_rounded_to_the_nearest_dong():
    r = calculate(inputs(loan_amount=333, loan_monthly_rate_percent=Decimal("0.15"), contract_months=1))
    assert r.schedule[0].interest == 0  # 0.4995 dong
    r = calculate(inputs(loan_amount=1_000, loan_monthly_rate_percent=Decimal("0.15"), contract_months=1))
    assert r.schedule[0].interest == 2  # 1.5 dong rounds up


@pytest.mark.parametrize(
    "monthly_rate, expected",
    [
        ("1.66", ()),  # 19.92 %/year, under the Civil Code cap
        ("1.67", ("rate_above_civil_cap",)),  # 20.04 %/year: Art. 468
        ("8.33", ("rate_above_civil_cap",)),  # 99.96 %/year: still under the usury line
        ("8.34", ("rate_above_civil_cap", "rate_usury")),  # 100.08 %/year: Penal Code Art. 201
        ("15", ("rate_above_civil_cap", "rate_usury")),  # 5,000 VND per million per day
    ],
)
def test_rate_warnings_follow_the_civil_cap_and_the_usury_line(monthly_rate, expected):
    r = calculate(
        inputs(
            loan_amount=10_000_000,
            loan_monthly_rate_percent=Decimal(monthly_rate),
            monthly_income=50_000_000,
            contract_months=12,
        )
    )
    assert r.warnings == expected


def test_no_rate_warning_without_a_loan():
    assert calculate(inputs(loan_monthly_rate_percent=Decimal(20))).warnings == ()


@pytest.mark.parametrize(
    "field, kw",
    [
        ("contract_months", {"contract_months": 0}),
        ("return_after_months", {"return_after_months": 13}),
        ("return_after_months", {"return_after_months": 0}),
    ],
)
def test_impossible_inputs_raise_a_named_error(field, kw):
    with pytest.raises(InputsError) as err:
        calculate(inputs(**kw))
    assert err.value.field == field


money = st.integers(min_value=0, max_value=10**10)
rates = st.decimals(min_value=0, max_value=30, places=3)
valid = st.builds(
    Inputs,
    loan_amount=money,
    loan_monthly_rate_percent=rates,
    own_funds=money,
    deposit=st.integers(0, 10**9),
    months_before_first_salary=st.integers(0, 12),
    monthly_income=st.integers(0, 10**8),
    monthly_living_costs=st.integers(0, 10**8),
    monthly_sent_home=st.integers(0, 10**8),
    contract_months=st.integers(1, 120),
)


@settings(max_examples=150, deadline=None)
@given(valid)
def test_money_is_conserved_month_by_month(inp):
    r = calculate(inp)
    spare = inp.monthly_income - inp.monthly_living_costs - inp.monthly_sent_home
    before = (0, inp.loan_amount)
    for row in r.schedule:
        paid = spare if row.month > inp.months_before_first_salary else 0
        assert row.balance >= 0 and row.savings >= 0
        assert (row.savings - row.balance) - (before[0] - before[1]) == paid - row.interest
        before = (row.savings, row.balance)
    assert len(r.schedule) == inp.months_before_first_salary + inp.contract_months


@settings(max_examples=150, deadline=None)
@given(valid, st.integers(1, 10**7))
def test_more_income_never_delays_repayment(inp, more):
    def when(i):
        m = calculate(i).months_to_repay
        return float("inf") if m is None else m

    richer = Inputs(**{**inp.__dict__, "monthly_income": inp.monthly_income + more})
    assert when(richer) <= when(inp)


def test_the_largest_allowed_inputs_still_give_an_exact_answer():
    r = calculate(
        inputs(
            loan_amount=10**12, loan_monthly_rate_percent=Decimal(100), contract_months=120, monthly_income=0
        )
    )
    assert r.debt_at_end == 10**12 * 2**120
    assert r.months_to_repay is None


def test_the_chart_has_a_point_per_month_inside_its_box():
    r = calculate(inputs(**REPAID_MID_CONTRACT))
    c = chart(r.schedule, width=120, height=60, start_debt=100_000_000)
    points = [tuple(map(float, p.split(","))) for p in c.debt.split()]
    assert len(points) == 14  # the loan at month 0, then months 1-13
    assert all(0 <= x <= 120 and 0 <= y <= 60 for x, y in points)
    assert points[-1][1] == 60  # no debt at the end: the line sits on the bottom edge
    assert c.top >= r.savings_at_end


def test_the_chart_axis_is_labelled_in_round_millions_and_marks_the_asked_months():
    r = calculate(inputs(**REPAID_MID_CONTRACT, return_after_months=3))
    c = chart(r.schedule, width=130, height=60, repaid_month=7, early_month=4, start_debt=100_000_000)
    # savings reach 135.8 million: the axis goes to 150 in steps of 50 million
    assert [t.value for t in c.y_ticks] == [0, 50, 100, 150]
    assert c.top == 150_000_000
    assert c.y_ticks[0].at == 60 and c.y_ticks[-1].at == 0
    assert [t.value for t in c.x_ticks] == [0, 2, 4, 6, 8, 10, 12]
    assert [(m.kind, m.month, m.x) for m in c.marks] == [("repaid", 7, 70.0), ("early_return", 4, 40.0)]
    # the early-return mark sits on the debt line where month 4 ends (43,458,401 of 150 million)
    assert c.marks[1].y == round(60 - 60 * 43_458_401 / 150_000_000, 1)


@pytest.mark.parametrize(
    "top, step",
    [(1, 1_000_000), (3_900_000, 1_000_000), (87_000_000, 50_000_000), (747_000_000, 200_000_000)],
)
def test_the_amount_axis_steps_are_round(top, step):
    assert nice_step(top) == step
