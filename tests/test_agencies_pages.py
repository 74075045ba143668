"""Agency pages: list, one agency, and the check, in both languages, offline and honest."""

import re

import pytest


def external_links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(https?://[^"]+)"', html)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_list_page_states_the_coverage_and_has_no_external_links(client, lang):
    response = client.get(f"/{lang}/agencies/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "375" in html and "505" in html
    assert not external_links(html)


def test_list_page_filters_by_old_province_and_status(client):
    html = client.get("/en/agencies/?province=Hai+Duong&status=licensed").get_data(as_text=True)
    assert "3 agencies found." in html and "formerly Hải Dương" in html


def test_an_unknown_province_is_said_so(client):
    html = client.get("/en/agencies/?province=Atlantis").get_data(as_text=True)
    assert "There is no province with that name." in html


def test_agency_page_shows_status_with_date_source_and_confidence(client):
    html = client.get("/en/agencies/quinn-hn").get_data(as_text=True)
    assert "Suspended from Oct 2023 for 18 months" in html and "should have ended in Apr 2025" in html
    assert "How sure: stated by a newspaper or an official source" in html
    assert "laodongthudo.vn" in html and not external_links(html)


def test_a_licensed_row_from_the_unofficial_copy_says_so_in_words(client):
    html = client.get("/en/agencies/halasuco").get_data(as_text=True)
    assert "in a copy from before Jul 2023, found on an unofficial website. Not confirmed since." in html
    assert "Taiwan" in html  # its dated history


def test_unknown_agency_page_is_a_404(client):
    assert client.get("/en/agencies/no-such-agency").status_code == 404


def test_check_form_is_posted_so_the_name_stays_out_of_the_url(client):
    html = client.get("/vi/agencies/check").get_data(as_text=True)
    assert 'method="post"' in html


@pytest.mark.parametrize(
    "name, words",
    [
        ("HALASUCO", "On the list as licensed"),
        ("Thời Đại Mới", "Suspended"),
        ("hoang gia long intl", "Licence revoked"),
        ("Công ty TNHH Huỳnh Hương Group", "Fined for recruiting without a licence"),
        ("Công ty CP Nhân lực JH Việt Nam", 'Looks like "JH" but is not "JH"'),
        ("Công ty TNHH Không Có Thật", "Not on the list we have"),
    ],
)
def test_check_shows_the_verdict_big_with_what_a_licence_does_not_prove(client, name, words):
    response = client.post("/en/agencies/check", data={"name": name})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="verdict-title"' in html and words in html
    assert "What a licence does not prove" in html and "How to pay safely" in html
    assert not external_links(html)


def test_not_found_never_reads_as_fake_or_safe(client):
    html = client.post("/en/agencies/check", data={"name": "Không Ai Biết"}).get_data(as_text=True)
    assert "does not mean the company is fake, and it does not mean it is safe" in html
    assert "DOLAB counted about 505 licensed agencies in Mar 2025" in html


def test_an_empty_name_is_a_400_with_a_message_in_the_language(client):
    response = client.post("/vi/agencies/check", data={"name": "  "})
    assert response.status_code == 400
    assert 'class="field-error"' in response.get_data(as_text=True)


def test_a_name_only_in_the_sanctions_history_shows_that_history(client):
    html = client.post("/en/agencies/check", data={"name": "CAVICO"}).get_data(as_text=True)
    assert "This name appears in dated sanctions" in html and "Libya" in html


def test_markets_are_shown_as_country_names_in_the_language(client):
    assert "Hàn Quốc" in client.get("/vi/agencies/quinn-hn").get_data(as_text=True)
    assert "South Korea" in client.get("/en/agencies/quinn-hn").get_data(as_text=True)
