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
            "currency": "VND",
            "service_fee": "70000000",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    first = re.search(r"<h2>([^<]*)</h2>", page.split('id="result"', 1)[1]).group(1)
    assert first == "Service fee 70,000,000 VND: over the legal cap of 60,000,000 VND by 10,000,000 VND"
    assert "<svg" in page and 'class="qr-code"' in page
    assert "style=" not in page.split("<main", 1)[1]


def test_offer_result_gives_the_citizen_protection_hotline_from_content(client, monkeypatch):
    """The number comes from content/services.yaml, so a changed number reaches the page and its QR text."""
    from kiosk.money import views

    posted = {"choice": "JP/titp", "contract_months": "36", "monthly_salary": "20000000", "currency": "VND"}
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
            "currency": "VND",
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
    assert 'value="27567348"' in page  # 148,579 yen take-home at 185.54 VND
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


def test_amounts_written_as_people_write_them_give_the_same_answer(client):
    """'150 triệu', '25tr', '1,5%' and '36 tháng' read as the figures they are, not as an error."""
    plain = {
        "loan_amount": "150000000",
        "loan_monthly_rate_percent": "1.5",
        "contract_months": "36",
        "monthly_income": "25000000",
        "monthly_living_costs": "6000000",
    }
    worded = {
        "loan_amount": "150 triệu",
        "loan_monthly_rate_percent": "1,5%",
        "contract_months": "36 tháng",
        "monthly_income": "25tr",
        "monthly_living_costs": "6.000.000đ",
    }
    answers = [client.post("/vi/calculator", data=form) for form in (plain, worded)]
    assert [a.status_code for a in answers] == [200, 200]
    results = [re.search(r'<div class="verdict.*?</div>', a.get_data(as_text=True), re.S) for a in answers]
    assert results[0] and results[1] and results[0].group(0) == results[1].group(0)


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


EARLY = {
    "loan_amount": "200000000",
    "loan_monthly_rate_percent": "1.5",
    "months_before_first_salary": "3",
    "contract_months": "36",
    "monthly_income": "30000000",
    "monthly_living_costs": "9000000",
    "return_after_months": "8",
}


def test_an_early_return_asked_for_is_the_headline_and_the_full_contract_follows(client):
    from decimal import Decimal

    from kiosk.money.calculator import Inputs, calculate

    r = calculate(
        Inputs(200_000_000, Decimal("1.5"), 0, 0, 3, 30_000_000, 9_000_000, 0, 36, return_after_months=8)
    )
    owed = round(r.early_return.debt / 1_000_000)
    page = client.post("/vi/calculator", data=EARLY).get_data(as_text=True)
    result = page.split('id="result"', 1)[1]
    first = re.search(r"<h2>([^<]*)</h2>", result).group(1)
    assert first == f"Về nước sau 8 tháng làm việc: còn nợ {owed} triệu đồng, lãi vẫn chạy"
    assert r.early_return.month == 11  # 3 months of waiting, then 8 of work
    full = f"trả hết nợ sau {r.months_worked_to_repay} tháng làm việc"
    assert full in result and result.index(first) < result.index(full)
    assert 'class="verdict verdict-bad"' in result.split(full)[0]


def test_without_an_early_return_the_full_contract_is_the_headline(client):
    data = {k: v for k, v in EARLY.items() if k != "return_after_months"}
    page = client.post("/en/calculator", data=data).get_data(as_text=True)
    first = re.search(r"<h2>([^<]*)</h2>", page.split('id="result"', 1)[1]).group(1)
    assert first.startswith("The whole contract (36 months of work): the debt is paid after ")


def test_the_chart_has_labelled_axes_and_marks_and_the_tables_are_in_millions(client):
    page = client.post("/en/calculator", data=EARLY).get_data(as_text=True)
    svg = page.split("<svg", 2)[1].split("</svg>", 1)[0]
    assert "million VND" in svg and "months from the loan" in svg
    assert 'class="mark mark-repaid"' in svg and 'class="mark mark-early_return"' in svg
    assert ">debt paid<" in svg and ">home<" in svg
    assert "Home: month 11." in page
    chosen = re.search(r'<tr class="row-chosen">(.*?)</tr>', page).group(1)
    assert "8 (your choice)" in chosen and re.search(r">\d+\.\d<", chosen)
    assert "table-wrap" not in page.split('id="result"', 1)[1].split("<form", 1)[0]


