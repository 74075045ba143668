import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.text.fold import fold, nfc, squash


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Bỏ trốn", "bo tron"),
        ("BỎ TRỐN", "bo tron"),
        ("bo tron", "bo tron"),
        ("Đà Nẵng", "da nang"),
        ("đặt cọc", "dat coc"),
        ("Nghệ An", "nghe an"),
        ("Thừa Thiên Huế", "thua thien hue"),
        (unicodedata.normalize("NFD", "Hải Dương"), "hai duong"),
    ],
)
def test_folding_drops_marks_and_maps_d(typed, folded):
    assert fold(typed) == folded


def test_decomposed_input_is_made_whole_before_matching():
    assert nfc(unicodedata.normalize("NFD", "Bắc Giang")) == "Bắc Giang"


def test_squash_collapses_spaces():
    assert squash("  Công   ty\tTNHH ") == "cong ty tnhh"


def test_control_characters_and_surrogates_are_dropped():
    assert nfc("a\x00b\u202ec") == "abc"
    assert fold("x\ud800y") in ("x?y", "xy")


@given(st.text())
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_folded_text_has_no_combining_marks(text):
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", fold(text)))
