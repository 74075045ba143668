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
