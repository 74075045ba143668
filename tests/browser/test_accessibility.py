"""WCAG 2.1 AA beyond the crawl: axe-core on the kiosk-mode, counsellor and handout pages, reflow at 200 %
zoom (a 1280 px screen zoomed to 200 % is 640 CSS px; WCAG's own reflow test is 320 px), the keyboard
path through the layout, and `lang` on every phrase in the other language."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = ["/vi/", "/en/", "/vi/counsellor", "/en/agencies/check", "/vi/check-offer", "/vi/calculator"]


def serious(page) -> dict:
    found = {}
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            found[violation["id"]] = [n["target"] for n in violation["nodes"]][:3]
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_kiosk_mode_home_passes_axe(kiosk_screen, kiosk_server, lang):
    page, _ = kiosk_screen
    page.goto(kiosk_server.url(f"/{lang}/"))
    assert serious(page) == {}


def test_idle_warning_passes_axe_when_shown(kiosk_screen, kiosk_server):
    page, _ = kiosk_screen
    page.goto(kiosk_server.url("/en/agencies/check"))
    page.wait_for_selector("#idle-warning:not([hidden])", timeout=10_000)
    assert serious(page) == {}


def test_counsellor_session_with_answers_and_its_handout_pass_axe(kiosk_screen, live_server, fill_session):
    page, _ = kiosk_screen
    page.goto(live_server.url("/en/counsellor"))
    fill_session(page)
    page.click("#s-calc ~ button[type=submit]")
    assert serious(page) == {}
    with page.context.expect_page() as opened:
        page.click("button[formaction$='/counsellor/handout']")
    opened.value.wait_for_load_state()
    assert serious(opened.value) == {}


@pytest.mark.parametrize("width", [640, 320])
def test_pages_reflow_without_sideways_scrolling_when_zoomed(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = {}
    for path in PAGES:
        page.goto(live_server.url(path))
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            wide[path] = overflow
    context.close()
    assert wide == {}


def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_main(kiosk_screen, live_server):
    page, _ = kiosk_screen
    page.goto(live_server.url("/vi/"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").bounding_box()["x"] >= 0, "visible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_focus_is_visible_on_every_control_of_the_layout(kiosk_screen, kiosk_server):
    page, _ = kiosk_screen
    page.goto(kiosk_server.url("/vi/"))
    missing = []
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement); "
            "return [document.activeElement.outerHTML.slice(0, 60), s.outlineStyle, s.outlineWidth]; })()"
        )
        if style[1] == "none" or style[2] == "0px":
            missing.append(style[0])
    assert missing == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_phrases_in_the_other_language_carry_their_lang(phone, live_server, lang):
    page, _ = phone
    page.goto(live_server.url(f"/{lang}/"))
    other = "en" if lang == "vi" else "vi"
    assert page.get_attribute("a.lang-switch", "lang") == other
    for link in page.locator(f"a[download][hreflang={other}]").all():
        assert link.get_attribute("lang") == other


def test_kiosk_mode_pages_fit_the_screen_and_pass_axe(kiosk_screen, kiosk_server):
    page, _ = kiosk_screen
    problems = {}
    for path in PAGES:
        page.goto(kiosk_server.url(path))
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        found = serious(page)
        if overflow > 1 or found:
            problems[path] = (overflow, found)
    assert problems == {}
