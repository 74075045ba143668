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
        # the words Vietnamese puts after an amount or a figure
        ("150 triệu", 150_000_000),
        ("150tr", 150_000_000),
        ("150 TRIEU DONG", 150_000_000),
        ("1,5 tỷ", 1_500_000_000),
        ("1.5 ty", 1_500_000_000),
        ("1.500 triệu", 1_500_000_000),
        ("500k", 500_000),
        ("500 nghìn", 500_000),
        ("150.000.000đ", 150_000_000),
        ("150.000.000 đồng", 150_000_000),
        ("150000000 VND", 150_000_000),
        ("36 tháng", 36),
    ],
)
def test_whole_numbers_accept_the_ways_people_write_them(value, expected):
    assert number({"x": value}, "x", whole=True) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0,7", Decimal("0.7")), ("1.5", Decimal("1.5")), (0.7, Decimal("0.7")), ("1,5%", Decimal("1.5"))],
)
def test_decimals_accept_comma_or_point(value, expected):
    assert number({"x": value}, "x") == expected


def test_a_scale_word_still_meets_the_fields_bounds():
    with pytest.raises(InputError) as info:
        number({"months": "36 triệu"}, "months", minimum=1, maximum=120, whole=True)
    assert info.value.code == "too_large"


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
        ("2tr5", "not_a_number"),  # shorthand for 2.5 million: read wrong is worse than asked again
        ("triệu", "not_a_number"),
        ("150 triệu yên", "not_a_number"),
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
