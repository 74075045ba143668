"""A month-by-month chart of debt and savings as plain SVG coordinates, so it draws with JavaScript off.

Pure: takes the calculator's rows and returns what an SVG needs in a ``width`` × ``height`` plot box (y grows
downwards, so a larger amount is higher on the page): ``points`` strings for two ``<polyline>`` elements,
labelled ticks for both axes (amounts in millions of dong, months from the loan), and marks for the month
the debt is paid and the month of an early return. The lines differ by dash as well as colour, and each
mark carries its words, so the chart reads without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .calculator import MonthRow

MILLION = 1_000_000


@dataclass(frozen=True)
class Tick:
    at: float  # the coordinate along its axis
    value: int  # millions of dong on the amount axis, a month number on the time axis


@dataclass(frozen=True)
class Mark:
    """A month picked out on the chart: its x and the y of the amount the mark points at."""

    kind: str  # "repaid" or "early_return"
    month: int
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    top: int  # the amount (dong) at the top edge
    debt: str
    savings: str
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    months: int


def nice_step(top: int, parts: int = 4) -> int:
    """A round step (1, 2 or 5 × a power of ten, in dong, at least a million) so ``parts`` steps reach
    ``top``: axis labels a worker can read ("50", "100", "150" million)."""
    raw = Decimal(max(top, 1)) / parts
    power = MILLION
    while power * 10 <= raw:
        power *= 10
    for m in (1, 2, 5, 10):
        if power * m >= raw:
            return power * m
    return power * 10  # pragma: no cover - the loop always returns


def chart(
    rows: Sequence[MonthRow],
    width: int = 320,
    height: int = 160,
    repaid_month: int | None = None,
    early_month: int | None = None,
    start_debt: int | None = None,
) -> Chart:
    """Debt and savings over the months (``rows`` not empty) from ``start_debt`` (the loan) at month 0, with
    axes and the months to mark."""
    first = rows[0].balance if start_debt is None else start_debt
    highest = max([1, first, *(r.balance for r in rows), *(r.savings for r in rows)])
    step = nice_step(highest)
    top = step * -(-highest // step)
    x_step = width / max(1, len(rows))

    def y(value: int) -> float:
        return height - height * value / top

    def line(values: list[int], start: int) -> str:
        points = [(0.0, start), *((x_step * i, v) for i, v in enumerate(values, start=1))]
        return " ".join(f"{x:.1f},{y(v):.1f}" for x, v in points)

    y_ticks = tuple(Tick(round(y(v), 1), v // MILLION) for v in range(0, top + 1, step))
    every = next(n for n in (1, 2, 3, 6, 12, 24) if len(rows) / n <= 8)
    x_ticks = tuple(Tick(round(x_step * m, 1), m) for m in range(0, len(rows) + 1, every))
    marks = []
    if repaid_month:
        marks.append(Mark("repaid", repaid_month, round(x_step * repaid_month, 1), float(height)))
    if early_month:
        row = rows[early_month - 1]
        marks.append(
            Mark("early_return", early_month, round(x_step * early_month, 1), round(y(row.balance), 1))
        )
    return Chart(
        width,
        height,
        top,
        line([r.balance for r in rows], first),
        line([r.savings for r in rows], 0),
        y_ticks,
        x_ticks,
        tuple(marks),
        len(rows),
    )
