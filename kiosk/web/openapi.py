"""``GET /api/v1/openapi.json``: an OpenAPI 3 description of API v1, for counsellor tools and fuzzers.

The schemas say exactly what each route accepts, so a request the description allows is answered and one
it forbids gets a 400. Choices that come from the content (destination and programme codes, province
names) are read from the installed version, so the description always matches the data being served.
Most of its 450 lines are the schema tables themselves, kept in one place so they are read side by side.
"""

from __future__ import annotations

from flask import jsonify

from ..agencies.model import STATUSES
from ..agencies.service import current_index
from ..build.sources import SOURCE_KINDS
from ..money import service as money
from ..money.fees import ITEMS
from ..places.service import directory
from ..returnplan.model import EARLY_REASONS, GOALS
from ..search.query import MAX_LIMIT, MAX_QUERY_CHARS
from ..version import __version__
from .api import bp
from .db import per_version
from .i18n import LANGUAGES

MAX_AMOUNT = money.MAX_AMOUNT
# At least one character that is not white space (the API strips it and refuses what is left empty).
# For a search, not a control character either (those are dropped from a query before it is read).
NOT_BLANK = r"\S"
VISIBLE = r"[^\s\x00-\x1f\x7f-\x9f]"


def _nullable(schema: dict) -> dict:
    """Null is allowed (and, in a request, means the same as leaving the field out)."""
    if "enum" in schema:
        return dict(schema, enum=[*schema["enum"], None], nullable=True)
    return dict(schema, nullable=True)


def _optional(fields: dict) -> dict:
    return {name: _nullable(schema) for name, schema in fields.items()}


STR, INT, NUM, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
NSTR, NINT, NNUM = _nullable(STR), _nullable(INT), _nullable(NUM)
STRS = {"type": "array", "items": STR}


def _obj(required: dict, optional: dict | None = None) -> dict:
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _list_of(name: str) -> dict:
    return _obj({"count": INT, "results": {"type": "array", "items": _ref(name)}})


