"""A worker's cheap phone on the kiosk's Wi-Fi: nothing leaves the device, pages fit 360 px and the
budget, everything reads with JavaScript off, axe-core finds nothing serious, the pocket guide downloads."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

HTML_BUDGET = 60_000
FIRST_LOAD_BUDGET = 150_000
POCKET_BUDGET = 200_000


def same_site_links(page, server) -> list[str]:
    """The distinct pages a home page links to (no API, static files, downloads or fragments)."""
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)")
    links = []
    for href in hrefs:
        url = href.split("#")[0]
        path = urllib.parse.urlsplit(url).path
        if url.startswith(server.base) and not path.startswith(("/api/", "/static/")) and url not in links:
            links.append(url)
    return links


@pytest.fixture(scope="module")
def site_pages(browser, live_server) -> list[str]:
    """Both home pages and every page they link to."""
    context = browser.new_context()
    page = context.new_page()
    pages = []
    for lang in ("vi", "en"):
        page.goto(live_server.url(f"/{lang}/"))
        pages += [
            u for u in [live_server.url(f"/{lang}/")] + same_site_links(page, live_server) if u not in pages
        ]
    context.close()
    return pages


def test_home_in_vietnamese_then_english_never_leaves_the_device(phone, live_server, shots):
    page, watch = phone
    page.goto(live_server.url("/"))
    assert page.url == live_server.url("/vi/")
    assert page.get_attribute("html", "lang") == "vi"
    assert page.get_attribute("html", "translate") == "no"
    page.screenshot(path=str(shots / "phone-home-vi.png"), full_page=True)
    page.click("a.lang-switch")
    page.wait_for_url(live_server.url("/en/"))
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Going to work abroad, or coming home?"
    page.screenshot(path=str(shots / "phone-home-en.png"), full_page=True)
    assert watch.outside() == []
    assert watch.errors == []


def test_first_load_of_the_home_page_stays_within_budget(phone, live_server):
    page, _ = phone
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
    page.goto(live_server.url("/vi/"), wait_until="networkidle")
    assert sum(sizes.values()) <= FIRST_LOAD_BUDGET, sizes
    assert not [u for u in sizes if re.search(r"\.(woff2?|ttf|otf)(\?|$)", u)], "no web fonts"


def test_every_linked_page_fits_a_360px_phone_and_the_html_budget(phone, live_server, site_pages, shots):
    page, watch = phone
    problems = []
    for n, url in enumerate(site_pages):
        response = page.goto(url)
        path = url[len(live_server.base) :]
        if response.status != 200:
            problems.append(f"{path}: status {response.status}")
        if len(response.body()) > HTML_BUDGET:
            problems.append(f"{path}: {len(response.body())} bytes of HTML")
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            problems.append(f"{path}: scrolls sideways by {overflow}px")
        page.screenshot(path=str(shots / f"phone-{n:02d}-{path.strip('/').replace('/', '-') or 'root'}.png"))
    assert problems == []
    assert watch.outside() == [] and watch.errors == []


def test_every_linked_page_reads_with_javascript_off(no_js_phone, live_server, site_pages):
    empty = []
    for url in site_pages:
        no_js_phone.goto(url)
        if len(no_js_phone.inner_text("main").strip()) < 150:
            empty.append(url)
    assert empty == []


def test_axe_finds_nothing_serious_on_the_home_pages_and_their_links(phone, live_server, site_pages):
    page, _ = phone
    axe = Axe()
    found = {}
    for url in site_pages:
        page.goto(url)
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                found.setdefault(violation["id"], []).append((url[len(live_server.base) :], targets))
    assert found == {}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pocket_guide_downloads_and_opens_offline(phone, live_server, tmp_path, lang, shots):
    page, _ = phone
    page.goto(live_server.url(f"/{lang}/"))
    with page.expect_download() as info:
        page.click(f'a[download][href="/static/pocket/1/pocket-guide-{lang}.html"]')
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == f"kiosk-pocket-guide-{lang}-v1.html"
    assert 0 < saved.stat().st_size < POCKET_BUDGET
    requests = []
    page.context.set_offline(True)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(Path(saved).as_uri())
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("a[href^='tel:']").count() > 5
    assert [u for u in requests if not u.startswith("file:")] == []
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 1
    if lang == "vi":  # the same markup in both languages; axe on a 120 KB page takes seconds
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    page.screenshot(path=str(shots / f"pocket-{lang}.png"))
