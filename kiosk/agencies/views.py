"""Agency pages: the list (search, province, market and status filters), one agency, and "check a name"."""

from __future__ import annotations

import functools

from babel import Locale
from flask import abort, g, render_template, request
from flask_babel import lazy_gettext as _l

from ..places.service import directory, find_province
from ..text import inputs
from ..web.db import judged_today
from ..web.errors import input_message
from ..web.pages import bp
from .model import STATUSES, reading
from .service import current_index, dolab, history, history_for_name

PAGE_SIZE = 50


NAME_ONLY = _l("Agency name or short name, as you heard it")
NAME_OR_LICENCE = _l("Agency name, short name or licence number, as you heard it")


def _context(**values) -> dict:
    """What every agency template needs: the list's coverage, today's reading of a status, and DOLAB (the
    office a worker calls to confirm, its number from the content, never written in a template)."""
    index = current_index()
    read = functools.partial(reading, today=judged_today())
    countries = Locale.parse(g.get("lang", "vi")).territories
    return dict(
        values,
        coverage=index.coverage,
        read=read,
        statuses=STATUSES,
        country=lambda c: countries.get(c, c),
        dolab=dolab(),
        # While the list holds no licence numbers, the field does not ask for one.
        field_label=name_label(index),
    )


def name_label(index) -> str:
    """The agency field's label: it asks for a licence number only while the list holds some."""
    return str(NAME_OR_LICENCE if index.has_licences else NAME_ONLY)


@bp.get("/agencies/")
def agencies():
    """The agency list with a name search and filters (GET, so a filtered list can be bookmarked)."""
    args = request.args
    q = inputs.text(args, "q", max_length=200).strip()
    status = args.get("status", "") if args.get("status", "") in STATUSES else ""
    market = args.get("market", "").strip().upper()[:2]
    page = inputs.number(args, "page", minimum=1, maximum=10_000, required=False, default=1, whole=True)
    wanted = args.get("province", "").strip()[:100]
    match = find_province(wanted) if wanted else None
    index = current_index()
    count, results = index.search(
        q,
        province=match.province.name if match else "",
        province_old=(match.old_name or "") if match else "",
        market=market,
        status=status,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    markets = sorted({m for a in index.agencies for m in a.markets})
    return render_template(
        "agencies.html",
        **_context(
            q=q,
            status=status,
            market=market,
            markets=markets,
            province=match.province.name if match else "",
            province_unknown=bool(wanted and match is None),
            provinces=sorted(p.name for p in directory().provinces),
            count=count,
            results=results,
            page=page,
            pages=max(1, -(-count // PAGE_SIZE)),
        ),
    )


@bp.get("/agencies/<path:ident>")
def agency(ident):
    """One agency: everything known, its status in words with date, source and confidence, its history."""
    found = current_index().find(ident)
    if found is None:
        abort(404)
    return render_template("agency.html", **_context(agency=found, history=history(found)))


@bp.route("/agencies/check", methods=["GET", "POST"])
def agency_check():
    """Check a name as a worker heard it. POSTed, so what was typed stays out of URLs and logs."""
    name, result, error, printed = "", None, None, []
    if request.method == "POST":
        try:
            name = inputs.text(request.form, "name", max_length=200, required=True).strip()
            if not name:
                raise inputs.InputError("name", "missing")
            result = current_index().check(name)
            g.usage = "agency", result
            printed = history_for_name(name) if result.match is None else []
        except inputs.InputError as exc:
            error = input_message(exc)
    status = 400 if error else 200
    return render_template(
        "agency_check.html", **_context(name=name, result=result, error=error, printed=printed)
    ), status
