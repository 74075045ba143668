"""The counsellor's session page and handout: three tools in one POSTed form, nothing kept."""

import pytest

SESSION = {
    "agency-name": "PETROMANNING JSC",
    "offer-choice": "JP/titp",
    "offer-contract_months": "36",
    "offer-monthly_salary": "30000000",
    "offer-service_fee": "100000000",
    "offer-brokerage_fee": "5000000",
    "calc-loan_amount": "200000000",
    "calc-loan_monthly_rate_percent": "1.5",
    "calc-contract_months": "36",
    "calc-monthly_income": "30000000",
    "calc-monthly_living_costs": "9000000",
    "calc-return_after_months": "12",
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_empty_session_page_has_the_three_tools(client, lang):
    response = client.get(f"/{lang}/counsellor")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for tool in ("s-agency", "s-offer", "s-calc"):
        assert f'id="{tool}"' in html
    assert f'href="/{lang}/new-person?to=counsellor" data-reset' in html
    assert f'formaction="/{lang}/counsellor/handout"' in html


def test_loan_rates_are_written_the_readers_way(client):
    assert "0,7%/tháng" in client.get("/vi/counsellor").get_data(as_text=True)
    assert "0.7%/month" in client.get("/en/counsellor").get_data(as_text=True)


def test_one_post_answers_every_tool_that_has_figures(client):
    response = client.post("/en/counsellor", data=SESSION)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert "Licence revoked" in html
    assert "Asks for money the law forbids" in html
    assert "Debt paid off in month" in html
    assert 'value="PETROMANNING JSC"' in html


def test_a_tool_left_empty_gives_no_answer_and_no_error(client):
    response = client.post("/en/counsellor", data={"agency-name": "PETROMANNING JSC"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('class="verdict ') == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("offer-contract_months", "abc", "Please enter a number, for example 25000000."),
        ("calc-return_after_months", "99", "This number is too large (at most 36)."),
    ],
)
def test_bad_figures_are_named_in_words_with_a_400(client, field, value, message):
    response = client.post("/en/counsellor", data=dict(SESSION, **{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert f'id="{field}" name="{field}"' in html and 'aria-invalid="true"' in html
    assert "Licence revoked" in html, "the other tools still answer"


def test_handout_gathers_results_hotlines_receipt_checklist_and_sources(client):
    response = client.post("/vi/counsellor/handout", data=SESSION)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Buổi tư vấn của bạn" in html
    assert 'href="tel:+84981848484"' in html and 'href="tel:111"' in html
    assert "Biên lai cần có những gì" in html
    assert "Nguồn thông tin" in html and "đọc ngày" in html
    assert "69/2020" in html  # the short label of Law 69/2020


def test_handout_of_an_empty_session_says_so(client):
    html = client.post("/en/counsellor/handout", data={}).get_data(as_text=True)
    assert "No check was filled in during this session." in html


def test_handout_is_post_only(client):
    assert client.get("/en/counsellor/handout").status_code == 405


def test_handout_headings_go_one_level_at_a_time(client):
    html = client.post("/en/counsellor/handout", data=SESSION).get_data(as_text=True)
    receipt = html.split('class="receipt"', 1)[1].split("</section>", 1)[0]
    assert "<h2" in receipt and "<h3" in receipt and receipt.count("<h2") == 1


def test_the_first_submit_button_runs_the_agency_check_not_the_handout(client):
    """Enter in a field presses the form's first submit button."""
    html = client.get("/en/counsellor").get_data(as_text=True)
    form = html.split('<form method="post"', 1)[1]
    first = form.split('type="submit"', 1)[1].split(">", 1)[0]
    assert 'formaction="/en/counsellor#s-agency"' in first
    assert form.index('type="submit"') < form.index("/counsellor/handout")


def test_the_contract_length_is_a_value_not_a_placeholder(client):
    html = client.get("/en/counsellor").get_data(as_text=True)
    for field in ("offer-contract_months", "calc-contract_months"):
        tag = html.split(f'id="{field}"', 1)[1].split(">", 1)[0]
        assert 'value="36"' in tag and "placeholder" not in tag


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("offer-contract_months", "", "Contract length (months): Please fill in this field."),
        ("offer-choice", "XX/none", "Country and programme: There is no information on that destination."),
        ("calc-return_after_months", "99", "Also show: coming home after"),
    ],
)
def test_an_error_names_its_field_under_it(client, field, value, words):
    html = client.post("/en/counsellor", data=dict(SESSION, **{field: value})).get_data(as_text=True)
    error = html.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert words in error


@pytest.mark.parametrize(
    ("name", "first"),
    [
        (
            "Công ty TNHH Quốc tế Hoàng Gia Long",
            "Có phải bạn muốn hỏi Công ty Cổ phần Quốc tế Hoàng Gia Long? Công ty này đã bị thu hồi giấy phép.",
        ),
        (
            "cong ty midori",
            "Có phải bạn muốn hỏi Công ty TNHH Hợp tác quốc tế MIDORI Việt Nam? "
            "Công ty này đã bị phạt vì tuyển người lao động khi không có giấy phép.",
        ),
    ],
)
def test_the_page_and_the_handout_say_the_status_first(client, name, first):
    for path in ("/vi/counsellor", "/vi/counsellor/handout"):
        html = client.post(path, data={"agency-name": name}).get_data(as_text=True)
        title = html.split('class="verdict-title">', 1)[1].split("</p>", 1)[0]
        assert " ".join(title.split()) == first
        assert "Độ tin cậy" in html, "the status's date and confidence follow"


def test_not_on_the_list_gives_dolabs_number_on_the_counsellor_page(client):
    html = client.post("/vi/counsellor", data={"agency-name": "Cong ty Khong Co That"}).get_data(as_text=True)
    assert 'href="tel:02438249517"' in html.split('class="verdict verdict-warn"', 1)[1].split("</div>", 1)[0]
