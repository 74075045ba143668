"""The money pages: destinations with cited caps, and the offer check and calculator as POSTed forms that work
without JavaScript, answer in the page's language, and carry a QR code of the result."""

import re

import pytest

from kiosk.web.formatting import show_decimal, show_vnd


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_destination_page_shows_each_cap_with_its_source_and_date(client, lang):
    listing = client.get(f"/{lang}/destinations")
    assert listing.status_code == 200
    codes = re.findall(rf'href="/{lang}/destinations/([A-Z]{{2}})"', listing.get_data(as_text=True))
    assert {"JP", "KR", "TW", "MY", "XM", "XE"} <= set(codes)
    for code in codes:
        page = client.get(f"/{lang}/destinations/{code}").get_data(as_text=True)
        assert page.count('class="source"') >= page.count('<tr><th scope="row">'), code
        assert "https://" not in re.sub(r'<span class="url">[^<]*</span>', "", page.split("<main", 1)[1]), (
            code
        )


def test_research_figures_are_shown_as_dated_history(client):
    page = client.get("/en/destinations/JP").get_data(as_text=True)
    history = page.split("History from research", 1)[1]
    assert "US$14,800" in history and "Institute of Developing Economies (IDE-JETRO), Mar 2013" in history
    folded = history.split("More about the source", 1)[1]
    assert "International Labor Migration in Vietnam" in folded


def test_an_unknown_destination_page_is_a_404(client):
    assert client.get("/vi/destinations/QQ").status_code == 404


def test_offer_check_form_posts_and_flags_a_fee_over_the_cap(client):
    response = client.post(
        "/en/check-offer",
        data={
            "choice": "JP/titp",
            "contract_months": "36",
            "monthly_salary": "20.000.000",
            "service_fee": "70000000",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Over the legal cap" in page and "10,000,000" in page
    assert "<svg" in page and 'class="qr-code"' in page
    assert "style=" not in page.split("<main", 1)[1]


def test_offer_result_gives_the_citizen_protection_hotline_from_content(client, monkeypatch):
    """The number comes from content/services.yaml, so a changed number reaches the page and its QR text."""
    from kiosk.money import views

    posted = {"choice": "JP/titp", "contract_months": "36", "monthly_salary": "20000000"}
    page = client.post("/en/check-offer", data=posted).get_data(as_text=True)
    assert 'href="tel:+84981848484"' in page and "+84 981 84 84 84" in page
    texts = []
    monkeypatch.setattr(views, "qr_svg", lambda text: texts.append(text) or "")
    monkeypatch.setattr(views, "HOTLINE", "hotline-111")
    page = client.post("/en/check-offer", data=posted).get_data(as_text=True)
    assert 'href="tel:111"' in page and "tel:+84981848484" not in page
    assert texts and texts[0].endswith("Hotline (Ministry of Foreign Affairs): 111")


def test_an_unknown_programme_is_shown_beside_its_field_with_a_400(client):
    response = client.post(
        "/en/check-offer", data={"choice": "JP/nope", "contract_months": "36", "monthly_salary": "1"}
    )
    assert response.status_code == 400
    assert "That destination has no such programme." in response.get_data(as_text=True)


def test_offer_check_with_a_forbidden_item_says_so_in_vietnamese(client):
    page = client.post(
        "/vi/check-offer",
        data={
            "choice": "KR/eps",
            "contract_months": "58",
            "monthly_salary": "40000000",
            "service_fee": "1000000",
        },
    ).get_data(as_text=True)
    assert 'class="verdict verdict-bad"' in page


def test_offer_check_form_refuses_bad_input_with_a_400_and_keeps_the_form(client):
    response = client.post("/en/check-offer", data={"choice": "JP/titp", "contract_months": "many"})
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)


def test_calculator_prefills_from_a_destinations_sourced_figures(client):
    page = client.get("/en/calculator?destination=JP").get_data(as_text=True)
    assert 'value="34432328"' in page  # 185,579 yen at 185.54 VND
    assert "Filled in from these sources" in page


def test_calculator_result_has_chart_early_return_table_comparison_and_qr(client):
    response = client.post(
        "/vi/calculator",
        data={
            "loan_amount": "150000000",
            "loan_preset": "informal_typical",
            "contract_months": "36",
            "monthly_income": "25000000",
            "monthly_living_costs": "6000000",
            "monthly_sent_home": "4000000",
            "return_after_months": "5",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<polyline" in page and 'class="qr-code"' in page
    assert page.count('class="row-chosen"') == 1
    assert "civil-code" not in page  # source ids are resolved to titles
    assert "Art. 201" in page or "201" in page


def test_calculator_refuses_a_return_after_the_contract(client):
    response = client.post(
        "/en/calculator",
        data={
            "loan_amount": "1",
            "loan_monthly_rate_percent": "1",
            "contract_months": "12",
            "monthly_income": "1",
            "return_after_months": "13",
        },
    )
    assert response.status_code == 400


def test_a_long_contract_result_stays_a_small_page(client):
    response = client.post(
        "/en/calculator",
        data={
            "loan_amount": "200000000",
            "loan_monthly_rate_percent": "0.7",
            "contract_months": "120",
            "monthly_income": "30000000",
            "monthly_living_costs": "8000000",
        },
    )
    assert response.status_code == 200
    assert len(response.data) < 60_000


@pytest.mark.parametrize(
    "value, lang, shown",
    [
        ("4.5", "vi", "4,5"),
        ("4.5", "en", "4.5"),
        ("185.54", "vi", "185,54"),
        ("1121", "vi", "1.121"),
        ("26981", "en", "26,981"),
        ("0.70", "vi", "0,7"),
    ],
)
def test_numbers_with_decimals_are_written_the_readers_way(value, lang, shown):
    assert show_decimal(value, lang) == shown


@pytest.mark.parametrize(
    "amount, lang, shown",
    [
        (25_000_000, "vi", "25.000.000"),
        (25_000_000, "en", "25,000,000"),
        ("1000000.5", "vi", "1.000.000"),
        (-5_000_000, "vi", "-5.000.000"),
    ],
)
def test_dong_are_whole_and_grouped_the_readers_way(amount, lang, shown):
    assert show_vnd(amount, lang) == shown
