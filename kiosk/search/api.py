"""``GET /api/v1/search?q=&lang=&limit=``: the kiosk's search as JSON, for counsellor tools."""

from flask import g, jsonify, request
from flask_babel import gettext as _

from ..text import inputs
from ..web.api import bp
from ..web.db import content_dir
from ..web.errors import ApiError
from ..web.i18n import LANGUAGES
from .query import MAX_LIMIT, MAX_QUERY_CHARS, SearchUnavailable, clean_query
from .query import search as run_search


@bp.get("/search")
def search():
    """``{"count", "results": [{"type", "title", "url", "snippet"}]}``; a missing or blank ``q`` is a 400.

    :raise ApiError 503: the content has no search index.
    """
    args = request.args
    lang = inputs.choice(args, "lang", LANGUAGES, required=False, default="vi")
    limit = inputs.number(args, "limit", minimum=1, maximum=MAX_LIMIT, required=False, default=10, whole=True)
    query = clean_query(inputs.text(args, "q", max_length=MAX_QUERY_CHARS, required=True))
    if not query:
        raise ApiError(400, "invalid_missing", _("Type something to search for."), "q")
    try:
        results = run_search(content_dir() / "index", query, lang, limit)
        g.usage = "search", results
    except SearchUnavailable:
        raise ApiError(
            503, "search_unavailable", _("Search is not available on this kiosk right now.")
        ) from None
    return jsonify(
        count=results.count,
        results=[
            {"type": h.type, "title": h.title, "url": f"/{lang}/{h.path}", "snippet": h.snippet_text}
            for h in results.hits
        ],
    )
