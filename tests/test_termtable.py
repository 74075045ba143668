"""The term table answers exactly as Whoosh's on-disk terms would, so searches score exactly the same."""

import pytest
from test_search import QUALITY
from whoosh import index as whoosh_index
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

import kiosk.search.query
from kiosk.search.query import TitleRuns, analyse, build_queries, search
from kiosk.search.termtable import TermTable, use_term_table


@pytest.fixture(scope="module")
def readers(built_instance):
    """The bundled index opened twice: as Whoosh reads it, and with the term table."""
    ix = whoosh_index.open_dir(str(built_instance / "content" / "current" / "index"))
    plain, tabled = ix.reader(), ix.reader()
    assert use_term_table(tabled)
    yield plain, tabled
    plain.close()
    tabled.close()


def test_every_term_has_the_same_statistics_as_in_the_index(readers):
    plain, tabled = readers
    terms = [term for term, _info in plain]
    assert len(terms) > 5000
    for fieldname, text in terms:
        a, b = plain.term_info(fieldname, text), tabled.term_info(fieldname, text)
        assert vars(a) == vars(b), (fieldname, text)
        assert (fieldname, text) in tabled
        assert (
            tabled.doc_frequency(fieldname, text) == plain.doc_frequency(fieldname, text) == a.doc_frequency()
        )
        assert tabled.frequency(fieldname, text) == plain.frequency(fieldname, text) == a.weight()


@pytest.mark.parametrize(("fieldname", "text"), [("stem", "zzqx"), ("title_fold", ""), ("body", "lừa đảo x")])
def test_an_unknown_term_is_unknown_in_the_same_ways(readers, fieldname, text):
    plain, tabled = readers
    assert (fieldname, text) not in tabled
    assert tabled.doc_frequency(fieldname, text) == plain.doc_frequency(fieldname, text) == 0
    assert tabled.frequency(fieldname, text) == 0
    with pytest.raises(TermNotFound):
        tabled.term_info(fieldname, text)


@pytest.mark.slow
def test_every_query_scores_every_page_the_same_with_the_table(readers):
    plain, tabled = readers
    titles = TitleRuns(plain)
    queries = [q for q, _lang, _page in QUALITY] + ["luwaf ddaor", "hop dong lao dong", "Bỏ trốn", "pasport"]
    for text in queries:
        for query in build_queries(analyse(text), titles):  # the strict and the loose (fuzzy) query
            found = [
                [
                    (round(score, 9), docnum)
                    for score, docnum in Searcher(r, closereader=False).search(query, limit=60).top_n
                ]
                for r in (plain, tabled)
            ]
            assert found[0] == found[1], text


def test_the_search_uses_the_table(built_instance):
    folder = built_instance / "content" / "current" / "index"
    assert search(folder, "lua dao", "vi").hits
    assert isinstance(kiosk.search.query._opened(folder).reader._terms, TermTable)


def test_terms_in_another_format_are_left_to_whoosh():
    class Reader:
        _terms = object()

    reader = Reader()
    assert not use_term_table(reader)
    assert reader._terms is Reader._terms


@pytest.mark.parametrize("fieldname", ["stem", "title_fold", "body_fold", "title", "body"])
def test_a_field_cursor_finds_and_walks_the_same_terms(readers, fieldname):
    plain, tabled = readers
    words = [text for field, text in plain if field == fieldname]
    probes = [b"", b"a", b"lua", b"zzzzzz", b"\xff", *words[::97], *(w + b"a" for w in words[::131])]
    for probe in probes:
        walked = []
        for reader in (plain, tabled):
            cursor = reader.cursor(fieldname)
            texts = [cursor.find(probe)]
            texts += [cursor.next() for _ in range(3)]
            walked.append(texts)
        assert walked[0] == walked[1], probe
    first = [plain.cursor(fieldname).first(), tabled.cursor(fieldname).first()]
    assert first[0] == first[1] == plain.cursor(fieldname).text()
