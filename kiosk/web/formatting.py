"""Numbers and dates in the request's language (or the one given), through :mod:`kiosk.text.formats`: the
pages, the API's sentences and the QR texts all show them alike, and as the pocket guide does."""

from __future__ import annotations

from ..text import formats
from . import i18n


def show_vnd(amount, lang: str | None = None) -> str:
    """A whole number of dong, grouped: 25.000.000 (vi) or 25,000,000 (en)."""
    return formats.vnd(amount, lang or i18n.current())


def show_decimal(value, lang: str | None = None) -> str:
    """A number with all its decimals and no trailing zeros: 4,5 (vi), 4.5 (en)."""
    return formats.decimal(value, lang or i18n.current())


def show_date(value, lang: str | None = None) -> str:
    """A content date the reader's way: 25/11/2026, tháng 9/2024 (vi); 25 Nov 2026, Sep 2024 (en)."""
    return formats.date(value, lang or i18n.current())