COMPONENTS = {
    "Error": _obj({"error": _obj({"code": STR, "message": STR, "field": NSTR})}),
    "Health": _obj(
        {
            "status": {"type": "string", "enum": ["ok", "degraded", "damaged", "no_content"]},
            "content_version": NINT,
            "content_issued_on": NSTR,
            "content_review_by": NSTR,
            "stale": BOOL,
            "sample": BOOL,
        },
        {
            "date_status": STR,
            "content_status": {"type": "string", "enum": ["sample", "draft", "final"]},
            "clock": _obj({"today": STR, "behind": BOOL, "at_least": NSTR}),
            "damaged": _nullable(_obj({"version": NINT, "problem": STR})),
            "agencies": _ref("Coverage"),
            "feed": _nullable(_obj({"checked_at": STR, "offered_version": NINT})),
        },
    ),
    "Source": _obj(
        {
            "id": STR,
            "label": _obj({"vi": STR, "en": STR}),
            "title": STR,
            "publisher": STR,
            "url": STR,
            "published_on": STR,
            "verified_on": STR,
            "kind": {"type": "string", "enum": list(SOURCE_KINDS)},
            "note": STR,
        }
    ),
    "Coverage": _obj({"agencies": INT, "official_total": NINT, "as_of": NSTR, "sources": STRS}),
    "Agency": _obj(
        {
            "id": STR,
            "licence_no": NSTR,
            "name": STR,
            "short_name": NSTR,
            "name_ascii": STR,
            "province": NSTR,
            "address": NSTR,
            "phone": NSTR,
            "status": {"type": "string", "enum": list(STATUSES)},
            "status_since": NSTR,
            "status_until": NSTR,
            "confidence": {"type": "string", "enum": ["official", "verified", "unverified"]},
            "markets": STRS,
            "source": STRS,
            "source_date": NSTR,
            "verified_on": NSTR,
        },
        {"province_old": NSTR, "history": {"type": "array", "items": {"type": "object"}}},
    ),
    "AgencyList": _obj(
        {"count": INT, "results": {"type": "array", "items": _ref("Agency")}, "coverage": _ref("Coverage")}
    ),
    "AgencyCheck": _obj(
        {
            "verdict": {
                "type": "string",
                "enum": ["licensed", "suspended", "revoked", "unlicensed", "lookalike", "not_found"],
            },
            "match_quality": {
                "type": "string",
                "enum": ["exact", "partial", "lookalike", "none"],
                "description": (
                    "exact: the full name, short name or licence number; partial: a shortened form that "
                    "singles out one firm (the verdict is its status; compare its full name with the "
                    "contract); lookalike: an impostor's pattern (a listed name with words added, a "
                    "distinctive word misspelt, a different legal form); none: not on the list"
                ),
            },
            "match": {"allOf": [_ref("Agency")], "nullable": True},
            "lookalikes": {
                "type": "array",
                "items": _ref("Agency"),
                "description": "The listed firms the name imitates, closest first, each with its own status",
            },
            "as_of": NSTR,
            "confidence": NSTR,
        },
        {
            "nearest": {
                "allOf": [_ref("Agency")],
                "nullable": True,
                "description": (
                    "The firm the worker most likely means, whatever the verdict: the match, the closest "
                    "look-alike, or the one listed firm sharing a rare word; a page says first when it is "
                    "suspended, revoked or unlicensed"
                ),
            },
            "candidates": {"type": "array", "items": _ref("Agency")},
            "warnings": STRS,
            "coverage": _ref("Coverage"),
        },
    ),
    "FeeCap": _obj(
        {
            "item": {"type": "string", "enum": list(ITEMS)},
            "rule": STR,
            "params": {"type": "object"},
            "text": STR,
            "legal_basis": NSTR,
            "source": STRS,
            "verified_on": NSTR,
        }
    ),
    "Programme": _obj({"code": STR, "name": STR, "fee_caps": {"type": "array", "items": _ref("FeeCap")}}),
    "Destination": _obj(
        {
            "code": STR,
            "name": STR,
            "currency": STR,
            "programmes": {"type": "array", "items": _ref("Programme")},
            "minimum_wage": {"type": "array", "items": {"type": "object"}},
            "benchmarks": {"type": "array", "items": {"type": "object"}},
            "contacts": {"type": "array", "items": {"type": "object"}},
            "sources": STRS,
        }
    ),
    "DestinationList": _list_of("Destination"),
    "SearchResults": _obj(
        {
            "count": INT,
            "results": {
                "type": "array",
                "items": _obj({"type": STR, "title": STR, "url": STR, "snippet": STR}),
            },
        }
    ),
    "OfferResult": _obj(
        {
            "verdict": {"type": "string", "enum": ["within_caps", "over_cap", "illegal_item"]},
            "items": {
                "type": "array",
                "items": _obj(
                    {
                        "item": {"type": "string", "enum": list(ITEMS)},
                        "amount": INT,
                        "cap": NINT,
                        "over_by": INT,
                        "rule": STR,
                        "legal_basis": NSTR,
                        "source": STRS,
                    },
                    {"verified_on": NSTR, "illegal": BOOL, "text": STR, "label": STR},
                ),
            },
        },
        {
            "total": INT,
            "advice": {"type": "array", "items": {"type": "object"}},
            "warnings": {"type": "array", "items": {"type": "string", "enum": ["implausible_salary"]}},
            "salary_suggestions": {
                "type": "array",
                "items": _obj({"currency": STR, "monthly_salary": NUM, "monthly_salary_vnd": INT}),
            },
        },
    ),
    "Standing": _obj(
        {"month": INT, "debt": INT, "savings": INT, "net_result": INT, "total_interest": INT},
        {"months_worked": INT},
    ),
    "Calculation": _obj(
        {
            "months_to_repay": NINT,
            "total_interest": INT,
            "debt_at_end": INT,
            "savings_at_end": INT,
            "net_result": INT,
            "early_return": {"allOf": [_ref("Standing")], "nullable": True},
            "schedule": {
                "type": "array",
                "items": _obj(
                    {"month": INT, "interest": INT, "payment": INT, "balance": INT, "savings": INT}
                ),
            },
            "warnings": STRS,
        },
        {"warning_texts": STRS, "come_home_after": {"type": "array", "items": _ref("Standing")}},
    ),
    "ReturnPlan": _obj(
        {
            "province": {"allOf": [_obj({"name": STR, "old_name": NSTR})], "nullable": True},
            "items": {
                "type": "array",
                "items": _obj(
                    {
                        "code": STR,
                        "title": STR,
                        "text": STR,
                        "amount": NSTR,
                        "deadline": NSTR,
                        "papers": NSTR,
                        "where": {"type": "array", "items": {"type": "object"}},
                        "legal_basis": NSTR,
                        "source": STRS,
                        "verified_on": NSTR,
                    }
                ),
            },
        }
    ),
}


