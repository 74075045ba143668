"""A worker's journeys, end to end in Chromium, on a 360×640 phone and a 1280×800 kiosk screen, in both
languages: check agencies, an offer over the caps, the calculator with an early return, the self-check,
a search typed without diacritics, and a language switch in the middle of a journey."""

from __future__ import annotations

import pytest

AGENCIES = [
    ("cong ty co phan cung ung lao dong va thuong mai hai phong", "verdict-warn", "Thương mại Hải Phòng"),
    ("PETROMANNING JSC", "verdict-bad", "Công ty cổ phần Phát triển nguồn lực và dịch vụ dầu khí Việt Nam"),
    ("VJITCO Nhật Bản", "verdict-bad", "VJITCO"),
    ("Công ty TNHH Không Có Trong Danh Sách", "verdict-warn", None),
]
VERDICT_TITLES = {
    "vi": ["Có trong danh sách", "Bị thu hồi giấy phép", "Giống", "Không có trong danh sách"],
    "en": ["On the list as licensed", "Licence revoked", "Looks like", "Not on this kiosk's list"],
}


@pytest.fixture(params=["phone", "kiosk_screen"])
def screen(request):
    """Each journey on both screens."""
    return request.getfixturevalue(request.param)


def shot(page, shots, name: str):
    width = page.viewport_size["width"]
    page.screenshot(path=str(shots / f"journey-{name}-{width}.png"), full_page=True)


def assert_fits(page):
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_check_four_kinds_of_agency(screen, live_server, lang, shots):
    page, watch = screen
    for n, ((name, style, shown), title) in enumerate(zip(AGENCIES, VERDICT_TITLES[lang], strict=True)):
        page.goto(live_server.url(f"/{lang}/"))
        page.click(f"a.tile[href='/{lang}/agencies/check']")
        page.fill("#agency-name", name)
        page.click("form.agency-check-form button[type=submit]")
        verdict = page.locator(".verdict").first
        assert style in verdict.get_attribute("class")
        assert title in verdict.inner_text()
        if shown:
            assert shown in page.inner_text("main")
        assert_fits(page)
        shot(page, shots, f"agency-{lang}-{n}")
    assert watch.outside() == [] and watch.errors == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_offer_over_the_caps_is_named_item_by_item(screen, live_server, lang, shots):
    page, _ = screen
    page.goto(live_server.url(f"/{lang}/check-offer"))
    page.select_option("#choice", "JP/titp")
    page.fill("#contract_months", "36")
    page.fill("#monthly_salary", "30000000")
    page.select_option("#currency", "VND")
    page.fill("#service_fee", "100000000")
    page.fill("#brokerage_fee", "5000000")
    page.click("form.money-form button[type=submit]")
    verdict = page.locator("#result .verdict")
    assert "verdict-bad" in verdict.get_attribute("class")
    assert page.locator("#result .item-bad").count() == 2
    assert_fits(page)
    shot(page, shots, f"offer-{lang}")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_calculator_shows_an_early_return(screen, live_server, lang, shots):
    page, _ = screen
    page.goto(live_server.url(f"/{lang}/calculator"))
    for field, value in {
        "#loan_amount": "200000000",
        "#loan_monthly_rate_percent": "1.5",
        "#contract_months": "36",
        "#monthly_income": "30000000",
        "#monthly_living_costs": "9000000",
        "#return_after_months": "6",
    }.items():
        page.fill(field, value)
    page.click("form.money-form button[type=submit]")
    chosen = page.locator("#result tr.row-chosen")
    assert chosen.count() == 1
    assert "6" in chosen.locator("th").inner_text()
    assert_fits(page)
    shot(page, shots, f"calculator-{lang}")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_self_check_flags_a_warning_sign(screen, live_server, lang, shots):
    page, _ = screen
    page.goto(live_server.url(f"/{lang}/selfcheck"))
    page.check("input[name=personal_account][value=yes]")
    page.click("main form button[type=submit]")
    assert page.locator(".verdict").count() >= 1
    assert "verdict-ok" not in page.locator(".verdict").first.get_attribute("class")
    assert_fits(page)
    shot(page, shots, f"selfcheck-{lang}")


@pytest.mark.parametrize(
    ("lang", "typed", "found"), [("vi", "tien moi gioi", "môi giới"), ("en", "brokerage", "brokerage")]
)
def test_search_without_diacritics_finds_marked_text(screen, live_server, lang, typed, found, shots):
    page, _ = screen
    page.goto(live_server.url(f"/{lang}/"))
    page.fill("#site-q", typed)
    page.click("form.search-bar button[type=submit]")
    results = page.locator("ol.results li")
    assert results.count() >= 1
    assert found in page.inner_text("ol.results").lower()
    assert_fits(page)
    shot(page, shots, f"search-{lang}")


def test_switching_language_mid_journey_keeps_the_page(screen, live_server, shots):
    page, _ = screen
    page.goto(live_server.url("/vi/agencies/check"))
    page.fill("#agency-name", "PETROMANNING JSC")
    page.click("form.agency-check-form button[type=submit]")
    page.click("a.lang-switch")
    page.wait_for_url(live_server.url("/en/agencies/check"))
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Check an agency"
    assert page.input_value("#agency-name") == "", "a worker's typing is never carried in a URL"
    page.click("a.lang-switch")
    page.wait_for_url(live_server.url("/vi/agencies/check"))
    assert page.get_attribute("html", "lang") == "vi"
    shot(page, shots, "switch-vi")
