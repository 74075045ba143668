"""Articles: Markdown rendered offline-safe at build time, twins and links checked, pages with sources."""

import datetime as dt
import re
import sqlite3

import pytest
from support import CONTENT

from kiosk import create_app
from kiosk.articles.kind import TOPICS, render
from kiosk.build.pipeline import build, load

TODAY = dt.date(2026, 12, 3)  # the bundled content cites sources read up to this day

GOOD = """---
title: "A test page"
summary: "What it is about."
topic: scams
sources: [law-69-2020]
verified_on: 2026-11-23
review_by: 2027-05-31
order: 5
---
Some text with [a twin link](/en/articles/scam-lookalike-names).
"""


def write(root, lang, slug, text=GOOD):
    path = root / "articles" / lang / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    return path


def problems(root, code=None):
    found = load(root, TODAY).problems
    return [p for p in found if code is None or p.code == code]


# Rendering


def test_outside_link_is_shown_as_plain_text_with_its_address():
    html, text, internal = render("See [DOLAB](https://dolab.moha.gov.vn/list) now.")
    assert "<a" not in html
    assert "DOLAB (https://dolab.moha.gov.vn/list)" in html
    assert internal == []
    assert "https://dolab.moha.gov.vn/list" in text


def test_autolink_shows_its_address_once():
    html, _text, _links = render("Go to <https://colab.moha.gov.vn>.")
    assert html.count("https://colab.moha.gov.vn") == 1
    assert "<a" not in html


def test_internal_and_tel_links_stay_tappable():
    html, _text, internal = render("[Read](/vi/articles/receipt-checklist) or call [111](tel:111).")
    assert '<a href="/vi/articles/receipt-checklist">Read</a>' in html
    assert '<a href="tel:111">111</a>' in html
    assert internal == ["/vi/articles/receipt-checklist"]


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="https://evil.example/x.png" onerror="alert(1)">',
        "[x](javascript:alert(1))",
        '<a href="https://evil.example" style="color:red">x</a>',
    ],
)
def test_raw_html_and_scripts_never_reach_the_page(source):
    html, _text, _links = render(source)
    assert "<script" not in html
    assert "<img" not in html
    assert not re.search(r"<[a-z][^>]*\s(style|on\w+)=", html)
    assert not re.search(r'<a[^>]+href="(https?:|javascript)', html)


def test_an_image_shows_only_its_alt_text():
    html, _text, _links = render("![a map of the route](https://example.org/map.png)")
    assert "a map of the route" in html
    assert "<img" not in html


def test_a_top_level_heading_becomes_a_section_heading():
    html, _text, _links = render("# Part one\n\ntext")
    assert "<h2>Part one</h2>" in html
    assert "<h1" not in html


# Validation


def test_bundled_articles_are_valid_twins_in_every_topic_they_use():
    ctx = load(CONTENT, TODAY)
    assert [p for p in ctx.problems if p.file.startswith("articles")] == []
    articles = ctx.records["articles"]
    for (lang, slug), article in articles.items():
        other = "en" if lang == "vi" else "vi"
        assert (other, slug) in articles or article.single_language
        assert article.sources and article.verified_on


def test_an_article_without_its_twin_is_refused(small_content):
    write(small_content, "vi", "only-vietnamese")
    found = problems(small_content, "missing_twin")
    assert [p.file for p in found] == ["articles/vi/only-vietnamese.md"]


def test_single_language_allows_a_missing_twin(small_content):
    write(small_content, "vi", "only-vietnamese", GOOD.replace("order: 5", "order: 5\nsingle_language: true"))
    assert problems(small_content, "missing_twin") == []


def test_a_link_to_a_missing_article_is_a_broken_link_with_its_line(small_content):
    text = GOOD.replace("/en/articles/scam-lookalike-names", "/en/articles/no-such-page")
    write(small_content, "en", "linked", text.replace("order: 5", "order: 5\nsingle_language: true"))
    found = problems(small_content, "broken_link")
    assert len(found) == 1
    assert found[0].file == "articles/en/linked.md"
    assert found[0].line == 11
    assert "no-such-page" in found[0].message


