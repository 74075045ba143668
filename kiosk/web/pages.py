"""HTML pages under ``/<lang>/``. The language is taken off the URL into ``g.lang`` and put back by
``url_for`` automatically (Flask's internationalised-blueprint pattern), so no view passes it by hand.
Each area's views live in their own module, imported at the end."""

from flask import Blueprint, abort, g

from . import pagecache
from .db import content_dir
from .i18n import LANGUAGES, current

bp = Blueprint("pages", __name__, url_prefix="/<lang>")


@bp.url_defaults
def add_language(endpoint, values):
    values.setdefault("lang", g.get("lang") or current())


@bp.url_value_preprocessor
def take_language(endpoint, values):
    lang = (values or {}).pop("lang", None)
    if lang not in LANGUAGES:
        g.lang = "vi"
        abort(404)
    g.lang = lang


@bp.before_request
def require_content():
    """Every page needs installed content; without it the visitor gets a clear 503 page, not a 500."""
    content_dir()


pagecache.init_blueprint(bp)

from ..articles import views as articles  # noqa: E402, F401, I001
from . import home  # noqa: E402, F401, I001
from ..search import views as search  # noqa: E402, F401, I001
from ..selfcheck import views as selfcheck  # noqa: E402, F401, I001
from ..agencies import views as agencies  # noqa: E402, F401, I001
from ..returnplan import views as returnplan  # noqa: E402, F401, I001
from . import takeaway  # noqa: E402, F401, I001
from . import kiosk_mode  # noqa: E402, F401, I001
from ..money import views as money  # noqa: E402, F401, I001
from ..counsellor import views as counsellor  # noqa: E402, F401, I001
from . import reading  # noqa: E402, F401, I001
