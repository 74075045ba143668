"""The Whoosh search index, written only by `kiosk build` (never by the web process).

Each document is indexed twice: as written (``title``, ``body``: exact diacritics) and folded
(``title_fold``, ``body_fold``: marks removed, đ→d), so a query typed without diacritics still matches,
while a query with them ranks exact matches higher.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from .textfold import fold, nfc


class FoldFilter(Filter):
    """Fold each token the same way queries are folded."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def exact_analyzer():
    return RegexTokenizer() | LowercaseFilter()


def folded_analyzer():
    return RegexTokenizer() | LowercaseFilter() | FoldFilter()


def schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        type=fields.ID(stored=True),
        lang=fields.ID(stored=True),
        path=fields.STORED(),
        title=fields.TEXT(analyzer=exact_analyzer(), stored=True, field_boost=3.0),
        title_fold=fields.TEXT(analyzer=folded_analyzer(), field_boost=2.0),
        body=fields.TEXT(analyzer=exact_analyzer(), stored=True, field_boost=1.5),
        body_fold=fields.TEXT(analyzer=folded_analyzer()),
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
        )
        count += 1
    writer.commit(optimize=True)
    ix.close()
    return count
