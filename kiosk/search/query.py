"""Searching the Whoosh index that `kiosk build` wrote: the one place that turns typed text into results.

People type on phones and shared screens, often without diacritics, sometimes in capitals, sometimes with
a slip of the finger. So a query is NFC-normalised and analysed by the indexer's own analysers, and
searched in tiers:

Before that, workers' words are applied as the index applied them to the pages (:mod:`kiosk.search.words`):
a synonym typed ("tien dat coc") is read as its canonical phrase ("tiền ký quỹ"), and a compound ("lương
thực") is one word, so "luong" does not find it.

1. every word must match, diacritics aside (in the folded and stemmed field, so "scams" finds "scam");
   within that, a match in the title, with the same diacritics or of the whole phrase scores higher;
2. only when tier 1 finds nothing: most of the words, each allowing a typing slip (fuzzy).

A content version's folder never changes once installed, so its opened index (with every term's entry,
see :mod:`kiosk.termtable`), its titles and each document's folded text are kept for as long as that
folder is the one asked for; a new version is a new folder and replaces them. Nothing typed is kept:
results are worked out afresh for every query.

The fast path (the term table, ``TitlePhrase``, the union ``Or``) reads parts of Whoosh that are not its
public API and may move in any upgrade. So it reads them only when an index is opened or a query runs,
never at import, and any failure of it hands the search to Whoosh's public API alone, with the same
results, logged once per process: a search never fails because a private attribute moved.
Nothing here imports Flask; results carry codes, not sentences.
"""

from __future__ import annotations

import collections
import functools
import itertools
import logging
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from whoosh import index, matching
from whoosh import util as whoosh_util
from whoosh.query import And, AndMaybe, FuzzyTerm, NullQuery, Phrase, Query, Require, Term
from whoosh.query import Or as _WhooshOr
from whoosh.searching import Searcher

from ..text.fold import fold, nfc, squash
from .index import exact_analyzer, folded_analyzer, folded_title, stemmed_analyzer
from .words import WordTable, split_joined

log = logging.getLogger(__name__)

# Telex typed on a keyboard with no Vietnamese input method leaves its keys in the word ("luwaf ddaor" for
# "lừa đảo"): a tone key at the end, a doubled vowel or a w for a vowel mark, dd for đ.
_TELEX_TONE = re.compile(r"(?<=[a-z])[sfrxj]$")
_TELEX_KEYS = (
    ("dd", "d"),
    ("aa", "a"),
    ("aw", "a"),
    ("ee", "e"),
    ("oo", "o"),
    ("ow", "o"),
    ("uw", "u"),
    ("w", "u"),
)


class Or(_WhooshOr):
    """Whoosh's Or, always as a tree of union matchers: on a small index Whoosh otherwise preloads every
    clause into a 2,048-slot score array built item by item, which was over half of each query's time.
    That array also claims as its best possible score its best clause's, not their sum, so a search with a
    limit skips pages that would score highest ("công ty cổ phần" lost its top page).

    ``matcher_type`` is Whoosh's undocumented switch; its value is read when a query runs, not at import."""

    @property
    def matcher_type(self) -> int:
        return _WhooshOr.DEFAULT_MATCHER


_WORD = re.compile(r"\w+")  # a word, as the indexer's tokenizer reads it
MAX_QUERY_CHARS = 200
MAX_WORDS = 12
# Finding the index's words within a typing slip of a typed one costs Whoosh an automaton per word, 5 to
# 25 ms each and growing with the word's length (0.3 s at 200 letters). So slips are looked for in the
# first words typed while their letters add up to at most FUZZY_LETTERS, none longer than
# MAX_FUZZY_LETTERS (no word the kiosk holds is near that long): a long query stays a few tens of ms.
MAX_FUZZY_LETTERS = 24
FUZZY_LETTERS = 32
MAX_LIMIT = 50
# Fewer pages than this holding every word, and pages holding most of them follow: the results a phone
# shows on its first screen. (Not more: that second query costs as much as the first.)
FEW = 3
RERANK_POOL = 20  # extra candidates read so a page named exactly by the query can be moved up
SNIPPET_CHARS = 180


