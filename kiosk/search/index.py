"""The Whoosh search index, written only by `kiosk build` (never by the web process).

Each document is indexed three ways: as written (``title``, ``body``: exact diacritics), folded
(``title_fold``, ``body_fold``: marks removed, đ→d, so a query typed without diacritics still matches) and
folded and stemmed (``stem``: title and body, so "scams" finds "scam"). Queries are analysed by the same
analysers (see :mod:`kiosk.search`), which rank exact and phrase matches above folded and stemmed ones.

Workers' words (:mod:`kiosk.search.words`) are applied here as they are to queries: compounds are indexed as
one word, and a page holding a synonym's variant is indexed as holding its canonical phrase too (in the
folded title when the title holds it, and in ``stem``). The table is written beside the index, so a query is
always read with the table its index was built with. The stored title and body stay as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter

from ..text.fold import fold, nfc
from .words import WordTable


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


def folded_title(words: WordTable, title: str) -> str:
    """What ``title_fold`` indexes for a title: its words (compounds joined) and the canonical phrases of the
    variants it holds."""
    extra = words.page_extra(title)
    return f"{words.page_text(title)}\n{extra}" if extra else words.page_text(title)


def write_index(folder: Path, documents: Iterable[dict], words: WordTable | None = None) -> int:
    """Create the index in ``folder`` from documents (see ``content.Kind``), with the workers' words table
    beside it; return how many documents."""
    folder.mkdir(parents=True, exist_ok=True)
    words = words or WordTable()
    ix = index.create_in(str(folder), schema())
    writer = ix.writer(limitmb=64)
    count = 0
    for doc in documents:
        title, body = nfc(doc.get("title")), nfc(doc.get("body"))
        indexed_title, indexed_body = words.page_text(title), words.page_text(body)
        title_extra = words.page_extra(title)
        extra = "\n".join(filter(None, (title_extra, words.page_extra(body))))
        # title_fold: the title and the canonical phrases of the variants it holds (``folded_title``)
        writer.add_document(
            id=str(doc["id"]),
            type=doc["type"],
            lang=doc.get("lang") or "*",
            path=doc["path"],
            title=indexed_title,
            _stored_title=title,
            title_fold=folded_title(words, title),
            body=indexed_body,
            _stored_body=body,
            body_fold=indexed_body,
            stem=f"{indexed_title}\n{indexed_body}\n{extra}" if extra else f"{indexed_title}\n{indexed_body}",
        )
        count += 1
    writer.commit(optimize=True)
    ix.close()
    words.write(folder)
    return count
