from decimal import Decimal

import pytest

from kiosk.text.inputs import InputError, boolean, choice, number, text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (25000000, 25000000),
        ("25.000.000", 25000000),
        ("25,000,000", 25000000),
        ("25 000 000", 25000000),
        ("  120 ", 120),
        (12.0, 12),
    ],
)
def test_whole_numbers_accept_the_ways_people_write_them(value, expected):
    assert number({"x": value}, "x", whole=True) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("0,7", Decimal("0.7")), ("1.5", Decimal("1.5")), (0.7, Decimal("0.7"))]
)
def test_decimals_accept_comma_or_point(value, expected):
    assert number({"x": value}, "x") == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (True, "not_a_number"),
        ("NaN", "not_a_number"),
        (float("inf"), "not_a_number"),
        ("1e309", "not_a_number"),
        ([], "not_a_number"),
        ({}, "not_a_number"),
        ("abc", "not_a_number"),
        ("-5", "too_small"),
        (10**13, "too_large"),
        ("", "missing"),
        (None, "missing"),
        ("9" * 50, "not_a_number"),
        ("1.5", "not_whole"),
    ],
)
def test_bad_numbers_raise_a_coded_error(value, code):
    with pytest.raises(InputError) as info:
        number({"x": value}, "x", whole=True)
    assert (info.value.field, info.value.code) == ("x", code)


def test_optional_numbers_take_their_default():
    assert number({}, "x", required=False, default=3) == 3


def test_choices_booleans_and_text_are_strict():
    assert choice({"c": "JP"}, "c", ("JP", "KR")) == "JP"
    with pytest.raises(InputError):
        choice({"c": ["JP"]}, "c", ("JP", "KR"))
    assert boolean({"b": "yes"}, "b") is True and boolean({"b": False}, "b") is False
    with pytest.raises(InputError):
        boolean({"b": "perhaps"}, "b")
    with pytest.raises(InputError):
        text({"t": "x" * 201}, "t")
