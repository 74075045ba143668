"""Search survives a Whoosh whose private parts moved: each part the fast path reads is hidden in turn (as an
upgrade that renamed it would leave it for the kiosk's code) and search still answers, with the same top
results, through Whoosh's public API, saying so once in the log."""

import logging
import shutil
import sys
import threading
import types

import pytest
from whoosh import matching, reading
from whoosh import query as whoosh_query
from whoosh import util as whoosh_util
from whoosh.codec import whoosh3
from whoosh.filedb import filetables

import kiosk.search.query
from kiosk import create_app
from kiosk.search.query import search
from kiosk.search.termtable import TermTable

# Everything the fast path reads that is not Whoosh's public API: (owner, name), the owner a class or module.
PRIVATE = [
    # the term table (kiosk.search.termtable)
    (reading.SegmentReader, "_terms"),
    (whoosh3.W3TermsReader, "_tindex"),
    (whoosh3.W3TermsReader, "_keycoder"),
    (whoosh3.W3TermsReader, "_keydecoder"),
    (filetables.HashReader, "items"),
    (whoosh3.W3TermInfo, "from_bytes"),
    (whoosh3, "W3TermsReader"),
    (whoosh3, "W3TermInfo"),
    # the union Or
    (whoosh_query.Or, "DEFAULT_MATCHER"),
    # TitlePhrase
    (matching, "NullMatcher"),
    (matching, "IntersectionMatcher"),
    (matching, "FilterMatcher"),
    (whoosh_util, "make_binary_tree"),
]

# Vietnamese with and without marks, in capitals, Telex keys, typing slips (tier 2), English; phrases held
# by titles and not; "công ty cổ phần" is one that Whoosh's own Or, given a limit, would rank wrongly.
QUERIES = [
    ("lua dao", "vi"),
    ("lừa đảo", "vi"),
    ("LỪA ĐẢO", "vi"),
    ("hop dong lao dong", "vi"),
    ("tiền môi giới", "vi"),
    ("cho vay nang lai", "vi"),
    ("công ty cổ phần", "vi"),
    ("luwaf ddaor", "vi"),
    ("bien laii", "vi"),
    ("Hoang Phat", "vi"),
    ("scam", "en"),
    ("loan shark", "en"),
    ("tourist visa", "en"),
    ("recipt", "en"),
]
TOP = 5


class _Hidden:
    """An attribute as code in ``kiosk`` would find it after an upgrade renamed it: missing. Whoosh's own
    code still reads it, as it would under its new name."""

    def __init__(self, name: str, original=None, has_original: bool = False):
        self.name, self.original, self.has_original = name, original, has_original

    def __get__(self, obj, owner=None):
        if sys._getframe(1).f_globals.get("__name__", "").startswith("kiosk."):
            raise AttributeError(f"{self.name} (hidden by the test)")
        if obj is not None and self.name in vars(obj):
            return vars(obj)[self.name]
        if not self.has_original:
            raise AttributeError(self.name)
        get = getattr(self.original, "__get__", None)
        return get(obj, owner) if get else self.original

    def __set__(self, obj, value):
        vars(obj)[self.name] = value

    def __delete__(self, obj):
        del vars(obj)[self.name]


def hide(monkeypatch, owner, name: str) -> None:
    if isinstance(owner, types.ModuleType):
        # A module's attributes are looked up on its type first: a subclass of ModuleType carries the
        # hidden one, and Whoosh's own functions, which read the module's dict, are unaffected.
        monkeypatch.setattr(owner, "__class__", type("Hiding", (types.ModuleType,), {name: _Hidden(name)}))
        # The table's module imports Whoosh's classes when it is first imported: import it afresh.
        monkeypatch.delitem(sys.modules, "kiosk.search.termtable")
    else:
        has = name in vars(owner)
        monkeypatch.setattr(owner, name, _Hidden(name, vars(owner).get(name), has), raising=False)


