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
    finish = page.locator("a.finish").first.bounding_box()
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


SMALL_TARGETS = """() => Array.from(document.querySelectorAll('main a, main summary, footer a'))
  .filter(e => e.offsetParent !== null)
  .map(e => [Math.round(e.getBoundingClientRect().height), e.textContent.trim().slice(0, 40)])
  .filter(([height]) => height < 44)"""
LINK_PAGES = ["/vi/", "/vi/agencies/", "/vi/destinations", "/vi/destinations/JP", "/vi/services", "/vi/articles/",
              "/vi/agencies/vjitco", "/vi/about-this-information"]  # fmt: skip


def test_every_link_and_fold_on_the_touch_screen_is_a_finger_high(kiosk_screen, kiosk_server, shots):
    page, _ = kiosk_screen
    small = {}
    for path in LINK_PAGES:
        page.goto(kiosk_server.url(path))
        found = page.evaluate(SMALL_TARGETS)
        if found:
            small[path] = found[:5]
    page.goto(kiosk_server.url("/vi/agencies/"))
    page.screenshot(path=str(shots / "kiosk-agency-list.png"))
    assert small == {}


def test_the_finish_button_waits_at_the_end_of_a_long_page(kiosk_screen, kiosk_server):
    page, _ = kiosk_screen
    page.goto(kiosk_server.url("/vi/destinations/JP"))
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    last = page.locator("a.finish").last
    assert page.locator("a.finish").count() == 2 and last.is_visible()
    box = last.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 800 and box["height"] >= 56
    last.click()
    page.wait_for_url(kiosk_server.url("/vi/"))


def test_with_javascript_off_a_resent_form_never_shows_the_last_persons_answer(browser, kiosk_server, shots):
    """The next person presses Back (or reload) on a result and lets the browser send the form again."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}, has_touch=True
    )
    page = context.new_page()
    page.goto(kiosk_server.url("/vi/return-plan"))
    page.select_option("#route", "JP|titp")
    for name, value in (
        ("completed", "no"),
        ("early_reason", "employer_closed"),
        ("still_abroad", "no"),
        ("goal", "job"),
    ):
        page.check(f'input[name="{name}"][value="{value}"]')
    page.click("form.plan-form button[type=submit]")
    assert page.locator("#summary").count() == 1
    page.reload()  # the browser sends the same form, token and all, again
    assert page.locator("#summary").count() == 0 and "hưu trí" not in page.inner_text("main")
    assert "Điền lại từ đầu" in page.inner_text("main")
    page.screenshot(path=str(shots / "kiosk-form-sent-twice.png"))
    page.goto(kiosk_server.url("/vi/return-plan"))
    assert page.locator('input[name="early_reason"]:checked').count() == 0  # nothing refilled
    context.close()
