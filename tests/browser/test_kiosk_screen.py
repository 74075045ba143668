"""The shared touch screen in kiosk mode: QR codes on the home screen, and a reset (idle or "finish") that
leaves the next person nothing: empty forms, no storage, no cookies, and Back does not bring results back."""

from __future__ import annotations

import time

import pytest

CHECK = "/vi/agencies/check"


def leave_traces(page):
    """What a visitor might leave behind: storage, a cookie, and a result page in the history."""
    page.evaluate(
        """() => { localStorage.setItem('last', 'x'); sessionStorage.setItem('seen', 'y');
                   document.cookie = 'who=worker; path=/'; }"""
    )


def traces(page) -> dict:
    return page.evaluate(
        """() => ({local: localStorage.length, session: Object.keys(sessionStorage).filter(k => k !== 'kiosk-visitor').length,
                   cookies: document.cookie})"""
    )


def check_an_agency(page, server, name: str):
    page.goto(server.url(CHECK))
    page.fill("#agency-name", name)
    page.click("form.agency-check-form button[type=submit]")
    page.wait_for_selector(".verdict")


def test_home_screen_has_big_tiles_qr_codes_and_a_finish_button(kiosk_screen, kiosk_server, shots):
    page, watch = kiosk_screen
    page.goto(kiosk_server.url("/vi/"))
    assert page.locator("svg.qr-code").count() == 3
    assert page.locator(".phone-qr figcaption").first.inner_text().count("Xa-Kiosk") == 1
    tile = page.locator(".tile").first.bounding_box()
    assert tile["height"] >= 150 and tile["width"] >= 200
    finish = page.locator("a.finish").bounding_box()
    assert finish["height"] >= 56
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    page.screenshot(path=str(shots / "kiosk-home-vi.png"), full_page=True)
    assert watch.outside() == [] and watch.errors == []


def test_idle_reset_wipes_everything_and_back_does_not_show_the_result(kiosk_screen, kiosk_server, shots):
    page, watch = kiosk_screen
    page.goto(kiosk_server.url("/vi/"))
    check_an_agency(page, kiosk_server, "Hoàng Phát")
    leave_traces(page)
    page.fill("#agency-name", "half-typed name")
    page.wait_for_selector("#idle-warning:not([hidden])", timeout=10_000)
    page.screenshot(path=str(shots / "kiosk-idle-warning.png"))
    page.wait_for_url(kiosk_server.url("/vi/"), timeout=15_000)
    assert traces(page) == {"local": 0, "session": 0, "cookies": ""}
    page.go_back()
    page.wait_for_load_state()
    time.sleep(0.5)
    assert page.url == kiosk_server.url("/vi/")
    assert page.locator(".verdict").count() == 0
    assert "Hoàng Phát" not in page.content()
    assert watch.errors == []


def test_touching_the_screen_postpones_the_idle_reset(kiosk_screen, kiosk_server):
    page, _ = kiosk_screen
    page.goto(kiosk_server.url(CHECK))
    page.wait_for_selector("#idle-warning:not([hidden])", timeout=10_000)
    assert page.evaluate("document.activeElement.closest('#idle-warning') !== null"), "focus on the button"
    box = page.locator("#idle-warning button").bounding_box()
    assert box["height"] >= 56
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.locator("#idle-warning").is_hidden()
    time.sleep(3)
    assert page.url == kiosk_server.url(CHECK)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_finish_button_starts_again_for_a_new_person(kiosk_screen, kiosk_server, lang):
    page, _ = kiosk_screen
    check_an_agency(page, kiosk_server, "Hoàng Phát")
    page.goto(kiosk_server.url(f"/{lang}/agencies/check"))
    leave_traces(page)
    page.click("a.finish")
    page.wait_for_url(kiosk_server.url(f"/{lang}/"))
    assert traces(page) == {"local": 0, "session": 0, "cookies": ""}


def test_an_untouched_home_screen_is_left_alone(kiosk_screen, kiosk_server):
    page, _ = kiosk_screen
    page.goto(kiosk_server.url("/en/"))
    page.evaluate("window.stillHere = true")
    time.sleep(7)
    assert page.locator("#idle-warning").is_hidden()
    assert page.evaluate("window.stillHere === true"), "no reload"


def test_a_keyboard_user_answers_the_warning_with_enter_and_gets_focus_back(kiosk_screen, kiosk_server):
    page, _ = kiosk_screen
    page.goto(kiosk_server.url(CHECK))
    page.focus("#agency-name")
    page.wait_for_selector("#idle-warning:not([hidden])", timeout=10_000)
    page.keyboard.press("Enter")
    assert page.locator("#idle-warning").is_hidden()
    assert page.evaluate("document.activeElement.id") == "agency-name"


def test_back_after_a_reset_never_resends_or_shows_a_posted_result(kiosk_screen, kiosk_server):
    page, _ = kiosk_screen
    page.goto(kiosk_server.url("/vi/"))
    check_an_agency(page, kiosk_server, "PETROMANNING JSC")
    page.click("a[href='/vi/agencies/']")
    page.wait_for_url(kiosk_server.url("/vi/agencies/"))
    page.click("a.finish")
    page.wait_for_url(kiosk_server.url("/vi/"))
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    for _ in range(3):
        page.evaluate("setTimeout(() => history.back(), 0)")
        page.wait_for_timeout(1200)
        assert page.url == kiosk_server.url("/vi/")
        assert page.locator(".verdict").count() == 0
    assert posts == []
