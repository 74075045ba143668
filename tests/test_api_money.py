"""The money API: destinations and their caps, the offer check at the caps' edges, the calculator, and every
bad input answered with a 400 in DESIGN's error shape, in the request's language."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import assert_api_error


def offer(destination, programme, **kw):
    return {
        "destination": destination,
        "programme": programme,
        "contract_months": 36,
        "monthly_salary": 20_000_000,
        **kw,
    }


def test_destinations_list_covers_the_four_main_markets_and_the_regions(client):
    body = client.get("/api/v1/destinations").get_json()
    codes = {d["code"] for d in body["results"]}
    assert {"JP", "KR", "TW", "MY", "XM", "XE"} <= codes
    assert body["count"] == len(body["results"])


def test_every_cap_has_a_rule_in_words_a_legal_basis_a_source_and_a_date(client):
    for d in client.get("/api/v1/destinations?lang=en").get_json()["results"]:
        for p in d["programmes"]:
            assert p["fee_caps"], (d["code"], p["code"])
            for cap in p["fee_caps"]:
                assert cap["legal_basis"] and cap["source"] and cap["verified_on"] and cap["text"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_fee_just_under_every_cap_passes_and_just_over_is_flagged(client, lang):
    checked = 0
    for d in client.get("/api/v1/destinations").get_json()["results"]:
        for p in d["programmes"]:
            base = offer(d["code"], p["code"])
            first = client.post(f"/api/v1/check-offer?lang={lang}", json=base).get_json()
            cap = next(i for i in first["items"] if i["item"] == "service_fee")["cap"]
            if not cap:
                continue
            checked += 1
            under = client.post(f"/api/v1/check-offer?lang={lang}", json={**base, "service_fee": cap - 1000})
            over = client.post(f"/api/v1/check-offer?lang={lang}", json={**base, "service_fee": cap + 1000})
            assert under.get_json()["verdict"] == "within_caps"
            assert over.get_json()["verdict"] == "over_cap"
            assert over.get_json()["items"][0]["over_by"] == 1000
    assert checked >= 4


def test_japan_intern_cap_is_three_months_of_wage_for_a_three_year_contract(client):
    body = client.post("/api/v1/check-offer", json=offer("JP", "titp", brokerage_fee=5_000_000)).get_json()
    assert body["items"][0]["cap"] == 60_000_000
    assert body["verdict"] == "illegal_item"
    assert body["items"][1]["illegal"] is True


def test_a_salary_in_the_destinations_currency_is_converted_at_the_dated_rate(client):
    body = client.post(
        "/api/v1/check-offer", json=offer("JP", "titp", monthly_salary=185_579, currency="JPY")
    ).get_json()
    assert body["monthly_salary"] == 34_432_328
    assert body["exchange_rate"]["as_of"] == "2025-04-14"


def test_calculate_matches_the_worked_example(client):
    body = client.post(
        "/api/v1/calculate",
        json={
            "loan_amount": 100_000_000,
            "loan_monthly_rate_percent": 1,
            "months_before_first_salary": 1,
            "monthly_income": 30_000_000,
            "monthly_living_costs": 8_000_000,
            "monthly_sent_home": 2_000_000,
            "contract_months": 12,
            "return_after_months": 4,
            "own_funds": 0,
            "deposit": 0,
        },
    ).get_json()
    assert body["months_to_repay"] == 7
    assert body["total_interest"] == 4_173_234
    assert body["early_return"]["debt"] == 23_892_985
    assert body["early_return"]["month"] == 5 and body["early_return"]["months_worked"] == 4
    assert [r["months_worked"] for r in body["come_home_after"]] == [3, 6, 12]
    assert [r["month"] for r in body["come_home_after"]] == [4, 7, 13]
    assert len(body["schedule"]) == 13


def test_calculate_names_the_usury_warning_in_the_requests_language(client):
    data = {
        "loan_amount": 50_000_000,
        "loan_monthly_rate_percent": 9,
        "monthly_income": 20_000_000,
        "contract_months": 12,
    }
    vi = client.post("/api/v1/calculate?lang=vi", json=data).get_json()
    en = client.post("/api/v1/calculate?lang=en", json=data).get_json()
    assert vi["warnings"] == en["warnings"] == ["rate_above_civil_cap", "rate_usury"]
    assert "201" in en["warning_texts"][1] and vi["warning_texts"][1] != en["warning_texts"][1]


CALC = {"loan_amount": 1, "loan_monthly_rate_percent": 1, "monthly_income": 1, "contract_months": 12}


@pytest.mark.parametrize(
    "path, body, field",
    [
        ("/api/v1/calculate", {**CALC, "loan_amount": -1}, "loan_amount"),
        ("/api/v1/calculate", {**CALC, "loan_amount": 10**13}, "loan_amount"),
        ("/api/v1/calculate", {**CALC, "loan_amount": "lots"}, "loan_amount"),
        ("/api/v1/calculate", {**CALC, "loan_amount": True}, "loan_amount"),
        ("/api/v1/calculate", {**CALC, "loan_monthly_rate_percent": 101}, "loan_monthly_rate_percent"),
        ("/api/v1/calculate", {**CALC, "contract_months": 0}, "contract_months"),
        ("/api/v1/calculate", {**CALC, "contract_months": 121}, "contract_months"),
        ("/api/v1/calculate", {**CALC, "contract_months": 1.5}, "contract_months"),
        ("/api/v1/calculate", {**CALC, "return_after_months": 13}, "return_after_months"),
        ("/api/v1/calculate", {k: v for k, v in CALC.items() if k != "monthly_income"}, "monthly_income"),
        ("/api/v1/calculate", {**CALC, "currency": "XYZ"}, "currency"),
        ("/api/v1/check-offer", offer("ZZ", "titp"), "destination"),
        ("/api/v1/check-offer", offer("JP", "nope"), "programme"),
        ("/api/v1/check-offer", offer("JP", "titp", service_fee=-5), "service_fee"),
        ("/api/v1/check-offer", offer("JP", "titp", monthly_salary="NaN"), "monthly_salary"),
        ("/api/v1/check-offer", offer("JP", "titp", contract_months=None), "contract_months"),
    ],
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bad_input_gets_a_400_naming_the_field(client, path, body, field, lang):
    response = client.post(f"{path}?lang={lang}", json=body)
    assert_api_error(response, 400)
    assert response.get_json()["error"]["field"] == field


def test_an_unknown_destination_page_is_a_404_in_the_error_shape(client):
    assert_api_error(client.get("/api/v1/destinations/QQ"), 404)


HOSTILE = ["", "'", "<script>", "\x00", "-1", "1e309", "NaN", "null", "[]", "{}", "９９", "a" * 5000]
FIELDS = [
    "loan_amount",
    "loan_monthly_rate_percent",
    "contract_months",
    "monthly_income",
    "destination",
    "programme",
    "service_fee",
    "monthly_salary",
    "return_after_months",
    "currency",
]


@pytest.mark.parametrize("path", ["/api/v1/calculate", "/api/v1/check-offer"])
def test_hostile_bodies_never_get_a_server_error(client, path):
    rng = random.Random(7)
    for raw in [b"", b"not json", b"[]", b"{", b'{"a":' + b"[" * 3000]:
        assert_api_error(client.post(path, data=raw, content_type="application/json"), 400)
    for _ in range(200):
        body = {
            f: rng.choice([*HOSTILE, rng.randint(-(10**13), 10**13), rng.random() * 1e6, None, [], {}, True])
            for f in rng.sample(FIELDS, rng.randint(1, len(FIELDS)))
        }
        response = client.post(path, json=body)
        assert response.status_code in (200, 400), (body, response.get_data(as_text=True)[:200])
        if response.status_code == 400:
            assert_api_error(response, 400)


@pytest.mark.parametrize(
    "path, body",
    [("/api/v1/calculate", {**CALC, "contract_months": 0}), ("/api/v1/check-offer", offer("ZZ", "titp"))],
)
def test_an_error_message_is_in_the_requests_language(client, path, body):
    vi = client.post(f"{path}?lang=vi", json=body).get_json()["error"]
    en = client.post(f"{path}?lang=en", json=body).get_json()["error"]
    assert vi["code"] == en["code"] and vi["field"] == en["field"]
    assert vi["message"] != en["message"]


VALID_CALC = st.fixed_dictionaries(
    {
        "loan_amount": st.integers(0, 10**12),
        "loan_monthly_rate_percent": st.decimals(0, 100, places=2).map(float),
        "monthly_income": st.integers(0, 10**12),
        "contract_months": st.integers(1, 120),
    },
    optional={
        "own_funds": st.integers(0, 10**12),
        "deposit": st.integers(0, 10**12),
        "months_before_first_salary": st.integers(0, 24),
        "monthly_living_costs": st.integers(0, 10**12),
        "monthly_sent_home": st.integers(0, 10**12),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(VALID_CALC)
def test_any_valid_calculation_is_answered(client, body):
    response = client.post("/api/v1/calculate", json=body)
    assert response.status_code == 200, response.get_json()
    wait = body.get("months_before_first_salary", 0)
    assert len(response.get_json()["schedule"]) == wait + body["contract_months"]


def test_the_api_keeps_its_contract_and_warns_of_an_implausible_salary(client):
    """The wage is in VND unless ``currency`` is given; a yen wage sent as dong is still checked as sent, with
    ``implausible_salary`` and the reading that would be believable."""
    body = client.post("/api/v1/check-offer", json=offer("JP", "titp", monthly_salary=180_000)).get_json()
    assert body["monthly_salary"] == 180_000 and body["items"][0]["cap"] == 540_000
    assert body["warnings"] == ["implausible_salary"]
    assert body["salary_suggestions"] == [
        {"currency": "JPY", "monthly_salary": 180_000.0, "monthly_salary_vnd": 33_397_200}
    ]
    fine = client.post(
        "/api/v1/check-offer", json=offer("JP", "titp", monthly_salary=180_000, currency="JPY")
    )
    assert fine.get_json()["warnings"] == [] and fine.get_json()["salary_suggestions"] == []


def test_each_destinations_minimum_wage_in_its_own_money_is_believable_and_not_as_dong(client):
    checked = 0
    for d in client.get("/api/v1/destinations").get_json()["results"]:
        wage = next((w for w in d["minimum_wage"] if w["per"] == "month"), None)
        if wage is None or wage["currency"] == "VND":
            continue
        base = offer(d["code"], d["programmes"][0]["code"], monthly_salary=float(wage["amount"]))
        own = client.post("/api/v1/check-offer", json={**base, "currency": wage["currency"]}).get_json()
        as_dong = client.post("/api/v1/check-offer", json=base).get_json()
        assert own["warnings"] == [], d["code"]
        assert as_dong["warnings"] == ["implausible_salary"], d["code"]
        assert wage["currency"] in [s["currency"] for s in as_dong["salary_suggestions"]], d["code"]
        checked += 1
    assert checked >= 3
