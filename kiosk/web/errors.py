"""One JSON error shape for the API, HTML error pages for people, and never a traceback.

API errors are ``{"error": {"code", "message", "field"}}`` with a 4xx status, the message in the language
of ``?lang=``. Pages under ``/vi`` and ``/en`` get an HTML page in that language.
"""

from __future__ import annotations

import logging

from flask import jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from ..text.inputs import InputError
from .db import NoContent

log = logging.getLogger("kiosk")

HTTP_CODES = {
    400: ("bad_request", _l("The request could not be understood.")),
    404: ("not_found", _l("There is no such page or item.")),
    405: ("method_not_allowed", _l("This address does not accept that kind of request.")),
    413: ("too_large", _l("What was sent is too large.")),
    429: ("too_many_requests", _l("Too many requests. Please wait a moment.")),
}

BAD_JSON = _l('Send a JSON object, for example {"loan_amount": 100000000}.')

INPUT_MESSAGES = {
    "missing": _l("Please fill in this field."),
    "not_a_number": _l("Please enter a number, for example 25000000."),
    "not_whole": _l("Please enter a whole number."),
    "too_small": _l("This number is too small (at least %(minimum)s)."),
    "too_large": _l("This number is too large (at most %(maximum)s)."),
    "not_allowed": _l("Please choose one of the options."),
    "too_long": _l("This is too long (at most %(maximum)s characters)."),
    "not_a_boolean": _l("Please answer yes or no."),
    "not_text": _l("Please enter text."),
}


class ApiError(Exception):
    """Raise from an API view; becomes the JSON error. ``message`` should already be translated."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(code)
        self.status, self.code, self.message, self.field = status, code, message, field


def input_message(exc: InputError) -> str:
    """The words for an :class:`InputError`, in the current language."""
    template = INPUT_MESSAGES.get(exc.code, INPUT_MESSAGES["not_allowed"])
    params = {k: (f"{v:,}" if isinstance(v, int) else v) for k, v in exc.params.items() if k != "allowed"}
    return str(template) % params if params else str(template)


def error_response(status: int, code: str, message: str, field: str | None = None):
    response = jsonify({"error": {"code": code, "message": str(message), "field": field}})
    response.status_code = status
    return response


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_api_error(exc: ApiError):
    return error_response(exc.status, exc.code, exc.message, exc.field)


def handle_input_error(exc: InputError):
    if _wants_json():
        return error_response(400, "invalid_" + exc.code, input_message(exc), exc.field)
    return render_template("error.html", status=400, message=input_message(exc)), 400


def handle_http(exc: HTTPException):
    status = exc.code or 500
    code, message = HTTP_CODES.get(status, ("error", _l("Something went wrong.")))
    if _wants_json():
        response = error_response(status, code, str(message))
    else:
        response = render_template("error.html", status=status, message=message), status
    if status == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
        response = _with_allow(response, exc.valid_methods)
    return response


def _with_allow(response, methods):
    response = make_response(response)
    response.headers["Allow"] = ", ".join(methods)
    return response


def handle_no_content(_exc: NoContent):
    message = _(
        "No information is installed on this kiosk yet. Ask the person who runs it to install the content."
    )
    if _wants_json():
        return error_response(503, "no_content", message)
    return render_template("error.html", status=503, message=message, no_content=True), 503


def handle_unexpected(exc: Exception):
    """Log the error type and where it happened, never the request's data; answer without a traceback."""
    log.error("unexpected %s at %s %s", type(exc).__name__, request.method, request.url_rule or "?")
    message = _("Something went wrong on the kiosk. Please try again, or go back to the home page.")
    if _wants_json():
        return error_response(500, "internal_error", message)
    try:
        return render_template("error.html", status=500, message=message), 500
    except Exception:
        return "Internal error", 500, {"Content-Type": "text/plain; charset=utf-8"}


def init_app(app) -> None:
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(InputError, handle_input_error)
    app.register_error_handler(NoContent, handle_no_content)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
