"""``GET /api/v1/sources/<id>``: one bibliography entry in full. A worker's page shows a source's short
label; where the text was read (an address, or a copy in a code repository) and the editors' note are for
counsellors and tools, folded on a page and whole here."""

from flask import jsonify
from flask_babel import gettext as _

from .api import bp
from .errors import ApiError
from .layout import cite

FIELDS = ("id", "label", "title", "publisher", "url", "published_on", "verified_on", "kind", "note")


@bp.get("/sources/<path:ident>")
def source(ident: str):
    """One source by id, as content gives it.

    :raise ApiError 404: no such source.
    """
    found = cite([ident])
    if not found:
        raise ApiError(404, "not_found", _("There is no source with that id."), None)
    return jsonify({k: found[0].get(k) for k in FIELDS})