class SearchUnavailable(Exception):
    """There is no index to search (content not built, or the index is damaged)."""


@dataclass(frozen=True)
class Hit:
    """One result: where it comes from (``type``), its page path after ``/<lang>/`` and a snippet.

    ``snippet`` is a tuple of (text, matched) pieces so a page can mark the matches without trusting HTML;
    ``fuzzy`` says the hit matched only with a spelling slip allowed (tier 2).
    """

    type: str
    title: str
    path: str
    snippet: tuple[tuple[str, bool], ...]
    fuzzy: bool

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.snippet)


@dataclass(frozen=True)
class Results:
    query: str
    hits: tuple[Hit, ...]
    terms: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.hits)

    @property
    def fuzzy(self) -> bool:
        """No page holds every word: all the hits are tier 2."""
        return bool(self.hits) and all(h.fuzzy for h in self.hits)


@dataclass(frozen=True)
class Words:
    """A query analysed four ways, in the order typed (``telex``: each folded word read as Telex)."""

    exact: tuple[str, ...]
    folded: tuple[str, ...]
    stemmed: tuple[str, ...]
    telex: tuple[str, ...]


def clean_query(text: str | None) -> str:
    """NFC, control characters dropped, whitespace collapsed, cut to ``MAX_QUERY_CHARS``."""
    return re.sub(r"\s+", " ", nfc(text)).strip()[:MAX_QUERY_CHARS]


# Made once; none of them keeps anything from the text it analyses (the stemmer's cache is off).
_EXACT, _FOLDED, _STEMMED = exact_analyzer(), folded_analyzer(), stemmed_analyzer(cachesize=None)


def analyse(text: str) -> Words:
    text = clean_query(text)
    exact = tuple(t.text for t in _EXACT(text))[:MAX_WORDS]
    folded = tuple(t.text for t in _FOLDED(text))[:MAX_WORDS]
    stemmed = tuple(t.text for t in _STEMMED(text))[:MAX_WORDS]
    return Words(exact, folded, stemmed, tuple(untelex(w) for w in folded))


def untelex(word: str) -> str:
    """The folded word a Telex typist meant when no input method turned the keys into marks.

    "luwaf" → "lua", "ddaor" → "dao", "chieeu" → "chieu". Used only as an extra way for a word to match.
    """
    if not word.isascii() or not word.isalpha():
        return word
    word = _TELEX_TONE.sub("", word)
    for keys, letter in _TELEX_KEYS:
        word = word.replace(keys, letter)
    return word


def build_queries(words: Words, titles: TitleRuns, fast: bool = True) -> tuple[Query, Query] | None:
    """The strict query (tier 1) and the loose one (tier 2), or None when nothing searchable was typed.

    ``titles``: the folded titles of the index searched, for the title phrase. ``fast``: with the fast
    path's query classes; without, Whoosh's own, which find and score the same.
    """
    if not words.folded:
        return None
    any_of = Or if fast else _WhooshOr
    # Which pages match is decided by the stemmed field alone: it holds title and body folded, so it finds
    # every page the folded fields would, reading one list of pages per word instead of three. The other
    # fields only add to the score: the folded title always; the exact fields for words typed with marks
    # (typed without, they would score again what was already matched).
    must = And([_stemmed(s, t, any_of) for s, t in zip(words.stemmed, words.telex, strict=True)])
    marked = words.exact != words.folded
    boosts: list[Query] = []
    for f, t in zip(words.folded, words.telex, strict=True):
        boosts += [Term("title_fold", f)] + ([Term("title_fold", t)] if t != f else [])
    for w, f in zip(words.exact, words.folded, strict=False):
        if w != f:
            boosts += [Term("title", w, boost=2.0), Term("body", w, boost=2.0)]
    if len(words.exact) > 1:
        if marked:
            boosts += [
                Phrase("title", list(words.exact), boost=6.0),
                Phrase("body", list(words.exact), boost=4.0),
            ]
        boosts.append(_title_phrase(titles, words.folded, 3.0, fast))
        if marked:
            # Unmarked, a body that holds the phrase is moved up by ``rank_group`` within the candidates
            # anyway; scoring it here as well costs a fifth of the query's time.
            boosts.append(Phrase("body_fold", list(words.folded), boost=2.0))
    strict = AndMaybe(must, any_of(boosts))
    loose_terms = [
        _loose(f, s, t, any_of, slip)
        for f, s, t, slip in zip(words.folded, words.stemmed, words.telex, _slips(words.folded), strict=True)
    ]
    need = len(loose_terms) - len(loose_terms) // 3
    loose = any_of(loose_terms, minmatch=need) if len(loose_terms) > 1 else loose_terms[0]
    return strict, loose


