"""A legal citation in the reader's language: "Law 69/2020/QH14 Art. 7(8)" reads "Luật 69/2020/QH14 Điều 7(8)"
on a Vietnamese page. Content writes most citations once, in English; a worker should not meet English on a
Vietnamese page. Only the citation words are translated. A remark in brackets, or anything left that is not
a citation word, is not guessed at: the caller is told the citation could not be put in Vietnamese and shows
the original marked as English (with the full text folded beside it).
"""

from __future__ import annotations

import re

# Longest first, so "Civil Code" is replaced before "Code" could be.
_VI = (
    ("Civil Code", "Bộ luật Dân sự"),
    ("Penal Code", "Bộ luật Hình sự"),
    ("Labour Code", "Bộ luật Lao động"),
    ("Appendices", "Phụ lục"),
    ("Appendix", "Phụ lục"),
    ("Resolution", "Nghị quyết"),
    ("Circular", "Thông tư"),
    ("Decision", "Quyết định"),
    ("Decree", "Nghị định"),
    ("Law", "Luật"),
    ("Arts.", "Điều"),
    ("Art.", "Điều"),
    (", replaced by", ", được thay bằng"),
    ("as replaced by", "được thay bằng"),
    ("replaced by", "được thay bằng"),
    (" and ", " và "),
)
_REMARK = re.compile(r"\s*\([^()]*[a-z]{3,}[^()]*\)")  # "(Japan: no deposit)", not "(8)" or "(đ)"
# What may stay in a Vietnamese citation: numbers, document codes (QH14, NĐ-CP, TT-BLĐTBXH, QĐ-TTg),
# Roman numerals of appendices, letters of points, and punctuation.
_LEFT_OVER = re.compile(r"(?<![-/])\b(?![IVXL]+\b)(?!EPS\b)[A-Za-z]{3,}\b")


def localise(citation: str, lang: str) -> tuple[str, bool]:
    """``(text, ok)``: the citation in ``lang``; ``ok`` is False when it could not be (the original text is
    returned, for the caller to mark as English)."""
    text = " ".join((citation or "").split())
    if lang != "vi" or not text:
        return text, True
    out = rest = _REMARK.sub("", text)
    for en, vi in _VI:
        out, rest = out.replace(en, vi), rest.replace(en, " ")
    if _LEFT_OVER.search(rest):
        return text, False
    return out, True
