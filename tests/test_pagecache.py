import re

from kiosk import create_app
from kiosk.build.pipeline import build


def footer_version(html):
    return re.search(r"(?:version|phiên bản) (\d+)", html).group(1)


def test_a_new_content_version_is_served_at_once_without_a_restart(small_content, tmp_path):
    instance = tmp_path / "instance"
    build(small_content, instance)
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    first = client.get("/en/").get_data(as_text=True)
    assert client.get("/en/").get_data(as_text=True) == first
    manifest = small_content / "manifest.yaml"
    old = int(re.search(r"(?m)^version: (\d+)", manifest.read_text()).group(1))
    manifest.write_text(re.sub(r"(?m)^version:.*$", f"version: {old + 1}", manifest.read_text()))
    build(small_content, instance)
    assert footer_version(client.get("/en/").get_data(as_text=True)) == str(old + 1)
    assert client.get("/api/v1/health").get_json()["content_version"] == old + 1


def test_pages_with_a_query_or_a_post_are_never_cached(app):
    client = app.test_client()
    client.get("/vi/?q=Zqxjkvw")
    cache = app.extensions["kiosk_pages"]
    assert all(b"Zqxjkvw" not in body for body, _headers in cache._pages.values())
    assert all("?" not in key[0] for key in cache._pages)


def test_a_page_is_kept_once_and_then_served_as_kept(app, monkeypatch):
    client, cache = app.test_client(), app.extensions["kiosk_pages"]
    kept = []
    real_put = cache.put
    monkeypatch.setattr(cache, "put", lambda key, page: (kept.append(key), real_put(key, page)))
    first = client.get("/en/services")
    again = [client.get("/en/services") for _ in range(3)]
    assert [key[0] for key in kept] == ["/en/services"]  # stored once, not copied back on every hit
    assert all(r.get_data() == first.get_data() for r in again)
    assert all(
        r.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"] for r in again
    )
