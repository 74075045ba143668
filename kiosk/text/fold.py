"""Vietnamese text folding: the one place that decides how typed text matches stored text.

NFC first (decomposed input would otherwise split syllables), then ``fold`` drops every tone and vowel
mark and maps đ→d, so "Bỏ trốn", "bo tron" and "BỎ TRỐN" compare equal. The indexer and every query use
these same functions.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def nfc(text: str | None) -> str:
    """Unicode NFC with surrogates and control characters removed."""
    if not text:
        return ""
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Cf"))
    return unicodedata.normalize("NFC", text)


def fold(text: str | None) -> str:
    """Lower-case, mark-free, đ→d; idempotent (``fold(fold(x)) == fold(x)``)."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", text).lower()


def squash(text: str | None) -> str:
    """Folded text with runs of whitespace collapsed and the ends trimmed: for comparing names."""
    return _SPACE.sub(" ", fold(text)).strip()
