"""Template helpers for reading aloud: the ``lang_of`` filter marks a quoted phrase in the other language."""

from ..text.phrases import language_of
from .pages import bp


@bp.app_template_filter("lang_of")
def lang_of(text) -> str:
    """``{{ title|lang_of }}``: ``vi`` or ``en`` (see :mod:`kiosk.text.phrases`)."""
    return language_of(str(text or ""))
