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
    assert html.count('class="verdict') == 1


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
    assert "Law 69/2020" in html


def test_handout_of_an_empty_session_says_so(client):
    html = client.post("/en/counsellor/handout", data={}).get_data(as_text=True)
    assert "No check was filled in during this session." in html


def test_handout_is_post_only(client):
    assert client.get("/en/counsellor/handout").status_code == 405


def test_handout_headings_go_one_level_at_a_time(client):
    html = client.post("/en/counsellor/handout", data=SESSION).get_data(as_text=True)
    receipt = html.split('class="receipt"', 1)[1].split("</section>", 1)[0]
    assert "<h2" in receipt and "<h3" in receipt and receipt.count("<h2") == 1
