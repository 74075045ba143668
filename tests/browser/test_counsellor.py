"""A counsellor's session on the 1280×800 screen: three checks side by side, a handout on one A4 page,
and "New client" that leaves nothing behind."""

from __future__ import annotations

import re


def test_three_checks_answer_side_by_side(kiosk_screen, live_server, shots, fill_session):
    page, watch = kiosk_screen
    page.goto(live_server.url("/en/counsellor"))
    fill_session(page)
    page.click("#s-calc ~ button[type=submit]")
    sections = page.locator(".session > section")
    tops = [sections.nth(i).bounding_box()["y"] for i in range(3)]
    assert max(tops) - min(tops) < 2, "the three tools sit in one row"
    assert page.locator(".session .verdict").count() == 3
    assert "Asks for money the law forbids" in page.inner_text("#s-offer ~ div.verdict, .session")
    page.screenshot(path=str(shots / "counsellor-en.png"), full_page=True)
    assert watch.outside() == [] and watch.errors == []


def test_handout_prints_on_at_most_two_a4_pages(kiosk_screen, live_server, shots, fill_session):
    page, _ = kiosk_screen
    page.goto(live_server.url("/vi/counsellor"))
    fill_session(page)
    with page.context.expect_page() as opened:
        page.click("button[formaction$='/counsellor/handout']")
    handout = opened.value
    handout.wait_for_load_state()
    assert handout.locator("h1").inner_text() == "Buổi tư vấn của bạn"
    assert handout.locator("a[href^='tel:']").count() >= 2
    handout.emulate_media(media="print")
    handout.set_viewport_size({"width": 710, "height": 1000})
    handout.screenshot(path=str(shots / "handout-vi-print.png"), full_page=True)
    pdf = handout.pdf(format="A4", print_background=True)
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2  # its text is 12 pt


def test_new_client_empties_the_session(kiosk_screen, live_server, fill_session):
    page, _ = kiosk_screen
    page.goto(live_server.url("/vi/counsellor"))
    fill_session(page)
    page.click("#s-agency ~ button[type=submit]")
    page.click("a[data-reset]")
    page.wait_for_url(live_server.url("/vi/counsellor"))
    assert page.locator(".verdict").count() == 0
    assert page.input_value("#agency-name") == ""


def test_enter_in_a_tools_field_answers_that_tool_on_screen(kiosk_screen, live_server, fill_session):
    """Without the script Enter would press the first button (the agency's) and scroll there; with it, Enter
    in the loan field lands on the calculator's answer."""
    page, watch = kiosk_screen
    page.goto(live_server.url("/en/counsellor"))
    fill_session(page)
    page.focus("#calc-loan_amount")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("#s-calc")
    assert page.locator("section:has(#s-calc) .verdict").count() == 1
    assert watch.errors == []
