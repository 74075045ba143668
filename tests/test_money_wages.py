"""The wage plausibility band: half to five times the minimum wage, hourly wages as a 40-hour week."""

from decimal import Decimal

import pytest

from kiosk.money import wages


def test_an_hourly_minimum_wage_is_read_as_a_full_time_month():
    # 1,121 yen an hour × 40 hours × 52 weeks / 12 months
    assert round(wages.monthly(Decimal(1121), "hour")) == round(Decimal(1121 * 40 * 52) / 12) == 194_307
    assert wages.monthly(Decimal(29500), "month") == 29500


@pytest.mark.parametrize(
    "vnd, side", [(49_999, "low"), (50_000, "ok"), (100_000, "ok"), (500_000, "ok"), (500_001, "high")]
)
def test_the_band_is_half_to_five_times_the_minimum(vnd, side):
    band = wages.band(100_000)
    assert band.side(vnd) == side
    assert band.holds(vnd) == (side == "ok")


def test_suggestions_name_only_the_readings_that_would_be_believable():
    rates = {"VND": Decimal(1), "JPY": Decimal("185.54"), "USD": Decimal(26140)}

    def to_vnd(amount, currency):
        return int(amount * rates[currency]) if currency in rates else None

    band = wages.band(int(wages.monthly(Decimal(1121), "hour") * Decimal("185.54")))
    found = wages.suggestions(Decimal(180_000), "VND", ["VND", "JPY", "JPY", "KRW", "USD"], to_vnd, band)
    assert found == (wages.Suggestion("JPY", 33_397_200),)
    assert wages.suggestions(Decimal(33_000_000), "JPY", ["VND", "JPY", "USD"], to_vnd, band) == (
        wages.Suggestion("VND", 33_000_000),
    )
