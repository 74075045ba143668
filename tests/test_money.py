"""Dong as integers, rates as Decimal, one rounding rule, conversion at a dated rate."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.money.amounts import (
    Rate,
    UnknownCurrencyError,
    floor_dong,
    from_vnd,
    round_dong,
    to_vnd,
    yearly_percent,
)

RATES = {
    "JPY": Rate("JPY", Decimal("185.54"), "2025-04-14"),
    "TWD": Rate("TWD", Decimal("780.16"), "2024-04-22"),
}


@pytest.mark.parametrize("amount, expected", [("0.5", 1), ("1.49", 1), ("2.5", 3), ("-0.5", -1), (7, 7)])
def test_round_dong_rounds_halves_away_from_zero(amount, expected):
    assert round_dong(Decimal(amount)) == expected


def test_floor_dong_never_rounds_up():
    assert floor_dong(Decimal("699999.99")) == 699_999


def test_yen_convert_at_the_dated_rate():
    # 185,579 yen (first-year interns' average wage, FY2022) at 185.54 VND per yen
    assert to_vnd(185_579, "JPY", RATES) == 34_432_328


def test_vnd_passes_through_and_an_unknown_currency_is_named():
    assert to_vnd(Decimal("5.4"), "VND", RATES) == 5
    with pytest.raises(UnknownCurrencyError):
        to_vnd(1, "AED", RATES)


def test_from_vnd_gives_two_decimals():
    assert from_vnd(29_500 * 780, "TWD", RATES) == Decimal("29493.95")


def test_yearly_percent_is_simple_not_compound():
    assert yearly_percent(Decimal("1.667")) == Decimal("20.004")


@given(st.integers(0, 10**12))
def test_converting_there_and_back_stays_within_a_rate_step(amount):
    back = to_vnd(from_vnd(amount, "JPY", RATES), "JPY", RATES)
    assert abs(back - amount) <= 2
