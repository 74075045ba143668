"""The agency list in memory: lookup by any spelling, status as of a date, and the check's verdict.

Pure (no Flask). The web side builds one :class:`AgencyIndex` per content version and asks it
``check(name)``, ``find(id_or_licence)`` and ``search(q, ...)``. Everything returned is data and codes;
templates turn codes into words. Why the care: the list is partial and mostly unofficial
(../shared/facts/agencies.md), so a verdict always carries its date, source and confidence, and "not
on the list" never reads as "fake" or as "safe".
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ..text.fold import fold
from . import names

STATUSES = ("licensed", "suspended", "revoked", "unlicensed")
CONFIDENCES = ("official", "verified", "unverified")
# How the status is known: on an unofficial copy of DOLAB's list, inferred from a fine imposed on the firm
# as a sending agency, reported by a news or official source, or on an official list (the importer).
BASES = ("unofficial_copy", "fined_as_agency", "reported", "official_list")
# What a suspension covers: only recruiting and preparing workers, or all sending.
SCOPES = ("recruiting", "all")


@dataclass(frozen=True)
class Agency:
    """One row of ``content/agencies.csv`` after loading (dates are ISO, possibly ``YYYY-MM`` or ``YYYY``)."""

    id: str
    name: str
    short_name: str = ""
    licence_no: str = ""
    status: str = "licensed"
    status_since: str = ""
    status_months: int | None = None
    status_scope: str = ""
    status_basis: str = "reported"
    confidence: str = "unverified"
    province: str = ""
    province_old: str = ""
    address: str = ""
    phone: str = ""
    markets: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    source_date: str = ""
    verified_on: str = ""
    evidence: str = ""

    @property
    def status_until(self) -> str:
        """End of a time-bounded suspension (start plus its length), or "" when either is unknown."""
        if self.status != "suspended" or not self.status_since or not self.status_months:
            return ""
        return add_months(self.status_since, self.status_months)

    @cached_property
    def name_ascii(self) -> str:
        return " ".join(names.words(self.name))

    @property
    def as_of(self) -> str:
        """The date the status is known for: when it began, else the source's date."""
        return self.status_since or self.source_date


@dataclass(frozen=True)
class Reading:
    """The status in words-to-be: ``code`` picks the sentence, the dates fill it in, ``tone`` its colour."""

    code: str
    since: str
    until: str
    months: int | None
    scope: str
    tone: str = "warn"  # ok: on DOLAB's official list; bad: may not send workers now; warn: anything between


@dataclass(frozen=True)
class Coverage:
    """How much of the real list we hold: "N agencies; DOLAB counted about M licensed firms on DATE"."""

    agencies: int
    by_status: dict[str, int]
    by_confidence: dict[str, int]
    official_total: int | None
    as_of: str
    sources: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "agencies": self.agencies,
            "by_status": self.by_status,
            "by_confidence": self.by_confidence,
            "official_total": self.official_total,
            "as_of": self.as_of,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class Check:
    """The answer to "is this agency real?".

    ``verdict`` is one of licensed, suspended, revoked, unlicensed (an exact match's status), lookalike
    (close to a listed name but not it) or not_found. ``candidates`` are listed names that contain every
    word typed (a fragment such as "Hoàng Phát" is never taken for a match). ``warnings`` holds codes,
    e.g. ``provincial_licence``.
    """

    verdict: str
    match: Agency | None
    lookalikes: tuple[Agency, ...]
    candidates: tuple[Agency, ...]
    warnings: tuple[str, ...]
    as_of: str
    confidence: str


