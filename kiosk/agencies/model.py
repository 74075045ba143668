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
QUALITIES = ("exact", "partial", "lookalike", "none")
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

    ``quality`` says how the typed name relates to the list (DESIGN, agencies/check): ``exact`` (the full
    name, short name or licence number), ``partial`` (a shortened form that singles out one firm: only that
    firm's words), ``lookalike`` (an impostor's pattern: a listed name with words added, a distinctive word
    misspelt, a different legal form) or ``none``. ``verdict`` is the matched firm's status (licensed,
    suspended, revoked, unlicensed) for exact and partial, else ``lookalike`` or ``not_found``.
    ``lookalikes`` are the firms the name imitates, closest first. ``nearest`` is the firm the worker most
    likely means whatever the verdict (the match, the closest look-alike, or the one listed firm sharing a
    distinctive word): when it may not send workers, a page says so first. ``candidates`` are listed names
    that contain every word typed. ``warnings`` holds codes, e.g. ``provincial_licence``.
    """

    verdict: str
    match: Agency | None
    lookalikes: tuple[Agency, ...]
    candidates: tuple[Agency, ...]
    warnings: tuple[str, ...]
    as_of: str
    confidence: str
    quality: str = "none"
    nearest: Agency | None = None


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
    kinds: frozenset[str] = frozenset()  # legal-form kinds its name and short name state
    rare: set | None = None  # its distinctive words and pairs, once asked

    @cached_property
    def pairs(self) -> set[tuple[str, str]]:
        return {p for f in self.forms for p in zip(f, f[1:], strict=False)}


class AgencyIndex:
    """All agencies, indexed for exact keys, word search, shortened forms and look-alike candidates.

    Built once per content version. A look-alike shares a word with the name it imitates, or misspells one
    of its distinctive words or brand pairs, so a query's candidates are the firms holding one of its
    words (a dictionary lookup per word) and those found through letter deletions of its words; only
    those are compared (:func:`.names.resemblance`), never every name.
    """

    def __init__(self, agencies: Iterable[Agency], cover: Coverage | None = None):
        self.agencies: tuple[Agency, ...] = tuple(agencies)
        self.by_id = {a.id: a for a in self.agencies}
        self._entries: list[_Entry] = []
        self._keys: dict[str, list[int]] = defaultdict(list)
        self._licences: dict[str, int] = {}
        self._words: dict[str, set[int]] = defaultdict(set)
        self._core: dict[str, set[int]] = defaultdict(set)
        for i, a in enumerate(self.agencies):
            entry = _Entry(
                a, order=fold(a.name), kinds=names.legal_kinds(a.name) | names.legal_kinds(a.short_name)
            )
            for text in (a.name, a.short_name):
                ws = names.words(text)
                form = names.core_of(ws)
                if form and form not in entry.forms:
                    entry.forms.append(form)
                    self._file(i, form)
                entry.text.update(ws, form)
                for w in form:
                    self._core[w].add(i)
            for w in entry.text:
                self._words[w].add(i)
            if a.licence_no:
                self._licences[names.licence_key(a.licence_no)] = i
            self._entries.append(entry)
        self._vocabulary = sorted(self._words)
        self._by_name = sorted(range(len(self._entries)), key=lambda i: self._entries[i].order)
        self._rank = {i: r for r, i in enumerate(self._by_name)}
        self.vocab = names.Vocabulary(tuple(w for f in e.forms for w in f) for e in self._entries)
        # Letter deletions of the distinctive words and brand pairs, to find misspellings of them.
        self._misspellings: dict[str, set[str]] = defaultdict(set)
        self._longest = max((len(w) for w in self._core), default=0) * 2
        for w in self._core:
            if self.vocab.distinctive(w):
                for k in names.deletions(w):
                    self._misspellings[k].add(w)
        for e in self._entries:
            for a, b in e.pairs:
                if self.vocab.distinctive_pair(a, b) and len(a + b) >= names.PAIR_MISSPELLING_MIN:
                    for k in names.deletions(a + b):
                        self._misspellings[k].add(a + " " + b)
        self.coverage = cover or coverage(self.agencies, None, "", ())

    def _file(self, i: int, form: tuple[str, ...]) -> None:
        self._keys["".join(form)].append(i)

    @property
    def has_licences(self) -> bool:
        """Whether any agency's licence number is known (the check then takes one)."""
        return bool(self._licences)

    def find(self, ident: str) -> Agency | None:
        """An agency by its id or by its licence number."""
        if ident in self.by_id:
            return self.by_id[ident]
        i = self._licences.get(names.licence_key(ident))
        return self.agencies[i] if i is not None and names.licence_key(ident) else None

    def exact(self, text: str) -> list[Agency]:
        """Agencies whose full name, short name or licence number is ``text``, however it was typed (the
        legal form aside: see :meth:`check`)."""
        found = [self.agencies[i] for i in self._keys.get(names.key(text), [])]
        lic = self._licences.get(names.licence_key(text))
        if lic is not None and self.agencies[lic] not in found:
            found.append(self.agencies[lic])
        return found

    def partial(self, text: str) -> Agency | None:
        """The one firm a shortened form singles out: every word typed is a word of its name or short name,
        no other firm has them all, and they name something (a distinctive word, one of its distinctive
        pairs of syllables, or three words or more), so "xây dựng" alone names no one."""
        i = self._single(names.core(text))
        return None if i is None else self.agencies[i]

    def _single(self, query: tuple[str, ...]) -> int | None:
        ids = set(self._core.get(query[0], set())) if query else set()
        for w in query[1:]:
            ids &= self._core.get(w, set())
        if len(ids) != 1:
            return None
        (i,) = ids
        entry, vocab = self._entries[i], self.vocab
        named = (
            len(set(query)) >= 3
            or any(vocab.distinctive(w) for w in query)
            or any(
                p in entry.pairs and vocab.distinctive_pair(*p) for p in zip(query, query[1:], strict=False)
            )
        )
        return i if named else None

    def lookalikes(self, text: str, limit: int = 5) -> list[Agency]:
        """Listed agencies whose name or short name ``text`` imitates (see :func:`.names.resemblance`),
        closest first: a different legal form, a misspelling, words added, a word changed."""
        return [self.agencies[i] for _rank, i in self._resembling(text)[:limit]]

    def _resembling(self, text: str) -> list[tuple[int, int]]:
        query = names.core(text)
        if not query:
            return []
        ranked = {i: names.OTHER_LEGAL_FORM for i in self._other_legal_form(text)}
        for i in self._sharing(query) | self._misspelt(query):
            if i not in ranked:
                rank = names.resemblance(query, self._entries[i].forms, self.vocab)
                if rank is not None:
                    ranked[i] = rank
        # Closest first: by kind of imitation, then by how many typed words are not the firm's own.
        typed = set(query)
        apart = {i: len(typed - {w for f in self._entries[i].forms for w in f}) for i in ranked}
        return [
            (rank, i)
            for i, rank in sorted(ranked.items(), key=lambda item: (item[1], apart[item[0]], item[0]))
        ]

    def _other_legal_form(self, text: str) -> list[int]:
        """Firms ``text`` names exactly or singles out, but with a different legal form (TNHH for a listed
        Cổ phần): an impostor's pattern, never the firm itself."""
        kinds = names.legal_kinds(text)
        if not kinds:
            return []
        named = [*self._keys.get(names.key(text), []), self._single(names.core(text))]
        return [
            i
            for i in dict.fromkeys(named)
            if i is not None and self._entries[i].kinds and not kinds & self._entries[i].kinds
        ]

    def _sharing(self, query: tuple[str, ...]) -> set[int]:
        ids: set[int] = set()
        for w in set(query):
            ids |= self._core.get(w, set())
        return ids

    def _misspelt(self, query: tuple[str, ...]) -> set[int]:
        """Firms with a distinctive word or brand pair that a word or pair of ``query`` misspells."""
        typed = [w for w in query if w not in self._core]
        typed += [a + b for a, b in zip(query, query[1:], strict=False)]
        ids: set[int] = set()
        # A word far longer than any listed one misspells none (and its letter deletions grow as its square).
        for t in (t for t in typed if len(t) <= self._longest + 2):
            for k in names.deletions(t):
                for listed in self._misspellings.get(k, ()):
                    if names.near(t, listed.replace(" ", "")):
                        ids |= self._core.get(listed.split()[0], set())
        return ids

    def nearest_sharing(self, text: str) -> Agency | None:
        """The one listed firm whose rare words ``text`` mostly shares: at least half of its distinctive
        words and pairs of syllables ("midori nhat ban" names MIDORI; "danh sách" does not name "Sách Thiết
        bị Trường học"), or, when none is shared and no firm has every word typed, one it misspells. None
        when no firm or several do."""
        query = names.core(text)
        typed = set(query) | set(zip(query, query[1:], strict=False))
        scores: dict[int, float] = {}
        for i in self._sharing(query):
            rare = self._rare(i)
            if rare and len(rare & typed) * 2 >= len(rare):
                scores[i] = len(rare & typed) / len(rare)
        if not scores and query and not self._having(query, prefix=False):
            scores = dict.fromkeys(self._misspelt(query), 1.0)
        best = sorted(scores.items(), key=lambda item: -item[1])[:2]
        if not best or (len(best) == 2 and best[0][1] == best[1][1]):
            return None
        return self.agencies[best[0][0]]

    def _rare(self, i: int) -> set:
        """A firm's distinctive words and distinctive pairs of syllables."""
        entry = self._entries[i]
        if entry.rare is None:
            words = {w for f in entry.forms for w in f if self.vocab.distinctive(w)}
            entry.rare = words | {p for p in entry.pairs if self.vocab.distinctive_pair(*p)}
        return entry.rare

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
        """The verdict for a name (or short name, or licence number) as a worker heard it, or asked it."""
        text = names.without_question(text)
        warnings = ("provincial_licence",) if names.is_provincial_licence(text) else ()
        resembling = [(rank, self.agencies[i]) for rank, i in self._resembling(text)]
        other_form = {a.id for rank, a in resembling if rank == names.OTHER_LEGAL_FORM}
        exact = [a for a in self.exact(text) if a.id not in other_form]
        exact.sort(key=lambda a: -STATUSES.index(a.status))  # the gravest status first
        partial = None if exact else self.partial(text)
        if partial is not None and partial.id in other_form:
            partial = None
        match = exact[0] if exact else partial
        taken = {a.id for a in exact} | ({match.id} if match else set())
        looks = tuple(a for _rank, a in resembling if a.id not in taken)[:5]
        if match is not None:
            quality = "exact" if exact else "partial"
            return Check(
                match.status, match, looks, (), warnings, match.as_of, match.confidence, quality, match
            )
        common = {"warnings": warnings, "as_of": self.coverage.as_of, "confidence": self._weakest()}
        if looks:
            return Check("lookalike", None, looks, (), quality="lookalike", nearest=looks[0], **common)
        cands = tuple(self.candidates(text))
        return Check(
            "not_found", None, (), cands, quality="none", nearest=self.nearest_sharing(text), **common
        )

    def _weakest(self) -> str:
        """The confidence of the list as a whole: that of its least certain row."""
        present = {a.confidence for a in self.agencies}
        return next((c for c in reversed(CONFIDENCES) if c in present), "unverified")
