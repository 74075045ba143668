"""``/api/v1/agencies…`` and the agency coverage in ``/api/v1/health``."""

import pytest
from flask import jsonify
from support import assert_api_error

from kiosk.agencies.service import as_json_many, current_index

AGENCY_KEYS = {
    "id",
    "licence_no",
    "name",
    "short_name",
    "name_ascii",
    "province",
    "province_old",
    "address",
    "phone",
    "status",
    "status_since",
    "status_until",
    "status_months",
    "status_scope",
    "status_basis",
    "status_reading",
    "confidence",
    "markets",
    "source",
    "source_date",
    "verified_on",
    "evidence",
}


def test_list_has_count_results_and_coverage(client):
    body = client.get("/api/v1/agencies?limit=5").get_json()
    assert body["count"] == 375 and len(body["results"]) == 5
    assert set(body["results"][0]) == AGENCY_KEYS
    assert body["coverage"]["official_total"] == 505 and body["coverage"]["agencies"] == 375


@pytest.mark.parametrize("query", ["limit=200", "q=cong+ty&limit=37&offset=3", "status=revoked", "q=zzzz"])
def test_the_list_is_byte_for_byte_what_jsonify_would_send(app, client, query):
    response = client.get(f"/api/v1/agencies?{query}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    with app.test_request_context():
        ids = {a["id"]: a for a in body["results"]}
        agencies = [current_index().find(i) for i in ids]
        expected = jsonify(count=body["count"], results=as_json_many(agencies), coverage=body["coverage"])
    assert response.get_data() == expected.get_data()
    assert [a["id"] for a in body["results"]] == list(ids)


@pytest.mark.parametrize(
    "q", ["Quinn", "quinn ha noi", "QUINN HN CO.,LTD", "Đầu tư, Thương mại và Dịch vụ Quinn"]
)
def test_q_matches_full_or_short_name_with_or_without_marks(client, q):
    body = client.get("/api/v1/agencies", query_string={"q": q}).get_json()
    assert [a["id"] for a in body["results"]] == ["quinn-hn"]


@pytest.mark.parametrize(
    "query, count",
    [
        ({"status": "revoked"}, 17),
        ({"status": "unlicensed"}, 2),
        ({"market": "kr"}, 3),
        ({"province": "Hai Duong"}, 3),
        ({"province": "Vĩnh Phúc", "status": "licensed"}, 5),
    ],
)
def test_filters(client, query, count):
    assert client.get("/api/v1/agencies", query_string=query).get_json()["count"] == count


def test_an_old_province_name_finds_agencies_under_the_new_one(client):
    result = client.get("/api/v1/agencies?province=Hải+Dương&limit=1").get_json()["results"][0]
    assert (result["province"], result["province_old"]) == ("Hải Phòng", "Hải Dương")


@pytest.mark.parametrize(
    "query, status, code",
    [
        ("limit=0", 400, "invalid_too_small"),
        ("limit=abc", 400, "invalid_not_a_number"),
        ("offset=-1", 400, "invalid_too_small"),
        ("status=active", 400, "invalid_not_allowed"),
        ("province=Atlantis", 400, "unknown_province"),
        ("market=Korea", 400, "invalid_too_long"),
        ("market=1x", 400, "invalid_market"),
        ("q=" + "x" * 201, 400, "invalid_too_long"),
    ],
)
def test_bad_filters_are_a_400_in_the_error_shape(client, query, status, code):
    assert_api_error(client.get(f"/api/v1/agencies?{query}"), status, code)


def test_one_agency_with_its_dated_history(client):
    body = client.get("/api/v1/agencies/halasuco").get_json()
    assert body["name"] == "Công ty cổ phần Cung ứng Lao động và Thương mại Hải Phòng"
    assert [h["date"] for h in body["history"]] == ["2015-01-10", "2013-11"]
    assert all(h["source"] and h["verified_on"] for h in body["history"])


def test_an_unknown_id_is_a_404_naming_the_nearest_agencies(client):
    response = client.get("/api/v1/agencies/halsucoo?lang=en")
    assert_api_error(response, 404, "agency_not_found")
    assert (
        "HALSUCO" in response.get_json()["error"]["message"]
        or "Hà Nội" in response.get_json()["error"]["message"]
    )


@pytest.mark.parametrize(
    "name, verdict, quality, match",
    [
        ("cong ty co phan cung ung lao dong va thuong mai hai phong", "licensed", "exact", "halasuco"),
        ("HALASUCO", "licensed", "exact", "halasuco"),
        ("Thời Đại Mới", "suspended", "exact", "thoi-dai-moi"),
        ("Hoàng Gia Long Intl JSC", "revoked", "exact", "hoang-gia-long-intl"),
        ("cong ty hoang gia long", "revoked", "partial", "hoang-gia-long-intl"),
        ("cong ty midori", "unlicensed", "partial", "hop-tac-quoc-te-midori-vietnam"),
        ("viet nhat vjitco", "licensed", "partial", "vjitco"),
        (
            "cong ty tnhh hop tac quoc te MIDORI viet nam",
            "unlicensed",
            "exact",
            "hop-tac-quoc-te-midori-vietnam",
        ),
        ("Công ty CP Nhân lực JH Việt Nam", "lookalike", "lookalike", None),
        ("Công ty TNHH Quốc tế Hoàng Gia Long", "lookalike", "lookalike", None),
        ("Công ty TNHH Không Có Trong Danh Sách", "not_found", "none", None),
    ],
)
def test_check_verdicts(client, name, verdict, quality, match):
    body = client.get("/api/v1/agencies/check", query_string={"name": name}).get_json()
    assert (body["verdict"], body["match_quality"]) == (verdict, quality)
    assert (body["match"] or {}).get("id") == match
    assert (
        body["as_of"] and body["confidence"] and body["source"] and body["coverage"]["official_total"] == 505
    )


@pytest.mark.parametrize(
    "name, nearest",
    [
        ("cong ty hoang gia long", "hoang-gia-long-intl"),
        ("Công ty TNHH Quốc tế Hoàng Gia Long", "hoang-gia-long-intl"),
        ("midori nhat ban", "hop-tac-quoc-te-midori-vietnam"),
        ("Công ty TNHH Không Có Trong Danh Sách", None),
    ],
)
def test_check_names_the_nearest_firm_with_its_status_whatever_the_verdict(client, name, nearest):
    body = client.get("/api/v1/agencies/check", query_string={"name": name}).get_json()
    assert (body["nearest"] or {}).get("id") == nearest
    if nearest:
        assert body["nearest"]["status"] in ("revoked", "unlicensed")


def test_check_lookalike_names_the_imitated_agency(client):
    body = client.get("/api/v1/agencies/check?name=Cong+ty+CP+Nhan+luc+JH+Viet+Nam").get_json()
    assert [a["id"] for a in body["lookalikes"]] == ["jh"]


def test_check_warns_about_a_provincial_licence_number(client):
    body = client.get("/api/v1/agencies/check?name=12/2024/SLĐTBXH-GP").get_json()
    assert body["warnings"] == ["provincial_licence"]


@pytest.mark.parametrize("query", ["", "?name=", "?name=" + "a" * 201])
def test_check_needs_a_name(client, query):
    assert_api_error(client.get("/api/v1/agencies/check" + query), 400)


def test_health_states_the_coverage(client):
    body = client.get("/api/v1/health").get_json()
    assert body["agencies"]["agencies"] == 375 and body["agencies"]["official_total"] == 505
    assert body["agencies"]["as_of"] == "2025-03"
