"""What every page's shared layout needs: the language switch, the content's date and sample status, and
the display filters for dates and numbers (from :mod:`.formatting`). Also ``/``, which sends people to the
device's default language."""

from __future__ import annotations

import json

from flask import current_app, g, redirect, request, url_for
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

from ..build import freshness
from ..build.manifest import review_status
from ..build.sources import where_read
from ..text import citations
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
    """The bibliography entries for source ids (a list, a JSON list, or ids separated by ``;``), each with
    ``label`` (``{vi, en}``: what a page shows), ``copied`` (read from a copy in a code repository, whose
    path a worker's page never shows) and ``where`` (an address to show folded, ``copy``, or None)."""
    if isinstance(ids, str):
        ids = json.loads(ids) if ids.startswith("[") else [i.strip() for i in ids.split(";") if i.strip()]
    if not ids:
        return []
    rows = bibliography()
    return [rows[i] for i in map(str, ids) if i in rows]


@per_version
def bibliography() -> dict[str, dict]:
    """Every bibliography entry by id: a page cites dozens, each once per source line."""
    out = {}
    for r in get_db().execute("select * from sources"):
        row = dict(r)
        label = json.loads(row["label"]) if row.get("label") else {}
        if not label:  # a version built before labels existed: the publisher and date, as the source gives
            short = ", ".join(x for x in (row["publisher"] or row["title"], row["published_on"]) if x)
            label = {"vi": short, "en": short}
        # A copy kept in a code repository is said to be a copy; its path, title and uploader never show.
        copy = any("github" in (row.get(k) or "").lower() for k in ("url", "title", "publisher", "note"))
        row.update(label=label, copied=copy, where="copy" if copy else where_read(row["url"]))
        out[row["id"]] = row
    return out


def legal(basis) -> Markup:
    """A legal basis in the page's language: ``{vi, en}`` picked, a one-language citation put in Vietnamese
    where its words allow (:mod:`kiosk.text.citations`), else shown as it is, marked as English."""
    lang = g.get("lang") or i18n.current()
    if isinstance(basis, dict) and basis.get("vi") != basis.get("en"):  # written in each language
        return escape(basis.get(lang) or basis.get("vi") or "")
    if isinstance(basis, dict):  # one citation given for both languages
        basis = basis.get("en")
    text, ok = citations.localise(str(basis or ""), lang)
    if ok:
        return escape(text)
    return Markup('<span lang="en">%s</span>') % text


def content_status() -> dict:
    """Version, dates, review status and freshness of the installed content, for banners and the footer."""
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
        review=review_status(meta),
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
        date=formatting.show_date, vnd=formatting.show_vnd, decimal=formatting.show_decimal, legal=legal
    )
    app.add_url_rule("/", "root", root)
