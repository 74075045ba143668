"""``/api/v1/destinations…``, ``/check-offer`` and ``/calculate`` (DESIGN: "Offer check", "Calculator").

Inputs are parsed by :mod:`kiosk.money.service` (the same rules as the pages), the work is done by the pure
:mod:`kiosk.money.fees` and :mod:`kiosk.money.calculator`, and nothing sent is stored or logged.
"""

from __future__ import annotations

from flask import g, jsonify
from flask_babel import gettext as _

from ..web.api import bp, json_body
from ..web.errors import ApiError
from . import service as md
from .calculator import InputsError, Result, calculate

COME_HOME_AFTER = (3, 6, 12, 24)


@bp.get("/destinations")
def destinations():
    """Every destination with its programmes, fee caps, wages, benchmarks and contacts."""
    results = [md.destination_json(d) for d in md.destinations().values()]
    return jsonify(count=len(results), results=results)


@bp.get("/destinations/<code>")
def destination(code):
    """One destination by its code (``JP``, ``KR``, ``XM``…).

    :raise ApiError 404: no such destination.
    """
    found = md.destinations().get(code.upper()[:10])
    if found is None:
        raise ApiError(404, "not_found", _("There is no information on that destination."), None)
    return jsonify(md.destination_json(found))


@bp.post("/check-offer")
def check_offer_view():
    """A quoted offer, item by item against the programme's caps, with a verdict and what to do."""
    try:
        checked = md.check(json_body())
        g.usage = "offer", checked
    except md.UnknownChoice as exc:
        raise ApiError(400, exc.code, exc.message, exc.field) from None
    return jsonify(offer_json(checked))


def offer_json(c: md.OfferCheck) -> dict:
    items = []
    for r in c.checked.items:
        cap = r.cap_rule
        record = c.caps.get(r.item)
        items.append(
            {
                "item": r.item,
                "label": str(md.ITEM_LABELS[r.item]),
                "amount": r.amount,
                "cap": r.cap,
                "over_by": r.over_by,
                "illegal": r.illegal,
                "rule": r.rule,
                "text": md.cap_words(record) if record else md.cap_words({"rule": "not_known", "params": {}}),
                "legal_basis": cap.legal_basis if cap else None,
                "source": list(cap.source) if cap else [],
                "verified_on": cap.verified_on if cap else None,
            }
        )
    result = c.checked
    return {
        "destination": c.dest["code"],
        "programme": c.programme["code"],
        "contract_months": c.offer.contract_months,
        "monthly_salary": c.offer.monthly_salary,
        "exchange_rate": md.rate_json(c.rate),
        "verdict": result.verdict,
        "verdict_text": str(md.VERDICT_TEXTS[result.verdict]),
        "items": items,
        "total": result.total,
        "months_of_wage": float(result.months_of_wage) if result.months_of_wage is not None else None,
        "share_of_year_income_percent": (
            float(result.share_of_year_income_percent)
            if result.share_of_year_income_percent is not None
            else None
        ),
        "advice": [{"code": a, "text": str(md.ADVICE_TEXTS[a])} for a in result.advice],
        "warnings": list(c.wage.warnings) if c.wage else [],
        "salary_suggestions": [
            {
                "currency": s.currency,
                "monthly_salary": float(c.wage.amount),
                "monthly_salary_vnd": s.vnd,
            }
            for s in (c.wage.suggestions if c.wage else ())
        ],
    }


@bp.post("/calculate")
def calculate_view():
    """The month-by-month debt and savings projection (DESIGN's model) with warnings as codes."""
    inp, rate = md.parse_calculation(json_body())
    try:
        result = calculate(inp)
    except InputsError as exc:
        raise ApiError(
            400, "invalid_" + exc.field, _("These figures cannot be calculated."), exc.field
        ) from None
    g.usage = "calculator", result
    return jsonify(calculation_json(inp, result, rate))


def calculation_json(inp, result: Result, rate) -> dict:
    early = result.early_return
    return {
        "months_to_repay": result.months_to_repay,
        "total_interest": result.total_interest,
        "debt_at_end": result.debt_at_end,
        "savings_at_end": result.savings_at_end,
        "net_result": result.net_result,
        "early_return": early.__dict__ if early else None,
        "come_home_after": [
            result.at(k, inp.own_funds).__dict__ for k in COME_HOME_AFTER if k <= inp.contract_months
        ],
        "schedule": [row.__dict__ for row in result.schedule],
        "warnings": list(result.warnings),
        "warning_texts": [str(md.WARNING_TEXTS[w]) for w in result.warnings],
        "monthly_income_vnd": inp.monthly_income,
        "monthly_living_costs_vnd": inp.monthly_living_costs,
        "monthly_sent_home_vnd": inp.monthly_sent_home,
        "exchange_rate": md.rate_json(rate),
    }
