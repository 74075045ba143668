"""Agency names as a worker types them: folding, legal-form words, slugs, and the look-alike test.

Scammers borrow the names of licensed firms ("Nhân lực JH Việt Nam" for "Nhân lực JH", "Simko" for
"Simco"), while real firms often share common words ("nhân lực", "quốc tế", "Hoàng Phát"). So names are
compared as folded word lists with the legal form ("Công ty", "TNHH", "CP", "JSC", "Co., Ltd"...)
dropped, and a name is a look-alike of another only when one word (one or two syllables) is added,
dropped or changed, or one word is misspelt, *and* what the two still share is distinctive: a word, or a
pair of syllables, that few listed names use. Common words alone never tie two names together.
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


def core(text: str | None) -> tuple[str, ...]:
    """The words that name the firm: legal-form words dropped, "viet nam" joined.

    A trailing lone "co" (as in "Golden Top Co.") is part of the legal form; elsewhere "co" can be the
    folded "Cơ" of "Cơ khí" and is kept.
    """
    return core_of(words(text))


def core_of(ws: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`core` for words already folded and split."""
    out: list[str] = []
    i = 0
    while i < len(ws):
        for form in LEGAL_FORMS:
            if tuple(ws[i : i + len(form)]) == form:
                i += len(form)
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
    return tuple(out)


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
        self.common = COMMON_WORDS | {w for w, n in words_seen.items() if n >= threshold}
        self.common_pairs = {p for p, n in pairs_seen.items() if n >= threshold}

    def distinctive(self, word: str) -> bool:
        return word not in self.common and not word.isdigit() and len(word) > 1

    def any_distinctive(self, words: tuple[str, ...]) -> bool:
        """Whether a run of words holds a distinctive word or a distinctive pair of syllables."""
        if any(self.distinctive(w) for w in words):
            return True
        return any(
            (a, b) not in self.common_pairs
            and a not in COMMON_WORDS
            and b not in COMMON_WORDS
            and len(a) > 1 < len(b)
            for a, b in zip(words, words[1:], strict=False)
        )


def lookalike(query: tuple[str, ...], name: tuple[str, ...], vocab: Vocabulary) -> bool:
    """Whether ``query`` is close to, but not, ``name``: one word (one or two syllables) added, dropped or
    changed.

    What the two still share must be distinctive, so "Thương mại Bảo Thịnh" and "Thương mại Bảo Minh" are
    two firms, and "Hoàng Phát" in two otherwise different names ties nothing. A misspelt distinctive word
    ("Simko" for "Simco") is a look-alike; a word swapped for an unrelated one needs two shared words
    besides, one of them distinctive on its own, since real firms often share one brand word ("PV Trans",
    "PV Machino") or a two-syllable name ("Hoàng Long CMS", "Hoàng Long Huresu").
    """
    if not query or not name or "".join(query) == "".join(name) or abs(len(query) - len(name)) > 2:
        return False
    start = 0
    while start < min(len(query), len(name)) and query[start] == name[start]:
        start += 1
    end = 0
    while end < min(len(query), len(name)) - start and query[-1 - end] == name[-1 - end]:
        end += 1
    typed, listed = query[start : len(query) - end], name[start : len(name) - end]
    if len(typed) > 2 or len(listed) > 2:
        return False
    before, after = name[:start], name[len(name) - end :]
    if typed and listed:
        if len(typed) == len(listed) == 1 and near(typed[0], listed[0]) and vocab.distinctive(listed[0]):
            return True
        kept = before + after
        return len(kept) >= 2 and any(vocab.distinctive(w) for w in kept)
    return vocab.any_distinctive(before) or vocab.any_distinctive(after)
