"""Services: hotlines and offices from content, tap-to-call numbers, and the directory page."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st
from support import CONTENT

from kiosk.build.pipeline import load
from kiosk.places import services_kind
from kiosk.places.services import Phone, abroad, from_rows, in_province, national, tel_digits


@pytest.fixture(scope="module")
def services():
    ctx = load(CONTENT)
    assert [p for p in ctx.problems if p.file == "services.yaml"] == []
    return ctx.records["services"]


# Numbers as the facts give them (../shared/facts/services.md §3, vietnam.md §4) and what a phone dials.
@pytest.mark.parametrize(
    ("service", "number", "tel"),
    [
        ("mofa-citizen-protection", "+84 981 84 84 84", "tel:+84981848484"),
        ("hotline-111", "111", "tel:111"),
        ("jp-embassy", "+81 80 3590 9136", "tel:+818035909136"),
        ("jp-consulates", "+81 92 263 7668", "tel:+81922637668"),
        ("kr-embassy", "+82 10 6315 6618", "tel:+821063156618"),
        ("tw-veco", "+886 933 262 836", "tel:+886933262836"),
        ("tw-1955", "1955", "tel:1955"),
        ("my-embassy", "+60 11 3668 2866", "tel:+601136682866"),
        ("esc-nghe-an", "0238 3550 050", "tel:02383550050"),
    ],
)
def test_each_number_from_the_facts_is_listed_with_its_tel_link(services, service, number, tel):
    record = next(s for s in services if s.id == service)
    phone = next(p for p in record.phones if p.number == number)
    assert phone.tel == tel


@given(st.text(alphabet="+0123456789 -.()", max_size=25))
def test_tel_digits_keep_only_digits_and_one_leading_plus(text):
    digits = tel_digits(text)
    assert set(digits) <= set("+0123456789")
    assert "+" not in digits[1:]


def test_every_service_is_cited_dated_and_says_what_is_not_known_when_it_has_no_contact(services):
    for s in services:
        assert s.source and s.verified_on and s.as_of, s.id
        if not (s.phones or s.web or s.email or s.address):
            assert s.not_known, s.id


def test_weakly_sourced_numbers_are_marked_unverified(services):
    by_id = {s.id: s for s in services}
    assert by_id["esc-nghe-an"].confidence == "unverified"
    assert by_id["dolab"].old  # a 2023 number, confirmed by two sources for then: asked to be checked
    assert by_id["mofa-citizen-protection"].confidence == "verified"


def test_an_office_under_an_old_province_is_filed_under_the_new_one(services):
    by_id = {s.id: s for s in services}
    assert (by_id["esc-hai-duong"].province_id, by_id["esc-hai-duong"].old_province) == (
        "hai-phong",
        "Hải Dương",
    )
    assert (by_id["esc-bac-giang"].province_id, by_id["esc-bac-giang"].old_province) == (
        "bac-ninh",
        "Bắc Giang",
    )
    assert [s.id for s in in_province(services, "bac-ninh")] == ["esc-bac-giang", "mrc-bac-ninh"]


def test_groups_split_national_province_and_abroad(services):
    assert {s.id for s in national(services)} >= {
        "mofa-citizen-protection",
        "hotline-111",
        "overseas-employment-fund",
    }
    assert {s.id for s in abroad(services, "KR")} == {
        "kr-embassy",
        "kr-labour-board",
        "kr-eps-office",
        "kr-eps-insurance",
    }
    assert abroad(services, None) == [] and in_province(services, None) == []


def test_services_round_trip_through_the_database(services, tmp_path):
    db = sqlite_utils.Database(tmp_path / "c.db")
    services_kind.write(db, services)
    assert from_rows(db["services"].rows) == services


def test_search_documents_exist_in_both_languages_and_point_at_the_directory(services):
    docs = list(services_kind.documents(services))
    assert len(docs) == 2 * len(services)
    doc = next(d for d in docs if d["id"] == "service:esc-hai-duong:vi")
    assert doc["path"] == "services#esc-hai-duong" and "Hải Dương" in doc["body"]


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("  province: Hà Tĩnh", "  province: Atlantis", "unknown_province"),
        ('  phones: [{number: "111"}]', '  phones: [{number: "call us"}]', "bad_value"),
        ("  destination: TW\n", "  destination: Taiwan\n", "unknown_destination"),
        ("  as_of: 2024-09\n", "  as_of: 2099-01\n", "future_date"),
        ("  source: [hotline-111-2025]", "  source: [nowhere]", "unknown_source"),
    ],
)
def test_a_broken_service_is_refused_naming_line_and_code(small_content, old, new, code):
    path = small_content / "services.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = [p for p in load(small_content, dt.date(2026, 11, 25)).problems if p.file == "services.yaml"]
    assert [p.code for p in problems] == [code]
    assert problems[0].line > 1


def test_a_phone_label_must_be_bilingual(small_content):
    path = small_content / "services.yaml"
    text = path.read_text(encoding="utf-8").replace(
        'label: {vi: "Osaka", en: "Osaka"}', 'label: {vi: "Osaka"}', 1
    )
    path.write_text(text, encoding="utf-8")
    problems = [p for p in load(small_content, dt.date(2026, 11, 25)).problems if p.file == "services.yaml"]
    assert [(p.field, p.code) for p in problems] == [("phones.label.en", "missing_translation")]


def test_phone_without_label_has_none():
    assert Phone("111").label is None


# --- The directory page ---


def test_directory_lists_hotlines_with_tap_to_call_links(client):
    html = client.get("/vi/services").get_data(as_text=True)
    assert 'href="tel:+84981848484"' in html and 'href="tel:111"' in html
    assert 'style="' not in html and 'href="http' not in html


@pytest.mark.parametrize("typed", ["Hải Dương", "hai duong", "TP Hải Phòng", "haiphong"])
def test_directory_filters_by_province_old_or_new_name(client, typed):
    response = client.get("/en/services", query_string={"province": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="province-services"' in html and "Hải Dương" in html


def test_directory_says_when_a_province_has_no_known_office(client):
    html = client.get("/en/services?province=Ca+Mau").get_data(as_text=True)
    assert "This kiosk has no contact for an office in your province" in html


def test_directory_refuses_an_unknown_province_with_a_400(client):
    response = client.get("/vi/services?province=Atlantis")
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)


def test_directory_shows_the_source_date_and_not_known(client):
    html = client.get("/en/services").get_data(as_text=True)
    assert "Not known" in html and "Date of the information" in html
