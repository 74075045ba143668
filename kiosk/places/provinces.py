"""Provinces after the 2025 reorganisation, and the resolver that maps any typed name to one of them.

Since 1 July 2025 Vietnam has 34 provincial units (Resolution 202/2025/QH15), but addresses, agency
rows and what people type still use the 63 old names, with or without diacritics, with or without
"tỉnh"/"TP"/"thành phố". :func:`resolve` accepts all of these and returns the current province plus
the old name that was typed, so a page can show "Bắc Ninh (formerly Bắc Giang)".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..text.fold import squash

# Administrative words people put before or after a name; removed before matching (folded forms).
_PREFIXES = ("thanh pho", "tinh", "tp", "t.p", "city of", "province of")
_SUFFIXES = ("city", "province", "provincial", "viet nam", "vietnam")
_NOT_NAME = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Province:
    """One of the 34 units; ``old_names`` are the pre-July-2025 provinces merged into it."""

    id: str
    name: str
    name_en: str
    kind: str  # "city" (centrally-run) or "province"
    old_names: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    old_aliases: tuple[tuple[str, str], ...] = ()  # (another spelling, the old name it stands for)
    centre: str | None = None
    confidence: str = "verified"
    source: tuple[str, ...] = ()
    verified_on: str = ""


@dataclass(frozen=True)
class Match:
    """A resolved name: the current province, and the old name typed (None when the current name was)."""

    province: Province
    old_name: str | None


class UnknownProvince(LookupError):
    """A name that is neither a current nor an old province (validation code ``unknown_province``)."""

    code = "unknown_province"

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"{name!r} is neither a current nor a pre-2025 province")


def key(text: str | None) -> str:
    """The matching key of a typed name: folded, administrative words and every non-letter removed."""
    text = squash(text).replace("-", " ").replace("–", " ")
    text = re.sub(r"[,.;:()]+$", "", text).strip()
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if text.startswith(prefix + " ") or text.startswith(prefix + "."):
                text = text[len(prefix) + 1 :].strip(" .")
                changed = True
        for suffix in _SUFFIXES:
            if text.endswith(" " + suffix):
                text = text[: -len(suffix) - 1].strip(" ,.")
                changed = True
    return _NOT_NAME.sub("", text)


class Directory:
    """The provinces with a lookup table from every current, old and alias name's key."""

    def __init__(self, provinces: Iterable[Province]):
        self.provinces: tuple[Province, ...] = tuple(provinces)
        self.by_id = {p.id: p for p in self.provinces}
        self._current: dict[str, Province] = {}
        self._old: dict[str, tuple[Province, str]] = {}
        for p in self.provinces:
            for name in (p.name, p.name_en, *p.aliases):
                self._current.setdefault(key(name), p)
        for p in self.provinces:
            for old in p.old_names:
                self._old.setdefault(key(old), (p, old))
            for alias, old in p.old_aliases:
                self._old.setdefault(key(alias), (p, old))

    def resolve(self, text: str | None) -> Match:
        """Return the current province for a current, old or alias name.

        A name that is both current and old (Bắc Ninh, Quảng Trị) is the current province: the old
        unit of the same name is part of it. :raise UnknownProvince: no province has that name.
        """
        k = key(text)
        if k and k in self._current:
            return Match(self._current[k], None)
        if k and k in self._old:
            province, old = self._old[k]
            return Match(province, None if key(old) == key(province.name) else old)
        raise UnknownProvince(str(text or ""))

    def find(self, text: str | None) -> Match | None:
        """Like :meth:`resolve`, but None for an unknown name."""
        try:
            return self.resolve(text)
        except UnknownProvince:
            return None

    def __len__(self) -> int:
        return len(self.provinces)


def from_rows(rows: Iterable[Mapping]) -> Directory:
    """A directory from the ``provinces`` table rows (list fields stored as JSON)."""
    return Directory(
        Province(
            id=r["id"],
            name=r["name"],
            name_en=r["name_en"],
            kind=r["kind"],
            old_names=tuple(json.loads(r["old_names"])),
            aliases=tuple(json.loads(r["aliases"])),
            old_aliases=tuple((a, o) for a, o in json.loads(r["old_aliases"]).items()),
            centre=r["centre"] or None,
            confidence=r["confidence"],
            source=tuple(json.loads(r["source"])),
            verified_on=r["verified_on"],
        )
        for r in rows
    )
