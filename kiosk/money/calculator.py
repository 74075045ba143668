"""The debt and savings projection, month by month, exactly as DESIGN's "Calculator" states it.

Time as a worker tells it: ``months_before_first_salary`` (b) months of waiting (training, papers, travel),
then ``contract_months`` (c) months of wages, so the projection runs b + c months; coming home "after k
months of work" is the end of month b + k.

From the month the loan is taken (month 1): interest is added to the debt (so unpaid interest compounds);
from the first salary month on, what is left of the wage after living costs and money sent home pays the
debt first and is saved after that; a shortfall comes out of savings, then adds to the debt. A completed
contract gives the deposit back. All amounts are VND integers; each month's interest is rounded to the
nearest dong with :func:`kiosk.money.percent_of`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .amounts import percent_of, yearly_percent

#: Civil Code 2015 Art. 468(1): a civil loan may not carry more than 20 % a year.
CIVIL_CAP_YEARLY_PERCENT = Decimal(20)
#: Penal Code 2015 Art. 201: five times the civil cap (100 % a year) can be usury, a crime when the lender also
#: makes an illegal profit of 30 million VND or more (the calculator cannot know that, so its warning says "can").
USURY_YEARLY_PERCENT = Decimal(100)

WARNINGS = ("rate_above_civil_cap", "rate_usury", "never_repaid", "spending_above_income")


@dataclass(frozen=True)
class Inputs:
    """What the worker knows. Amounts in VND; ``loan_monthly_rate_percent`` in percent per month."""

    loan_amount: int
    loan_monthly_rate_percent: Decimal
    own_funds: int
    deposit: int
    months_before_first_salary: int
    monthly_income: int
    monthly_living_costs: int
    monthly_sent_home: int
    contract_months: int
    return_after_months: int | None = None


@dataclass(frozen=True)
class MonthRow:
    """One month as it stands at its end."""

    month: int
    interest: int
    payment: int
    balance: int
    savings: int


@dataclass(frozen=True)
class Snapshot:
    """Where the worker stands on coming home after ``months_worked`` months of wages, that is at the end of
    ``month`` counted from the loan (no deposit back)."""

    month: int
    debt: int
    savings: int
    net_result: int
    total_interest: int
    months_worked: int


@dataclass(frozen=True)
class Result:
    months_to_repay: int | None
    total_interest: int
    debt_at_end: int
    savings_at_end: int
    net_result: int
    early_return: Snapshot | None
    schedule: tuple[MonthRow, ...]
    warnings: tuple[str, ...]
    months_before_first_salary: int = 0

    def at(self, worked: int, own_funds: int) -> Snapshot:
        """The position on coming home after ``worked`` months of wages (1..contract)."""
        month = self.months_before_first_salary + worked
        row = self.schedule[month - 1]
        interest = sum(r.interest for r in self.schedule[:month])
        return Snapshot(
            month, row.balance, row.savings, row.savings - own_funds - row.balance, interest, worked
        )

    @property
    def months_worked_to_repay(self) -> int | None:
        """Months of wages until the debt is paid (0 with no loan; None if not within the contract)."""
        if self.months_to_repay is None:
            return None
        return max(0, self.months_to_repay - self.months_before_first_salary)


class InputsError(Exception):
    """Inputs that make no projection (``field`` names which): a contract of no months, a return after it."""

    def __init__(self, field: str):
        self.field = field
        super().__init__(field)


def step(balance: int, savings: int, rate: Decimal, spare: int | None) -> tuple[int, int, int, int]:
    """One month: return (interest, payment, balance, savings). ``spare`` is None before the first salary."""
    interest = percent_of(balance, rate)
    balance += interest
    payment = 0
    if spare is not None:
        if spare >= 0:
            payment = min(spare, balance)
            balance -= payment
            savings += spare - payment
        else:
            from_savings = min(savings, -spare)
            savings -= from_savings
            balance += -spare - from_savings
    return interest, payment, balance, savings


def calculate(inp: Inputs) -> Result:
    """Run the projection over the waiting months and the whole contract and, if asked, an early return
    after k months of wages.

    :raise InputsError: ``contract_months`` below 1, or ``return_after_months`` outside 1..contract_months.
    """
    if inp.contract_months < 1:
        raise InputsError("contract_months")
    if inp.return_after_months is not None and not 1 <= inp.return_after_months <= inp.contract_months:
        raise InputsError("return_after_months")
    spare = inp.monthly_income - inp.monthly_living_costs - inp.monthly_sent_home
    balance, savings = inp.loan_amount, 0
    repaid_in = 0 if inp.loan_amount == 0 else None
    rows = []
    for month in range(1, inp.months_before_first_salary + inp.contract_months + 1):
        paid = month > inp.months_before_first_salary
        interest, payment, balance, savings = step(
            balance, savings, inp.loan_monthly_rate_percent, spare if paid else None
        )
        rows.append(MonthRow(month, interest, payment, balance, savings))
        if repaid_in is None and balance == 0:
            repaid_in = month
    savings_at_end = savings + inp.deposit
    result = Result(
        months_to_repay=repaid_in,
        total_interest=sum(r.interest for r in rows),
        debt_at_end=balance,
        savings_at_end=savings_at_end,
        net_result=savings_at_end - inp.own_funds - balance,
        early_return=None,
        schedule=tuple(rows),
        warnings=warnings(inp, balance),
        months_before_first_salary=inp.months_before_first_salary,
    )
    if inp.return_after_months is not None:
        result = replace(result, early_return=result.at(inp.return_after_months, inp.own_funds))
    return result


def warnings(inp: Inputs, debt_at_end: int) -> tuple[str, ...]:
    """What the worker should know about these inputs, as codes (see ``WARNINGS``)."""
    found = []
    yearly = yearly_percent(inp.loan_monthly_rate_percent)
    if inp.loan_amount > 0 and yearly > CIVIL_CAP_YEARLY_PERCENT:
        found.append("rate_above_civil_cap")
    if inp.loan_amount > 0 and yearly >= USURY_YEARLY_PERCENT:
        found.append("rate_usury")
    if debt_at_end > 0:
        found.append("never_repaid")
    if inp.monthly_living_costs + inp.monthly_sent_home > inp.monthly_income:
        found.append("spending_above_income")
    return tuple(found)
