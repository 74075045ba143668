"""Agency names as a worker types them: folding, legal-form words, slugs, and how a typed name relates to
a listed one.

Workers type names short and loose ("cong ty midori", "viet nhat vjitco"), scammers borrow the names of
licensed firms ("Nhân lực JH Việt Nam" for "Nhân lực JH", "Simko" for "Simco", "TNHH" for a listed "Cổ
phần"), and real firms often share common words ("nhân lực", "quốc tế", "Hoàng Phát"). So names are
compared as folded word lists with the legal form ("Công ty", "TNHH", "CP", "JSC", "Co., Ltd"...) set
aside (its kind, limited or joint-stock, is kept to compare), and a typed name is read as one of:

- the same name (:func:`key`);
- a shortened form: only words of one firm's name and short name, enough to single it out (the index
  decides, since it knows every firm);
- a look-alike (:func:`resemblance`): a listed name in full with words added, a distinctive word or
  brand pair misspelt by a letter, or one word changed around a distinctive name. What the two share
  must be distinctive: a word, or a pair of syllables, that few listed names use; common words alone never
  tie two names together.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..text.fold import fold

_NOT_WORD = re.compile(r"[^0-9a-z]+")

# Legal-form phrases, folded, longest first; dropped wherever they appear.
LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(p.split())
            for p in (
                "trach nhiem huu han mot thanh vien",
                "trach nhiem huu han",
                "mot thanh vien",
                "tong cong ty",
                "cong ty",
                "co phan",
                "tap doan",
                "joint stock company",
                "joint stock",
                "company limited",
                "limited company",
                "co ltd",
                "tnhh",
                "mtv",
                "cty",
                "ctcp",
                "cp",
                "jsc",
                "corp",
                "corporation",
                "cor",
                "ltd",
                "llc",
                "inc",
                "company",
                "limited",
                "group",
                "va",
                "and",
            )
        ),
        key=len,
        reverse=True,
    )
)

# Pairs written as one word or two; joined so "Việt Nam" and "Vietnam" compare equal.
_JOINED = {("viet", "nam"): "vietnam"}

# Words common in agency names whatever the list holds; the list's own frequent words are added to these.
COMMON_WORDS = frozenset(
    (
        "nhan luc quoc te thuong mai dich vu dau tu phat trien xay dung hop tac lao dong xuat nhap khau "
        "cung ung vietnam tong hop san xuat du lich giao duc dao tao tu van nguon ky thuat cong nghe "
        "international manpower human resources resource trading service services investment "
        "development export import labour labor supply training co hr hrd invest intl inter link marine "
        "travel tourist global trans trade commercial education edu consulting technical technology "
        "hanoi saigon haiphong danang hcm hn hp nhat ban han quoc dai loan japan korea taiwan no so"
    ).split()
)


def words(text: str | None) -> tuple[str, ...]:
    """Folded words of a name, punctuation removed: "CÔNG TY CP Nhân-lực" → ("cong", "ty", "cp", ...)."""
    return tuple(_NOT_WORD.sub(" ", fold(text)).split())


# A worker often types the question with the name: "Hoàng Gia Long có uy tín không?", "kiểm tra công ty
# JH". What is asked is the name. The question's words, folded: it ends in "không" or "chưa" (and perhaps
# a particle), and starts with one of _ASKS, every word between being one of _ASKED.
_ASKS = frozenset("co la phai bi dang con".split())
_ASKED = _ASKS | frozenset(
    "uy tin that lua dao tot an toan hop phap duoc hoat dong giay phep cay chuan ok thu hoi "
    "dinh chi xin viec lam cong ty mot nay khong".split()
)
_QUESTION_ENDS = frozenset(("khong", "chua"))
_PARTICLES = frozenset("a ah vay nhi ha the nhe".split())
_LOOK_UP = (("kiem", "tra"), ("tra", "cuu"), ("check",), ("xem",), ("hoi",))


def without_question(text: str) -> str:
    """``text`` without a question typed around the name ("… có uy tín không?", "kiểm tra …"), as typed
    otherwise; unchanged when no question is there, or when nothing would be left. A name that ends in
    "không" ("… Hàng không") is not a question: the question must start with "có", "là", "phải", …"""
    tokens = text.split()
    folded = [_NOT_WORD.sub("", fold(t)) for t in tokens]
    end = len(tokens)
    while end and folded[end - 1] in _PARTICLES | {""}:
        end -= 1
    if end and folded[end - 1] in ("ko", "k"):  # "không" typed short
        folded[end - 1] = "khong"
    if end and folded[end - 1] in _QUESTION_ENDS:
        start = end - 1
        while start and folded[start - 1] in _ASKED:
            start -= 1
        while start < end - 1 and folded[start] not in _ASKS:  # the question starts at its "có", "là", …
            start += 1
        if folded[start] in _ASKS and start > 0:
            tokens, folded = tokens[:start], folded[:start]
    for verb in _LOOK_UP:
        if tuple(folded[: len(verb)]) == verb and len(tokens) > len(verb):
            tokens, folded = tokens[len(verb) :], folded[len(verb) :]
            break
    return " ".join(tokens) or text


def core(text: str | None) -> tuple[str, ...]:
    """The words that name the firm: legal-form words dropped, "viet nam" joined.

    A trailing lone "co" (as in "Golden Top Co.") is part of the legal form; elsewhere "co" can be the
    folded "Cơ" of "Cơ khí" and is kept.
    """
    return core_of(words(text))


def core_of(ws: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`core` for words already folded and split."""
    return _parse(ws)[0]


