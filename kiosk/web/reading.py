"""Reading aloud in the right voice: the ``lang_of`` filter marks a quoted phrase in the other language, and
every English page leaves with its Vietnamese names and words marked ``lang="vi"`` (:mod:`kiosk.text.langmark`).
"""

from flask import g

from ..text.langmark import as_vietnamese, mark_html
from ..text.phrases import language_of
from .pages import bp


@bp.app_template_filter("lang_of")
def lang_of(text) -> str:
    """``{{ title|lang_of }}``: ``vi`` or ``en`` (see :mod:`kiosk.text.phrases`)."""
    return language_of(str(text or ""))


@bp.app_template_filter("vi")
def vietnamese(text):
    """``{{ agency.name|vi }}``: a field known to be Vietnamese, marked as a whole on an English page."""
    return as_vietnamese(text, g.get("lang") or "vi")


@bp.after_request
def mark_vietnamese(response):
    """``after_request`` (before the page cache keeps the page, so a kept page is marked once): an English
    page's Vietnamese runs get ``lang="vi"``, whatever template, content file or database row they came from."""
    if (
        g.get("lang") != "en"
        or g.get("served_from_cache")
        or response.mimetype != "text/html"
        or response.is_streamed
        or response.direct_passthrough
    ):
        return response
    response.set_data(mark_html(response.get_data(as_text=True)))
    return response
