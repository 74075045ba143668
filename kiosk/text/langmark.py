"""Vietnamese words inside English text, marked ``<span lang="vi">`` so a screen reader says them in a
Vietnamese voice (WCAG 2.1, 3.1.2): "the Sở Nội vụ", "Cục Quản lý lao động ngoài nước", "'ký quỹ'".

Authors write no markup: English pages pass through :func:`mark_html` (articles when they are built, the
web pages as they are sent, the pocket guide when it is written), so a name added to the content tomorrow
is marked too. Pure.

A run is a maximal stretch of words, joined by spaces or hyphens, that holds at least one word with
Vietnamese marks (or đ). Words without marks join it when they are Vietnamese syllables (``SYLLABLES``):
inside a run always ("lao" in "lý lao động"); at its edges only when they cannot be English (lower case:
"ngoài nước", not "Hà Nội then"), or when they continue a capitalised name ("Nghệ An", "Hoàng Gia Long";
not "The Sở…"). Numbers and acronyms join when inside or glued by "-" or "/" ("112/2021/NĐ-CP").
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

from .syllables import ENGLISH, SYLLABLES

_TOKEN = re.compile(r"[^\W_]+")
# What may stand between two words of one run: spaces, or a hyphen, dash or slash with or without spaces.
_JOIN = re.compile(r"\s+|\s*[-–]\s*|/")
_GLUE = ("-", "/")
# English words that never start a run or sit inside one, whatever their case ("The Sở…", "Giang to Hà").
_FUNCTION = frozenset(
    "a an and are as at be but by do for from if in into is it no not of on or per so than that the then "
    "this to up via was with".split()
)
_VIETNAMESE_LETTER = re.compile(
    r"[đĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_LANG_ATTR = re.compile(r"""\slang\s*=\s*["']?([a-zA-Z-]+)""")
# Elements whose text is not marked: raw text, and those that cannot hold a span (an <option> gets
# ``lang`` itself when its whole text is one run).
_RAW = frozenset({"script", "style", "svg", "title", "textarea", "code"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
OPEN = '<span lang="vi">'
CLOSE = "</span>"


def _kind(word: str) -> str:
    """``m`` marked, ``s`` Vietnamese syllable, ``f`` English function word, ``n`` number, ``a`` acronym,
    ``o`` other."""
    if _VIETNAMESE_LETTER.search(word):
        return "m"
    lower = word.lower()
    if lower in _FUNCTION:
        return "f"
    if lower in SYLLABLES:
        return "s"
    if word.isdigit():
        return "n"
    if word.isupper() and len(word) > 1:
        return "a"
    return "o"


def runs(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each Vietnamese run in plain ``text``, in order."""
    if not _VIETNAMESE_LETTER.search(text):
        return []
    words = [(m.start(), m.end(), m.group(), _kind(m.group())) for m in _TOKEN.finditer(text)]
    gaps = [text[a[1] : b[0]] for a, b in zip(words, words[1:], strict=False)]  # gaps[i]: words i and i+1
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if words[i][3] != "m":
            i += 1
            continue
        lo = hi = i
        while lo > 0 and _grows(words[lo - 1], words[lo], gaps[lo - 1], outward_left=True):
            lo -= 1
        while hi + 1 < len(words) and _grows(words[hi + 1], words[hi], gaps[hi], outward_left=False):
            hi += 1
        while lo < i and not _keeps(words[lo], words[lo + 1], gaps[lo], left=True):
            lo += 1
        while hi > i and not _keeps(words[hi], words[hi - 1], gaps[hi - 1], left=False):
            hi -= 1
        found.append((words[lo][0], words[hi][1]))
        i = hi + 1
    return found


def _grows(outer, inner, gap: str, *, outward_left: bool) -> bool:
    """Whether the run that reaches word ``inner`` may take its neighbour ``outer`` (before trimming)."""
    if not _JOIN.fullmatch(gap):
        return False
    kind = outer[3]
    if kind in ("m", "s", "n", "a"):
        return True
    if kind == "f":  # "Nghệ An": a capitalised name word after a capitalised one
        return not outward_left and outer[2][:1].isupper() and inner[2][:1].isupper()
    return gap in _GLUE  # "NĐ-CP", "QĐ-TTg"


def _keeps(edge, inner, gap: str, *, left: bool) -> bool:
    """Whether a run keeps its edge word, or drops it as more likely English than Vietnamese."""
    word, kind = edge[2], edge[3]
    if kind == "m" or gap in _GLUE:
        return True
    if kind == "s":
        if word[:1].isupper():  # a name goes on while its words are capitalised: "Hoàng Gia Long"
            return inner[2][:1].isupper()
        return word.lower() not in ENGLISH
    if kind == "f":
        return not left and word[:1].isupper() and inner[2][:1].isupper()
    return False


def mark_text(text: str) -> Markup:
    """Plain English ``text`` escaped, with each Vietnamese run wrapped in ``<span lang="vi">``."""
    out, at = [], 0
    for start, end in runs(text):
        out += [escape(text[at:start]), OPEN, escape(text[start:end]), CLOSE]
        at = end
    out.append(escape(text[at:]))
    return Markup("".join(out))


def _other_language(attributes: str) -> bool:
    found = _LANG_ATTR.search(attributes)
    return bool(found) and not found.group(1).lower().startswith("en")


def mark_html(page: str) -> str:
    """An English HTML page or fragment with the Vietnamese runs of its text marked.

    Tags and attributes pass through untouched; text inside an element that already has ``lang``, or in
    ``script``, ``style``, ``svg``, ``title``, ``textarea`` or ``code``, is left as it is. An ``<option>``
    (which cannot hold a span) gets ``lang="vi"`` when its whole text is one run. Escaped text stays escaped.
    """
    if not _VIETNAMESE_LETTER.search(page):
        return page
    out: list[str] = []  # the page in pieces; ``page[copied:]`` is still to be copied as it is
    copied = at = 0
    held: list[str] = []  # the open element that stops marking (its name), and same-named ones inside it
    option = -1  # where ``lang`` would go in the <option> tag just opened
    for tag in _TAG.finditer(page):
        start, end = tag.span()
        if start > at and not held and _VIETNAMESE_LETTER.search(page, at, start):
            text = html.unescape(page[at:start])
            if option < 0:
                out += [page[copied:at], mark_text(text)]
                copied = start
            elif runs(text.strip()) == [(0, len(text.strip()))]:
                out += [page[copied:option], ' lang="vi"']
                copied = option
        closing, name, rest = tag.groups()
        name = name.lower()
        if held:
            if name == held[0] and not rest.endswith("/"):
                if closing:
                    held.pop()
                else:
                    held.append(name)
        elif not closing and name not in _VOID and (name in _RAW or ("lang" in rest and _other_language(rest))):
            held.append(name)
        option = end - 1 if name == "option" and not closing and not held and "lang" not in rest else -1
        at = end
    if not held and _VIETNAMESE_LETTER.search(page, at):
        out += [page[copied:at], mark_text(html.unescape(page[at:]))]
        copied = len(page)
    out.append(page[copied:])
    return "".join(out)


def as_vietnamese(text, page_lang: str) -> Markup | str:
    """A field known to be Vietnamese (an agency's name, a province) as a whole ``<span lang="vi">`` on a
    page in another language, so "Công ty TNHH Esuhai" is read in one voice; the text itself elsewhere, or
    when it has no Vietnamese letter ("VJITCO JSC" reads the same in either voice)."""
    if not text or page_lang == "vi" or not _VIETNAMESE_LETTER.search(str(text)):
        return text
    return Markup(OPEN) + escape(text) + Markup(CLOSE)