@pytest.mark.parametrize(
    ("href", "broken"),
    [
        ("/vi/articles/receipt-checklist", False),
        ("/vi/articles/topic/money", False),
        ("/vi/articles/topic/gossip", True),
        ("/vi/search?q=ky+quy", False),
        ("/vi/", False),
        ("/fr/articles/receipt-checklist", True),
        ("articles/receipt-checklist", True),
        ("/vi/no-such-section/x", True),
        ("/vi/agencies/check", False),
        ("/en/calculator", False),
        ("/vi/agencies/petromanning", False),
        ("/vi/agencies/no-such-agency", True),
        ("/vi/destinations/JP", False),
        ("/vi/destinations/ZZ", True),
    ],
)
def test_internal_links_are_checked_against_the_pages_that_exist(small_content, href, broken):
    text = GOOD.replace("/en/articles/scam-lookalike-names", href).replace(
        "order: 5", "single_language: true"
    )
    write(small_content, "vi", "linked", text)
    assert bool(problems(small_content, "broken_link")) is broken


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        (("topic: scams", "topic: gossip"), "bad_value", "topic"),
        (("sources: [law-69-2020]", "sources: [no-such-source]"), "unknown_source", "sources"),
        (("sources: [law-69-2020]\n", ""), "missing_field", "sources"),
        (("verified_on: 2026-11-23", "verified_on: 2027-01-01"), "future_date", "verified_on"),
        (("verified_on: 2026-11-23", "verified_on: 23/11/2026"), "bad_date", "verified_on"),
        (('title: "A test page"', 'title: ""'), "missing_field", "title"),
        (("order: 5", "order: first"), "bad_value", "order"),
        (("title:", "title: [unclosed\n"), "bad_yaml", "front matter"),
        (("---\ntitle", "title"), "bad_markdown", "front matter"),
    ],
)
def test_front_matter_problems_name_their_code_and_field(small_content, change, code, field):
    old, new = change
    write(small_content, "vi", "broken", GOOD.replace(old, new, 1))
    write(small_content, "en", "broken")
    found = [p for p in problems(small_content) if p.file == "articles/vi/broken.md"]
    assert (code, field) in [(p.code, p.field) for p in found]


def test_a_file_name_that_is_not_a_slug_is_refused(small_content):
    write(small_content, "vi", "Bad Name")
    assert any(p.file == "articles/vi/Bad Name.md" for p in problems(small_content, "bad_value"))


# Pages


@pytest.fixture(scope="module")
def article_rows(built_instance):
    db = sqlite3.connect(built_instance / "content" / "current" / "content.db")
    db.row_factory = sqlite3.Row
    rows = [
        dict(r) for r in db.execute("select lang, slug, topic, has_twin from articles order by lang, slug")
    ]
    db.close()
    return rows


def test_every_article_page_shows_its_sources_date_and_other_language(client, article_rows):
    for row in article_rows:
        response = client.get(f"/{row['lang']}/articles/{row['slug']}")
        assert response.status_code == 200, row
        html = response.get_data(as_text=True)
        assert 'class="source"' in html
        assert re.search(r'class="checked"', html)
        other = "en" if row["lang"] == "vi" else "vi"
        if row["has_twin"]:
            assert f'href="/{other}/articles/{row["slug"]}"' in html


def test_no_article_page_links_off_the_device(client, article_rows):
    for row in article_rows:
        html = client.get(f"/{row['lang']}/articles/{row['slug']}").get_data(as_text=True)
        assert not re.search(r'(href|src)="(https?:)?//', html), row


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_article_is_two_taps_from_the_home_page(client, article_rows, lang):
    home = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'href="/{lang}/articles/"' in home
    index = client.get(f"/{lang}/articles/").get_data(as_text=True)
    for row in article_rows:
        if row["lang"] == lang:
            assert f'href="/{lang}/articles/{row["slug"]}"' in index


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_has_its_own_page(client, topic):
    assert client.get(f"/vi/articles/topic/{topic}").status_code == 200
    assert client.get(f"/en/articles/topic/{topic}").status_code == 200


@pytest.mark.parametrize("url", ["/vi/articles/no-such-article", "/en/articles/topic/gossip"])
def test_unknown_articles_and_topics_are_404_pages(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "<html" in response.get_data(as_text=True)


def test_an_article_only_in_one_language_offers_it_from_the_other(small_content, tmp_path):
    write(small_content, "vi", "chi-tieng-viet", GOOD.replace("order: 5", "single_language: true"))
    build(small_content, tmp_path / "instance")
    client = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance")}).test_client()
    assert client.get("/vi/articles/chi-tieng-viet").status_code == 200
    response = client.get("/en/articles/chi-tieng-viet")
    assert response.status_code == 404
    assert 'href="/vi/articles/chi-tieng-viet"' in response.get_data(as_text=True)


def test_a_page_past_its_review_date_says_it_is_due_for_review(small_content, tmp_path):
    text = GOOD.replace("review_by: 2027-05-31", "review_by: 2025-01-31").replace(
        "order: 5", "single_language: true"
    )
    write(small_content, "en", "old-news", text)
    build(small_content, tmp_path / "instance")
    client = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance")}).test_client()
    html = client.get("/en/articles/old-news").get_data(as_text=True)
    assert "due for review on 31 Jan 2025" in html
    fresh = client.get("/en/articles/scam-lookalike-names").get_data(as_text=True)
    assert "due for review" not in fresh
