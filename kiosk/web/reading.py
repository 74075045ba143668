"""Reading aloud in the right voice: the ``lang_of`` filter marks a quoted phrase in the other language, and
every page leaves with the other language's names and words marked (:mod:`kiosk.text.langmark`).
"""

from flask import g
from markupsafe import Markup

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


@bp.app_template_filter("typed")
def typed(text, lang: str):
    """``{{ "nhan luc jh"|typed("vi") }}``: an example of what a worker types, as typed (no accents, perhaps),
    in ``<kbd>`` with its language: read in the right voice, and no spelling mistake on the page."""
    return Markup('<kbd lang="{}">{}</kbd>').format(lang, text)


@bp.after_request
def mark_languages(response):
    """``after_request`` (before the page cache keeps the page, so a kept page is marked once): the runs of
    the other language on a page get their ``lang``, whatever template, content file or row they came from."""
    lang = g.get("lang")
    if (
        lang not in ("vi", "en")
        or g.get("served_from_cache")
        or response.mimetype != "text/html"
        or response.is_streamed
        or response.direct_passthrough
    ):
        return response
    response.set_data(mark_html(response.get_data(as_text=True), lang))
    return response
