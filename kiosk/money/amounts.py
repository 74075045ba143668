"""Money: dong as integers, rates as ``Decimal``, one rounding rule, conversion at a dated rate.

Floats never touch an amount: a float cannot hold 0.7 % exactly, and a worker comparing two printouts must
see the same dong. Every amount in VND is an ``int``; every rate (an interest rate in percent per month, an
exchange rate in VND per unit) is a ``Decimal``; the one place a fraction becomes dong is :func:`round_dong`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, localcontext

VND = "VND"

#: Enough digits for any balance the calculator can reach (10^12 dong doubling monthly for 120 months is
#: about 10^48); the default 28 would make rounding fail on such a balance instead of answering.
_EXACT = Context(prec=120)


class UnknownCurrencyError(Exception):
    """No dated exchange rate is known for this currency."""


@dataclass(frozen=True)
class Rate:
    """An exchange rate: ``vnd_per_unit`` dong for one unit of ``currency``, as quoted on ``as_of``."""

    currency: str
    vnd_per_unit: Decimal
    as_of: str
    source: tuple[str, ...] = ()
    verified_on: str = ""
    quote: str = ""


def round_dong(amount: Decimal | int) -> int:
    """Round to the nearest dong, halves away from zero (the bank's rule for a computed amount)."""
    with localcontext(_EXACT):
        return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def floor_dong(amount: Decimal | int) -> int:
    """Round down to a whole dong: for a legal ceiling, so a cap is never shown above what the law allows."""
    with localcontext(_EXACT):
        return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_FLOOR))


def percent_of(amount: int, percent: Decimal) -> int:
    """``percent`` % of ``amount`` dong, to the nearest dong, computed exactly (a month's interest)."""
    with localcontext(_EXACT):
        return round_dong(Decimal(amount) * percent / 100)


def to_vnd(amount: Decimal | int, currency: str, rates: dict[str, Rate]) -> int:
    """Convert ``amount`` of ``currency`` to dong at the dated rate in ``rates``.

    :raise UnknownCurrencyError: no rate for ``currency``.
    """
    if currency == VND:
        return round_dong(amount)
    rate = rates.get(currency)
    if rate is None:
        raise UnknownCurrencyError(currency)
    with localcontext(_EXACT):
        return round_dong(Decimal(amount) * rate.vnd_per_unit)


def from_vnd(amount: int, currency: str, rates: dict[str, Rate]) -> Decimal:
    """Dong as an amount of ``currency``, to two decimals (for showing a figure in the money of abroad).

    :raise UnknownCurrencyError: no rate for ``currency``.
    """
    if currency == VND:
        return Decimal(amount)
    rate = rates.get(currency)
    if rate is None:
        raise UnknownCurrencyError(currency)
    with localcontext(_EXACT):
        return (Decimal(amount) / rate.vnd_per_unit).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def yearly_percent(monthly_percent: Decimal) -> Decimal:
    """A monthly rate as a simple (non-compounding) yearly rate: the way Vietnamese law states its caps."""
    return monthly_percent * 12
