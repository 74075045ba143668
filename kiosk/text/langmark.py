"""Words of the other language, marked with ``lang`` so a screen reader says them in the right voice (WCAG
2.1, 3.1.2): Vietnamese inside English text ("the Sở Nội vụ", "Cục Quản lý lao động ngoài nước", "'ký
quỹ'") gets ``<span lang="vi">``, English inside Vietnamese text ("Institute of Developing Economies",
"Specified Skilled Worker") ``<span lang="en">``.

Authors write no markup: pages pass through :func:`mark_html` (articles when they are built, the web pages
as they are sent, the pocket guide when it is written), so a name added to the content tomorrow is marked
too. Pure.

A run is a maximal stretch of words, joined by spaces or hyphens, that holds at least one word with
Vietnamese marks (or đ). Words without marks join it when they are Vietnamese syllables (``SYLLABLES``):
inside a run always ("lao" in "lý lao động"); at its edges only when they cannot be English (lower case:
"ngoài nước", not "Hà Nội then"), or when they continue a capitalised name ("Nghệ An", "Hoàng Gia Long";
not "The Sở…"), or when they start one before a marked word ("Trung tâm"). Numbers and acronyms join when inside or glued by "-" or "/" ("112/2021/NĐ-CP").

An English run in Vietnamese text starts and ends with a word that has no marks and is no Vietnamese
syllable ("Institute", "Skilled", "of"); inside it may also hold small words that are both ("the", "on"),
numbers, acronyms and punctuation. Acronyms alone (EPS, DOLAB) and words Vietnamese writes as they are (``LOANWORDS``:
visa, email) are left to the page's voice.
"""

from __future__ import annotations

import bisect
import functools
import html
import math
import re

from markupsafe import Markup, escape

from .syllables import ENGLISH, SYLLABLES

_TOKEN = re.compile(r"[^\W_]+")
# What may stand between two words of one run: spaces, or a hyphen, dash or slash with or without spaces.
_JOIN = re.compile(r"\s+|\s*[-–]\s*|/")
_GLUE = ("-", "/")
# Between two words of one English run: also punctuation ("before 2022; refund under its Art. 9").
_ENGLISH_JOIN = re.compile(r"[\s\-–/.,;:()'’\"&+%$]{1,5}")
# English words that never start a run or sit inside one, whatever their case ("The Sở…", "Giang to Hà").
_FUNCTION = frozenset(
    "a an and are as at be but by do for from if in into is it no not of on or per so than that the then "
    "this to up via was with".split()
)
# Small English words that are not Vietnamese syllables ("of", "by", "from"): English wherever they stand.
_ENGLISH_SMALL = _FUNCTION - SYLLABLES
_VIETNAMESE_LETTER = re.compile(
    r"[đĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I
)
# Elements whose text is not marked: raw text, a drawing, a title (it cannot hold a span), code and what a
# worker types.
_RAW = ("script", "style", "svg", "title", "textarea", "code", "kbd")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
OPEN = '<span lang="vi">'
CLOSE = "</span>"
_ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|org|net|gov|int|kr|jp|tw"
    r"|my|au|th|io|info|edu|today|network|taipei|asia)\b(?:/\S*)?"
)
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3"
_SPECIAL = re.compile(rf"(?P<korean>[{_HANGUL}]+(?:\s+[{_HANGUL}]+)*)|" + _ADDRESS.pattern)
_KOREAN = re.compile(f"[{_HANGUL}]")
# What the page leaves as it is: a comment, or an element of _RAW, with its own lang, or an address.
_HOLDS = re.compile(
    rf"<!--.*?-->|<(?P<name>{'|'.join(_RAW)})\b[^>]*>"
    r"""|<(?P<other>[a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(?:\slang\s*=|class=["'](?:[^"']*\s)?url[\s"'])[^>]*>""",
    re.S | re.I,
)
# A text between two tags (or before the first).
_TEXT = re.compile(r"(?:^|>)([^<]+)")
_ASCII_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
_ENGLISH_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Foreign words Vietnamese text uses as its own (countries, currencies, things): read in the page's voice,
# not marked English.
LOANWORDS = frozenset(
    "angola brunei bulgaria campuchia congo hungary libya malaysia myanmar qatar romania singapore "
    "baht dirham euro ringgit riyal won yen camera email facebook internet online video visa website zalo".split()
)


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
        if word[:1].isupper():  # a name goes on while its words are capitalised: "Hoàng Gia Long", and
            # a capitalised word starts one before a marked word: "Trung tâm", "Doanh nghiệp"
            return inner[2][:1].isupper() or (left and inner[3] == "m")
        return word.lower() not in ENGLISH
    if kind == "f":
        return not left and word[:1].isupper() and inner[2][:1].isupper()
    return False


def _english_kind(word: str) -> str:
    """``e`` an English word, ``i`` one that may sit inside an English run, ``v`` anything else."""
    if _VIETNAMESE_LETTER.search(word):
        return "v"
    lower = word.lower()
    if lower in _ENGLISH_SMALL:  # "of", "by", "from": English whatever stands by
        return "e"
    if word.isdigit() or (word.isupper() and len(word) > 1) or lower in ENGLISH or lower in _FUNCTION:
        return "i"
    if lower in SYLLABLES or lower in LOANWORDS or len(word) < 2:
        return "v"
    return "e"


