"""The counsellor's session page: the agency check, the offer check and the calculator side by side, and a
handout of the session on A4 in 12 pt print (one or two pages).

Nothing is kept on the server between requests: the whole session is one POSTed form whose three parts
carry prefixed field names (``agency-``, ``offer-``, ``calc-``), so each answer stays on screen while the
counsellor works on the next, and the handout is the same form posted to ``/counsellor/handout``. The
work is done by the same functions as the single-tool pages (the agency index, money service parsing,
the pure fee check and calculator), so the answers cannot differ. "New client" is the kiosk's reset.
"""

from __future__ import annotations

import functools

from flask import g, render_template, request

from ..agencies.model import reading
from ..agencies.service import current_index, dolab
from ..agencies.views import name_label
from ..articles.views import receipt_checklist
from ..money import service as md
from ..money.calculator import calculate
from ..money.fees import ITEMS
from ..places.service import services
from ..places.services import national
from ..text import inputs
from ..web.db import judged_today
from ..web.pages import bp


def part(form, prefix: str) -> dict:
    """The fields of one tool, without their prefix (``offer-contract_months`` → ``contract_months``)."""
    start = prefix + "-"
    return {k[len(start) :]: v for k, v in form.items() if k.startswith(start)}


def _filled(values: dict, *fields: str) -> bool:
    return any(str(values.get(f, "")).strip() for f in fields)


def _agency(values: dict):
    name = inputs.text(values, "name", max_length=200).strip()
    return {"name": name, "check": current_index().check(name)} if name else None


def _offer(values: dict):
    if not _filled(values, "choice", "monthly_salary"):
        return None
    values = dict(values)
    values["destination"], _sep, values["programme"] = values.get("choice", "").partition("/")
    return md.check(values)


def _calculation(values: dict):
    if not _filled(values, "loan_amount", "monthly_income"):
        return None
    values, preset = md.with_loan_preset(values)
    inp, rate = md.parse_calculation(values)
    return {"inp": inp, "r": calculate(inp), "rate": rate, "preset": preset}


TOOLS = {"agency": _agency, "offer": _offer, "calc": _calculation}
# Errors about parts of a field: the destination and programme are one list on this page.
FIELD_OF = {"destination": "choice", "programme": "choice"}


def session(form) -> tuple[dict, dict]:
    """Each tool's result (None when its part is empty) and each tool's error as (field id, message); the page
    shows the error under that field, starting with its label, so it names the field."""
    results, errors = {}, {}
    for prefix, work in TOOLS.items():
        try:
            results[prefix] = work(part(form, prefix))
        except md.FORM_ERRORS as exc:
            field, message = md.form_error(exc)
            field = FIELD_OF.get(field, field)
            results[prefix], errors[prefix] = None, (f"{prefix}-{field}", message)
    return results, errors


def _choices() -> dict:
    """What both templates need: the form's choices, the money words, and today's reading of a status."""
    return {
        "destinations": list(md.destinations().values()),
        "presets": md.loan_presets(),
        "currencies": list(md.rates()),
        "items": ITEMS,
        "words": md.WORDS,
        "read": functools.partial(reading, today=judged_today()),
        "dolab": dolab(),
        "agency_label": name_label(current_index()),
    }


@bp.route("/counsellor", methods=["GET", "POST"])
def counsellor():
    """The session page; each POST answers every tool that has figures in it."""
    form = request.form
    results, errors = session(form) if request.method == "POST" else ({}, {})
    g.usage = "counsellor", results
    html = render_template("counsellor.html", form=form, results=results, errors=errors, **_choices())
    return html, (400 if errors else 200)


@bp.post("/counsellor/handout")
def handout():
    """The session's answers on A4 in 12 pt print, with the hotlines, the receipt checklist and the sources."""
    results, errors = session(request.form)
    hotlines = [s for s in national(services()) if s.phones]
    receipt = receipt_checklist()
    html = render_template(
        "print/handout.html",
        results=results,
        errors=errors,
        hotlines=hotlines,
        receipt=receipt,
        sources=cited(results, hotlines, receipt),
        today=judged_today().isoformat(),
        **_choices(),
    )
    return html, (400 if errors else 200)


def cited(results: dict, hotlines, receipt: dict | None) -> list[str]:
    """Every source id the handout rests on, each once, in the order the page shows them."""
    ids: list[str] = []
    agency = results.get("agency")
    if agency and agency["check"].nearest:
        ids += agency["check"].nearest.source
    offer = results.get("offer")
    if offer:
        ids += offer.programme["source"]
        for cap in offer.caps.values():
            ids += cap["source"]
    calc = results.get("calc")
    if calc and calc["preset"]:
        ids += calc["preset"]["source"]
    for service in hotlines:
        ids += service.source
    if receipt:
        ids += receipt["sources"]
    return list(dict.fromkeys(ids))
