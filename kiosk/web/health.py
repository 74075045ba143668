"""``GET /api/v1/health``: is the kiosk up, which content does it serve, and can that content be trusted."""

from flask import jsonify

from ..build import freshness
from ..build.manifest import review_status
from .api import bp
from .db import NoContent, damage, date_reading, get_meta

EXTRA = []  # functions (meta) -> dict of extra fields, added by areas (e.g. agency coverage)


@bp.get("/health")
def health():
    """Status and the installed content's version, dates, staleness and sample flag."""
    try:
        meta = get_meta()
    except NoContent as exc:
        response = jsonify(
            status="damaged" if exc.damaged else "no_content",
            content_version=None,
            content_issued_on=None,
            content_review_by=None,
            stale=True,
            date_status=freshness.UNKNOWN,
            sample=False,
            damaged=exc.damaged,
        )
        response.status_code = 503
        return response
    read = date_reading(meta)
    damaged = damage()
    body = {
        # "degraded": the installed current version is damaged and an earlier good one is served instead
        "status": "degraded" if damaged else "ok",
        "content_version": meta["version"],
        "content_issued_on": meta.get("issued_on"),
        "content_review_by": meta.get("review_by"),
        "stale": read.status != freshness.FRESH,
        "date_status": read.status,
        "sample": bool(meta.get("sample")),
        "content_status": review_status(meta),  # sample, draft (not reviewed by an authority) or final
        # A clock behind the newest signed date seen is wrong (a Pi with no battery clock, offline):
        # freshness is then judged at that date, and whoever reads this is told to set the clock.
        "clock": {
            "today": read.clock.isoformat(),
            "behind": read.clock_behind,
            "at_least": read.floor,
        },
    }
    body["damaged"] = damaged
    for extra in EXTRA:
        body.update(extra(meta))
    return jsonify(body)
