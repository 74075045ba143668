"""The service worker, where a browser allows one (127.0.0.1 is a secure context): pages read offline
after a visit, static files come from the cache, and nothing typed is kept."""

from __future__ import annotations

import pytest


@pytest.fixture
def phone_with_worker(browser):
    context = browser.new_context(viewport={"width": 360, "height": 640}, service_workers="allow")
    page = context.new_page()
    yield page
    context.close()


def cached_urls(page) -> list[str]:
    return page.evaluate(
        """async () => { const out = [];
             for (const name of await caches.keys()) {
               for (const r of await (await caches.open(name)).keys()) out.push(r.url); }
             return out; }"""
    )


def test_pages_read_offline_after_a_visit(phone_with_worker, live_server):
    page = phone_with_worker
    page.goto(live_server.url("/en/"))
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.goto(live_server.url("/en/selfcheck"))
    page.context.set_offline(True)
    page.goto(live_server.url("/en/selfcheck"))
    assert page.locator("main form").count() == 1
    page.goto(live_server.url("/en/"))
    assert page.locator(".tile").count() >= 6
    assert page.evaluate("getComputedStyle(document.querySelector('.top')).display") == "flex", (
        "CSS from cache"
    )


def test_nothing_typed_is_cached(phone_with_worker, live_server):
    page = phone_with_worker
    page.goto(live_server.url("/en/"))
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.fill("#site-q", "my secret name")
    page.click("form.search-bar button[type=submit]")
    page.goto(live_server.url("/en/agencies/check"))
    page.fill("#agency-name", "Another Secret Co")
    page.click("form.agency-check-form button[type=submit]")
    page.wait_for_selector(".verdict")
    urls = cached_urls(page)
    assert urls, "the worker keeps pages"
    assert not [u for u in urls if "?" in u and "/static/" not in u]
    texts = page.evaluate(
        """async () => { const out = [];
             for (const name of await caches.keys()) { const c = await caches.open(name);
               for (const r of await c.keys()) out.push(await (await c.match(r)).text()); }
             return out.join(' '); }"""
    )
    assert "Another Secret Co" not in texts and "my secret name" not in texts


def test_old_caches_are_removed_when_the_worker_starts(phone_with_worker, live_server):
    page = phone_with_worker
    page.goto(live_server.url("/en/"))
    page.evaluate("caches.open('kiosk-v0-pages').then(c => c.put('/old', new Response('old')))")
    page.evaluate(
        """async () => { const r = await navigator.serviceWorker.getRegistration();
             await r.unregister(); }"""
    )
    page.reload()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _ in range(50):
        if "kiosk-v0-pages" not in page.evaluate("caches.keys()"):
            break
        page.wait_for_timeout(100)
    assert "kiosk-v0-pages" not in page.evaluate("caches.keys()")
