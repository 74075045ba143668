"""JSON API v1 under ``/api/v1`` (DESIGN's table). Each area's routes live in their own module."""

from flask import Blueprint, request
from werkzeug.exceptions import RequestEntityTooLarge

from .errors import BAD_JSON, ApiError

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def json_body() -> dict:
    """The request's JSON object.

    :raise ApiError 400: the body is not a JSON object (malformed, too deep, a list, empty).
    """
    try:
        data = request.get_json(force=True, silent=False)
    except RequestEntityTooLarge:
        raise  # a 413, not a malformed body
    except Exception:
        data = None
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", str(BAD_JSON), None)
    return data


from . import health  # noqa: E402, F401, I001
from ..search import api as search  # noqa: E402, F401, I001
from ..agencies import api as agencies  # noqa: E402, F401, I001
from ..returnplan import api as returnplan  # noqa: E402, F401, I001
from ..money import api as money  # noqa: E402, F401, I001
from . import sources_api  # noqa: E402, F401, I001
from . import openapi  # noqa: E402, F401, I001
from ..updates import api as updates  # noqa: E402, F401, I001
