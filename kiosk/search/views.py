"""The search page: the box on every page sends ``q`` here (GET, so a search can be bookmarked or shared).

An empty or unmatched query gets a helpful page (topics and example searches), never an error.
"""

from flask import g, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from ..articles.views import TOPIC_LABELS
from ..web.db import content_dir, per_version
from ..web.i18n import LANGUAGES
from ..web.pages import bp
from .query import SearchUnavailable, clean_query, prepare
from .query import search as run_search

PAGE_LIMIT = 20
TYPE_LABELS = {
    "article": _l("Article"),
    "agency": _l("Agency"),
    "destination": _l("Country"),
    "service": _l("Hotline or office"),
    "selfcheck": _l("Warning signs"),
}
EXAMPLES = {
    "vi": ("lua dao", "tien moi gioi", "ky quy", "111"),
    "en": ("scam", "brokerage", "deposit", "111"),
}


@per_version
def opened_index() -> bool:
    """Whether the version has a search index, opened at start-up (``web.db.warm`` makes every per-version
    value before the server takes requests) so that no phone's first search waits for it to open."""
    try:
        prepare(content_dir() / "index", LANGUAGES)
    except SearchUnavailable:
        return False
    return True


@bp.get("/search")
def search():
    """Search results for ``q``, or suggestions when there is nothing to search for."""
    query = clean_query(request.args.get("q"))
    results, unavailable = None, False
    if query:
        try:
            results = run_search(content_dir() / "index", query, g.lang, PAGE_LIMIT)
            g.usage = "search", results
        except SearchUnavailable:
            unavailable = True
    home = url_for("pages.home")
    labels = {kind: str(label) for kind, label in TYPE_LABELS.items()}  # each translated once, not per hit
    hits = [(hit, home + hit.path, labels.get(hit.type, hit.type)) for hit in results.hits] if results else []
    html = render_template(
        "search.html",
        query=query,
        search_query=query,
        results=results,
        hits=hits,
        unavailable=unavailable,
        topics=[(code, label) for code, (label, _hint) in TOPIC_LABELS.items()],
        examples=EXAMPLES[g.lang],
    )
    return html, (503 if unavailable else 200)
