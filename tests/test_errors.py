import pytest
from support import assert_api_error

from kiosk.web.db import get_db


@pytest.mark.parametrize(("lang", "words"), [("vi", "Không tìm thấy trang"), ("en", "Page not found")])
def test_an_unknown_page_is_an_html_404_in_the_page_language(client, lang, words):
    response = client.get(f"/{lang}/no-such-page-xyz")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert words in response.get_data(as_text=True)


def test_an_unknown_api_route_is_a_json_404(client):
    assert_api_error(client.get("/api/v1/nothing-here"), 404, "not_found")


def test_a_wrong_method_is_405_in_both_shapes(client):
    assert_api_error(client.post("/api/v1/health"), 405, "method_not_allowed")
    assert client.post("/vi/").status_code == 405


def test_a_body_that_is_too_large_is_413(client):
    response = client.post("/api/v1/health", data="x" * 100_000, content_type="application/json")
    assert response.status_code in (405, 413)
    response = client.post("/vi/", data={"q": "x" * 100_000})
    assert response.status_code in (405, 413)


def test_an_unexpected_error_shows_no_traceback(app):
    @app.get("/vi/boom-test")
    def boom():
        get_db()
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/vi/boom-test")
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in text and "secret internal detail" not in text
    assert "<html" in text


def test_security_headers_are_on_every_response(client):
    for path in ("/vi/", "/api/v1/health", "/vi/missing", "/static/kiosk.css"):
        response = client.get(path)
        headers = response.headers
        response.close()
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
