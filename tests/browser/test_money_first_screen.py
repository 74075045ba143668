"""The answer first, on a 360×780 phone: after submitting, the offer check's verdict (with the item, its amount
and its cap) and the calculator's answer to an early return are on the first screen, in both languages, with
JavaScript on and off. The offer check is tried in each destination's own money, as the form asks by default."""

from __future__ import annotations

import json
import re
import urllib.request
from decimal import Decimal

import pytest

PHONE_780 = {
    "viewport": {"width": 360, "height": 780},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
HOURS_PER_MONTH = Decimal(40 * 52) / 12


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def phone780(browser, request):
    context = browser.new_context(java_script_enabled=request.param, **PHONE_780)
    page = context.new_page()
    page.mode = "js" if request.param else "nojs"
    yield page
    context.close()


def on_first_screen(page, selector: str) -> str:
    """The element's text, after asserting it lies wholly inside the visible 360×780 screen."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert 0 <= box["y"] and box["y"] + box["height"] <= 780, (selector, box)
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 1
    return page.locator(selector).first.inner_text()


def api(server, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        server.url(path), data=data, headers={"Content-Type": "application/json"} if data else {}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def offers(server):
    """For each destination with its own money: a programme with a month-based service-fee cap and a wage at
    its minimum, in that money."""
    for d in api(server, "/api/v1/destinations")["results"]:
        wage = next(iter(d["minimum_wage"]), None)
        if d["currency"] == "VND" or wage is None:
            continue
        programme = next(
            (
                p
                for p in d["programmes"]
                if any(c["item"] == "service_fee" and c["rule"].startswith("months") for c in p["fee_caps"])
            ),
            None,
        )
        if programme is None:
            continue
        amount = Decimal(str(wage["amount"])) * (HOURS_PER_MONTH if wage["per"] == "hour" else 1)
        if wage["currency"] != d["currency"]:
            continue  # a floor in dollars for a region that pays in its own money: not this journey
        yield d["code"], programme["code"], d["currency"], int(amount)


def test_every_destination_is_tried(live_server):
    assert {code for code, *_ in offers(live_server)} >= {"JP", "KR", "TW", "MY"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_offer_verdict_in_each_destinations_own_money_is_on_the_first_screen(
    phone780, live_server, lang, shots
):
    page = phone780
    for code, programme, currency, wage in offers(live_server):
        body = {"destination": code, "programme": programme, "contract_months": 36, "monthly_salary": wage}
        cap = next(
            i["cap"]
            for i in api(live_server, f"/api/v1/check-offer?lang={lang}", {**body, "currency": currency})[
                "items"
            ]
            if i["item"] == "service_fee"
        )
        page.goto(live_server.url(f"/{lang}/check-offer"))
        page.select_option("#choice", f"{code}/{programme}")
        assert page.input_value("#currency") == "local"  # the country's own money, untouched
        page.fill("#contract_months", "36")
        page.fill("#monthly_salary", str(wage))
        page.fill("#service_fee", str(cap + 1_000_000))
        page.click("form.money-form button[type=submit]")
        text = on_first_screen(page, "#result .verdict h2")
        grouped = f"{cap:,}".replace(",", "." if lang == "vi" else ",")
        assert grouped in text, (code, text)
        assert "verdict-bad" in page.locator("#result .verdict").first.get_attribute("class")
        page.screenshot(path=str(shots / f"offer-first-{lang}-{code}-{page.mode}.png"))


def test_a_wage_in_the_wrong_money_is_asked_about_on_the_first_screen(phone780, live_server, shots):
    page = phone780
    page.goto(live_server.url("/vi/check-offer?destination=JP"))
    page.fill("#contract_months", "36")
    page.fill("#monthly_salary", "180000")
    page.select_option("#currency", "VND")
    page.fill("#service_fee", "150000000")
    page.click("form.money-form button[type=submit]")
    text = on_first_screen(page, "#result .verdict h2")
    assert text.startswith("Xem lại lương: 180.000 đồng một tháng")
    button = on_first_screen(page, "button[name=use_currency]")
    assert button.startswith("Có phải bạn muốn nói 180.000 yên?")
    page.screenshot(path=str(shots / f"offer-first-ask-{page.mode}.png"))
    page.click("button[name=use_currency]")
    text = on_first_screen(page, "#result .verdict h2")
    assert re.fullmatch(
        r"Tiền dịch vụ 150\.000\.000 đồng: cao hơn mức tối đa 100\.191\.600 đồng, thừa .*", text
    )
    page.screenshot(path=str(shots / f"offer-first-answered-{page.mode}.png"))


@pytest.mark.parametrize(
    "lang, expected", [("vi", "Về nước sau 8 tháng làm việc: còn nợ "), ("en", "Home after 8")]
)
def test_calculator_answers_the_early_return_on_the_first_screen(
    phone780, live_server, lang, expected, shots
):
    page = phone780
    page.goto(live_server.url(f"/{lang}/calculator"))
    for field, value in {
        "#loan_amount": "200000000",
        "#loan_monthly_rate_percent": "1.5",
        "#months_before_first_salary": "3",
        "#contract_months": "36",
        "#monthly_income": "30000000",
        "#monthly_living_costs": "9000000",
        "#return_after_months": "8",
    }.items():
        page.fill(field, value)
    page.click("form.money-form button[type=submit]")
    text = on_first_screen(page, "#result .verdict h2")
    assert text.startswith(expected)
    assert re.search(r"\d+ (triệu đồng|million VND)", text)
    full = on_first_screen(page, "#result .verdict-line")
    assert "36" in full
    assert page.locator("#result table").first.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
    page.screenshot(path=str(shots / f"calculator-first-{lang}-{page.mode}.png"))
