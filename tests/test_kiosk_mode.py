"""Kiosk mode on a shared screen, the "new person" reset, the service worker script and versioned static
files (checked through the test client; the browser tests drive the same things in Chromium)."""

import re

import pytest
import segno.helpers

from kiosk import create_app
from kiosk.text import qr
from kiosk.web.kiosk_mode import wifi_qr

KIOSK = {
    "KIOSK_MODE": True,
    "IDLE_RESET_SECONDS": 45,
    "WIFI_SSID": "Xa-Kiosk",
    "WIFI_PASSWORD": "mat-khau-1",
    "PUBLIC_URL": "http://192.168.4.1:8080/",
}


@pytest.fixture
def kiosk_client(built_instance):
    return create_app({"TESTING": True, "INSTANCE": str(built_instance), **KIOSK}).test_client()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_new_person_clears_site_data_and_goes_home(client, lang):
    response = client.get(f"/{lang}/new-person")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/"
    assert response.headers["Clear-Site-Data"] == '"cookies", "storage"'
    assert response.headers["Cache-Control"] == "no-store"


def test_new_person_ignores_an_unknown_destination(client):
    assert client.get("/vi/new-person?to=https://example.com/").headers["Location"] == "/vi/"


def test_kiosk_home_shows_the_wifi_and_address_codes_and_the_finish_button(kiosk_client):
    html = kiosk_client.get("/vi/").get_data(as_text=True)
    assert html.count("<svg") == 3 and html.count('class="qr-code"') == 3
    assert "Xa-Kiosk" in html and "mat-khau-1" in html and "http://192.168.4.1:8080/" in html
    pocket = "http://192.168.4.1:8080/static/pocket/1/pocket-guide-vi.html"
    assert qr.svg(pocket, title="Mã QR: tải sổ tay bỏ túi", error="m") in html
    assert re.search(r'<a class="button finish" href="/vi/new-person" data-reset>', html)
    assert 'data-idle="45"' in html and 'data-reset-url="/vi/new-person"' in html
    assert 'id="idle-warning"' in html and "hidden" in html
    assert "modes.css" in html


def test_kiosk_home_hides_a_qr_code_that_is_not_configured(built_instance):
    client = create_app({"TESTING": True, "INSTANCE": str(built_instance), "KIOSK_MODE": True}).test_client()
    html = client.get("/en/").get_data(as_text=True)
    assert "<svg" not in html


def test_ordinary_home_has_no_kiosk_controls(client):
    html = client.get("/vi/").get_data(as_text=True)
    assert "data-idle" not in html and "data-reset" not in html and "modes.css" not in html


def test_wifi_code_holds_the_network_in_the_standard_form(built_instance):
    app = create_app({"TESTING": True, "INSTANCE": str(built_instance), **KIOSK})
    expected = segno.helpers.make_wifi_data(ssid="Xa-Kiosk", password="mat-khau-1", security="WPA")
    assert expected == "WIFI:T:WPA;S:Xa-Kiosk;P:mat-khau-1;;"
    with app.test_request_context("/vi/"):
        svg = str(wifi_qr("title"))
    assert svg == qr.wifi_svg("Xa-Kiosk", "mat-khau-1", title="title")


def test_service_worker_is_served_from_the_root_with_a_site_wide_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert b'request.method !== "GET"' in response.data
    response.close()


def test_static_addresses_carry_the_file_version_and_are_kept_for_a_year(client):
    html = client.get("/en/").get_data(as_text=True)
    css = re.search(r'href="(/static/kiosk\.css\?v=[0-9a-f]{10})"', html).group(1)
    js = re.search(r'src="(/static/kiosk\.js\?v=[0-9a-f]{10})"', html).group(1)
    for url in (css, js):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        response.close()


def test_pages_load_the_enhancing_script_deferred(client):
    html = client.get("/vi/").get_data(as_text=True)
    assert re.search(r'<script src="/static/kiosk\.js\?v=\w+" defer></script>', html)


