"""Workers' words for search (``content/search.yaml``): synonyms and compounds, applied alike to the pages
when the index is built and to every query, with or without diacritics.

A worker types "tien dat coc" or "cò" where the pages say "tiền ký quỹ" or "môi giới". Each synonym group
names one ``canonical`` phrase and the ``variants`` people use for it: a page holding a variant is indexed as
holding the canonical phrase too, and a query's variant is read as the canonical phrase, so either finds the
other. A variant marked ``marked: true`` is recognised only when typed with its marks ("cò" is a broker, "co"
is a dozen other words).

A compound is two or more syllables that mean something of their own: "lương thực" is food, not "lương"
(a wage). Its syllables are joined into one word ("lương_thực") in the pages and in queries, so "luong"
no longer finds food companies while "luong thuc" still finds them.

Pure text functions; ``kiosk.build`` checks the file and writes the table beside the index, where
``kiosk.search.query`` reads it with the index. Nothing typed is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..text.fold import fold, nfc

FILE_NAME = "words.json"  # beside the index files
_WORD = re.compile(r"\w+")
JOIN = "_"  # a word character, so the indexer's tokenizer keeps a joined compound as one word


@dataclass(frozen=True)
class Phrase:
    """A run of words: ``words`` folded (or exact, lower case, when ``marked``)."""

    words: tuple[str, ...]
    marked: bool = False


@dataclass(frozen=True)
class WordTable:
    """Synonym groups (canonical phrase as written, and its variants) and compounds (folded words)."""

    synonyms: tuple[tuple[str, tuple[Phrase, ...]], ...] = ()
    compounds: tuple[tuple[str, ...], ...] = ()
    _variants: dict = field(default_factory=dict, compare=False, repr=False)
    _compounds: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for canonical, variants in self.synonyms:
            # The canonical phrase read as itself, so a variant inside it ("sứ quán" in "đại sứ quán") is
            # not read again.
            itself = Phrase(_words(canonical))
            for v in (itself, *variants):
                self._variants.setdefault(v.words[0], []).append((v, canonical))
        for words in self.compounds:
            self._compounds.setdefault(words[0], []).append(words)
        # Longest first: "tiền đặt cọc" before "đặt cọc".
        for options in self._variants.values():
            options.sort(key=lambda o: -len(o[0].words))
        for options in self._compounds.values():
            options.sort(key=lambda c: -len(c))

    @classmethod
    def from_records(cls, synonyms: Iterable[dict], compounds: Iterable[str]) -> WordTable:
        groups = []
        for group in synonyms:
            variants = tuple(
                Phrase(_words(v["text"], marked=v.get("marked", False)), v.get("marked", False))
                for v in group["variants"]
            )
            groups.append((nfc(group["canonical"]), variants))
        return cls(tuple(groups), tuple(_words(c) for c in compounds))

    def to_json(self) -> str:
        return json.dumps(
            {
                "synonyms": [
                    {"canonical": c, "variants": [{"words": v.words, "marked": v.marked} for v in vs]}
                    for c, vs in self.synonyms
                ],
                "compounds": self.compounds,
            },
            ensure_ascii=False,
        )

    @classmethod
    def read(cls, folder: Path) -> WordTable:
        """The table written beside an index; an empty one for an index built without it."""
        try:
            data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
            groups = tuple(
                (g["canonical"], tuple(Phrase(tuple(v["words"]), v["marked"]) for v in g["variants"]))
                for g in data["synonyms"]
            )
            return cls(groups, tuple(tuple(c) for c in data["compounds"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()  # no table (an index built before it existed): the pages' own words only

    def write(self, folder: Path) -> None:
        (folder / FILE_NAME).write_text(self.to_json(), encoding="utf-8")

    def __len__(self) -> int:
        return len(self.synonyms) + len(self.compounds)

    # Pages

    def page_text(self, text: str) -> str:
        """A page's text as indexed: compounds joined."""
        return self._join(nfc(text)) if self._compounds else nfc(text)

    def page_extra(self, text: str) -> str:
        """The canonical phrases of the variants a page holds, compounds joined, one per line (to index
        beside the page's own words)."""
        if not self._variants:
            return ""
        found = {
            canonical
            for start, end, canonical in self._find(nfc(text))
            if fold(text[start:end]) != fold(canonical)
        }
        return "\n".join(self.page_text(c) for c in sorted(found))

    # Queries

    def query_text(self, text: str) -> str:
        """A query as searched: each variant read as its canonical phrase, then compounds joined."""
        text = nfc(text)
        if self._variants:
            out, at = [], 0
            for start, end, canonical in self._find(text):
                typed = text[start:end]
                out += [text[at:start], typed if fold(typed) == fold(canonical) else canonical]
                at = end
            text = "".join(out) + text[at:]
        return self.page_text(text)

    # Matching runs of words

    def _find(self, text: str):
        """(start, end, canonical) for each variant in ``text``, left to right, longest first, no overlap."""
        words = list(_WORD.finditer(text))
        folded = [fold(m.group()) for m in words]
        lower = [m.group().lower() for m in words]
        i = 0
        while i < len(words):
            hit = None
            for variant, canonical in [*self._variants.get(folded[i], ()), *self._variants.get(lower[i], ())]:
                size = len(variant.words)
                typed = (lower if variant.marked else folded)[i : i + size]
                if tuple(typed) == variant.words:
                    hit = (words[i].start(), words[i + size - 1].end(), canonical, size)
                    break
            if hit:
                yield hit[:3]
                i += hit[3]
            else:
                i += 1

    def _join(self, text: str) -> str:
        words = list(_WORD.finditer(text))
        folded = [fold(m.group()) for m in words]
        out, at, i = [], 0, 0
        while i < len(words):
            size = next(
                (len(c) for c in self._compounds.get(folded[i], ()) if tuple(folded[i : i + len(c)]) == c), 0
            )
            if size > 1:
                out += [text[at : words[i].start()], JOIN.join(m.group() for m in words[i : i + size])]
                at = words[i + size - 1].end()
                i += size
            else:
                i += 1
        return "".join(out) + text[at:]


def _words(text: str, marked: bool = False) -> tuple[str, ...]:
    found = _WORD.findall(nfc(text))
    return tuple(w.lower() for w in found) if marked else tuple(fold(w) for w in found)


def split_joined(words: Iterable[str]) -> tuple[str, ...]:
    """Words with joined compounds split again ("luong_thuc" → "luong", "thuc"), to compare with page text
    read as it is shown."""
    return tuple(part for w in words for part in w.split(JOIN) if part)