def most_words(words: Words, fast: bool = True) -> Query | None:
    """Pages holding all but about a third of the words typed, as typed (no spelling slips: those would
    read the whole vocabulary, and this query runs whenever few pages hold every word); None for one word."""
    terms = [
        _stemmed(s, t, Or if fast else _WhooshOr) for s, t in zip(words.stemmed, words.telex, strict=True)
    ]
    if len(terms) < 2:
        return None
    return (Or if fast else _WhooshOr)(terms, minmatch=len(terms) - max(1, len(terms) // 3))


STEM_BOOST = 4.0  # the stemmed field carries the body's weight too (the fewest changes to the ranking)


def _stemmed(stemmed: str, telex: str, any_of: type[_WhooshOr]) -> Query:
    """A word in the stemmed field, as typed or as its Telex keys read as marks."""
    options: list[Query] = [Term("stem", stemmed, boost=STEM_BOOST)]
    telex_stemmed = next((t.text for t in _STEMMED(telex)), telex)
    if telex_stemmed != stemmed:
        options.append(Term("stem", telex_stemmed, boost=STEM_BOOST))
    return any_of(options) if len(options) > 1 else options[0]


def _word(folded: str, stemmed: str, telex: str) -> list[Query]:
    options: list[Query] = [Term("title_fold", folded), Term("body_fold", folded), Term("stem", stemmed)]
    if telex != folded:
        options += [Term("title_fold", telex), Term("body_fold", telex)]
    return options


def _slips(folded: tuple[str, ...]) -> list[bool]:
    """For each word, whether a typing slip is looked for in it (see ``FUZZY_LETTERS``)."""
    letters, out = 0, []
    for word in folded:
        slip = 3 <= len(word) <= MAX_FUZZY_LETTERS and letters + len(word) <= FUZZY_LETTERS
        letters += len(word) if slip else 0
        out.append(slip)
    return out


def _loose(folded: str, stemmed: str, telex: str, any_of: type[_WhooshOr], slip: bool = True) -> Query:
    options = _word(folded, stemmed, telex)
    if slip and len(folded) >= 3:
        distance = 2 if len(folded) >= 8 else 1
        options += [
            FuzzyTerm("title_fold", folded, maxdist=distance, prefixlength=1, boost=0.5),
            FuzzyTerm("body_fold", folded, maxdist=distance, prefixlength=1, boost=0.3),
        ]
    return any_of(options)


def _title_phrase(titles: TitleRuns, words: tuple[str, ...], boost: float, fast: bool) -> Query:
    """``Phrase("title_fold", words)``, which Whoosh cannot run itself (that field keeps no positions):
    ``TitlePhrase`` on the fast path; without it, Whoosh's own classes scoring the words as it does, kept to
    the same pages, named by their ``id``."""
    pages = titles.holding(words)
    if fast:
        return TitlePhrase(words, pages, boost=boost)
    if not pages:
        return NullQuery
    named = _WhooshOr([Term("id", titles.ids[docnum]) for docnum in sorted(pages)])
    return Require(And([Term("title_fold", word) for word in words], boost=boost), named)


def search(folder: Path, text: str | None, lang: str, limit: int = 10) -> Results:
    """Search the index in ``folder`` for ``text`` in ``lang`` (documents for both languages included).

    :raise SearchUnavailable: there is no readable index in ``folder``.
    """
    query = clean_query(text)
    limit = max(1, min(int(limit), MAX_LIMIT))
    if not analyse(query).folded:
        return Results(query, (), ())
    opened = _opened(Path(folder))
    words = analyse(opened.words.query_text(query)) if opened.words else analyse(query)
    docs, exact = opened.find(words, lang, limit + RERANK_POOL, FEW)  # in score order; sort is stable
    ranked = sorted(enumerate(docs), key=lambda at: (at[0] >= exact, *rank_group(words, at[1])))
    terms = split_joined(words.folded + words.stemmed + words.telex)
    hits = tuple(
        Hit(doc.type, doc.title, doc.path, snippet(doc.body, terms, folded=doc.body_fold), at >= exact)
        for at, doc in ranked[:limit]
    )
    return Results(query, hits, words.folded)


class TitleRuns:
    """Each page's title, folded and split into words as the index splits ``title_fold``, so the pages
    whose title holds a phrase are found without reading word positions from the index; and each page's
    ``id``, by which Whoosh's own classes can be kept to those pages."""

    def __init__(self, reader, table: WordTable | None = None):
        self._titles: dict[int, tuple[str, ...]] = {}
        self._pairs: dict[tuple[str, str], list[int]] = {}
        self.ids: dict[int, str] = {}
        table = table or WordTable()
        for docnum, stored in reader.iter_docs():
            title = folded_title(table, nfc(stored.get("title", "")))  # as the index has it
            words = tuple(sys.intern(t.text) for t in _FOLDED(title))
            self._titles[docnum] = words
            self.ids[docnum] = stored["id"]
            for pair in set(zip(words, words[1:], strict=False)):
                self._pairs.setdefault(pair, []).append(docnum)

    def holding(self, phrase: tuple[str, ...]) -> frozenset[int]:
        """The pages whose title holds the words of ``phrase`` (two or more) one after another."""
        found = self._pairs.get((phrase[0], phrase[1]), ())
        return frozenset(d for d in found if len(phrase) == 2 or _holds_run(self._titles[d], phrase))


class TitlePhrase(Query):
    """Whoosh's ``Phrase("title_fold", words)``, scored exactly as it scores (its words' scores, added
    up, times ``boost``), for the pages ``TitleRuns.holding`` found. Whoosh's own reads and compares the
    positions of each word in every candidate: about a third of Whoosh's time on a two-word query."""

    def __init__(self, words: tuple[str, ...], docnums: frozenset[int], boost: float = 1.0):
        self.words, self.docnums, self.boost = tuple(words), docnums, boost

    def __repr__(self) -> str:
        return f"TitlePhrase({self.words!r}, {len(self.docnums)} pages, boost={self.boost})"

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and (other.words, other.docnums, other.boost) == (
            self.words,
            self.docnums,
            self.boost,
        )

    def __hash__(self) -> int:
        return hash((self.words, self.docnums, self.boost))

    def _terms(self) -> And:
        return And([Term("title_fold", word) for word in self.words])

    def estimate_size(self, ixreader) -> int:
        return self._terms().estimate_size(ixreader)  # as Phrase's, so Or builds the same matcher tree

    def estimate_min_size(self, ixreader) -> int:
        return self._terms().estimate_min_size(ixreader)

    def matcher(self, searcher, context=None) -> matching.Matcher:
        # Whoosh's matcher classes are looked up here, when a query runs: see the module's docstring.
        if not self.docnums:
            return matching.NullMatcher()
        ms = [Term("title_fold", word).matcher(searcher, context) for word in self.words]
        tree = whoosh_util.make_binary_tree(matching.IntersectionMatcher, ms)
        return matching.FilterMatcher(tree, self.docnums, boost=self.boost)


def _top(searcher: Searcher, query: Query, limit: int, language: set[int], fast: bool = True) -> list[int]:
    # Document numbers in score order, from ``items()``: ``list(results)`` would ask for a length, which
    # runs the whole query a second time to count every match. Without the fast path's ``Or`` every match
    # is scored (no limit for Whoosh): see ``Or`` for the pages Whoosh's own skips when given a limit.
    results = searcher.search(query, limit=limit if fast else None, filter=language)
    return [docnum for docnum, _score in itertools.islice(results.items(), limit)]


@dataclass(frozen=True)
class _Doc:
    """A document's stored fields with its text folded and split into words once (see ``_fold_text``)."""

    type: str
    title: str
    path: str
    body: str  # whitespace collapsed, as snippets show it
    body_fold: str  # ``body`` folded, character for character
    words: tuple[str, ...]  # title and body in lower case, word by word, for ``rank_group``
    words_fold: tuple[str, ...]  # the same, folded
    names: frozenset[str]  # ``title_keys(title)``
    name_runs: tuple[tuple[str, ...], ...]  # ``name_runs(names)``


class FairLock:
    """A lock that lets threads in the order they asked. Under load a plain lock lets the thread that just
    released it take it again, so one request can lose the race many times in a row: that, not the work,
    made the slowest searches slow."""

    def __init__(self):
        self._guard = threading.Lock()
        self._waiting: collections.deque[threading.Lock] = collections.deque()
        self._held = False

    def __enter__(self) -> FairLock:
        with self._guard:
            if not self._held:
                self._held = True
                return self
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        turn.acquire()  # released by the holder before us, which hands the lock straight over
        return self

    def __exit__(self, *_exc) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().release()
            else:
                self._held = False


class _Opened:
    """One content version's index, kept open: its reader (used under ``lock``), per-language document
    sets and each document's folded text, all from the content and never from a query.

    One reader rather than one per thread: each maps the index files again, and on one core threads would
    only take turns anyway. Each search gets a searcher of its own on that reader, because a searcher
    keeps a figure for every word it was asked about.
    """

    def __init__(self, ix, folder: Path | None = None):
        self.ix = ix
        self.reader = ix.reader()
        self.fast = True  # until the fast path fails; then Whoosh's public API alone (see ``find``)
        _with_term_table(self.reader)
        self.words = WordTable.read(folder) if folder else WordTable()  # the table built with this index
        self.titles = TitleRuns(self.reader, self.words)
        self.lock = FairLock()
        self.languages: dict[str, set[int]] = {}
        self.docs: dict[int, _Doc] = {}

    def find(self, words: Words, lang: str, limit: int, wanted: int) -> tuple[list[_Doc], int]:
        """Up to ``limit`` documents in ``lang`` for ``words``, in score order, and how many of the first
        hold every word (tier 1). When none does, the rest are pages holding most of the words, or a typing
        slip of one (tier 2); when fewer than ``wanted`` do, pages holding most of the words follow.

        On the fast path while it works. The first failure (Whoosh's private parts moved, most likely) is
        logged and this search and every later one are answered by Whoosh's public API alone.
        """
        if self.fast:
            try:
                return self._find(words, lang, limit, wanted, fast=True)
            except Exception as exc:
                _fell_back("the fast path", exc)
                self.plain()
        return self._find(words, lang, limit, wanted, fast=False)

    def _find(self, words: Words, lang: str, limit: int, wanted: int, fast: bool) -> tuple[list[_Doc], int]:
        strict, loose = build_queries(words, self.titles, fast=fast)
        with self.lock:  # one reader per version, for one thread at a time (Whoosh's are not thread-safe)
            searcher = self.searcher()
            language = self.language(searcher, lang)
            found = _top(searcher, strict, limit, language, fast)
            exact = len(found)
            if not found:
                found = _top(searcher, loose, limit, language, fast)
            elif exact < wanted and (most := most_words(words, fast=fast)) is not None:
                # Too few pages hold every word ("mat bao lau tra het no": one page has "mat" too): the
                # pages holding most of them follow, after every page that holds them all.
                kept = set(found)
                found += [d for d in _top(searcher, most, limit, language, fast) if d not in kept]
            return [self.doc(docnum) for docnum in found[:limit]], exact

    def plain(self) -> None:
        """Search with Whoosh's public API alone from now on, on a reader of its own (no term table)."""
        with self.lock:
            if self.fast:
                self.fast = False
                self.reader = self.ix.reader()

    def searcher(self) -> Searcher:
        return Searcher(self.reader, closereader=False)

    def language(self, searcher: Searcher, lang: str) -> set[int]:
        found = self.languages.get(lang)
        if found is None:
            query = _WhooshOr([Term("lang", lang), Term("lang", "*")])
            found = self.languages[lang] = set(searcher.docs_for_query(query))
        return found

    def doc(self, docnum: int) -> _Doc:
        doc = self.docs.get(docnum)
        if doc is None:
            stored = self.reader.stored_fields(docnum)
            title, body = stored["title"], re.sub(r"\s+", " ", stored.get("body", "")).strip()
            names = title_keys(title)
            text = f"{title}\n{body}".lower()
            doc = self.docs[docnum] = _Doc(
                type=stored["type"],
                title=title,
                path=stored["path"],
                body=body,
                body_fold=_fold_text(body),
                words=_split(text),
                words_fold=_split(_fold_text(text)),
                names=frozenset(names),
                name_runs=name_runs(names),
            )
        return doc


def _with_term_table(reader) -> None:
    """Give ``reader`` the term table, or leave it Whoosh's own terms if the table cannot be built."""
    try:
        # Imported here: a Whoosh without the classes the table builds on must cost the table, not search.
        from .termtable import use_term_table

        if use_term_table(reader):
            return
        _fell_back("the term table (terms in another format)")
    except Exception as exc:
        _fell_back("the term table", exc)


# Taken by the first fallback and never given back: one warning per process, however many searches.
_FELL_BACK = threading.Lock()


def _fell_back(what: str, exc: Exception | None = None) -> None:
    """Warn, once per process, that part of the fast path failed and Whoosh's public API answers instead:
    searches still work, but more slowly, and someone should look at what Whoosh changed."""
    if _FELL_BACK.acquire(blocking=False):
        log.warning("search: %s failed; Whoosh's public API answers instead", what, exc_info=exc)


_OPEN: dict[str, _Opened] = {}
_OPEN_LOCK = threading.Lock()


def _opened(folder: Path) -> _Opened:
    """The index in ``folder``, opened once per process; opening another folder forgets the last one.

    :raise SearchUnavailable: there is no readable index in ``folder``.
    """
    key = str(folder)
    with _OPEN_LOCK:
        opened = _OPEN.get(key)
        if opened is None:
            try:
                opened = _Opened(index.open_dir(key), Path(key))
            except (OSError, index.EmptyIndexError) as exc:
                raise SearchUnavailable(str(exc)) from exc
            _OPEN.clear()  # a search still running on the old version keeps its searcher until it ends
            _OPEN[key] = opened
    return opened


def prepare(folder: Path, langs: tuple[str, ...]) -> None:
    """Open the index in ``folder`` and read each language's set of pages now: opening (the term table
    and the title runs) takes about 0.3 s on a fast machine, and with one worker thread every request that
    arrives meanwhile waits behind the first search.

    :raise SearchUnavailable: there is no readable index in ``folder``.
    """
    opened = _opened(Path(folder))
    with opened.lock:
        searcher = opened.searcher()
        for lang in langs:
            opened.language(searcher, lang)


def rank_group(words: Words, doc: _Doc) -> tuple[bool, bool, bool, bool]:
    """A sort key that keeps the index's score order within four promises (False sorts first):

    a page whose whole title is the query (a country, an agency's short name); then a page the query names
    among other words ("di han quoc", "cong ty hoang gia long co uy tin khong"); then a page holding the
    words as one phrase (as typed, with their marks when marks were typed); then, for a query typed with
    marks, a page holding every word with exactly those marks.
    """
    marked = words.exact != words.folded
    typed = split_joined(words.exact if marked else words.folded)  # pages' words are read as shown
    folded = split_joined(words.folded)
    named = " ".join(folded) in doc.names
    mentioned = not named and any(_holds_run(folded, name) for name in doc.name_runs)
    phrase = len(typed) > 1 and _holds_run(doc.words if marked else doc.words_fold, typed)
    exact = marked and all(w in doc.words for w in typed)
    return (not named, not mentioned, not phrase, not exact)


def name_runs(names: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """The names a query may mention among other words: of two words or more, or one of five letters or
    more ("malaysia"), so that a short part such as "(cũ)" or "(EPS)" does not count as naming a page."""
    runs = (tuple(name.split()) for name in names)
    return tuple(run for run in runs if len(run) > 1 or (run and len(run[0]) >= 5))


def _split(text: str) -> tuple[str, ...]:
    # Interned: a word that recurs across documents is then held once.
    return tuple(map(sys.intern, _WORD.findall(text)))


def _holds_run(words: tuple[str, ...], run: tuple[str, ...]) -> bool:
    """Whether ``run`` occurs in ``words`` as consecutive words."""
    first, size = run[0], len(run)
    at = -1
    while True:
        try:
            at = words.index(first, at + 1)
        except ValueError:
            return False
        if words[at : at + size] == run:
            return True


def title_keys(title: str) -> set[str]:
    """The whole title folded, and its parts around a bracket ("Name (SHORT)"), so a query that is exactly
    a page's name (a country, an agency's short name) can rank that page first."""
    parts = {title, *re.split(r"[()]", title)}
    return {key for part in parts if (key := squash(re.sub(r"[^\w\s]", " ", part)))}


def snippet(
    body: str, terms: tuple[str, ...], size: int = SNIPPET_CHARS, folded: str | None = None
) -> tuple[tuple[str, bool], ...]:
    """The part of ``body`` around the first matched word, split into (text, matched) pieces.

    Matching is done on a folded copy aligned character by character with the original, so a match
    typed without diacritics still marks the words as written. ``folded``: that copy, when ``body``
    (whitespace already collapsed) was folded beforehand.
    """
    if folded is None:
        body = re.sub(r"\s+", " ", body).strip()
        folded = _fold_text(body)
    # A match is always a whole word: one of the terms, or a longer form of a long one. Words are looked
    # for with ``str.find``, never with a pattern built from what was typed.
    whole = {t for t in terms if len(t) < 4}
    longer = {t for t in terms if len(t) >= 4}
    first = min(
        (at for at, _ in _words(folded, whole, longer, 0, len(folded), first_only=True)), default=None
    )
    start, end = window(body, first, size)
    spans = sorted(_words(folded, whole, longer, first, end)) if first is not None else []
    return marked_pieces(body, spans, start, end)


def marked_pieces(
    body: str, spans: list[tuple[int, int]], start: int, end: int
) -> tuple[tuple[str, bool], ...]:
    """``body[start:end]`` as (text, matched) pieces, the sorted ``spans`` of matched words marked, with
    "…" where it was cut."""
    pieces: list[tuple[str, bool]] = []
    at = start
    for s, e in spans:
        if s < at or s >= end:
            continue
        e = min(e, end)
        if s > at:
            pieces.append((body[at:s], False))
        pieces.append((body[s:e], True))
        at = e
    if at < end:
        pieces.append((body[at:end], False))
    if start > 0:
        pieces.insert(0, ("… ", False))
    if end < len(body):
        pieces.append((" …", False))
    return tuple(pieces)


def window(body: str, first: int | None, size: int) -> tuple[int, int]:
    """The part of ``body`` a snippet shows: about ``size`` characters from a little before ``first`` (the
    first match, or the start when nothing matched), cut at spaces."""
    start = 0
    if first is not None:
        start = max(0, first - size // 4)
        while start > 0 and not body[start - 1].isspace():
            start -= 1
    end = min(len(body), start + size)
    while end < len(body) and not body[end].isspace() and end - start < size + 20:
        end += 1
    return start, end


def _words(
    folded: str, whole: set[str], longer: set[str], start: int, end: int, first_only: bool = False
) -> Iterator[tuple[int, int]]:
    """Where words that are in ``whole``, or start with one of ``longer``, begin and end, for words that
    begin in ``start``..``end``: for each term in turn (or only its first such word, if asked)."""
    for term in (*whole, *longer):
        at = folded.find(term, start, end + len(term))
        while at != -1 and at < end:
            after = at + len(term)
            if not _is_word_char(folded, at - 1) and (term in longer or not _is_word_char(folded, after)):
                yield at, (_WORD.match(folded, at).end() if term in longer else after)
                if first_only:
                    break
            at = folded.find(term, at + 1, end + len(term))


def _is_word_char(text: str, at: int) -> bool:
    # What ``\w`` matches; outside the text there are no word characters.
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _fold_text(text: str) -> str:
    """``fold`` that keeps every character in place (one in, one out), so positions match the original."""
    return text.translate({ord(c): _fold_char(c) for c in set(text)})


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded if len(folded) == 1 else ch.lower()[:1] or " "
