import os
import re

import pytest

from kiosk.web import catalogues
from kiosk.web.formatting import show_date, show_vnd
from kiosk.web.i18n import pick


def test_each_language_page_declares_its_language(client):
    for lang in ("vi", "en"):
        html = client.get(f"/{lang}/").get_data(as_text=True)
        assert re.search(rf'<html lang="{lang}" translate="no"', html)


def test_the_switch_links_to_the_same_page_in_the_other_language(client):
    assert 'href="/en/"' in client.get("/vi/").get_data(as_text=True)
    assert 'href="/vi/"' in client.get("/en/").get_data(as_text=True)


def test_links_keep_the_language_of_the_page(client):
    html = client.get("/en/").get_data(as_text=True)
    links = re.findall(r"<a\b[^>]*>", html)
    same = [a for a in links if "hreflang=" not in a]
    hrefs = [m.group(1) for a in same if (m := re.search(r'href="(/(?:vi|en)/[^"]*)"', a))]
    assert len(hrefs) >= 5
    assert all(h.startswith("/en/") for h in hrefs), hrefs
    assert all('hreflang="vi"' in a for a in links if 'href="/vi/' in a)


def test_vietnamese_page_is_in_vietnamese_and_english_in_english(client):
    assert "Bạn sắp đi làm việc ở nước ngoài" in client.get("/vi/").get_data(as_text=True)
    assert "Going to work abroad" in client.get("/en/").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/xx/", "/fr/", "/VI/", "/e/"])
def test_an_unknown_language_is_a_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<html" in response.get_data(as_text=True)


def test_api_messages_follow_the_lang_parameter(client):
    vi = client.get("/api/v1/no-such-thing?lang=vi").get_json()
    en = client.get("/api/v1/no-such-thing?lang=en").get_json()
    assert vi["error"]["message"] == "Không có trang hoặc mục này."
    assert en["error"]["message"] == "There is no such page or item."


def test_pick_chooses_the_language_and_falls_back_to_vietnamese():
    assert pick({"vi": "Xin chào", "en": "Hello"}, "en") == "Hello"
    assert pick('{"vi": "Xin chào"}', "en") == "Xin chào"
    assert pick("plain", "en") == "plain"


@pytest.mark.parametrize(
    "value, lang, shown",
    [
        ("2026-11-05", "vi", "05/11/2026"),
        ("2026-11-05", "en", "5 Nov 2026"),
        ("2024-09", "vi", "tháng 9/2024"),  # WRITING.md: dates as people say them
        ("2024-09", "en", "Sep 2024"),
        ("2025", "vi", "2025"),
        ("2025-13", "vi", "2025-13"),
        ("date not known", "en", "date not known"),
    ],
)
def test_dates_are_written_the_readers_way(value, lang, shown):
    assert show_date(value, lang) == shown


@pytest.mark.parametrize(
    "lang, shown", [("vi", "25.000.000 · 25/11/2026"), ("en", "25,000,000 · 25 Nov 2026")]
)
def test_numbers_and_dates_follow_the_page_language(app, lang, shown):
    with app.test_request_context(f"/{lang}/"):
        assert f"{show_vnd(25_000_000)} · {show_date('2026-11-25')}" == shown


def test_every_marked_string_has_a_vietnamese_translation():
    template = catalogues.template()
    vi = catalogues.load("vi")
    problems = []
    for message in template:
        if not message.id:
            continue
        found = vi.get(message.id)
        if found is None:
            problems.append(f"no entry: {message.id!r}")
        elif not found.string or (isinstance(found.string, tuple) and not all(found.string)):
            problems.append(f"untranslated: {message.id!r}")
        elif found.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert not problems, "\n".join(problems[:40])


def test_no_vietnamese_entry_is_fuzzy_or_empty():
    bad = [m.id for m in catalogues.load("vi") if m.id and (m.fuzzy or not m.string)]
    assert not bad, bad[:20]


def test_the_english_catalogue_has_no_empty_entry():
    assert not [m.id for m in catalogues.load("en") if m.id and not m.string]


@pytest.mark.parametrize("state", ["stale", "missing"])
def test_a_read_only_instance_with_a_newer_po_starts_and_logs_one_line(built_instance, tmp_path, state):
    """The service mounts the instance read-only; a `.po` newer than its `.mo` (a program update) crashed
    start-up with `OSError: [Errno 30]`, so the service restarted in a loop (issue 18, item 7)."""
    import shutil

    from support import in_namespace

    from kiosk.web.i18n import compile_catalogues

    instance = tmp_path / "instance"
    shutil.copytree(built_instance, instance, symlinks=True)
    compiled = compile_catalogues(instance / "translations")
    if state == "stale":
        for mo in compiled.rglob("*.mo"):
            os.utime(mo, (946684800, 946684800))  # 2000-01-01: older than any .po
    else:
        shutil.rmtree(compiled)
    done = in_namespace(f"KIOSK_INSTANCE='{instance}' $KIOSK serve --get /vi/", read_only=[instance])
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Thông tin" in done.stdout or "Công ty" in done.stdout, "the page is in Vietnamese"
    logged = [line for line in done.stderr.splitlines() if "translations" in line]
    assert len(logged) == 1 and "cannot be written" in logged[0], done.stderr
