"""The web side's view of the agency list: one :class:`AgencyIndex` per installed content version.

Building the index reads every row, so it is made once per content folder and kept on the app (a new
version installed by `kiosk update` gets its own); the pages and the API share it. Also the agency's
JSON shape (DESIGN, "An agency") and its dated history.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from flask import current_app

from ..places.service import find_service
from ..places.services import Service
from ..web.db import get_db, judged_today, per_version
from .kind import from_row
from .model import Agency, AgencyIndex, Coverage, coverage, reading
from .names import key


class _Version(NamedTuple):
    """What the agency side reads from one content version, kept while that version is served."""

    index: AgencyIndex
    history: tuple[dict, ...]  # dated sanctions and pauses, newest first, each with its name ``key``
    day: list  # ``[_Day]``: the API shapes of agencies for the day being served (see ``as_json_many``)


class _Day(NamedTuple):
    """Agencies as the API gives them on one day (a status reading depends on the date)."""

    date: dt.date
    shapes: dict[str, dict]  # by agency id
    texts: dict[str, str]  # the same, written as compact JSON


DOLAB = "dolab"  # the id in content/services.yaml of the office that keeps the list of licensed agencies


def dolab() -> Service | None:
    """The office a worker calls to confirm an agency, as the content gives it (its number is never written
    in a template), or None when the content has dropped it."""
    return find_service(DOLAB)


def current_index() -> AgencyIndex:
    """The index for the content being served (empty when the content has no agency list)."""
    return _cached().index


@per_version
def _cached() -> _Version:
    db = get_db()
    return _Version(_load(db), _history_rows(db), [])


def _load(db: sqlite3.Connection) -> AgencyIndex:
    try:
        agencies = [from_row(r) for r in db.execute("select * from agencies order by rowid")]
        row = db.execute("select coverage from agency_coverage").fetchone()
    except sqlite3.OperationalError:
        return AgencyIndex((), coverage((), None, "", ()))
    data = json.loads(row["coverage"]) if row else {}
    cover = Coverage(
        agencies=data.get("agencies", len(agencies)),
        by_status=data.get("by_status", {}),
        by_confidence=data.get("by_confidence", {}),
        official_total=data.get("official_total"),
        as_of=data.get("as_of", ""),
        sources=tuple(data.get("sources", ())),
    )
    return AgencyIndex(agencies, cover)


def history(agency: Agency) -> list[dict]:
    """Dated sanctions and pauses: those tied to this agency, and those printed under its exact names."""
    keys = {k for k in (key(agency.name), key(agency.short_name)) if k}
    return [
        r
        for r in _cached().history
        if r["agency_id"] == agency.id or (not r["agency_id"] and r["key"] in keys)
    ]


def history_for_name(text: str) -> list[dict]:
    """Dated sanctions printed under exactly this name for a firm that is not in the list."""
    wanted = key(text)
    return [r for r in _cached().history if not r["agency_id"] and wanted and r["key"] == wanted]


def _history_rows(db: sqlite3.Connection) -> tuple[dict, ...]:
    try:
        rows = db.execute("select * from agency_history order by date desc").fetchall()
    except sqlite3.OperationalError:
        return ()
    return tuple(dict(r, source=json.loads(r["source"]), key=key(r["name_as_printed"])) for r in rows)


def as_json(agency: Agency, today: dt.date | None = None) -> dict:
    """An agency as the API gives it; unknown values are null, never invented."""
    return as_json_many((agency,), today)[0]


def as_json_many(agencies: Iterable[Agency], today: dt.date | None = None) -> list[dict]:
    """Agencies as the API gives them, each its caller's own copy.

    Kept per content version and day (a status reading depends on the date; yesterday's are dropped), so a
    list of fifty costs fifty look-ups, not fifty renderings.
    """
    day = _day(today)
    return [dict(_cached_shape(day, agency)) for agency in agencies]


def as_json_texts(agencies: Iterable[Agency], today: dt.date | None = None) -> list[str]:
    """The same shapes, already written as compact JSON and kept the same way: the list endpoint sends up
    to 200 of them, and writing them out afresh was a third of its time."""
    day = _day(today)
    texts = []
    for agency in agencies:
        text = day.texts.get(agency.id)
        if text is None:
            text = day.texts[agency.id] = compact_json(_cached_shape(day, agency))
        texts.append(text)
    return texts


def compact_json(value) -> str:
    """``value`` written as ``jsonify`` writes it."""
    return current_app.json.dumps(value, separators=(",", ":"))


def _day(today: dt.date | None) -> _Day:
    today = today or judged_today()
    kept = _cached().day
    if not kept or kept[0].date != today:
        kept[:] = [_Day(today, {}, {})]
    return kept[0]


def _cached_shape(day: _Day, agency: Agency) -> dict:
    shape = day.shapes.get(agency.id)
    if shape is None:
        shape = day.shapes[agency.id] = _shape(agency, day.date)
    return shape


def _shape(agency: Agency, today: dt.date) -> dict:
    read = reading(agency, today)
    return {
        "id": agency.id,
        "licence_no": agency.licence_no or None,
        "name": agency.name,
        "short_name": agency.short_name or None,
        "name_ascii": agency.name_ascii,
        "province": agency.province or None,
        "province_old": agency.province_old or None,
        "address": agency.address or None,
        "phone": agency.phone or None,
        "status": agency.status,
        "status_since": agency.status_since or None,
        "status_until": agency.status_until or None,
        "status_months": agency.status_months,
        "status_scope": agency.status_scope or None,
        "status_basis": agency.status_basis,
        "status_reading": read.code,
        "confidence": agency.confidence,
        "markets": list(agency.markets),
        "source": list(agency.source),
        "source_date": agency.source_date or None,
        "verified_on": agency.verified_on,
        "evidence": agency.evidence or None,
    }
