"""The agency check on a 360×780 phone, as a worker types names: after submitting, the verdict for the firm
they most likely mean is on the first screen (issue 15), for each kind of answer; and the counsellor page
runs the check on Enter, names a field in its error, and prints a handout of 12 pt text that says the
status."""

from __future__ import annotations

import re

import pytest

FIRST_SCREEN = {"width": 360, "height": 780}

# (what the worker types, what the first line must say); real firms from content/agencies.csv.
CASES = {
    "revoked": (
        "cong ty hoang gia long",
        "Có phải bạn muốn hỏi Công ty Cổ phần Quốc tế Hoàng Gia Long? Công ty này đã bị thu hồi giấy phép.",
    ),
    "suspended": ("cong ty nhan luc jh", "Bị đình chỉ: Công ty CP Nhân lực JH"),
    "unlicensed": (
        "midori",
        "Có phải bạn muốn hỏi Công ty TNHH Hợp tác quốc tế MIDORI Việt Nam? "
        "Công ty này đã bị phạt vì tuyển người lao động khi không có giấy phép.",
    ),
    "partial": (
        "viet nhat vjitco",
        "Có phải bạn muốn hỏi Công ty cổ phần hợp tác thương mại quốc tế Việt Nhật? "
        "Công ty này có trong danh sách được cấp phép.",
    ),
    "lookalike": ("VJITCO Nhật Bản", 'Giống tên "VJITCO JSC" nhưng không phải "VJITCO JSC"'),
    "lookalike-of-a-revoked-firm": (
        "Công ty TNHH Quốc tế Hoàng Gia Long",
        "Có phải bạn muốn hỏi Công ty Cổ phần Quốc tế Hoàng Gia Long? Công ty này đã bị thu hồi giấy phép.",
    ),
    "not-found": ("cong ty xuat khau lao dong abc", "Không có trong danh sách của máy này"),
}


@pytest.fixture
def phone_780(browser):
    """A 360×780 touch phone (the issue's first screen)."""
    context = browser.new_context(
        viewport=FIRST_SCREEN, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def on_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= FIRST_SCREEN["height"]


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("case", list(CASES))
def test_the_verdict_is_on_the_first_screen(phone_780, live_server, shots, case):
    typed, first = CASES[case]
    page = phone_780
    page.goto(live_server.url("/vi/agencies/check"))
    page.fill("#agency-name", typed)
    page.press("#agency-name", "Enter")
    page.wait_for_load_state()
    assert words(page.locator(".verdict-title").first.inner_text()) == first
    assert page.evaluate("scrollY") == 0
    assert on_first_screen(page, ".verdict-title"), "the first line is on the first screen"
    if case == "not-found":
        call = page.locator(".verdict a[href^='tel:']").first
        assert call.get_attribute("href") == "tel:02438249517"
        assert on_first_screen(page, ".verdict a[href^='tel:']"), "DOLAB's number is on the first screen"
        box = call.bounding_box()
        assert box["height"] >= 44, "a finger can tap it"
    page.screenshot(path=str(shots / f"agency-check-{case}-360x780.png"))


def test_the_check_reads_the_same_with_javascript_off(no_js_phone, live_server):
    page = no_js_phone
    page.goto(live_server.url("/vi/agencies/check"))
    page.fill("#agency-name", "cong ty midori")
    page.click(".agency-check-form button[type=submit]")
    assert words(page.locator(".verdict-title").first.inner_text()).startswith(
        "Có phải bạn muốn hỏi Công ty TNHH Hợp tác quốc tế MIDORI Việt Nam?"
    )


def test_enter_in_the_counsellors_agency_field_runs_the_check(phone_780, live_server, shots):
    page = phone_780
    page.goto(live_server.url("/vi/counsellor"))
    page.fill("#agency-name", "cong ty hoang gia long")
    page.press("#agency-name", "Enter")
    page.wait_for_load_state()
    assert len(page.context.pages) == 1, "Enter did not open the handout"
    assert page.url.endswith("/vi/counsellor#s-agency")
    title = page.locator("#s-agency ~ .verdict .verdict-title, .session .verdict-title").first
    assert words(title.inner_text()) == CASES["revoked"][1]
    assert on_first_screen(page, ".session .verdict-title"), "the answer is on screen after the check"
    page.screenshot(path=str(shots / "counsellor-agency-360x780.png"))


def test_the_contract_length_is_a_value_and_an_error_names_its_field(phone_780, live_server):
    page = phone_780
    page.goto(live_server.url("/en/counsellor"))
    assert page.input_value("#offer-contract_months") == "36"
    assert page.get_attribute("#offer-contract_months", "placeholder") is None
    page.select_option("#offer-choice", "JP/titp")
    page.fill("#offer-contract_months", "")
    page.fill("#offer-monthly_salary", "180000")
    page.click("#s-offer ~ button[type=submit]")
    error = page.locator("#offer-contract_months-error")
    assert words(error.inner_text()) == "Contract length (months): Please fill in this field."
    assert page.get_attribute("#offer-contract_months", "aria-describedby") == "offer-contract_months-error"


def test_the_handout_says_the_status_in_12_point_text(kiosk_screen, live_server, shots):
    page, _ = kiosk_screen
    page.goto(live_server.url("/vi/counsellor"))
    page.fill("#agency-name", "Công ty TNHH Quốc tế Hoàng Gia Long")
    with page.context.expect_page() as opened:
        page.click("button[formaction$='/counsellor/handout']")
    handout = opened.value
    handout.wait_for_load_state()
    first = words(handout.locator(".handout-results .verdict-title").inner_text())
    assert first == CASES["lookalike-of-a-revoked-firm"][1]
    result = words(handout.locator(".handout-results").inner_text())
    assert "bị thu hồi giấy phép đưa người đi làm việc ở nước ngoài (tháng 7/2023)" in result
    handout.emulate_media(media="print")
    smallest = handout.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.handout *')]
              .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
              .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
    )
    assert smallest >= 16, f"every printed word is at least 12 pt (16 CSS px), smallest {smallest}px"
    handout.set_viewport_size({"width": 710, "height": 1000})
    handout.screenshot(path=str(shots / "handout-agency-vi-print.png"), full_page=True)
    pdf = handout.pdf(format="A4", print_background=True)
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2
