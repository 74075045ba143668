"""The pocket guide: one self-contained file per language, built with the content, under 200 KB."""

import re

import pytest
import yaml

from kiosk.build import pocket
from kiosk.config import ROOT
from kiosk.money import service as money
from kiosk.text import formats

LIMIT = 200_000
SERVICES = yaml.safe_load((ROOT / "content" / "services.yaml").read_text(encoding="utf-8"))
NATIONAL_PHONES = [p["number"] for s in SERVICES if s["group"] == "national" for p in s.get("phones", [])]


def guide(built_instance, lang: str) -> str:
    return (built_instance / "content" / "current" / f"pocket-{lang}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pocket_guide_is_built_with_the_content_and_stays_small(built_instance, lang):
    path = built_instance / "content" / "current" / f"pocket-{lang}.html"
    assert 10_000 < path.stat().st_size < LIMIT


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pocket_guide_needs_nothing_from_outside(built_instance, lang):
    html = guide(built_instance, lang)
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html
    assert f'<html lang="{lang}"' in html


@pytest.mark.parametrize("number", NATIONAL_PHONES)
def test_pocket_guide_lists_every_national_hotline_as_a_tap_to_call_link(built_instance, number):
    html = guide(built_instance, "vi")
    digits = re.sub(r"[^0-9+]", "", number)
    assert f'href="tel:{digits}"' in html
    assert number in html


def test_pocket_guide_has_each_section_and_the_content_date(built_instance):
    html = guide(built_instance, "en")
    for anchor in ("hotlines", "fees", "flags", "agencies", "sources"):
        assert f'id="{anchor}"' in html
    assert "Information version 1" in html
    assert "A draft from public sources, not yet reviewed by a government office." in html
    assert "Sample data" not in html


def test_pocket_guide_cites_numbered_sources_with_their_dates(built_instance):
    html = guide(built_instance, "en")
    cited = set(re.findall(r'href="#s(\d+)"', html))
    listed = set(re.findall(r'<li id="s(\d+)"', html))
    assert cited and cited == listed
    assert html.count("Read from this source on") >= len(listed)


def test_pocket_guide_is_in_vietnamese_for_vi(built_instance):
    html = guide(built_instance, "vi")
    assert "Sổ tay bỏ túi" in html
    assert "Công ty được cấp phép" in html


@pytest.mark.parametrize(
    ("cap", "words"),
    [
        (
            {"rule": "months_of_salary_per_12_months", "params": {"months_per_12": 1, "max_months": 3}},
            "At most 1 month(s) of your contract wage for every 12 months of work, and at most 3 month(s) "
            "in all for a contract of 36 months or more.",
        ),
        (
            {"rule": "months_of_salary_per_12_months", "params": {"months_per_12": "0.7"}},
            "At most 0.7 month(s) of your contract wage for every 12 months of work.",
        ),
        ({"rule": "fixed_amount", "params": {"amount_vnd": 12000000}}, "At most 12,000,000 VND."),
        ({"rule": "fixed_amount", "params": {"amount_vnd": 0}}, "Nothing: the worker pays 0 VND."),
        ({"rule": "none", "params": {}}, "The law sets no cap. Ask for a written list and a receipt."),
        ({"rule": "not_known", "params": {}}, "The cap is not known. Ask DOLAB before you pay."),
    ],
)
def test_fee_cap_rules_read_as_words(cap, words):
    assert pocket.cap_words(cap, "en") == words


def test_pocket_guide_words_caps_as_the_destination_pages_do(app):
    """The build cannot import the web side, so the two wordings are kept equal by this test."""
    cap = {"rule": "months_of_salary_per_12_months", "params": {"months_per_12": 1, "max_months": 3}}
    with app.test_request_context("/vi/"):
        web = money.cap_words(cap)
    assert pocket.cap_words(cap, "vi") == web


@pytest.mark.parametrize(
    "value, lang, shown",
    [
        (12_000_000, "vi", "12.000.000"),
        ("0.7", "vi", "0,7"),
        ("0.7", "en", "0.7"),
        ("2024-09", "vi", "tháng 9/2024"),
        ("2026-11-05", "vi", "05/11/2026"),
        ("2026-11-05", "en", "5 Nov 2026"),
    ],
)
def test_the_guide_writes_numbers_and_dates_with_the_pages_patterns(value, lang, shown):
    """One module (kiosk.text.formats) formats for both; here, its patterns as the reader expects them."""
    show = formats.date if isinstance(value, str) and "-" in value else formats.decimal
    assert show(value, lang) == shown


def test_a_guide_is_written_even_when_other_kinds_are_absent(tmp_path):
    records = {
        "manifest": {"version": 3, "issued_on": "2026-11-01", "review_by": "2027-05-01", "sample": False}
    }
    pocket.export(tmp_path, records)
    html = (tmp_path / "pocket-en.html").read_text(encoding="utf-8")
    assert "Information version 3" in html
    assert 'id="agencies"' not in html
    assert "Sample data" not in html and "A draft" not in html  # final content: no notice


def test_text_from_content_is_escaped():
    records = {
        "manifest": {},
        "selfcheck": type(
            "C",
            (),
            {
                "questions": (
                    {
                        "question": {"vi": "<b>x</b>", "en": "<b>x</b>"},
                        "what_to_do": {"vi": "y", "en": "y"},
                        "red_if": "yes",
                        "sources": [],
                    },
                )
            },
        )(),
    }
    html = pocket.render(records, "en")
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pocket_guide_downloads_as_an_attachment_with_its_own_policy(client, lang):
    response = client.get(f"/static/pocket/1/pocket-guide-{lang}.html")
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="kiosk-pocket-guide-{lang}-v1.html"'
    )
    csp = response.headers["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in csp and "script-src" not in csp and "default-src 'none'" in csp
    assert len(response.data) < LIMIT


def test_an_old_pocket_guide_address_leads_to_the_current_one(client):
    response = client.get("/static/pocket/0/pocket-guide-en.html")
    assert response.status_code == 302
    assert response.headers["Location"] == "/static/pocket/1/pocket-guide-en.html"


@pytest.mark.parametrize(
    "path", ["/static/pocket/1/pocket-guide-fr.html", "/static/pocket/x/pocket-guide-vi.html"]
)
def test_a_wrong_pocket_guide_address_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_home_page_offers_the_pocket_guide_as_a_download(client):
    html = client.get("/vi/").get_data(as_text=True)
    assert '<a class="button" download href="/static/pocket/1/pocket-guide-vi.html">' in html
    assert 'download href="/static/pocket/1/pocket-guide-en.html" hreflang="en" lang="en"' in html


def test_pocket_guide_lists_embassy_numbers_abroad_once(built_instance):
    html = guide(built_instance, "en")
    assert 'href="tel:+818035909136"' in html  # Embassy in Tokyo, citizen protection (destinations/JP.yaml)
    assert html.count('href="tel:+84981848484"') == 1