def add_months(date: str, months: int) -> str:
    """``YYYY-MM[-DD]`` plus whole months, keeping the precision given (day clamped to the month's end)."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return str(parts[0] + (months + 11) // 12) if months % 12 else str(parts[0] + months // 12)
    total = parts[0] * 12 + parts[1] - 1 + months
    year, month = divmod(total, 12)
    if len(parts) == 2:
        return f"{year:04d}-{month + 1:02d}"
    next_month = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    day = min(parts[2], (next_month - dt.timedelta(days=1)).day)
    return f"{year:04d}-{month + 1:02d}-{day:02d}"


def before(date: str, today: dt.date) -> bool:
    """Whether a (possibly partial) date lies wholly before ``today`` ("2025-04" is before 2025-05-01)."""
    return date < today.isoformat()[: len(date)]


def reading(agency: Agency, today: dt.date) -> Reading:
    """The status as of ``today``: a suspension whose end has passed reads as "probably ended", and so does a
    suspension of known length whose start is not known: no date to count from, so it cannot be shown as
    in force now (a source that names a length without a date is reporting a past decision)."""
    code = {
        "licensed": f"licensed_{agency.status_basis}",
        "revoked": "revoked",
        "unlicensed": "fined_without_licence",
    }.get(agency.status, "")
    until = agency.status_until
    if agency.status == "suspended":
        if until and before(until, today):
            code = "suspension_ended"
        elif not agency.status_since and agency.status_months:
            code = "suspension_dates_unknown"
        elif until:
            code = "suspended_until"
        else:
            code = "suspended_end_unknown"
    if agency.status in ("revoked", "unlicensed") or code in ("suspended_until", "suspended_end_unknown"):
        tone = "bad"
    elif agency.status == "licensed" and agency.confidence == "official":
        tone = "ok"
    else:
        tone = "warn"  # listed but not confirmed, or a suspension that should have ended
    return Reading(code, agency.status_since, until, agency.status_months, agency.status_scope, tone)


def coverage(
    agencies: Iterable[Agency], official_total: int | None, as_of: str, sources: Iterable[str]
) -> Coverage:
    rows = list(agencies)
    by_status = {s: sum(a.status == s for a in rows) for s in STATUSES}
    by_confidence = {c: sum(a.confidence == c for a in rows) for c in CONFIDENCES}
    return Coverage(len(rows), by_status, by_confidence, official_total, as_of, tuple(sources))


@dataclass
class _Entry:
    agency: Agency
    forms: list[tuple[str, ...]] = field(default_factory=list)  # core words of the name and short name
    text: set[str] = field(default_factory=set)  # every folded word, for search
    order: str = ""  # the folded name, for sorting


class AgencyIndex:
    """All agencies, indexed for exact keys, word search and look-alike candidates.

    Built once per content version. A look-alike differs from a name in one run of at most two words, so
    each name is filed under every "name with one run cut out" key (:func:`.names.block_keys`), and
    a query finds its candidates with a few dictionary lookups instead of comparing every name; one-word
    misspellings are found the same way through letter deletions.
    """

    def __init__(self, agencies: Iterable[Agency], cover: Coverage | None = None):
        self.agencies: tuple[Agency, ...] = tuple(agencies)
        self.by_id = {a.id: a for a in self.agencies}
        self._entries: list[_Entry] = []
        self._keys: dict[str, list[int]] = defaultdict(list)
        self._licences: dict[str, int] = {}
        self._words: dict[str, set[int]] = defaultdict(set)
        self._blocks: dict[str, set[int]] = defaultdict(set)
        self._spellings: dict[str, set[int]] = defaultdict(set)
        for i, a in enumerate(self.agencies):
            entry = _Entry(a, order=fold(a.name))
            for text in (a.name, a.short_name):
                ws = names.words(text)
                form = names.core_of(ws)
                if form and form not in entry.forms:
                    entry.forms.append(form)
                    self._file(i, form)
                entry.text.update(ws, form)
            for w in entry.text:
                self._words[w].add(i)
            if a.licence_no:
                self._licences[names.licence_key(a.licence_no)] = i
            self._entries.append(entry)
        self._vocabulary = sorted(self._words)
        self._by_name = sorted(range(len(self._entries)), key=lambda i: self._entries[i].order)
        self._rank = {i: r for r, i in enumerate(self._by_name)}
        self.vocab = names.Vocabulary(tuple(w for f in e.forms for w in f) for e in self._entries)
        self.coverage = cover or coverage(self.agencies, None, "", ())

    def _file(self, i: int, form: tuple[str, ...]) -> None:
        self._keys["".join(form)].append(i)
        for k in names.block_keys(form):
            self._blocks[k].add(i)
        if len(form) == 1:
            for k in names.deletions(form[0]):
                self._spellings[k].add(i)

    def find(self, ident: str) -> Agency | None:
        """An agency by its id or by its licence number."""
        if ident in self.by_id:
            return self.by_id[ident]
        i = self._licences.get(names.licence_key(ident))
        return self.agencies[i] if i is not None and names.licence_key(ident) else None

    def exact(self, text: str) -> list[Agency]:
        """Agencies whose full name, short name or licence number is ``text``, however it was typed."""
        found = [self.agencies[i] for i in self._keys.get(names.key(text), [])]
        lic = self._licences.get(names.licence_key(text))
        if lic is not None and self.agencies[lic] not in found:
            found.append(self.agencies[lic])
        return found

    def lookalikes(self, text: str, limit: int = 5) -> list[Agency]:
        """Listed agencies whose name or short name ``text`` imitates (see :func:`.names.lookalike`)."""
        query = names.core(text)
        if not query:
            return []
        ids: set[int] = set()
        for k in names.block_keys(query):
            ids.update(self._blocks.get(k, ()))
        if len(query) == 1:
            for k in names.deletions(query[0]):
                ids.update(self._spellings.get(k, ()))
        found = []
        for i in sorted(ids):
            if any(names.lookalike(query, form, self.vocab) for form in self._entries[i].forms):
                found.append(self.agencies[i])
                if len(found) >= limit:
                    break
        return found

    def candidates(self, text: str, limit: int = 5) -> list[Agency]:
        """Listed agencies whose name or short name contains every word typed, as whole words."""
        query = names.core(text)
        ids = self._having(query, prefix=False) if query else set()
        return [self.agencies[i] for i in sorted(ids)[:limit]]

    def _having(self, query: tuple[str, ...], *, prefix: bool) -> set[int]:
        """Entries holding every word of ``query`` (the last one as a prefix, if asked)."""
        *whole, last = query
        if prefix:
            start = bisect.bisect_left(self._vocabulary, last)
            ids: set[int] = set()
            for word in self._vocabulary[start:]:
                if not word.startswith(last):
                    break
                ids |= self._words[word]
        else:
            ids = set(self._words.get(last, ()))
        for w in whole:
            ids &= self._words.get(w, set())
        return ids

    def search(
        self,
        q: str = "",
        *,
        province: str = "",
        province_old: str = "",
        market: str = "",
        status: str = "",
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[Agency]]:
        """Filter the list; ``q`` matches the full name, short name or licence number, marks or not.

        ``province`` is a current province's name; ``province_old`` narrows it to one pre-2025 province.
        Returns the total count and one page of results (exact name matches first, then by name).
        """
        query = names.core(q) or names.words(q)
        if query:
            ids = self._having(query, prefix=True)
            lic = self._licences.get(names.licence_key(q))
            if lic is not None:
                ids.add(lic)
            order = sorted(ids, key=self._rank.__getitem__)
        else:
            order = self._by_name
        hits = [
            e
            for e in map(self._entries.__getitem__, order)
            if not (status and e.agency.status != status)
            and not (market and market not in e.agency.markets)
            and not (province and e.agency.province != province)
            and not (province_old and e.agency.province_old != province_old)
        ]
        exact = {a.id for a in self.exact(q)} if q else set()
        if exact:
            hits = [e for e in hits if e.agency.id in exact] + [e for e in hits if e.agency.id not in exact]
        return len(hits), [e.agency for e in hits[offset : offset + limit]]

    def check(self, text: str) -> Check:
        """The verdict for a name (or short name, or licence number) as a worker heard it."""
        warnings = ("provincial_licence",) if names.is_provincial_licence(text) else ()
        exact = self.exact(text)
        exact.sort(key=lambda a: -STATUSES.index(a.status))  # the gravest status first
        match = exact[0] if exact else None
        looks = [a for a in self.lookalikes(text) if a not in exact]
        if match is not None:
            return Check(match.status, match, tuple(looks), (), warnings, match.as_of, match.confidence)
        verdict = "lookalike" if looks else "not_found"
        shown = {a.id for a in looks}
        cands = tuple(a for a in self.candidates(text) if a.id not in shown)
        return Check(verdict, None, tuple(looks), cands, warnings, self.coverage.as_of, self._weakest())

    def _weakest(self) -> str:
        """The confidence of the list as a whole: that of its least certain row."""
        present = {a.confidence for a in self.agencies}
        return next((c for c in reversed(CONFIDENCES) if c in present), "unverified")
