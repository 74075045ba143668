"""The OpenAPI description at /api/v1/openapi.json covers every API route, and the API keeps its promises:
what the description allows is answered with the schema it names (Schemathesis fuzzes the rest, see
../shared/checks/openapi)."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def conforms(spec: dict, schema: dict, value, where: str = "$") -> list[str]:
    """What in ``value`` breaks ``schema`` (the OpenAPI 3.0 subset the description uses)."""
    schema = resolve(spec, schema)
    if value is None:
        return [] if schema.get("nullable") else [f"{where} is null"]
    if "allOf" in schema:
        return [p for s in schema["allOf"] for p in conforms(spec, s, value, where)]
    kinds = {
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "object": dict,
        "array": list,
    }
    kind = schema.get("type")
    if kind and (
        not isinstance(value, kinds[kind]) or (kind in ("integer", "number") and isinstance(value, bool))
    ):
        return [f"{where} is not {kind}: {value!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} not in {schema['enum']}"]
    problems = []
    if kind == "object":
        problems += [f"{where}.{k} is missing" for k in schema.get("required", []) if k not in value]
        for k, sub in schema.get("properties", {}).items():
            if k in value:
                problems += conforms(spec, sub, value[k], f"{where}.{k}")
    if kind == "array":
        for i, item in enumerate(value):
            problems += conforms(spec, schema.get("items", {}), item, f"{where}[{i}]")
    return problems


def answer_schema(spec, path, method, status):
    return spec["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]


def test_every_api_route_is_described_and_nothing_else(app, spec):
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.rule != "/api/v1/openapi.json"
    }
    assert routes == set(spec["paths"])
    assert spec["openapi"].startswith("3.")


def test_described_methods_are_the_routes_methods(app, spec):
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        if path in spec["paths"]:
            assert set(spec["paths"][path]) == {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}


@pytest.mark.parametrize(
    "path, url",
    [
        ("/api/v1/health", "/api/v1/health"),
        ("/api/v1/agencies", "/api/v1/agencies?q=ha&limit=3"),
        ("/api/v1/agencies/check", "/api/v1/agencies/check?name=sona"),
        ("/api/v1/destinations", "/api/v1/destinations"),
        ("/api/v1/search", "/api/v1/search?q=bo+tron&lang=en"),
    ],
)
def test_get_answers_match_their_schema(client, spec, path, url):
    response = client.get(url)
    assert response.status_code == 200
    assert conforms(spec, answer_schema(spec, path, "get", 200), response.get_json()) == []


@pytest.mark.parametrize("path", ["/api/v1/agencies/{ident}", "/api/v1/destinations/{code}"])
def test_path_examples_are_real_items_that_match_their_schema(client, spec, path):
    (param,) = spec["paths"][path]["get"]["parameters"][:1]
    response = client.get(path.replace("{" + param["name"] + "}", param["example"]))
    assert response.status_code == 200
    assert conforms(spec, answer_schema(spec, path, "get", 200), response.get_json()) == []


def minimal(spec: dict, schema: dict) -> dict:
    """The smallest body a branch allows: each required field at its first allowed or lowest value."""
    body = {}
    for name in schema["required"]:
        field = resolve(spec, schema["properties"][name])
        body[name] = field["enum"][0] if "enum" in field else field.get("minimum", 0)
    return body


@pytest.mark.parametrize("path", ["/api/v1/check-offer", "/api/v1/calculate", "/api/v1/return-plan"])
def test_every_body_shape_the_description_allows_is_answered(client, spec, path):
    body_schema = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema["oneOf"]
    for branch in body_schema["oneOf"]:
        body = minimal(spec, branch)
        response = client.post(path, json=body)
        assert response.status_code == 200, (body, response.get_json())
        assert conforms(spec, answer_schema(spec, path, "post", 200), response.get_json()) == []


def test_every_province_name_offered_is_accepted(client, spec):
    params = spec["paths"]["/api/v1/agencies"]["get"]["parameters"]
    names = next(p for p in params if p["name"] == "province")["schema"]["enum"]
    assert len(names) >= 34 + 1
    for name in names:
        assert (
            client.get("/api/v1/agencies", query_string={"province": name, "limit": 1}).status_code == 200
        ), name


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/agencies?limit=0",
        "/api/v1/agencies?market=JPN",
        "/api/v1/search?q=%20",
        "/api/v1/agencies/check",
    ],
)
def test_what_the_description_forbids_is_refused_with_its_error_schema(client, spec, url):
    response = client.get(url)
    assert response.status_code == 400
    assert conforms(spec, {"$ref": "#/components/schemas/Error"}, response.get_json()) == []


def test_a_body_too_large_is_the_documented_413(client, spec):
    assert "413" in spec["paths"]["/api/v1/calculate"]["post"]["responses"]
    response = client.post(
        "/api/v1/calculate", data=b"{" + b" " * 70_000 + b"}", content_type="application/json"
    )
    assert response.status_code == 413
    assert conforms(spec, {"$ref": "#/components/schemas/Error"}, response.get_json()) == []
