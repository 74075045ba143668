"""The Whoosh search index, written only by `kiosk build` (never by the web process).

Each document is indexed three ways: as written (``title``, ``body``: exact diacritics), folded
(``title_fold``, ``body_fold``: marks removed, đ→d, so a query typed without diacritics still matches) and
folded and stemmed (``stem``: title and body, so "scams" finds "scam"). Queries are analysed by the same
analysers (see :mod:`kiosk.search`), which rank exact and phrase matches above folded and stemmed ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter

from ..text.fold import fold, nfc


class FoldFilter(Filter):
    """Fold each token the same way queries are folded."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


# Words are runs of letters and digits: "dolab.moha.gov.vn" is four words and "25.000.000" three, so a
# part of an address or a number is found on its own.
WORD = r"\w+"


def exact_analyzer():
    return RegexTokenizer(WORD) | LowercaseFilter()


def folded_analyzer():
    return RegexTokenizer(WORD) | LowercaseFilter() | FoldFilter()


def stemmed_analyzer(cachesize: int | None = 50000):
    # Porter stemming helps English plurals and verb forms; Vietnamese syllables are short enough that
    # it rarely touches them, and this field only ever adds to a folded match, never replaces it.
    # Queries are stemmed with ``cachesize=None``: a cache would keep the words people typed.
    return folded_analyzer() | StemFilter(cachesize=cachesize)


def schema() -> fields.Schema:
    # ``title_fold`` and ``stem`` keep no word positions: no query reads them (a phrase in the folded title
    # is found from the stored titles, see ``kiosk.search.TitleRuns``), and every search would otherwise
    # unpack them with each list of pages. The scores are the same without them.
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        type=fields.ID(stored=True),
        lang=fields.ID(stored=True),
        path=fields.STORED(),
        title=fields.TEXT(analyzer=exact_analyzer(), stored=True, field_boost=3.0),
        title_fold=fields.TEXT(analyzer=folded_analyzer(), field_boost=2.0, phrase=False),
        body=fields.TEXT(analyzer=exact_analyzer(), stored=True, field_boost=1.5),
        body_fold=fields.TEXT(analyzer=folded_analyzer()),
        stem=fields.TEXT(analyzer=stemmed_analyzer(), field_boost=0.5, phrase=False),
    )


def write_index(folder: Path, documents: Iterable[dict]) -> int:
    """Create the index in ``folder`` from documents (see ``content.Kind``); return how many."""
    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), schema())
    writer = ix.writer(limitmb=64)
    count = 0
    for doc in documents:
        title, body = nfc(doc.get("title")), nfc(doc.get("body"))
        writer.add_document(
            id=str(doc["id"]),
            type=doc["type"],
            lang=doc.get("lang") or "*",
            path=doc["path"],
            title=title,
            title_fold=title,
            body=body,
            body_fold=body,
            stem=f"{title}\n{body}",
        )
        count += 1
    writer.commit(optimize=True)
    ix.close()
    return count
