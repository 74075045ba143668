"""``POST /api/v1/return-plan``: a returnee's checklist (DESIGN's contract), in the language of ``?lang=``."""

from flask import g, jsonify
from flask_babel import gettext as _

from ..web.api import bp, json_body
from ..web.errors import ApiError
from ..web.i18n import current
from .service import UnknownProvince, answer


def _service(s, lang: str) -> dict:
    return {
        "id": s.id,
        "name": s.name[lang],
        "phones": [
            {"number": p.number, "tel": p.tel, "label": p.label[lang] if p.label else None} for p in s.phones
        ],
        "address": s.address[lang] if s.address else None,
        "web": s.web or None,
        "email": s.email or None,
        "not_known": s.not_known[lang] if s.not_known else None,
        "source": list(s.source),
        "verified_on": s.verified_on,
    }


@bp.post("/return-plan")
def return_plan():
    """The checklist for the situation in the JSON body; nothing of it is stored."""
    try:
        result = answer(json_body())
        g.usage = "return_plan", result
    except UnknownProvince:
        raise ApiError(
            400, "unknown_province", _("This province was not found. Type its name, old or new."), "province"
        ) from None
    lang = current()
    province = None
    if result.province:
        province = {"name": result.province.province.name, "old_name": result.province.old_name}
    items = []
    for item in result.items:
        r = item.rule
        items.append(
            {
                "code": r.code,
                "title": r.title[lang],
                "text": r.text[lang],
                "amount": r.amount[lang] if r.amount else None,
                "deadline": r.deadline[lang] if r.deadline else None,
                "papers": r.papers[lang] if r.papers else None,
                "where": [_service(s, lang) for s in item.services],
                "no_local_office": item.no_local_office,
                "legal_basis": r.legal_basis[lang],
                "source": list(r.source),
                "verified_on": r.verified_on,
            }
        )
    return jsonify({"province": province, "items": items})
