"""What every page's shared layout needs: the language switch, the content's date and sample status, and
the display filters for dates and numbers (from :mod:`.formatting`). Also ``/``, which sends people to the
device's default language."""

from __future__ import annotations

import json

from flask import current_app, g, redirect, request, url_for
from werkzeug.routing import BuildError

from ..build import freshness
from . import formatting, i18n
from .db import NoContent, date_reading, get_db, get_meta, per_version


def url_if(endpoint: str, **values) -> str | None:
    """``url_for`` or None when the page does not exist (a feature not installed on this build)."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def switch_url() -> str:
    """The same page in the other language (GET pages keep their query; a POST result goes to its form)."""
    lang = g.get("lang", "vi")
    other = i18n.other_language(lang)
    if request.blueprint == "pages" and request.endpoint:
        try:
            url = url_for(request.endpoint, **dict(request.view_args or {}, lang=other))
        except BuildError:
            url = f"/{other}/"
        if request.method == "GET" and request.query_string:
            url += "?" + request.query_string.decode("utf-8", "replace")
        return url
    return f"/{other}/"


def cite(ids) -> list[dict]:
    """The bibliography entries for source ids (a list, a JSON list, or ids separated by ``;``)."""
    if isinstance(ids, str):
        ids = json.loads(ids) if ids.startswith("[") else [i.strip() for i in ids.split(";") if i.strip()]
    if not ids:
        return []
    rows = _sources()
    return [rows[i] for i in map(str, ids) if i in rows]


@per_version
def _sources() -> dict[str, dict]:
    """Every bibliography entry by id: a page cites dozens, each once per source line."""
    return {r["id"]: dict(r) for r in get_db().execute("select * from sources")}


def content_status() -> dict:
    """Version, dates, sample flag and freshness of the installed content, for banners and the footer."""
    try:
        meta = get_meta()
    except NoContent:
        return {"installed": False, "date_status": freshness.UNKNOWN}
    read = date_reading(meta)
    return dict(
        meta,
        installed=True,
        date_status=read.status,
        clock_behind=read.clock_behind,
        clock=read.clock.isoformat(),
        clock_floor=read.floor,
    )


def inject():
    lang = g.get("lang") or i18n.current()
    return {
        "lang": lang,
        "other_lang": i18n.other_language(lang),
        "switch_url": switch_url,
        "content": content_status(),
        "url_if": url_if,
        "cite": cite,
        "kiosk_mode": current_app.config["KIOSK_MODE"],
    }


def root():
    """``/`` goes to the deployer's default language (or, if set to ``auto``, the browser's)."""
    lang = current_app.config["DEFAULT_LANGUAGE"]
    if lang not in i18n.LANGUAGES:
        lang = request.accept_languages.best_match(i18n.LANGUAGES) or "vi"
    return redirect(f"/{lang}/", code=302)


def init_app(app) -> None:
    app.context_processor(inject)
    app.jinja_env.filters.update(
        date=formatting.show_date, vnd=formatting.show_vnd, decimal=formatting.show_decimal
    )
    app.add_url_rule("/", "root", root)
