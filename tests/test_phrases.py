"""Guessing the language of a quoted source title, so pages can mark it with lang."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.text.phrases import language_of


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng", "vi"),
        ("Cảnh báo lừa đảo đi làm việc ở nước ngoài", "vi"),
        ("Circular 02/2024/TT-BLĐTBXH amending Circular 21/2021 (fee caps, brokerage caps)", "en"),
        ("Vietnam launches national hotline 111 to combat human trafficking", "en"),
        ("Citizen-protection hotline of the Consular Department, Hà Nội office", "en"),
        ("Law 69/2020/QH14 on guest workers (Luật Người lao động Việt Nam đi làm việc ở nước ngoài)", "en"),
        ("Giá Yên Nhật tiếp tục tăng mạnh (Vietcombank JPY rate)", "vi"),
        ("(Luật Người lao động Việt Nam)", "vi"),
        ("BO TRON", "en"),
        ("", "en"),
        ("2024-09", "en"),
    ],
)
def test_language_of_a_title(title, lang):
    assert language_of(title) == lang


@given(st.text())
def test_language_of_is_always_one_of_the_two(text):
    assert language_of(text) in ("vi", "en")
