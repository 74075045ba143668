"""Is a typed wage believable for the destination? A guard against the commonest slip on the offer check: a
wage in yen typed with "đồng" chosen (180,000 đồng a month for Japan), or the reverse (33,000,000 "yen").

A cap of "one month of wage per 12 months" is only as right as the wage: a wage off by a factor of 185 turns a
150-million service fee green, or a legal fee red. So a wage below half the destination's minimum wage, or
above five times it, is not used silently: the page asks "did you mean …?" and the API adds the warning
``implausible_salary``. Pure: amounts in dong, the caller converts at the content's dated rates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

#: A full-time month in hours, to compare an hourly minimum wage with a monthly contract wage: 40 hours a
#: week (the legal week in Japan and Korea) × 52 weeks / 12 months. Only a yardstick for "far off": the band
#: below is wide enough that overtime or a shorter month does not matter.
HOURS_PER_MONTH = Decimal(40 * 52) / 12
LOW = Decimal("0.5")
HIGH = Decimal(5)

IMPLAUSIBLE = "implausible_salary"


@dataclass(frozen=True)
class Band:
    """The believable monthly wage, in dong, from the minimum wage the content knows."""

    minimum_monthly_vnd: int
    low: int
    high: int

    def holds(self, vnd: int) -> bool:
        return self.low <= vnd <= self.high

    def side(self, vnd: int) -> str:
        """``low``, ``high`` or ``ok``."""
        return "low" if vnd < self.low else "high" if vnd > self.high else "ok"


def monthly(amount: Decimal, per: str) -> Decimal:
    """A minimum wage per hour or per month, as a full-time month."""
    return amount * HOURS_PER_MONTH if per == "hour" else amount


def band(minimum_monthly_vnd: int) -> Band:
    """Half to five times the monthly minimum wage."""
    floor = Decimal(minimum_monthly_vnd)
    return Band(minimum_monthly_vnd, int(floor * LOW), int(floor * HIGH))


@dataclass(frozen=True)
class Suggestion:
    """The same figure read in another currency, which would be believable."""

    currency: str
    vnd: int


def suggestions(
    amount: Decimal,
    typed: str,
    candidates: Iterable[str],
    to_vnd: Callable[[Decimal, str], int | None],
    believable: Band,
) -> tuple[Suggestion, ...]:
    """Other currencies (``candidates``, in order, without ``typed``) in which ``amount`` would be believable.

    ``to_vnd`` converts at the content's rate and returns None when no rate is known.
    """
    out = []
    for currency in dict.fromkeys(candidates):
        if currency == typed:
            continue
        vnd = to_vnd(amount, currency)
        if vnd is not None and believable.holds(vnd):
            out.append(Suggestion(currency, vnd))
    return tuple(out)
