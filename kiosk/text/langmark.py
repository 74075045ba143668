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

import html
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
_VIETNAMESE_LETTER = re.compile(
    r"[đĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I
)
# A tag, or a comment or a declaration ("<!doctype html>"): never text to mark.
_TAG = re.compile(r"<!--.*?-->|<[!?][^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", re.S)
_LANG_ATTR = re.compile(r"""\slang\s*=\s*["']?([a-zA-Z-]+)""")
# Elements whose text is not marked: raw text, and those that cannot hold a span (an <option> gets
# ``lang`` itself when its whole text is one run).
_RAW = frozenset({"script", "style", "svg", "title", "textarea", "code", "kbd"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
OPEN = '<span lang="vi">'
CLOSE = "</span>"
_ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|org|net|gov|int|kr|jp|tw"
    r"|my|au|th|io|info|edu|today|network|taipei|asia)\b(?:/\S*)?"
)
_URL_CLASS = re.compile(r"""class=["'](?:[^"']*\s)?url[\s"']""")
_LATIN_WORD = re.compile(r"[A-Za-z]{2}")
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
    if lower in _FUNCTION and lower not in SYLLABLES:  # "of", "by", "from": English whatever stands by
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
    with its ``lang``; an address in it (``www.kwsp.gov.my``, an email) is left whole."""
    out, at = [], 0
    opening = OPEN if page_lang == "en" else '<span lang="en">'
    found = runs if page_lang == "en" else english_runs
    pieces, begin = [], 0
    for address in _ADDRESS.finditer(text):
        pieces += [(begin, address.start()), (address.start(), -address.end())]
        begin = address.end()
    pieces.append((begin, len(text)))
    for first, last in pieces:
        if last < 0:  # an address: as it is
            continue
        for start, end in found(text[first:last]):
            out += [
                escape(text[at : first + start]),
                opening,
                escape(text[first + start : first + end]),
                CLOSE,
            ]
            at = first + end
    out.append(escape(text[at:]))
    return Markup("".join(out))


def _has_language(attributes: str) -> bool:
    return bool(_LANG_ATTR.search(attributes))


def mark_html(page: str, page_lang: str = "en") -> str:
    """An HTML page or fragment in ``page_lang`` with the runs of the other language in its text marked.

    Tags and attributes pass through untouched; text inside an element that already says its ``lang`` (a
    template that knows: an agency's name is Vietnamese on any page), in ``script``, ``style``, ``svg``,
    ``title``, ``textarea``, ``code`` or ``kbd``, or an address (``class="url"``), is left as it is. An
    ``<option>`` (which cannot hold a span) gets ``lang`` itself when its whole text is one run. Escaped
    text stays escaped.
    """
    english = page_lang == "en"
    if english and not _VIETNAMESE_LETTER.search(page):
        return page
    found_runs = runs if english else english_runs
    maybe = _VIETNAMESE_LETTER if english else _LATIN_WORD
    other = ' lang="vi"' if english else ' lang="en"'
    out: list[str] = []  # the page in pieces; ``page[copied:]`` is still to be copied as it is
    copied = at = 0
    held: list[str] = []  # the open element that stops marking (its name), and same-named ones inside it
    option = -1  # where ``lang`` would go in the <option> tag just opened
    for tag in _TAG.finditer(page):
        start, end = tag.span()
        if start > at and not held and maybe.search(page, at, start):
            text = html.unescape(page[at:start])
            if option < 0:
                out += [page[copied:at], mark_text(text, page_lang)]
                copied = start
            elif found_runs(text.strip()) == [(0, len(text.strip()))]:
                out += [page[copied:option], other]
                copied = option
        closing, name, rest = tag.groups()
        if name is None:  # a comment or a declaration
            at = end
            continue
        name = name.lower()
        if held:
            if name == held[0] and not rest.endswith("/"):
                if closing:
                    held.pop()
                else:
                    held.append(name)
        elif (
            not closing
            and name not in _VOID
            and (
                name in _RAW
                or _URL_CLASS.search(rest)
                or (name != "html" and "lang" in rest and _has_language(rest))
            )
        ):
            held.append(name)
        option = end - 1 if name == "option" and not closing and not held and "lang" not in rest else -1
        at = end
    if not held and maybe.search(page, at):
        out += [page[copied:at], mark_text(html.unescape(page[at:]), page_lang)]
        copied = len(page)
    out.append(page[copied:])
    return "".join(out)


def as_vietnamese(text, page_lang: str) -> Markup | str:
    """A field known to be Vietnamese (an agency's name or short name, a province) as a whole ``<span
    lang="vi">`` on an English page, so "Công ty TNHH Esuhai", "Gia Lai" and "HOANG LONG JSC" are read in
    one voice. On a Vietnamese page the same span keeps a brand in a name ("Công ty Cổ phần Vinaconex")
    from being marked English, when the name has a word that is no Vietnamese syllable."""
    if not text or (page_lang == "vi" and not english_runs(str(text))):
        return text
    return Markup(OPEN) + escape(text) + Markup(CLOSE)