def offer_page(client, lang="vi", **fields):
    data = {"choice": "JP/titp", "contract_months": "36", **fields}
    response = client.post(f"/{lang}/check-offer", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return page, re.search(r"<h2>([^<]*)</h2>", page.split('id="result"', 1)[1]).group(1)


def test_the_wage_is_read_in_the_destinations_own_money_by_default(client):
    page, first = offer_page(client, monthly_salary="180000", service_fee="150000000")
    # 180,000 yen at 185.54 is 33,397,200 dong; three months of it is the cap
    assert first == "Tiền dịch vụ 150.000.000 đồng: cao hơn mức tối đa 100.191.600 đồng, thừa 49.808.400 đồng"
    assert "33.397.200" in page and "(180.000 yên)" in page


def test_the_currency_is_named_beside_the_wage_once_the_country_is_known(client):
    form = client.get("/vi/check-offer?destination=KR").get_data(as_text=True)
    local = re.search(r'<option value="local"( selected)?>([^<]*)</option>', form)
    assert local.group(1) and local.group(2) == "won Hàn Quốc (KRW)"
    assert '<option value="KR/eps" data-currency="KRW"' in form
    blank = client.get("/vi/check-offer").get_data(as_text=True)
    assert '<option value="local" selected>tiền của nước đến</option>' in blank


@pytest.mark.parametrize(
    "fields, asked, meant",
    [
        # a Japanese wage left in dong: the old page said "over the cap by 44,460,000"
        ({"monthly_salary": "180000", "currency": "VND"}, "180.000 đồng", "180.000 yên"),
        # a wage in dong with yen chosen: the old page turned a 150-million fee green
        ({"monthly_salary": "33000000", "currency": "local"}, "33.000.000 yên", "33.000.000 đồng"),
    ],
)
def test_a_wage_in_the_wrong_money_is_asked_about_not_used(client, fields, asked, meant):
    page, first = offer_page(client, service_fee="150000000", **fields)
    assert first.startswith(f"Xem lại lương: {asked} một tháng")
    assert "Lương tối thiểu ở Nhật Bản là 1.121 yên một giờ" in page
    assert f"Có phải bạn muốn nói {meant}?" in page
    result = page.split('id="result"', 1)[1].split("<form", 1)[0]
    assert "verdict-ok" not in result and "verdict-bad" not in result and "offer-items" not in result
    assert 'form="offer-form"' in result  # the answer buttons submit the form, with JavaScript off too


def test_answering_did_you_mean_checks_the_offer_in_that_money(client):
    _page, first = offer_page(
        client, monthly_salary="180000", currency="VND", use_currency="JPY", service_fee="150000000"
    )
    assert first.startswith("Tiền dịch vụ 150.000.000 đồng: cao hơn mức tối đa 100.191.600 đồng")


def test_a_wage_confirmed_as_typed_is_used_and_said_so(client):
    page, first = offer_page(
        client, monthly_salary="180000", currency="VND", salary_confirmed="1", service_fee="1000000"
    )
    assert first == "Tiền dịch vụ 1.000.000 đồng: cao hơn mức tối đa 540.000 đồng, thừa 460.000 đồng"
    assert "Bạn xác nhận lương là 180.000 đồng một tháng" in page


def test_a_forbidden_item_names_its_amount_and_the_next_steps_follow(client):
    page, first = offer_page(client, monthly_salary="180000", brokerage_fee="20000000", service_fee="1000000")
    assert first == "Tiền môi giới 20.000.000 đồng: pháp luật cấm thu"
    verdict = page.split('id="result"', 1)[1].split("</div>", 1)[0]
    assert "verdict-bad" in verdict
    assert "Tiền dịch vụ 1.000.000 đồng: không quá mức tối đa" in verdict
    after = page.split('id="result"', 1)[1].split("</div>", 1)[1]
    assert after.lstrip().startswith("<h3>Bạn nên làm gì tiếp</h3>")


def test_a_forbidden_item_not_charged_is_good_news_never_within_the_cap(client):
    page, first = offer_page(client, lang="en", monthly_salary="180000", service_fee="1000000")
    assert first == "Nothing asked is over the legal caps"
    assert "No brokerage fee asked: right, the law allows none" in page
    assert "No deposit asked: right, the law allows none" in page
    for card in re.findall(r'<li class="card[^"]*">(.*?)</li>', page, re.S):
        if "Forbidden" in card:
            assert "within the cap" not in card and "not charged: right" in card


def test_the_offer_check_says_what_workers_really_paid_with_survey_and_date(client):
    page, _first = offer_page(client, monthly_salary="180000", service_fee="90000000")
    normal = page.split("Như vậy có bình thường không?", 1)[1].split("</section>", 1)[0]
    assert "Lời mời này đòi tổng cộng 90 triệu đồng" in normal
    assert "trả bình quân 165 triệu đồng, khoảng 7,4 tháng lương đầu tiên" in normal
    assert "688.143 yên (khoảng 128 triệu đồng theo tỷ giá ngày 14/04/2025)" in normal
    assert "2.184 thực tập sinh trả lời" in normal and "Nhiều người trả không có nghĩa là đúng luật" in normal
    taiwan, _ = offer_page(client, choice="TW/manufacturing", monthly_salary="29500", service_fee="1")
    assert "5.200–6.000 đô la Mỹ" in taiwan and "Số liệu cũ. Nguồn chưa chắc chắn." in taiwan


def test_the_calculator_says_which_figures_are_weak_and_what_is_not_counted(client):
    form = client.get("/en/calculator?destination=JP").get_data(as_text=True)
    assert "Weak or old source:" in form and "Money sent home for the family: no reliable figure" in form
    values = dict(re.findall(r'<input id="(\w+)" name="\w+"[^>]*? value="([^"]*)"', form))
    data = {k: v for k, v in values.items() if v}
    data.update(destination="JP", loan_monthly_rate_percent="0.7")
    page = client.post("/en/calculator", data=data).get_data(as_text=True)
    assert "weak or old sources: the wage, the living costs." in page
    assert "Nothing is counted for money sent home to the family." in page
    assert "You borrow 125 million VND." in page and "688,143 yen" in page  # 674,480 yen, the survey's debt
    mine = {**data, "monthly_income": "30000000", "monthly_living_costs": "9000000"}
    mine = client.post("/en/calculator", data=mine).get_data(as_text=True)
    assert "weak or old sources" not in mine
