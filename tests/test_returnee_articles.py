"""The articles on trouble abroad and coming home: twins, topics, phone numbers only from the facts, and
found by the way workers type."""

from __future__ import annotations

import re

import pytest
from support import CONTENT

from kiosk.build.pipeline import load

PREFIXES = ("abroad-", "home-")
# Every number an article may offer to call, each as published in ../shared/facts (services.md §3,
# vietnam.md §4, additions-2026-12.md §1-2). A number the facts mark "not found" or "do not ship" must never
# appear; DOLAB's line is shipped since the additions found it in a 2023 source (with its date and a check line).
FACT_NUMBERS = {
    "+84981848484": "MOFA citizen protection, 2024",
    "111": "national anti-trafficking hotline, 2025",
    "+818035909136": "Embassy in Tokyo, 2024-01",
    "+818020346868": "Embassy in Tokyo, 2024-01",
    "+819012555537": "Embassy in Tokyo, 2024-01",
    "+819047696789": "Consulate General in Osaka, 2024-01",
    "+81922637668": "Consulate General in Fukuoka, 2024-01",
    "+821063156618": "Embassy in Korea, 2020 and 2022",
    "+821036226618": "Embassy in Korea, the conflicting February 2020 number",
    "+886933262836": "VECO Taipei, 2024-04",
    "+886223381600": "Taipei City labour office, undated",
    "+886229603456": "New Taipei City labour office, undated",
    "+601123740453": "Embassy in Malaysia, 2021-08",
    "+966567290693": "Embassy in Saudi Arabia, 2020-04",
    "02438249517": "DOLAB complaints, 2023-10",
    "1955": "Taiwan Ministry of Labor hotline",
    "+601136682866": "Embassy in Malaysia, 2018 and 2020",
}
NOT_TO_SHIP = ["3248 6886", "32486886"]


@pytest.fixture(scope="module")
def ours():
    ctx = load(CONTENT)
    return {key: a for key, a in ctx.records["articles"].items() if key[1].startswith(PREFIXES)}


def _files():
    return sorted(p for p in (CONTENT / "articles").glob("*/*.md") if p.name.startswith(PREFIXES))


def test_the_articles_load_without_problems():
    ctx = load(CONTENT)
    mine = [p for p in ctx.problems if p.file.split("/")[-1].startswith(PREFIXES)]
    assert mine == []


@pytest.mark.parametrize(
    ("topic", "prefix", "at_least"), [("abroad", "abroad-", 5), ("coming_home", "home-", 8)]
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_topic_has_its_articles_in_both_languages(ours, topic, prefix, at_least, lang):
    slugs = {slug for (lg, slug), a in ours.items() if lg == lang and a.topic == topic}
    assert len(slugs) >= at_least
    assert all(slug.startswith(prefix) for slug in slugs)


def test_every_article_has_a_twin_citing_the_same_sources_on_the_same_date(ours):
    for (lang, slug), article in ours.items():
        twin = ours[("en" if lang == "vi" else "vi", slug)]
        assert (twin.topic, twin.sources, twin.verified_on) == (
            article.topic,
            article.sources,
            article.verified_on,
        )
        assert article.sources


def test_every_number_to_call_is_one_published_in_the_facts():
    for path in _files():
        text = path.read_text(encoding="utf-8")
        for number in re.findall(r"\(tel:([^)]+)\)", text):
            assert number in FACT_NUMBERS, f"{path.name}: {number} is not in the facts"


def test_numbers_the_facts_say_not_to_ship_are_absent():
    for path in _files():
        digits = re.sub(r"[^\d ]", "", path.read_text(encoding="utf-8"))
        for number in NOT_TO_SHIP:
            assert number not in digits, path.name


def test_vietnamese_articles_are_written_in_vietnamese(ours):
    marks = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
    for (lang, slug), article in ours.items():
        if lang == "vi":
            assert len(marks.findall(article.text)) > 50, slug


@pytest.mark.parametrize(
    ("lang", "query", "slug"),
    [
        ("vi", "bo tron", "abroad-running-away"),
        ("vi", "BỎ TRỐN", "abroad-running-away"),
        ("vi", "mat tien ky quy", "abroad-running-away"),
        ("vi", "dai su quan han quoc", "abroad-who-to-call"),
        ("vi", "so dien thoai dai su quan", "abroad-who-to-call"),
        ("vi", "tai nan lao dong", "abroad-accident-illness"),
        ("vi", "ve nuoc truoc han", "home-early-return"),
        ("vi", "tim viec lam", "home-finding-work"),
        ("vi", "vay von kinh doanh", "home-small-business"),
        ("vi", "lay lai tien ky quy", "home-deposit-refund"),
        ("vi", "no nan", "home-debt-help"),
        ("vi", "buon chan", "home-feeling-low"),
        ("vi", "chung minh tay nghe", "home-skills"),
        ("vi", "di lai lan nua", "home-going-again"),
        ("en", "run away", "abroad-running-away"),
        ("en", "embassy hotline", "abroad-who-to-call"),
        ("en", "deposit back", "home-deposit-refund"),
        ("en", "debt", "home-debt-help"),
        ("en", "small business loan", "home-small-business"),
        ("en", "skills recognised", "home-skills"),
    ],
)
def test_a_worker_finds_the_article_in_the_top_three(client, lang, query, slug):
    response = client.get("/api/v1/search", query_string={"q": query, "lang": lang, "limit": 3})
    urls = [r["url"] for r in response.get_json()["results"]]
    assert f"/{lang}/articles/{slug}" in urls, urls
