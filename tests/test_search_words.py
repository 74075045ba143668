"""Workers' words in search (content/search.yaml): synonyms read both ways, with and without marks; compounds
kept whole so a wage search does not find food companies; the table checked at build."""

from __future__ import annotations

import pytest

from kiosk.build.kind import Context
from kiosk.search import kind
from kiosk.search.index import write_index
from kiosk.search.query import search
from kiosk.search.words import WordTable

TABLE = WordTable.from_records(
    [
        {"canonical": "ký quỹ", "variants": [{"text": "đặt cọc"}, {"text": "tiền cọc"}, {"text": "cọc", "marked": True}]},
        {"canonical": "môi giới", "variants": [{"text": "cò", "marked": True}]},
        {"canonical": "đại sứ quán", "variants": [{"text": "sứ quán"}]},
    ],
    ["lương thực"],
)  # fmt: skip

DOCS = [
    {"id": "a:deposit", "type": "article", "lang": "vi", "path": "articles/deposit", "title": "Lấy lại tiền ký quỹ",
     "body": "Tiền ký quỹ nằm trong tài khoản phong tỏa."},
    {"id": "a:seat", "type": "article", "lang": "vi", "path": "articles/seat", "title": "Giữ chỗ",
     "body": "Họ đòi tiền cọc để giữ chỗ."},
    {"id": "a:wage", "type": "article", "lang": "vi", "path": "articles/wage", "title": "Lương tối thiểu",
     "body": "Lương tháng của bạn phải ghi trong hợp đồng."},
    {"id": "g:food", "type": "agency", "lang": "*", "path": "agencies/food", "title": "Công ty Lương thực Miền Nam",
     "body": "Xuất nhập khẩu lương thực."},
    {"id": "a:broker", "type": "article", "lang": "vi", "path": "articles/broker", "title": "Tiền môi giới",
     "body": "Môi giới không được thu tiền của bạn. Có thể hỏi cô giáo."},
]  # fmt: skip


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("words") / "index"
    write_index(folder, DOCS, TABLE)
    return folder


def paths(index, query, lang="vi"):
    return [h.path for h in search(index, query, lang, 10).hits]


@pytest.mark.parametrize(
    "query", ["tien dat coc", "đặt cọc", "ĐẶT CỌC", "tiền cọc", "dat coc", "cọc", "ky quy"]
)
def test_a_deposit_by_any_name_finds_both_pages(index, query):
    assert set(paths(index, query)[:2]) == {"articles/deposit", "articles/seat"}


def test_a_variant_marked_as_such_needs_its_marks(index):
    assert paths(index, "cò") == ["articles/broker"]
    assert "articles/broker" in paths(index, "co")  # "có" is in its body: found as itself, not as a broker
    assert TABLE.query_text("co") == "co" and TABLE.query_text("cò") == "môi giới"


def test_a_variant_inside_its_canonical_phrase_is_not_read_twice():
    assert TABLE.query_text("đại sứ quán Hàn Quốc") == "đại sứ quán Hàn Quốc"
    assert TABLE.query_text("dai su quan") == "dai su quan"
    assert TABLE.query_text("so su quan") == "so đại sứ quán"


def test_a_wage_search_does_not_find_food_companies_but_the_compound_does(index):
    assert paths(index, "luong") == ["articles/wage"]
    assert paths(index, "lương") == ["articles/wage"]
    assert paths(index, "luong thuc") == ["agencies/food"]
    assert paths(index, "LƯƠNG THỰC") == ["agencies/food"]


def test_pages_are_shown_as_written_and_snippets_mark_the_words(index):
    hit = search(index, "luong thuc", "vi", 1).hits[0]
    assert hit.title == "Công ty Lương thực Miền Nam"
    assert ("lương", True) in hit.snippet and ("thực", True) in hit.snippet


def test_an_index_built_without_a_table_searches_the_pages_own_words(tmp_path):
    write_index(tmp_path / "index", DOCS)
    assert "articles/deposit" not in paths(tmp_path / "index", "dat coc")
    assert "agencies/food" in paths(tmp_path / "index", "luong")


def test_the_bundled_wage_search_ranks_wage_pages_above_food_companies(built_instance):
    folder = built_instance / "content" / "current" / "index"
    top = search(folder, "luong", "vi", 10).hits
    assert top and not any("lương thực" in h.title.lower() for h in top)
    assert all(h.type != "agency" for h in top[:3])
    assert any("lương thực" in h.title.lower() for h in search(folder, "luong thuc", "vi", 10).hits)


def load(tmp_path, text: str):
    (tmp_path / "search.yaml").write_text(text, encoding="utf-8")
    ctx = Context(tmp_path, None)
    return kind.load(ctx), [(p.field, p.code) for p in ctx.problems]


def test_the_table_is_checked_at_build(tmp_path):
    table, problems = load(
        tmp_path,
        'synonyms:\n  - {canonical: "ký quỹ", variants: ["đặt cọc", "ky quy"]}\n'
        '  - {canonical: "tiền cọc", variants: ["đặt cọc"]}\n  - {canonical: "x"}\ncompounds: ["lương"]\n',
    )
    assert ("synonyms[0]", "bad_value") in problems  # a variant that is the canonical phrase
    assert ("synonyms[1]", "duplicate_id") in problems  # one variant, two meanings
    assert ("synonyms[2]", "missing_field") in problems
    assert ("compounds[0]", "bad_value") in problems  # one word is not a compound
    assert table.query_text("dat coc") == "ký quỹ"


def test_a_content_tree_without_the_file_has_no_table(tmp_path):
    ctx = Context(tmp_path, None)
    assert len(kind.load(ctx)) == 0 and ctx.problems == []
