"""Which language a quoted phrase is in, so a page can mark it with ``lang`` (WCAG 2.1, 3.1.2).

Source titles and publishers are quoted as the source prints them: Vietnamese on English pages and
English on Vietnamese ones. A screen reader reads a phrase in the page's voice unless it carries ``lang``.
The guess is by words: a phrase where at least a quarter of the words carry Vietnamese marks (or đ) is
Vietnamese; names such as "Hà Nội" inside an English title do not tip it, nor does a gloss in brackets
("Law 69/2020 on guest workers (Luật Người lao động …)" is English). Pure.
"""

from __future__ import annotations

import re

from .fold import fold, nfc

_WORD = re.compile(r"[^\W\d_]+")
_GLOSS = re.compile(r"\([^()]*\)")
VIETNAMESE_SHARE = 0.25


def language_of(text: str | None) -> str:
    """``"vi"`` or ``"en"`` for a phrase, judged outside any bracketed gloss; ``"en"`` with no words."""
    text = nfc(text)
    words = _WORD.findall(_GLOSS.sub(" ", text)) or _WORD.findall(text)
    if not words:
        return "en"
    marked = sum(1 for w in words if fold(w) != w.lower())
    return "vi" if marked / len(words) >= VIETNAMESE_SHARE else "en"
