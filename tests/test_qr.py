import pytest

from kiosk.text import qr


def test_a_code_is_an_inline_svg_sized_by_the_stylesheet():
    svg = qr.svg("Hạn chót: 30/11/2026", title="Kế hoạch")
    assert svg.startswith("<svg") and 'class="qr-code"' in svg and "<title>Kế hoạch</title>" in svg
    assert "width=" not in svg.split(">")[0]


def test_text_too_long_for_a_code_is_refused():
    with pytest.raises(qr.TooLong):
        qr.svg("x" * 8000)


def test_the_same_text_always_draws_the_same_code():
    assert qr.svg("0912345678") == qr.svg("0912345678")
