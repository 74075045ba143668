"""Whether the installed content can be trusted to be current, given the device's clock.

A Pi has no battery clock: offline it boots at the time it last saved, or in 1970. So the clock alone is
never a reason to refuse or distrust signed content. Every signed issue date the kiosk has seen (a
bundle's, a feed index's, the installed content's) is a lower bound for "now": the freshness of the
content is judged at the later of the clock and that bound, and a clock behind it is reported as wrong.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

FRESH, STALE, UNKNOWN = "fresh", "stale", "unknown"
SEEN_FILE = "seen.json"  # in the instance: {"issued_on": the newest signed issue date seen}
_seen_cache: dict[str, tuple[tuple[int, int], str | None]] = {}


def today() -> dt.date:
    """The device's clock. Tests replace this function to move the clock (no libfaketime needed)."""
    return dt.date.today()


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


@dataclass(frozen=True)
class Reading:
    """How fresh the content is (``status``), the date that was judged by (``day``: the later of the clock
    and the bound), what the clock says, and whether it is behind the newest signed date seen."""

    status: str
    day: dt.date
    clock: dt.date
    clock_behind: bool
    floor: str | None


def assess(issued_on: str | None, review_by: str | None, clock: dt.date, *floors: str | None) -> Reading:
    """Judge the content at the later of ``clock`` and the newest of ``floors`` and ``issued_on``."""
    bound = max((f for f in (issued_on, *floors) if f and _is_date(f)), default=None)
    behind = bound is not None and clock.isoformat() < bound
    day = dt.date.fromisoformat(bound) if behind else clock
    return Reading(date_status(issued_on, review_by, day), day, clock, behind, bound)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def seen_issued_on(instance: Path) -> str | None:
    """The newest signed issue date recorded in ``<instance>/seen.json``, or None. Asked on every page, so
    the file is read again only when it changes (one ``stat``)."""
    path = os.path.join(instance, SEEN_FILE)
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = (st.st_mtime_ns, st.st_size)
    kept = _seen_cache.get(path)
    if kept is not None and kept[0] == key:
        return kept[1]
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8")).get("issued_on")
    except (OSError, ValueError, AttributeError):
        value = None
    value = value if isinstance(value, str) and _is_date(value) else None
    _seen_cache[path] = (key, value)
    return value


def note_issued_on(instance: Path, issued_on: str) -> None:
    """Record a signed issue date just verified, if it is newer than any seen (the record only grows).
    Called by the update side, which may write the instance; a failure to write changes nothing else."""
    if not _is_date(issued_on):
        return
    known = seen_issued_on(instance)
    if known is not None and known >= issued_on:
        return
    path = Path(instance) / SEEN_FILE
    tmp = path.with_name(f".{SEEN_FILE}.{os.getpid()}")
    with contextlib.suppress(OSError):
        tmp.write_text(json.dumps({"issued_on": issued_on}) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    with contextlib.suppress(OSError):
        tmp.unlink()
