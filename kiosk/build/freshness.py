"""Whether the installed content can be trusted to be current, given the device's clock."""

from __future__ import annotations

import datetime as dt

FRESH, STALE, UNKNOWN = "fresh", "stale", "unknown"


def date_status(issued_on: str | None, review_by: str | None, today: dt.date) -> str:
    """``stale`` past ``review_by``; ``unknown`` when the clock is before ``issued_on`` (a Pi with no
    network time often boots in 1970 or at its last shutdown), which must never read as fresh."""
    if issued_on and today.isoformat() < issued_on:
        return UNKNOWN
    if review_by and today.isoformat() > review_by:
        return STALE
    if not issued_on or not review_by:
        return UNKNOWN
    return FRESH
