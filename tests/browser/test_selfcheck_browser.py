"""The red-flag self-check on a phone: answered and read with JavaScript off, and the answers are gone
once the worker starts again or goes back."""

from __future__ import annotations


def test_a_worker_with_javascript_off_answers_and_reads_the_red_flags(no_js_phone, live_server, shots):
    page = no_js_phone
    page.goto(live_server.url("/vi/selfcheck"))
    page.check('input[name="papers_held"][value="yes"]')
    page.check('input[name="no_licence"][value="no"]')
    page.check('input[name="fee_above_cap"][value="unsure"]')
    page.click("form.selfcheck button[type=submit]")
    assert page.url.endswith("/vi/selfcheck#result")
    assert page.locator(".flag").count() == 2
    assert page.locator("#flag-papers_held").is_visible()
    assert "Vì sao đáng lo" in page.locator("#flag-papers_held").inner_text()
    assert page.locator(".selfcheck-result svg").count() == 1
    page.screenshot(path=str(shots / "selfcheck-result-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "nothing wider than a 360 px phone"


def test_start_again_clears_every_answer(no_js_phone, live_server):
    page = no_js_phone
    page.goto(live_server.url("/en/selfcheck"))
    page.check('input[name="tourist_visa"][value="yes"]')
    page.click("form.selfcheck button[type=submit]")
    page.click("text=Start again")
    assert page.locator("input[type=radio]:checked").count() == 0
    assert page.locator(".flag").count() == 0


def test_the_answers_never_appear_in_the_address(phone, live_server):
    page, watch = phone
    page.goto(live_server.url("/en/selfcheck"))
    page.check('input[name="personal_account"][value="yes"]')
    page.click("form.selfcheck button[type=submit]")
    assert "personal_account" not in page.url
    assert not watch.outside()
    assert not watch.errors
