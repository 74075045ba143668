"""The return plan in a real browser: a phone with JavaScript off fills the form and gets the plan; the
plan prints on one A4 page; nothing leaves the device."""

from __future__ import annotations

import re

import pytest

A4_PRINTABLE_PX = 1062  # 297 mm minus the 8 mm margins of returnplan.css, at 96 px per inch
A4_WIDTH_PX = 733

LONGEST = [  # the situations with the most steps (11), in both languages
    ("vi", {"route": "KR|eps", "completed": "no", "early_reason": "accident_illness", "still_abroad": "yes",
            "province": "Nghe An", "goal": "skills"}),
    ("en", {"route": "JP", "completed": "no", "early_reason": "employer_closed", "still_abroad": "yes",
            "province": "Nghệ An", "goal": "skills"}),
]  # fmt: skip


def fill(page, answers: dict) -> None:
    page.select_option("#route", answers["route"])
    page.fill("#province", answers["province"])
    for name in ("completed", "early_reason", "still_abroad", "goal"):
        if name in answers:
            page.check(f'input[name="{name}"][value="{answers[name]}"]')
    page.click("form.plan-form button[type=submit]")


def test_a_phone_without_javascript_gets_its_plan_with_tap_to_call_links(no_js_phone, live_server):
    page = no_js_phone
    page.goto(live_server.url("/vi/return-plan"))
    fill(page, {"route": "KR|eps", "completed": "no", "early_reason": "employer_closed", "province": "hai duong",
                "goal": "job"})  # fmt: skip
    assert "Hải Phòng" in page.inner_text(".plan-province") and "Hải Dương" in page.inner_text(
        ".plan-province"
    )
    assert page.locator("li.step").count() >= 8
    assert page.locator('a[href^="tel:"]').count() >= 3
    assert page.locator(".qr svg").count() == 1
    assert "Bac" not in page.url and page.url.endswith("/vi/return-plan")
    # each step's papers show once on the screen (folded), and in full only on paper
    step = page.locator("li.step").first
    assert step.locator("dt.papers").is_hidden() and step.locator("details.papers-more").is_visible()
    page.emulate_media(media="print")
    assert step.locator("dt.papers").is_visible()


@pytest.mark.parametrize(("lang", "answers"), LONGEST, ids=[lang for lang, _ in LONGEST])
def test_the_longest_plan_prints_on_one_a4_page(browser, live_server, lang, answers):
    context = browser.new_context(java_script_enabled=False, viewport={"width": A4_WIDTH_PX, "height": 200})
    page = context.new_page()
    page.goto(live_server.url(f"/{lang}/return-plan"))
    fill(page, answers)
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollHeight") <= A4_PRINTABLE_PX
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    context.close()


def test_the_plan_and_directory_make_no_request_outside_the_device(phone, live_server):
    page, watch = phone
    page.goto(live_server.url("/en/services?province=Bac+Giang"))
    page.goto(live_server.url("/en/return-plan"))
    fill(page, LONGEST[1][1])
    assert watch.outside() == [] and watch.errors == []


TALL_PHONE = {
    "viewport": {"width": 360, "height": 780},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
CLOSED = {"route": "JP|titp", "completed": "no", "early_reason": "employer_closed", "still_abroad": "no",
          "province": "Nghệ An", "goal": "job"}  # fmt: skip


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_what_the_worker_is_owed_is_on_the_first_screen_after_submitting(
    browser, live_server, shots, javascript
):
    """A Japan intern home early after the company closed: the pension deadline, the wages owed and the Fund's
    7–20 million all show before the first scroll, at 360×780."""
    context = browser.new_context(java_script_enabled=javascript, **TALL_PHONE)
    page = context.new_page()
    page.goto(live_server.url("/vi/return-plan"))
    fill(page, CLOSED)
    summary = page.locator("#summary")
    box = summary.bounding_box()
    assert box and box["y"] + box["height"] <= 780, box
    text = summary.inner_text()
    lines = [li.inner_text() for li in summary.locator("li").all()]
    assert 3 <= len(lines) <= 5
    assert "hưu trí" in lines[0] and "Hạn chót: trong 2 năm sau khi rời Nhật" in lines[0]
    assert "Tiền lương" in text and "7–20 triệu đồng" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(shots / f"return-plan-first-screen-{'js' if javascript else 'no-js'}.png"))
    # Each summary line leads to its step in the list below.
    first = summary.locator("a").first.get_attribute("href")
    assert first == "#step-jp_pension_lump_sum" and page.locator(first).count() == 1
    context.close()


def test_the_form_has_no_near_empty_screens_on_a_phone(browser, live_server):
    context = browser.new_context(java_script_enabled=False, **TALL_PHONE)
    page = context.new_page()
    page.goto(live_server.url("/vi/return-plan"))
    heights = page.eval_on_selector_all("form.plan-form fieldset", "els => els.map(e => e.offsetHeight)")
    assert heights and max(heights) < 0.45 * 780, heights
    form = page.locator("form.plan-form").bounding_box()
    assert form["height"] < 3 * 780, form  # six questions in under three screens
    context.close()
