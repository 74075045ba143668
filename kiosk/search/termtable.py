"""Every term's statistics of a Whoosh index, read once when a content version's index is opened.

Whoosh looks a term up in an on-disk hash table (an MD5 of the key, then a probe) each time it is asked
about it, and one query asks about each of its terms five or six times (is it there, how many documents,
where are its postings). The kiosk's index holds about 10,000 terms, so reading their raw entries into
one dict up front costs under 1 MB and 20 ms per version, and took a fifth off every search. Their keys
in order, kept as well, spare a fuzzy search (a typing slip) its binary searches of the file: two fifths of
its time.

The table holds the index's own vocabulary, read in full, and nothing from any query.

It is built from Whoosh's private parts (the segment reader's ``_terms``; the terms reader's ``_tindex``,
``_keycoder`` and ``_keydecoder``; the ordered hash file's index array and ``W3TermInfo``'s layout), which
any upgrade may move: ``kiosk.search.query`` imports this module only when it opens an index and searches
with Whoosh's own terms if building or using the table fails (tests/test_search_fallback.py hides each).
"""

from __future__ import annotations

import bisect
import struct
from array import array

from whoosh.codec.whoosh3 import W3FieldCursor, W3TermInfo, W3TermsReader
from whoosh.reading import TermNotFound

# A term's entry starts with W3TermInfo's struct ("!BfIBBfII"): flags, total weight, document count, ...
_WEIGHT = struct.Struct("!f")
_WEIGHT_AT = 1
_DOC_COUNT = struct.Struct("!I")
_DOC_COUNT_AT = 5


class TermTable(W3TermsReader):
    """Whoosh's terms reader, answering from a dict of raw entries instead of the on-disk hash table.

    It reads postings as the reader it copies does; its field cursors (fuzzy matching walks terms with
    them) find their place in the keys kept in order instead of searching the file.
    """

    def __init__(self, terms: W3TermsReader):
        self.__dict__.update(terms.__dict__)
        self._entries: dict[bytes, bytes] = dict(terms._tindex.items())
        self._ordered = _OrderedKeys(terms._tindex)
        same = {key: key for key in self._entries}  # one copy of each key, shared by both
        self._ordered.keys = [same.get(key, key) for key in self._ordered.keys]

    def cursor(self, fieldname, fieldobj) -> W3FieldCursor:
        return W3FieldCursor(self._ordered, fieldname, self._keycoder, self._keydecoder, fieldobj)

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


class _OrderedKeys:
    """The terms file's keys in order, with where each is in the file: what a field cursor asks of it."""

    def __init__(self, tindex):
        self._tindex = tindex
        self.positions = array(
            "q", (tindex._get_pos(tindex.indexbase + i * tindex.indexsize) for i in range(tindex.indexlen))
        )
        self.keys = [tindex.key_at(pos) for pos in self.positions]

    def closest_key_pos(self, key: bytes) -> int | None:
        """Where ``key`` is, or the first key after it (None past the end), as the file's own search gives."""
        at = bisect.bisect_left(self.keys, key)
        return self.positions[at] if at < len(self.keys) else None

    def key_and_range_at(self, pos: int):
        return self._tindex.key_and_range_at(pos)


def use_term_table(reader) -> bool:
    """Give ``reader`` (a Whoosh segment reader) a ``TermTable``; False, leaving it as it was, if its
    terms are not in the format the table reads (another Whoosh codec or version). If the private parts it
    reads moved, whatever that raises leaves ``reader`` as it was too."""
    terms = getattr(reader, "_terms", None)
    if type(terms) is not W3TermsReader:
        return False
    table = TermTable(terms)
    ordered = table._ordered
    if ordered.keys != sorted(ordered.keys) or set(ordered.keys) != table._entries.keys():
        return False
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