def test_source_titles_in_the_other_language_are_marked_with_lang(client):
    html = client.get("/en/destinations/JP").get_data(as_text=True)
    assert '<span lang="vi">' in html
    assert '<span lang="en">' not in html


def test_kiosk_home_with_default_settings_has_no_empty_take_away_heading(built_instance):
    client = create_app({"TESTING": True, "INSTANCE": str(built_instance), "KIOSK_MODE": True}).test_client()
    for lang, heading in (("vi", "phone-qr-title"), ("en", "Take this information on your phone")):
        html = client.get(f"/{lang}/").get_data(as_text=True)
        assert heading not in html and "phone-qr" not in html
        assert "pocket-title" not in html  # no download button on a screen nobody can carry away


@pytest.mark.parametrize("path", ["/vi/", "/vi/return-plan", "/en/destinations/JP", "/vi/agencies/check"])
def test_the_finish_button_is_at_the_top_and_at_the_end_of_every_kiosk_page(kiosk_client, path):
    html = kiosk_client.get(path).get_data(as_text=True)
    main_end = html.index("</main>")
    finishes = [
        m.start() for m in re.finditer(r'<a class="button finish" href="/\w\w/new-person" data-reset>', html)
    ]
    assert len(finishes) == 2
    assert finishes[0] < html.index('<main id="main">') and finishes[1] > main_end


PLAN = {
    "route": "JP|titp",
    "completed": "no",
    "early_reason": "employer_closed",
    "still_abroad": "no",
    "goal": "job",
}


def once_token(html: str) -> str:
    found = re.findall(r'<input type="hidden" name="once" value="([\w-]+)">', html)
    assert len(found) == 1, found
    return found[0]


def test_a_kiosk_form_sent_a_second_time_never_shows_the_answer_again(kiosk_client):
    """JavaScript off, the next person presses Back and lets the browser resend the last person's form:
    the kiosk answers with an empty 'start again' page."""
    form = kiosk_client.get("/vi/return-plan").get_data(as_text=True)
    assert re.search(
        r'<form method="post"[^>]*autocomplete="off"[^>]*><input type="hidden" name="once"', form
    )
    sent = dict(PLAN, once=once_token(form))
    first = kiosk_client.post("/vi/return-plan", data=sent)
    assert first.status_code == 200 and 'id="summary"' in first.get_data(as_text=True)
    again = kiosk_client.post("/vi/return-plan", data=sent)
    html = again.get_data(as_text=True)
    assert again.status_code == 409 and again.headers["Cache-Control"] == "no-store"
    assert 'id="summary"' not in html and "hưu trí" not in html and "Điền lại từ đầu" in html
    assert kiosk_client.post("/vi/return-plan", data=PLAN).status_code == 409  # no token, no answer


@pytest.mark.parametrize(
    "path", ["/vi/agencies/check", "/vi/check-offer", "/vi/calculator", "/vi/selfcheck", "/vi/counsellor"]
)
def test_every_kiosk_form_gets_its_own_token_even_from_the_page_cache(kiosk_client, path):
    first, second = (kiosk_client.get(path).get_data(as_text=True) for _ in range(2))
    posts = re.findall(r"<form[^>]*method=\"post\"[^>]*>", first)
    assert posts and all('autocomplete="off"' in tag for tag in posts)
    tokens = re.findall(r'name="once" value="([\w-]+)"', first) + re.findall(
        r'name="once" value="([\w-]+)"', second
    )
    assert len(tokens) == 2 * len(posts) and len(set(tokens)) == len(tokens)


def test_outside_kiosk_mode_forms_carry_no_token_and_answer_as_before(client):
    form = client.get("/vi/return-plan").get_data(as_text=True)
    assert 'name="once"' not in form
    assert client.post("/vi/return-plan", data=PLAN).status_code == 200
    assert client.post("/vi/return-plan", data=PLAN).status_code == 200