def _money(maximum: int = MAX_AMOUNT, *, whole: bool = True, minimum: int = 0) -> dict:
    """A figure in JSON: a number within the bounds (whole where the API wants dong)."""
    return {"type": "integer" if whole else "number", "minimum": minimum, "maximum": maximum}


def _query(name: str, schema: dict, description: str, *, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def _path(name: str, description: str, example: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "minLength": 1},
        "description": description,
        "example": example,
    }


LANG = _query("lang", STR, "Language of texts and error messages: vi or en (anything else means vi).")


def _responses(ok: str, *errors: int) -> dict:
    out = {"200": {"description": "OK", "content": {"application/json": {"schema": _ref(ok)}}}}
    for status in errors:
        out[str(status)] = {
            "description": {
                400: "Bad input",
                404: "Not found",
                413: "Body larger than the kiosk accepts",
                503: "No content installed",
            }[status],
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    return out


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _get(summary: str, ok: str, params: list, *errors: int) -> dict:
    if not any(p["name"] == "lang" for p in params):
        params = [*params, LANG]
    return {"get": {"summary": summary, "parameters": params, "responses": _responses(ok, *errors)}}


def _post(summary: str, ok: str, schema: dict) -> dict:
    return {
        "post": {
            "summary": summary,
            "parameters": [LANG],
            "requestBody": _body(schema),
            "responses": _responses(ok, 400, 413, 503),
        }
    }


def _offer_schema(destinations: dict) -> dict:
    """One branch per destination, so each names only its own programmes."""
    required = {
        "contract_months": _money(money.MAX_MONTHS, minimum=1),
        "monthly_salary": _money(whole=False),
    }
    optional = _optional({"currency": {"type": "string", "enum": ["VND"]}, **{i: _money() for i in ITEMS}})
    branches = []
    for code, d in destinations.items():
        programmes = [p["code"] for p in d["programmes"]]
        if programmes:
            where = {
                "destination": {"type": "string", "enum": [code]},
                "programme": {"type": "string", "enum": programmes},
            }
            branches.append(_obj({**where, **required}, optional))
    return {"oneOf": branches}


def _calculation_schema() -> dict:
    """Two shapes: with a loan its monthly rate is required; with none (0) the rate may be left out."""
    required = {
        "contract_months": _money(money.MAX_MONTHS, minimum=1),
        "monthly_income": _money(whole=False),
    }
    optional = {
        "own_funds": _money(),
        "deposit": _money(),
        "months_before_first_salary": _money(24),
        "monthly_living_costs": _money(whole=False),
        "monthly_sent_home": _money(whole=False),
        "currency": {"type": "string", "enum": ["VND"]},
    }
    rate = {"loan_monthly_rate_percent": _money(100, whole=False)}
    return {
        "oneOf": [
            _obj({"loan_amount": _money(minimum=1), **rate, **required}, _optional(optional)),
            _obj(
                {"loan_amount": {"type": "integer", "enum": [0]}, **required}, _optional({**rate, **optional})
            ),
        ]
    }


def _return_plan_schema(destinations: dict, provinces: list[str]) -> dict:
    """One branch per destination and per finished or not (only an early return names a reason)."""
    goal = {"goal": {"type": "string", "enum": list(GOALS)}}
    early = {"early_reason": {"type": "string", "enum": list(EARLY_REASONS)}}
    branches = []
    for code, d in destinations.items():
        codes = [p["code"] for p in d["programmes"]]
        optional = {"still_abroad": BOOL, "province": {"type": "string", "enum": ["", *provinces]}}
        if codes:
            optional["programme"] = {"type": "string", "enum": codes}
        where = {"destination": {"type": "string", "enum": [code]}, **goal}
        for completed in (True, False):
            required = {**where, "completed": {"type": "boolean", "enum": [completed]}}
            branches.append(_obj(required if completed else {**required, **early}, _optional(optional)))
    return {"oneOf": branches}


def province_names() -> list[str]:
    """Every current and pre-2025 province name the API resolves, as they are written."""
    names: list[str] = []
    for province in directory().provinces:
        for name in (province.name, *province.old_names):
            if name not in names:
                names.append(name)
    return names


@per_version
def describe() -> dict:
    """The description for the installed content."""
    destinations = money.destinations()
    q_text = {"type": "string", "maxLength": 200}
    visible = {"type": "string", "minLength": 1, "pattern": VISIBLE}
    paths = {
        "/api/v1/health": _get(
            "Status and the installed content's version, dates and sample flag", "Health", [], 503
        ),
        "/api/v1/agencies": _get(
            "Licensed recruitment agencies, with filters",
            "AgencyList",
            [
                _query("q", q_text, "Full name, short name or licence number, with or without diacritics."),
                _query(
                    "province",
                    {"type": "string", "enum": ["", *province_names()]},
                    "A current province or a pre-2025 one (mapped to its current province); empty for all.",
                ),
                _query(
                    "market",
                    {"type": "string", "pattern": "^([A-Za-z]{2})?$"},
                    "Destination code, e.g. JP; empty for all.",
                ),
                _query(
                    "status", {"type": "string", "enum": ["", *STATUSES]}, "Only agencies with this status."
                ),
                _query(
                    "limit",
                    {"type": "integer", "minimum": 1, "maximum": 200},
                    "At most this many (default 50).",
                ),
                _query("offset", {"type": "integer", "minimum": 0, "maximum": 100_000}, "Skip this many."),
            ],
            400,
            503,
        ),
        "/api/v1/agencies/check": _get(
            "Check a name as a worker heard it: licensed, suspended, revoked, unlicensed, look-alike or unknown; "
            "a shortened form that singles out one firm is that firm (match_quality partial)",
            "AgencyCheck",
            [
                _query(
                    "name",
                    {"type": "string", "minLength": 1, "maxLength": 200, "pattern": NOT_BLANK},
                    "The name or licence number as heard.",
                    required=True,
                )
            ],
            400,
            503,
        ),
        "/api/v1/agencies/{ident}": _get(
            "One agency by its id or licence number, with its dated history",
            "Agency",
            [_path("ident", "The agency's id or licence number.", current_index().agencies[0].id)],
            404,
            503,
        ),
        "/api/v1/sources/{ident}": _get(
            "One source in full: its short label in each language (what pages show), title, publisher, "
            "where it was read (url: an address or a transcription) and the editors' note",
            "Source",
            [_path("ident", "The source's id, as facts cite it.", "law-69-2020")],
            404,
            503,
        ),
        "/api/v1/destinations": _get(
            "Destinations with programmes, fee caps and benchmarks", "DestinationList", [], 503
        ),
        "/api/v1/destinations/{code}": _get(
            "One destination",
            "Destination",
            [_path("code", "ISO 3166 alpha-2 code, e.g. JP.", next(iter(destinations)))],
            404,
            503,
        ),
        "/api/v1/check-offer": _post(
            "Check a quoted offer against the legal fee caps (amounts in VND)",
            "OfferResult",
            _offer_schema(destinations),
        ),
        "/api/v1/calculate": _post(
            "Debt and savings, month by month (amounts in VND)", "Calculation", _calculation_schema()
        ),
        "/api/v1/return-plan": _post(
            "A returnee's checklist, in the order to act",
            "ReturnPlan",
            _return_plan_schema(destinations, province_names()),
        ),
        "/api/v1/search": _get(
            "Search articles, agencies, destinations and services",
            "SearchResults",
            [
                _query("q", dict(visible, maxLength=MAX_QUERY_CHARS), "What to look for.", required=True),
                _query(
                    "limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}, "At most this many."
                ),
                _query("lang", {"type": "string", "enum": list(LANGUAGES)}, "Language of the results."),
            ],
            400,
            503,
        ),
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Kiosk API",
            "version": __version__,
            "description": "Read-only facts for Vietnamese workers going abroad, and calculations on figures "
            'sent in the request (never stored). Errors: {"error": {"code", "message", "field"}}.',
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": COMPONENTS},
    }


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI description, made once per installed content version."""
    return jsonify(describe())
