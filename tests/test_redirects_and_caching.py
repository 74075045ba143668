"""Redirects never name a host the client sent, and a page holding what someone typed is never kept
(issue 18, 14 and 17)."""

import pytest

from kiosk.web.headers import relative

EVIL = {"Host": "evil.example"}


@pytest.mark.parametrize(
    ("path", "goes_to"),
    [
        ("/vi/agencies", "/vi/agencies/"),
        ("/vi/agencies?q=abc", "/vi/agencies/?q=abc"),
        ("/vi", "/vi/"),
        ("/static", "/static/"),
        ("/", "/vi/"),
    ],
)
def test_a_forged_host_is_not_reflected_in_redirects(client, path, goes_to):
    response = client.get(path, headers=EVIL)
    assert 300 <= response.status_code < 400
    assert response.headers["Location"] == goes_to
    assert "evil" not in str(response.headers)


def test_only_this_servers_own_host_is_cut_from_a_location():
    assert relative("http://evil.example/vi/?q=a#top", "evil.example") == "/vi/?q=a#top"
    assert relative("https://EVIL.example:8080", "evil.example:8080") == "/"
    assert relative("https://publisher.example/feed/", "kiosk.local") == "https://publisher.example/feed/"
    assert relative("/vi/", "evil.example") == "/vi/"


@pytest.mark.parametrize(
    "path",
    [
        "/vi/search?q=lua+dao",
        "/en/search?q=scam",
        "/vi/agencies/?q=hoang",
        "/api/v1/search?q=lua+dao",
        "/api/v1/agencies?q=hoang",
        "/api/v1/agencies/check?name=Simco",
    ],
)
def test_a_page_holding_what_someone_typed_is_never_stored(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/vi/search", "/vi/agencies/", "/vi/", "/api/v1/health"])
def test_a_page_without_anything_typed_is_revalidated_not_refused(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
