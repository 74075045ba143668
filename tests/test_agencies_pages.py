"""Agency pages: list, one agency, and the check, in both languages, offline and honest."""

import re
from pathlib import Path

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
    assert "3 agencies found." in html and 'formerly <span lang="vi">Hải Dương</span>' in html


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
        (
            "VJITCO Nhật Bản",
            'Looks like "<span lang="vi">VJITCO JSC</span>" but is not "<span lang="vi">VJITCO JSC</span>"',
        ),
        ("Công ty TNHH Không Có Thật", "Not on this kiosk's list"),
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
    assert "does not mean the agency is fake, and it does not mean it is safe" in html
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


def _first_line(html: str) -> str:
    """The text of the page's first verdict line."""
    title = html.split('class="verdict-title">', 1)[1].split("</p>", 1)[0]
    title = re.sub(r'<span lang="vi">(.*?)</span>', r"\1", title)  # a name marked as Vietnamese
    return " ".join(re.sub(r"<[^>]+>", " ", title).split())


@pytest.mark.parametrize(
    "lang, name, first",
    [
        (
            "vi",
            "cong ty hoang gia long",
            "Có phải bạn muốn hỏi Công ty Cổ phần Quốc tế Hoàng Gia Long? Công ty này đã bị thu hồi giấy phép.",
        ),
        (
            "vi",
            "Công ty TNHH Quốc tế Hoàng Gia Long",
            "Có phải bạn muốn hỏi Công ty Cổ phần Quốc tế Hoàng Gia Long? Công ty này đã bị thu hồi giấy phép.",
        ),
        (
            "en",
            "midori",
            "Did you mean Công ty TNHH Hợp tác quốc tế MIDORI Việt Nam? "
            "This agency was fined for recruiting workers without a licence.",
        ),
        (
            "en",
            "midori nhat ban",
            "Did you mean Công ty TNHH Hợp tác quốc tế MIDORI Việt Nam? "
            "This agency was fined for recruiting workers without a licence.",
        ),
        (
            "en",
            "Nhân lực JH Việt Nam",
            "Did you mean Công ty CP Nhân lực JH? This agency is suspended.",
        ),
        (
            "en",
            "viet nhat vjitco",
            "Did you mean Công ty cổ phần hợp tác thương mại quốc tế Việt Nhật? "
            "This agency is on the list as licensed.",
        ),
        (
            "en",
            "PETROMANNING JSC",
            "Licence revoked: Công ty cổ phần Phát triển nguồn lực và dịch vụ dầu khí Việt Nam",
        ),
    ],
)
def test_the_first_line_names_the_firm_meant_and_says_first_when_it_may_not_send_workers(
    client, lang, name, first
):
    html = client.post(f"/{lang}/agencies/check", data={"name": name}).get_data(as_text=True)
    assert _first_line(html) == first
    assert html.index('class="verdict-title"') < html.index('<form method="post"'), "the answer comes first"


def test_not_on_the_list_gives_the_next_step_with_dolab_to_call(client):
    html = client.post("/vi/agencies/check", data={"name": "Công ty TNHH Không Có Thật"}).get_data(
        as_text=True
    )
    box = html.split('class="verdict verdict-warn"', 1)[1].split("</div>", 1)[0]
    assert "Không có trong danh sách của máy này" in box
    assert "không có nghĩa là công ty giả" in box
    assert 'href="tel:02438249517"' in box and "024 3824 9517" in box
    assert "Cục Quản lý lao động ngoài nước" in box


def test_no_template_writes_a_phone_number():
    templates = Path(__file__).parent.parent / "kiosk" / "templates"
    numbers = re.compile(r"\b0\d{2,3}[ .]?\d{3,4}[ .]?\d{3,4}\b")
    assert [p.name for p in templates.rglob("*.html") if numbers.search(p.read_text())] == []


def test_the_field_asks_for_a_licence_number_only_while_the_list_holds_some(client):
    html = client.get("/en/agencies/check").get_data(as_text=True)
    assert "Agency name or short name, as you heard it" in html
    assert "licence number" not in html.split('<label for="agency-name">', 1)[1].split("</label>", 1)[0]
