"""A month-by-month chart of debt and savings as plain SVG coordinates, so it draws with JavaScript off.

Pure: takes the calculator's rows and returns ``points`` strings for SVG ``<polyline>`` elements in a
``width`` × ``height`` box (y grows downwards, so a larger amount is higher on the page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .calculator import MonthRow


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    top: int
    debt: str
    savings: str


def chart(rows: Sequence[MonthRow], width: int = 320, height: int = 160) -> Chart:
    """Debt and savings lines over the months (``rows`` not empty); ``top`` is the amount at the top edge."""
    top = max([1, *(r.balance for r in rows), *(r.savings for r in rows)])
    step = width / max(1, len(rows))

    def line(values: list[int]) -> str:
        points = [(0.0, values[0]), *((step * i, v) for i, v in enumerate(values, start=1))]
        return " ".join(f"{x:.1f},{height - height * v / top:.1f}" for x, v in points)

    return Chart(
        width,
        height,
        top,
        line([r.balance for r in rows]),
        line([r.savings for r in rows]),
    )
