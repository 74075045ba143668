"""``GET /api/v1/health``: is the kiosk up, which content does it serve, and can that content be trusted."""

import datetime as dt

from flask import jsonify

from ..build import freshness
from .api import bp
from .db import NoContent, get_meta

EXTRA = []  # functions (meta) -> dict of extra fields, added by areas (e.g. agency coverage)


@bp.get("/health")
def health():
    """Status and the installed content's version, dates, staleness and sample flag."""
    try:
        meta = get_meta()
    except NoContent:
        response = jsonify(
            status="no_content",
            content_version=None,
            content_issued_on=None,
            content_review_by=None,
            stale=True,
            date_status=freshness.UNKNOWN,
            sample=False,
        )
        response.status_code = 503
        return response
    status = freshness.date_status(meta.get("issued_on"), meta.get("review_by"), dt.date.today())
    body = {
        "status": "ok",
        "content_version": meta["version"],
        "content_issued_on": meta.get("issued_on"),
        "content_review_by": meta.get("review_by"),
        "stale": status != freshness.FRESH,
        "date_status": status,
        "sample": bool(meta.get("sample")),
    }
    for extra in EXTRA:
        body.update(extra(meta))
    return jsonify(body)
