"""Every term's statistics of a Whoosh index, read once when a content version's index is opened.

Whoosh looks a term up in an on-disk hash table (an MD5 of the key, then a probe) each time it is asked
about it, and one query asks about each of its terms five or six times (is it there, how many documents,
where are its postings). The kiosk's index holds about 10,000 terms, so reading their raw entries into
one dict up front costs under 1 MB and 20 ms per version, and took a fifth off every search.

The table holds the index's own vocabulary, read in full, and nothing from any query.

It is built from Whoosh's private parts (the segment reader's ``_terms``; the terms reader's ``_tindex``,
``_keycoder`` and ``_keydecoder``; the hash file's ``items`` and ``W3TermInfo``'s layout), which any
upgrade may move: ``kiosk.search.query`` imports this module only when it opens an index and searches
with Whoosh's own terms if building or using the table fails (tests/test_search_fallback.py hides each).
"""

from __future__ import annotations

import struct

from whoosh.codec.whoosh3 import W3TermInfo, W3TermsReader
from whoosh.reading import TermNotFound

# A term's entry starts with W3TermInfo's struct ("!BfIBBfII"): flags, total weight, document count, ...
_WEIGHT = struct.Struct("!f")
_WEIGHT_AT = 1
_DOC_COUNT = struct.Struct("!I")
_DOC_COUNT_AT = 5


class TermTable(W3TermsReader):
    """Whoosh's terms reader, answering from a dict of raw entries instead of the on-disk hash table.

    It reads postings, and walks terms (fuzzy matching), as the reader it copies does.
    """

    def __init__(self, terms: W3TermsReader):
        self.__dict__.update(terms.__dict__)
        self._entries: dict[bytes, bytes] = dict(terms._tindex.items())

    def __contains__(self, term) -> bool:
        return self._keycoder(*term) in self._entries

    # As in Whoosh: an unknown term is a TermNotFound for ``term_info`` and a KeyError for the counts.
    def term_info(self, fieldname: str, tbytes: bytes) -> W3TermInfo:
        try:
            entry = self._entries[self._keycoder(fieldname, tbytes)]
        except KeyError:
            raise TermNotFound(f"{fieldname}:{tbytes!r}") from None
        return W3TermInfo.from_bytes(entry)

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        return _WEIGHT.unpack_from(self._entries[self._keycoder(fieldname, tbytes)], _WEIGHT_AT)[0]

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        return _DOC_COUNT.unpack_from(self._entries[self._keycoder(fieldname, tbytes)], _DOC_COUNT_AT)[0]


def use_term_table(reader) -> bool:
    """Give ``reader`` (a Whoosh segment reader) a ``TermTable``; False, leaving it as it was, if its
    terms are not in the format the table reads (another Whoosh codec or version). If the private parts it
    reads moved, whatever that raises leaves ``reader`` as it was too."""
    terms = getattr(reader, "_terms", None)
    if type(terms) is not W3TermsReader:
        return False
    table = TermTable(terms)
    for key, entry in list(table._entries.items())[:50]:  # the layout read above, checked on real entries
        info = W3TermInfo.from_bytes(entry)
        fieldname, tbytes = table._keydecoder(key)
        if (table.doc_frequency(fieldname, tbytes), table.frequency(fieldname, tbytes)) != (
            info.doc_frequency(),
            info.weight(),
        ):
            return False
    reader._terms = table
    return True
