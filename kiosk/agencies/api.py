"""``/api/v1/agencies…``: the list with filters, one agency, and the check of a name as a worker heard it."""

from __future__ import annotations

import re

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _

from ..places.service import find_province
from ..text import inputs
from ..web import health
from ..web.api import bp
from ..web.errors import ApiError
from .model import STATUSES
from .service import as_json, as_json_many, as_json_texts, compact_json, current_index, history

_MARKET = re.compile(r"^[A-Za-z]{2}$")


def coverage() -> dict:
    return current_index().coverage.as_dict()


def filters(args) -> dict:
    """The list's filters from the query string.

    :raise InputError: a limit, offset or status out of range. :raise ApiError 400: an unknown province
    or a market that is not a two-letter code.
    """
    found = {
        "q": inputs.text(args, "q", max_length=200).strip(),
        "status": inputs.choice(args, "status", STATUSES, required=False, default=""),
        "limit": inputs.number(args, "limit", minimum=1, maximum=200, required=False, default=50, whole=True),
        "offset": inputs.number(
            args, "offset", minimum=0, maximum=100_000, required=False, default=0, whole=True
        ),
        "market": inputs.text(args, "market", max_length=2).upper(),
    }
    if found["market"] and not _MARKET.match(found["market"]):
        raise ApiError(
            400, "invalid_market", _("Give a country as a two-letter code, for example KR."), "market"
        )
    province = inputs.text(args, "province", max_length=100).strip()
    found["province"] = found["province_old"] = ""
    if province:
        match = find_province(province)
        if match is None:
            raise ApiError(400, "unknown_province", _("There is no province with that name."), "province")
        found["province"], found["province_old"] = match.province.name, match.old_name or ""
    return found


@bp.get("/agencies")
def agencies():
    """The agency list: ``q`` matches full name, short name or licence number, with or without marks."""
    f = filters(request.args)
    count, results = current_index().search(
        f["q"],
        province=f["province"],
        province_old=f["province_old"],
        market=f["market"],
        status=f["status"],
        limit=f["limit"],
        offset=f["offset"],
    )
    # What ``jsonify(count=, results=, coverage=)`` would send, from agencies written out once a day.
    results_text = ",".join(as_json_texts(results))
    body = f'{{"count":{count},"results":[{results_text}],"coverage":{compact_json(coverage())}}}\n'
    return current_app.response_class(body, mimetype=current_app.json.mimetype)


@bp.get("/agencies/check")
def agency_check():
    """The verdict for a name, short name or licence number as a worker heard it (DESIGN, agencies/check):
    how it matched (``match_quality``), the firm it most likely means (``nearest``), look-alikes, coverage."""
    name = inputs.text(request.args, "name", max_length=200, required=True).strip()
    if not name:
        raise inputs.InputError("name", "missing")
    result = current_index().check(name)
    g.usage = "agency", result
    sources = list(result.match.source) if result.match else list(current_index().coverage.sources)
    return jsonify(
        verdict=result.verdict,
        match_quality=result.quality,
        match=as_json(result.match) if result.match else None,
        nearest=as_json(result.nearest) if result.nearest else None,
        lookalikes=as_json_many(result.lookalikes),
        candidates=as_json_many(result.candidates),
        warnings=list(result.warnings),
        as_of=result.as_of or None,
        confidence=result.confidence,
        source=sources,
        coverage=coverage(),
    )


@bp.get("/agencies/<path:ident>")
def agency(ident):
    """One agency by its id or licence number, with its dated history; 404 names the nearest agencies."""
    index = current_index()
    found = index.find(ident)
    if found is None:
        guess = index.check(ident.replace("-", " "))
        near = [a.name for a in (*guess.lookalikes, *guess.candidates)][:3]
        message = _("No agency has this id or licence number.")
        if near:
            message += " " + _("Nearest names: %(names)s", names="; ".join(near))
        raise ApiError(404, "agency_not_found", message, "id")
    body = as_json(found)
    body["history"] = [
        {
            "date": h["date"] or None,
            "date_end": h["date_end"] or None,
            "name_as_printed": h["name_as_printed"],
            "event": {"vi": h["event_vi"], "en": h["event_en"]},
            "source": h["source"],
            "confidence": h["confidence"],
            "verified_on": h["verified_on"],
        }
        for h in history(found)
    ]
    return jsonify(body)


health.EXTRA.append(lambda meta: {"agencies": coverage()})
