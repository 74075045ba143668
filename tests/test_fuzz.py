"""Hostile input, generated: every API route and every page form, fed random values for its own fields,
answers without a 5xx or a traceback, and an API error keeps DESIGN's shape in the language asked for."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", " ", "0", "-1", "1e309", "25.000.000", "0,7", "JP", "KR", "titp", "Hà Nội", "../"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def post_fields(spec: dict, path: str) -> list[str]:
    """Every field any shape of the route's body names."""
    schema = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return sorted({name for branch in schema["oneOf"] for name in branch["properties"]})


@pytest.fixture(scope="module")
def spec(built_instance):
    from kiosk import create_app

    app = create_app({"TESTING": True, "INSTANCE": str(built_instance)})
    return app.test_client().get("/api/v1/openapi.json").get_json()


def assert_handled(response, lang: str = "vi"):
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    if response.status_code >= 400 and response.mimetype == "application/json":
        error = response.get_json()["error"]
        assert set(error) == {"code", "message", "field"}
        if lang == "vi":
            assert re.search(
                r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]",
                error["message"].lower(),
            )


@pytest.mark.parametrize("path", ["/api/v1/check-offer", "/api/v1/calculate", "/api/v1/return-plan"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_api_bodies_of_random_values_are_answered_without_a_server_error(app, spec, path, lang):
    fields = post_fields(spec, path)
    client = app.test_client()

    @FUZZ
    @given(st.dictionaries(st.sampled_from(fields), json_values, max_size=len(fields)))
    def check(body):
        assert_handled(client.post(f"{path}?lang={lang}", json=body), lang)

    check()


@pytest.mark.parametrize("path", ["/api/v1/check-offer", "/api/v1/calculate", "/api/v1/return-plan"])
@pytest.mark.parametrize("raw", [b"", b"[]", b"{", b'{"a": ' * 500, b"\xff\xfe", b'"text"', b"null"])
def test_api_bodies_that_are_not_json_objects_are_a_400(client, path, raw):
    response = client.post(path, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert_handled(response)


QUERY_ROUTES = {
    "/api/v1/agencies": ["q", "province", "market", "status", "limit", "offset"],
    "/api/v1/agencies/check": ["name"],
    "/api/v1/search": ["q", "lang", "limit"],
    "/api/v1/destinations": [],
    "/api/v1/health": [],
}
query_values = st.one_of(
    st.text(max_size=300), st.sampled_from(["", "0", "-1", "999999999999", "%", "JP", "ha noi"])
)


@pytest.mark.parametrize("path", sorted(QUERY_ROUTES))
def test_api_queries_of_random_values_are_answered_without_a_server_error(app, path):
    client = app.test_client()
    names = QUERY_ROUTES[path] or ["x"]

    @FUZZ
    @given(st.dictionaries(st.sampled_from(names), query_values, max_size=len(names)))
    def check(query):
        assert_handled(client.get(path, query_string=query))

    check()


@given(st.text(min_size=1, max_size=60))
@FUZZ
def test_random_path_segments_are_answered_without_a_server_error(client, segment):
    for path in ("/api/v1/agencies/", "/api/v1/destinations/", "/vi/agencies/", "/en/articles/"):
        assert_handled(client.get(path + segment))


FORMS = ["/vi/check-offer", "/vi/calculator", "/vi/return-plan", "/vi/selfcheck", "/en/agencies/check"]


@pytest.mark.parametrize("path", FORMS)
def test_page_forms_of_random_values_are_answered_without_a_server_error(app, path):
    client = app.test_client()
    page = client.get(path).get_data(as_text=True)
    fields = sorted(set(re.findall(r'name="([^"]+)"', page))) or ["x"]

    @FUZZ
    @given(st.dictionaries(st.sampled_from(fields), st.text(max_size=60), max_size=len(fields)))
    def check(form):
        response = client.post(path, data=form)
        assert response.status_code < 500
        assert "Traceback" not in response.get_data(as_text=True)

    check()