def top(index, query, lang):
    results = search(index, query, lang, TOP)
    return [(hit.path, hit.fuzzy) for hit in results.hits]


@pytest.fixture(scope="module")
def bundled_index(built_instance):
    return built_instance / "content" / "current" / "index"


@pytest.fixture(scope="module")
def expected(bundled_index):
    """The top results on the fast path, all of it working."""
    found = {(q, lang): top(bundled_index, q, lang) for q, lang in QUERIES}
    opened = kiosk.search.query._opened(bundled_index)
    assert opened.fast and isinstance(opened.reader._terms, TermTable)
    assert all(found.values())
    return found


@pytest.fixture
def warnings(monkeypatch, caplog):
    """The fallback warnings logged during the test (the once-per-process flag set afresh)."""
    monkeypatch.setattr(kiosk.search.query, "_FELL_BACK", threading.Lock())
    caplog.set_level(logging.WARNING, logger="kiosk.search.query")

    def logged():
        return [r for r in caplog.records if r.name == "kiosk.search.query" and r.levelno == logging.WARNING]

    return logged


@pytest.mark.parametrize(
    ("owner", "name"), PRIVATE, ids=[f"{getattr(o, '__name__', o)}.{n}" for o, n in PRIVATE]
)
def test_search_answers_the_same_without_each_private_part_of_whoosh(
    monkeypatch, tmp_path, bundled_index, expected, warnings, owner, name
):
    index = tmp_path / "index"
    shutil.copytree(bundled_index, index)  # a folder not opened yet: the fast path starts afresh
    hide(monkeypatch, owner, name)
    found = {(q, lang): top(index, q, lang) for q, lang in QUERIES}
    assert found == expected
    again = tmp_path / "again"  # a new content version: still the one warning per process
    shutil.copytree(bundled_index, again)
    assert top(again, *QUERIES[0]) == expected[QUERIES[0]]
    assert len(warnings()) == 1, [r.getMessage() for r in warnings()]
    assert "public API" in warnings()[0].getMessage()


def test_the_whole_fast_path_is_used_when_whoosh_is_as_pinned(tmp_path, bundled_index, expected, warnings):
    index = tmp_path / "index"
    shutil.copytree(bundled_index, index)
    assert {(q, lang): top(index, q, lang) for q, lang in QUERIES} == expected
    opened = kiosk.search.query._opened(index)
    assert opened.fast and isinstance(opened.reader._terms, TermTable)
    assert warnings() == []


def test_a_search_that_fails_on_an_index_already_open_answers_through_whoosh(
    monkeypatch, tmp_path, bundled_index, expected, warnings
):
    # The table built on the pinned Whoosh, then a private method gone under it: every search used to 500.
    index = tmp_path / "index"
    shutil.copytree(bundled_index, index)
    assert top(index, *QUERIES[0]) == expected[QUERIES[0]]
    hide(monkeypatch, whoosh3.W3TermsReader, "_keycoder")
    assert {(q, lang): top(index, q, lang) for q, lang in QUERIES} == expected
    opened = kiosk.search.query._opened(index)
    assert not opened.fast and not isinstance(opened.reader._terms, TermTable)
    assert len(warnings()) == 1


def test_the_search_api_and_page_answer_when_a_private_method_moved(
    monkeypatch, tmp_path, built_instance, warnings
):
    want = create_app({"TESTING": True, "INSTANCE": str(built_instance)}).test_client()
    want = want.get("/api/v1/search?q=lua%20dao&lang=vi").get_json()
    instance = tmp_path / "instance"
    shutil.copytree(built_instance, instance, symlinks=True)
    hide(monkeypatch, whoosh3.W3TermsReader, "_keycoder")
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    response = client.get("/api/v1/search?q=lua%20dao&lang=vi")
    assert response.status_code == 200
    assert response.get_json() == want
    assert client.get("/vi/search?q=lua+dao").status_code == 200
    assert len(warnings()) == 1