def legal_kinds(text: str | None) -> frozenset[str]:
    """The kinds of legal form a name states: ``limited`` (TNHH, Co., Ltd), ``joint_stock`` (Cổ phần, CP,
    JSC), both, or neither ("Công ty", "Corp" and "Group" say nothing about it)."""
    return _parse(words(text))[1]


LIMITED, JOINT_STOCK = "limited", "joint_stock"
_KINDS = {
    **dict.fromkeys(
        [
            ("trach", "nhiem", "huu", "han", "mot", "thanh", "vien"),
            ("trach", "nhiem", "huu", "han"),
            ("mot", "thanh", "vien"),
            ("company", "limited"),
            ("limited", "company"),
            ("co", "ltd"),
            ("tnhh",),
            ("mtv",),
            ("ltd",),
            ("llc",),
            ("limited",),
        ],
        LIMITED,
    ),
    **dict.fromkeys(
        [("co", "phan"), ("joint", "stock", "company"), ("joint", "stock"), ("ctcp",), ("cp",), ("jsc",)],
        JOINT_STOCK,
    ),
}


def _parse(ws: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The core words and the kinds of legal form found among ``ws``."""
    out: list[str] = []
    kinds: set[str] = set()
    i = 0
    while i < len(ws):
        for form in LEGAL_FORMS:
            if tuple(ws[i : i + len(form)]) == form:
                i += len(form)
                if form in _KINDS:
                    kinds.add(_KINDS[form])
                break
        else:
            pair = tuple(ws[i : i + 2])
            if pair in _JOINED:
                out.append(_JOINED[pair])
                i += 2
            else:
                out.append(ws[i])
                i += 1
    if len(out) > 1 and out[-1] == "co":
        out.pop()
    return tuple(out), frozenset(kinds)


def key(text: str | None) -> str:
    """The exact-match key: core words run together, so "JV-System", "jv system" and "JVSYSTEM" agree."""
    return "".join(core(text))


def licence_key(text: str | None) -> str:
    """A licence number reduced to letters and digits: "1686/LĐTBXH-GP" → "1686ldtbxhgp"."""
    return _NOT_WORD.sub("", fold(text))


_PROVINCIAL = re.compile(r"sldtbxh\W*gp")


def is_provincial_licence(text: str | None) -> bool:
    """True for a provincial job-placement licence ("…/SLĐTBXH-GP"), which is not a licence to send
    workers abroad (see ../shared/facts/agencies.md, "Licence number format")."""
    return bool(_PROVINCIAL.search(fold(text)))


def slug(text: str | None, limit: int = 60) -> str:
    """A URL-safe id from a name: its core words joined by "-", cut at a word boundary."""
    out = ""
    for w in core(text) or words(text):
        if out and len(out) + 1 + len(w) > limit:
            break
        out = f"{out}-{w}" if out else w[:limit]
    return out


def near(a: str, b: str) -> bool:
    """A misspelling: one letter added, dropped, changed or swapped (two for words of 9+ letters).

    Words under five letters ("JH", "HMSC") must match exactly: one letter changes them too much, and
    real firms' acronyms often differ by one ("HMSC", "VMSC").
    """
    if a == b:
        return True
    shortest = min(len(a), len(b))
    if shortest < 5:
        return False
    limit = 2 if shortest >= 9 else 1
    return abs(len(a) - len(b)) <= limit and _edit_distance(a, b, limit) <= limit


def block_keys(words: tuple[str, ...]) -> list[str]:
    """Every form of ``words`` with one run of at most two words cut out (or a gap inserted), marked "*".

    Two names are one word (of one or two syllables) apart exactly when they share one of these keys,
    which is how the index finds look-alike candidates without comparing every name.
    """
    keys = []
    for i in range(len(words) + 1):
        for cut in range(3):
            if i + cut <= len(words) and len(words) - cut > 0:
                keys.append(" ".join((*words[:i], "*", *words[i + cut :])))
    return keys


def deletions(word: str) -> set[str]:
    """The word with up to :func:`near`'s number of letters deleted: two misspellings of one word share
    one of these (the index uses them to find one-word look-alikes)."""
    if len(word) < 5:
        return {word}
    keys = {word}
    for _ in range(2 if len(word) >= 9 else 1):
        keys |= {k[:i] + k[i + 1 :] for k in keys for i in range(len(k))}
    return keys


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, stopping early above ``limit``."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class Vocabulary:
    """Which words are common and which are distinctive.

    Common: the curated words above, and any word used by at least ``floor`` agencies (or ``share`` of
    them): "Bảo", "Hoàng" or "Sông" appear in several unrelated firms' names, so sharing them ties
    nothing. A Vietnamese proper name is often two common syllables ("Hoàng Gia", "Gia Long"), so a rare
    pair of adjacent non-curated syllables is distinctive too. ``names`` gives each agency's words (name
    and short name together).
    """

    def __init__(self, names: Iterable[tuple[str, ...]], *, share: float = 0.01, floor: int = 3):
        words_seen: Counter[str] = Counter()
        pairs_seen: Counter[tuple[str, str]] = Counter()
        total = 0
        for ws in names:
            words_seen.update(set(ws))
            pairs_seen.update(set(zip(ws, ws[1:], strict=False)))
            total += 1
        threshold = max(floor, int(total * share))
        self.known = frozenset(words_seen)
        self.common = COMMON_WORDS | {w for w, n in words_seen.items() if n >= threshold}
        self.common_pairs = {p for p, n in pairs_seen.items() if n >= threshold}

    def distinctive(self, word: str) -> bool:
        return word not in self.common and not word.isdigit() and len(word) > 1

    def distinctive_pair(self, a: str, b: str) -> bool:
        """Whether two adjacent syllables make a rare name ("Hoàng Gia", "Bảo Việt") though each is common."""
        return (
            (a, b) not in self.common_pairs
            and a not in COMMON_WORDS
            and b not in COMMON_WORDS
            and len(a) > 1 < len(b)
        )

    def any_distinctive(self, words: tuple[str, ...]) -> bool:
        """Whether a run of words holds a distinctive word or a distinctive pair of syllables."""
        return any(self.distinctive(w) for w in words) or any(
            self.distinctive_pair(a, b) for a, b in zip(words, words[1:], strict=False)
        )


# How a typed name imitates a listed firm, closest first: the order look-alikes are listed in, so the first
# is the firm the worker most likely means. A different legal form (TNHH for a listed Cổ phần) is found by
# the index, which compares the forms' kinds; it ranks first.
OTHER_LEGAL_FORM, MISSPELT, WORDS_ADDED, WORD_CHANGED = 0, 1, 2, 3

# A name of common words only ("Thương mại Quốc tế") is a name of its own, to which words added make a
# look-alike, from this many words, in order ("Hợp tác Thương mại Quốc tế Việt Nhật").
LONG_NAME = 5

# A brand pair written as one string must be at least this long for one letter to count as a misspelling:
# "Bảo Vyệt" for "Bảo Việt" (7 letters) is; "Đống Đa" for "Đông Đô" (6, and two real places) is not.
PAIR_MISSPELLING_MIN = 7


def resemblance(query: tuple[str, ...], forms: Iterable[tuple[str, ...]], vocab: Vocabulary) -> int | None:
    """How ``query`` imitates the firm whose name and short name have the core words ``forms``: MISSPELT,
    WORDS_ADDED, WORD_CHANGED, or None when it does not.

    Only the firm's own words (a shortened form, "viet nhat vjitco") never imitate it: whether they single
    it out is the index's question. Otherwise, a look-alike is an impostor's pattern:

    - a distinctive word misspelt by a letter ("Simko" for "Simco", "Midory"), or a brand pair ("Bảo Vyệt",
      "Hoàng Gia Lonh"), every other word being the firm's own;
    - a listed name in full with words added, however generic ("… Việt Nam", "… Toàn Cầu"), when that name
      is distinctive, or long enough (LONG_NAME words, in order) to be a name of its own: "Hải Phòng" in full
      inside "Nhân lực Quốc tế Hải Phòng" ties nothing;
    - one run of at most two words changed, what is kept being two words or more with a distinctive one
      ("Quinn Hà Nam" for "Quinn Hà Nội"); real firms often share one brand word ("PV Trans", "PV
      Machino") or a two-syllable name ("Hoàng Long CMS", "Hoàng Long Huresu"), so that is not enough.
    """
    forms = [f for f in forms if f]
    known = {w for f in forms for w in f}
    if not query or not forms or set(query) <= known:
        return None
    if _misspelt(query, forms, known, vocab):
        return MISSPELT
    if any(_added(query, f, vocab) for f in forms):
        return WORDS_ADDED
    if any(_changed(query, f, vocab) for f in forms):
        return WORD_CHANGED
    return None


def lookalike(query: tuple[str, ...], name: tuple[str, ...], vocab: Vocabulary) -> bool:
    """Whether ``query`` imitates a firm with this one name (see :func:`resemblance`)."""
    return resemblance(query, [name], vocab) is not None


def _misspelt(
    query: tuple[str, ...], forms: list[tuple[str, ...]], known: set[str], vocab: Vocabulary
) -> bool:
    unknown = {w for w in query if w not in known}
    if len(unknown) > 2 or unknown & vocab.known:
        return False  # a word of another listed name is another name, not a slip ("Đại Dương", "Hải Dương")
    if len(unknown) == 1:
        (typed,) = unknown
        if any(vocab.distinctive(w) and near(typed, w) for w in known):
            return True
    pairs = {
        (a, b)
        for f in forms
        for a, b in zip(f, f[1:], strict=False)
        if vocab.distinctive_pair(a, b) and len(a + b) >= PAIR_MISSPELLING_MIN
    }
    for j in range(len(query) - 1):
        if unknown <= set(query[j : j + 2]):
            typed = query[j] + query[j + 1]
            if any(near(typed, a + b) for a, b in pairs if (a, b) != query[j : j + 2]):
                return True
    return False


def _added(query: tuple[str, ...], name: tuple[str, ...], vocab: Vocabulary) -> bool:
    if len(query) <= len(name) or Counter(name) - Counter(query):
        return False
    if vocab.any_distinctive(name):
        return True  # its words anywhere: "Nhân lực Quốc tế JH" for "Nhân lực JH"
    # A name of common words only counts in full and in order: "Cung ứng nhân lực Quốc tế Bắc Việt" holds
    # every word of "Nhân lực Quốc tế Việt" but is not that name with words added.
    n = len(name)
    return n >= LONG_NAME and any(query[i : i + n] == name for i in range(len(query) - n + 1))


def _changed(query: tuple[str, ...], name: tuple[str, ...], vocab: Vocabulary) -> bool:
    if abs(len(query) - len(name)) > 2:
        return False
    start = 0
    while start < min(len(query), len(name)) and query[start] == name[start]:
        start += 1
    end = 0
    while end < min(len(query), len(name)) - start and query[-1 - end] == name[-1 - end]:
        end += 1
    typed, listed = query[start : len(query) - end], name[start : len(name) - end]
    if not typed or not listed or len(typed) > 2 or len(listed) > 2:
        return False
    kept = name[:start] + name[len(name) - end :]
    return len(kept) >= 2 and any(vocab.distinctive(w) for w in kept)