def english_runs(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each English run in plain Vietnamese ``text``, in order."""
    words = [[m.start(), m.end(), _english_kind(m.group())] for m in _ENGLISH_TOKEN.finditer(text)]
    for before, word in zip(words, words[1:], strict=False):
        if before[2] == "v" and text[before[1] : word[0]] in _GLUE:  # "QĐ-TTg": one Vietnamese code
            word[2] = "v"
    found: list[tuple[int, int]] = []
    start = last = None  # the first and the last English word of the run being read
    for i, (a, _end, kind) in enumerate(words):
        joined = i > 0 and _ENGLISH_JOIN.fullmatch(text[words[i - 1][1] : a])
        if start is not None and (kind == "v" or not joined):
            found.append((words[start][0], words[last][1]))
            start = last = None
        if kind == "e":
            if start is None:
                start = i
            last = i
    if start is not None:
        found.append((words[start][0], words[last][1]))
    return found


def mark_text(text: str, page_lang: str = "en") -> Markup:
    """Plain ``text`` in ``page_lang`` escaped, with each run of the other language wrapped in a ``span``
    with its ``lang``; Korean (a payslip's "국민연금") gets ``lang="ko"``; an address (``www.kwsp.gov.my``,
    an email) is left whole."""
    opening = OPEN if page_lang == "en" else '<span lang="en">'
    found = runs if page_lang == "en" else english_runs
    out, at, begin = [], 0, 0
    for special in [*_SPECIAL.finditer(text), None]:
        last = special.start() if special else len(text)
        for start, end in found(text[begin:last]):
            out += [
                escape(text[at : begin + start]),
                opening,
                escape(text[begin + start : begin + end]),
                CLOSE,
            ]
            at = begin + end
        if special and special.group("korean"):
            out += [escape(text[at : special.start()]), '<span lang="ko">', escape(special.group()), CLOSE]
            at = special.end()
        begin = special.end() if special else len(text)
    out.append(escape(text[at:]))
    return Markup("".join(out))


def _vietnamese_in(page: str, start: int, end: int) -> bool:
    return bool(_VIETNAMESE_LETTER.search(page, start, end) or _KOREAN.search(page, start, end))


def _english_word_in(page: str, start: int, end: int) -> bool:
    """Whether ``page[start:end]`` may hold an English run: a quick look that spares the many Vietnamese
    texts with none the full reading (a Vietnamese page's marking costs a third as much)."""
    for word in _ASCII_WORD.findall(page, start, end):
        lower = word.lower()
        if lower not in SYLLABLES and lower not in LOANWORDS and not word.isupper():
            return True
    return bool(_KOREAN.search(page, start, end))


def mark_html(page: str, page_lang: str = "en") -> str:
    """An HTML page or fragment in ``page_lang`` with the runs of the other language in its text marked.

    Tags and attributes pass through untouched; text inside an element that already says its ``lang`` (a
    template that knows: an agency's name is Vietnamese on any page), in ``script``, ``style``, ``svg``,
    ``title``, ``textarea``, ``code`` or ``kbd``, in a comment, or an address (``class="url"``), is left as
    it is. An ``<option>`` (which cannot hold a span) gets ``lang`` itself when its whole text is one run.
    Escaped text stays escaped. Only the texts that may hold a run are read word by word, so a page costs
    about a millisecond per 10 KB (measured on the kiosk's pages).
    """
    english = page_lang == "en"
    if english and not _VIETNAMESE_LETTER.search(page) and not _KOREAN.search(page):
        return page
    found_runs = runs if english else english_runs
    maybe = _vietnamese_in if english else _english_word_in
    other = ' lang="vi"' if english else ' lang="en"'
    held = _held(page)
    out: list[str] = []  # the page in pieces; ``page[copied:]`` is still to be copied as it is
    copied = 0
    for text in _TEXT.finditer(page):
        start, end = text.span(1)
        if not maybe(page, start, end) or _inside(held, start):
            continue
        tag = page[page.rfind("<", 0, start) : start] if start else ""
        if tag[:7].lower() == "<option" and "lang" not in tag:
            plain = html.unescape(page[start:end]).strip()
            if found_runs(plain) == [(0, len(plain))]:
                out += [page[copied : start - 1], other]
                copied = start - 1
            continue
        out += [page[copied:start], mark_text(html.unescape(page[start:end]), page_lang)]
        copied = end
    out.append(page[copied:])
    return "".join(out)


def _held(page: str) -> list[tuple[int, int]]:
    """The stretches of ``page`` left as they are, in order and not overlapping."""
    found: list[tuple[int, int]] = []
    for tag in _HOLDS.finditer(page):
        name = tag.group("name") or tag.group("other")
        if name is None:  # a comment
            stretch = tag.span()
        else:
            name = name.lower()
            if name == "html" or name in _VOID or tag.group().endswith("/>"):
                continue
            depth, close = 1, len(page)
            for other in _same_tag(name).finditer(page, tag.end()):
                depth += -1 if other.group(1) else 1
                if depth == 0:
                    close = other.end()
                    break
            stretch = (tag.start(), close)
        if found and stretch[0] < found[-1][1]:  # inside the one before
            continue
        found.append(stretch)
    return found


def _inside(held: list[tuple[int, int]], position: int) -> bool:
    at = bisect.bisect_right(held, (position, math.inf)) - 1
    return at >= 0 and held[at][0] <= position < held[at][1]


@functools.cache
def _same_tag(name: str) -> re.Pattern:
    return re.compile(rf"<(/?){name}\b[^>]*>", re.I)


def as_vietnamese(text, page_lang: str) -> Markup | str:
    """A field known to be Vietnamese (an agency's name or short name, a province) as a whole ``<span
    lang="vi">`` on an English page, so "Công ty TNHH Esuhai", "Gia Lai" and "HOANG LONG JSC" are read in
    one voice. On a Vietnamese page the same span keeps a brand in a name ("Công ty Cổ phần Vinaconex")
    from being marked English, when the name has a word that is no Vietnamese syllable."""
    if not text or (page_lang == "vi" and not english_runs(str(text))):
        return text
    return Markup(OPEN) + escape(text) + Markup(CLOSE)
