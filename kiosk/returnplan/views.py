"""The return plan ("Coming home") and the services directory ("Hotlines and help").

The plan form is POSTed (nothing typed reaches a URL or a log) and works with JavaScript off; the plan
prints on one A4 page and goes home as a QR code of its text. The directory filters by province, old
names included, with a plain GET.
"""

from flask import g, render_template, request
from flask_babel import gettext as _

from ..places.service import directory, services
from ..places.services import abroad, in_province, national
from ..text import qr
from ..text.inputs import InputError
from ..web.errors import input_message
from ..web.i18n import current
from ..web.pages import bp
from .model import EARLY_REASONS, GOALS, as_text, summary
from .service import UnknownProvince, answer, destinations, programmes

QR_LIMIT = 1200  # bytes of UTF-8: beyond this the code gets too dense for a cheap phone camera


def _labels() -> dict:
    return {
        "early_reason": {
            "employer_closed": _("The employer closed or cut jobs"),
            "accident_illness": _("Accident or illness"),
            "dismissed": _("I was dismissed"),
            "left_employer": _("I left the employer or stayed on after my visa ended"),
            "deported": _("I was deported"),
            "family": _("Family reasons"),
        },
        "goal": {
            "job": _("A job here"),
            "skills": _("Training or a skill certificate"),
            "business": _("My own business"),
            "abroad_again": _("Going abroad again"),
        },
    }


def _qr_svg(items, lang: str, province: str) -> str | None:
    """The plan's text as an inline SVG QR code; the short form when the full one is too long."""
    words = {"plan": _("My return plan"), "deadline": _("Deadline"), "call": _("Call")}
    plan_text = as_text(items, lang, labels=words, province=province)
    if len(plan_text.encode("utf-8")) > QR_LIMIT:
        plan_text = as_text(items, lang, labels=words, province=province, brief=True)
    try:
        return qr.svg(plan_text, title=_("My return plan"), scale=2)
    except qr.TooLong:
        return None


@bp.route("/return-plan", methods=["GET", "POST"])
def return_plan():
    """The questions; after POST, the checklist in the order to act, with where to go and why."""
    form = request.form if request.method == "POST" else {}
    result, error, field = None, None, None
    if request.method == "POST":
        try:
            result = answer(form)
            g.usage = "return_plan", result
        except InputError as exc:
            field = exc.field
            error = _("Please answer this question.") if exc.code == "missing" else input_message(exc)
        except UnknownProvince:
            field, error = "province", _("This province was not found. Type its name, old or new.")
    qr_code = None
    if result and result.items:
        province = result.province.province.name if result.province else ""
        qr_code = _qr_svg(result.items, current(), province)
    html = render_template(
        "return_plan.html",
        destinations=destinations(),
        programmes=programmes(),
        reasons=EARLY_REASONS,
        goals=GOALS,
        labels=_labels(),
        tool_names={
            "pages.calculator": _("Debt calculator"),
            "pages.agency_check": _("Check an agency"),
            "pages.offer_check": _("Check an offer"),
        },
        summary=summary(result.items) if result and result.items else None,
        form=form,
        result=result,
        error=error,
        field=field,
        qr=qr_code,
    )
    return html, (400 if error else 200)


@bp.get("/services", endpoint="services")
def services_page():
    """Hotlines and offices: national, the chosen province's (old names accepted), and abroad."""
    typed = request.args.get("province", "")[:80].strip()
    everything, provinces = services(), directory()
    match, error = None, None
    if typed:
        match = provinces.find(typed)
        if match is None:
            error = _("This province was not found. Type its name, old or new.")
    names = dict(destinations())
    by_destination = {}
    for code, name in names.items():
        found = abroad(everything, code)
        if found:
            by_destination[code] = (name, found)
    html = render_template(
        "services.html",
        typed=typed,
        match=match,
        error=error,
        national=national(everything),
        local=in_province(everything, match.province.id) if match else [],
        provinces=provinces.provinces,
        by_destination=by_destination,
        all_local=[s for s in everything if s.group == "province"],
    )
    return html, (400 if error else 200)
