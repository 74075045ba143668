"""The bundled content says what its sources say (issue 16's corrections): deposits per destination, Taiwan's
food and lodging, a suspension with no dates, the Fund's training support, phone numbers' dates and
confidence, the rate a wage converts at, undated figures, one reported case read as one case, private
publishers, usury's two conditions, and what "verified on" means on the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from support import CONTENT

from kiosk.agencies.model import Agency, reading
from kiosk.build.pipeline import load
from kiosk.returnplan.model import EARLY_REASONS, Situation, plan


@pytest.fixture(scope="module")
def records():
    ctx = load(CONTENT)
    assert ctx.problems == []
    return ctx.records


def articles(lang: str) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((CONTENT / "articles" / lang).glob("*.md"))}


def texts(value):
    """Every string inside a record (dicts, lists, dataclasses' mappings)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from texts(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from texts(v)


# 1. Decree 112/2021 Appendix II: no deposit for Japan, the Americas, South-East Asia and the Middle East.


def deposit_forbidden_everywhere(destination: dict) -> bool:
    caps = [c for p in destination["programmes"] for c in p["fee_caps"] if c["item"] == "deposit"]
    return bool(caps) and all(c["rule"] == "forbidden" for c in caps)


@pytest.mark.parametrize("reason", [None, *EARLY_REASONS])
def test_every_destination_gets_the_deposit_rule_its_caps_give(records, reason):
    rules, services = records["return_rules"], records["services"]
    for code, destination in records["destinations"].items():
        situation = Situation(code, reason is None, "job", False, reason, None)
        got = {i.rule.code for i in plan(rules, situation, services)} & {
            "no_deposit_allowed",
            "deposit_refund",
            "deposit_after_breach",
        }
        if deposit_forbidden_everywhere(destination):
            assert got == {"no_deposit_allowed"}, (code, reason)
        elif reason in ("left_employer", "deported"):
            assert got == {"deposit_after_breach"}, (code, reason)
        else:
            assert got == {"deposit_refund"}, (code, reason)


def test_the_americas_take_no_deposit(records):
    assert deposit_forbidden_everywhere(records["destinations"]["XA"])


# 2. Circular 02/2024 Appendix III: NT$2,500 for food and lodging covers factory, building and institution
# care work; home caregivers and domestic helpers get lodging and three meals free.


def test_taiwan_food_and_lodging_deduction_is_only_for_the_jobs_it_covers(records):
    programmes = {p["code"]: p for p in records["destinations"]["TW"]["programmes"]}
    capped = {
        c for c, p in programmes.items() if "2.500" in ((p.get("foreign_side_pays") or {}).get("vi", ""))
    }
    assert capped == {"manufacturing", "care_institutions"}
    home = programmes["home_care_farm"]["foreign_side_pays"]
    assert "ở và ăn 3 bữa miễn phí" in home["vi"] and "free lodging and three meals" in home["en"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_rights_article_does_not_put_home_care_under_the_deduction(lang):
    text = articles(lang)["abroad-your-rights"]
    line = next(ln for ln in text.splitlines() if "2.500" in ln or "2,500" in ln)
    for word in ("giúp việc", "gia đình", "domestic", "home care", "farm", "nông nghiệp"):
        assert word not in line


# 3. A suspension with a length but no start date is history, not a current red suspension.


def test_a_suspension_with_no_dates_reads_as_status_not_known(records):
    vinaco = next(a for a in records["agencies"].agencies if a.id == "vinaco")
    assert not vinaco.status_since and vinaco.status_months
    r = reading(vinaco, dt.date(2026, 12, 3))
    assert (r.code, r.tone) == ("suspension_dates_unknown", "warn")


def test_a_dated_or_open_suspension_still_reads_as_suspended():
    today = dt.date(2026, 12, 3)
    open_ended = Agency("x", "X", status="suspended", status_since="2026-09")
    running = Agency("y", "Y", status="suspended", status_since="2026-09", status_months=6)
    assert (reading(open_ended, today).code, reading(open_ended, today).tone) == (
        "suspended_end_unknown",
        "bad",
    )
    assert reading(running, today).code == "suspended_until"


def test_the_agency_page_says_the_status_is_not_known(client):
    html = client.get("/en/agencies/vinaco").get_data(as_text=True)
    assert "at a date that is not known" in html and "status now is not known" in html
    assert "status-warn" in html and "status-bad" not in html


# 4. The Fund's training support: one statement, everywhere, as the facts have it.

TRAINING = re.compile(r"1 (triệu đồng|million VND)")


def test_the_training_support_is_stated_the_same_way_everywhere(records):
    places = [t for lang in ("vi", "en") for t in articles(lang).values()]
    places += [t for rule in records["return_rules"] for t in texts([rule.text, rule.amount])]
    found = [p for p in places for para in p.split("\n") if TRAINING.search(para) and "6 " in para]
    assert len(found) >= 7
    for text in places:
        for para in text.split("\n"):
            if TRAINING.search(para) and re.search(r"6 (tháng|months)", para):
                assert "40/2021" in para and "34/2025" in para, para


def test_the_training_rule_cites_no_article_the_facts_do_not_give(records):
    rule = next(r for r in records["return_rules"] if r.code == "fund_training")
    assert "Art. 15" not in rule.legal_basis["en"]
    assert {"fund-decision-40-2021", "soha-fund-training-2025"} <= set(rule.source)


# 5. Phone numbers carry their real date and confidence; the Taipei office is its own entry.


def test_weakly_sourced_numbers_are_not_shown_as_verified(records):
    services = {s.id: s for s in records["services"]}
    assert services["kr-embassy"].confidence == "unverified"
    assert "3622" in services["kr-embassy"].not_known["vi"]  # the conflicting number is stated
    assert (services["esc-nghe-an"].confidence, services["esc-nghe-an"].as_of) == ("unverified", "undated")
    assert [p.number for p in services["tw-1955"].phones] == ["1955"]
    assert "+886 2 2338 1600" in [p.number for p in services["tw-taipei-foreign-workers"].phones]


def test_every_number_on_the_services_page_carries_its_date_and_a_check_line(client):
    html = client.get("/vi/services").get_data(as_text=True)
    cards = re.findall(r'<article class="card service".*?</article>', html, re.S)
    assert cards
    for card in cards:
        if 'href="tel:' in card:
            assert "Ngày của thông tin" in card
            assert "kiểm tra lại trước khi dựa vào" in card


# 6. A wage sent home converts at the bank's buying rate; an undated forum post gives an undated figure.


def test_every_exchange_rate_is_a_buying_rate_or_says_it_is_not_known(records):
    for rate in records["rates"]["exchange"].values():
        quote = rate.quote.lower()
        assert "selling rate" not in quote and "bán ra" not in quote
        assert "buying" in quote or "not stated" in quote or "not named" in quote, quote
    assert "buying" in records["rates"]["exchange"]["MYR"].quote


def test_a_figure_from_undated_unofficial_pages_is_undated(records):
    sources = records["sources"]

    def weak_undated(ids):
        return all(
            sources[i]["kind"] == "unofficial" and str(sources[i]["published_on"]).strip() == "undated"
            for i in ids
        )

    figures = [records["rates"]["loans"]]
    for d in records["destinations"].values():
        figures += [d["benchmarks"], d["risks"], d["contacts"], list(d["presets"].values())]
    checked = 0
    for group in figures:
        for f in group:
            if weak_undated(f["source"]):
                checked += 1
                assert f["as_of"] == "undated", f
    assert checked >= 3


def test_an_undated_figure_is_shown_as_undated_in_words(client):
    html = client.get("/vi/destinations/MY").get_data(as_text=True)
    assert "không rõ ngày" in html


# 7. The smaller ones.


def test_one_reported_case_is_told_as_one_case(records):
    every = [t for lang in ("vi", "en") for t in articles(lang).values()]
    every += list(texts(records["destinations"]["KR"])) + list(texts(records["selfcheck"]))
    for text in every:
        assert not re.search(r"(nhiều người|many people|in 2024 people)[^.]{0,40}40 (triệu|million)", text)
    europe = next(r for r in records["destinations"]["XE"]["risks"] if "6.500" in r["text"]["vi"])
    assert "một vụ" in europe["text"]["vi"] and "one case" in europe["text"]["en"]


def test_the_eps_deposit_loan_says_it_is_for_policy_groups(records):
    note = records["destinations"]["KR"]["programmes"][0]["note"]
    assert "đối tượng chính sách" in note["vi"] and "policy group" in note["en"]


def test_a_deposit_is_forbidden_before_the_employer_accepts_you_wherever_one_is_allowed(records):
    for code, destination in records["destinations"].items():
        if deposit_forbidden_everywhere(destination):
            continue
        said = " ".join(f["text"]["vi"] for f in destination["forbidden"])
        assert "thị thực" in said, code


def test_private_legal_publishers_are_not_official_sources(records):
    for source in records["sources"].values():
        if re.search(r"LawNet|KIM Law|ICLG", source["publisher"] or ""):
            assert source["kind"] not in ("official", "law"), source["id"]


def test_the_2026_taiwan_wage_cites_a_source_that_says_2026(records):
    wage = next(w for w in records["destinations"]["TW"]["minimum_wage"] if w["in_force"].startswith("2026"))
    titles = [
        records["sources"][i]["title"] + str(records["sources"][i]["published_on"]) for i in wage["source"]
    ]
    assert any("2026" in t for t in titles)


def test_usury_always_names_the_profit_condition(records):
    every = [t for lang in ("vi", "en") for t in articles(lang).values()]
    every += [t for r in records["return_rules"] for t in texts([r.text, r.amount])]
    every += [t for loan in records["rates"]["loans"] for t in texts(loan["note"])]
    for text in every:
        for sentence in re.split(r"(?<=[.!?])\s", text):
            if re.search(r"nặng lãi|lãi nặng|usury", sentence) and re.search(r"100|110", sentence):
                assert re.search(r"30 (triệu|million)", sentence), sentence


def test_the_calculators_usury_warning_names_the_profit_condition(client):
    data = {"loan_amount": "100000000", "loan_monthly_rate_percent": "15", "contract_months": "36"}
    html = client.post("/en/calculator", data={**data, "monthly_income": "25000000"}).get_data(as_text=True)
    assert "is 30 million VND or more (Penal Code Art. 201)" in html


# 8. "Verified on" is the day the cited source was read, and the page says so.


@pytest.mark.parametrize(
    ("lang", "words"), [("vi", "Theo nguồn trên, đọc ngày"), ("en", "Read from this source on")]
)
def test_the_source_line_says_when_the_source_was_read(client, lang, words):
    html = client.get(f"/{lang}/articles/home-skills").get_data(as_text=True)
    assert words in html
    assert "Checked on" not in html and "Kiểm tra ngày" not in html
