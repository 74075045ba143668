"""The counts file: its own small SQLite database in the instance (``<instance>/usage/counts.sqlite``),
never in a content version, so a content update or rollback leaves it alone.

One row per day, surface, language, event and detail, with its count. A batch is added in one
transaction (``synchronous=FULL``, rollback journal): a crash or power cut mid-write leaves the file as it
was before the batch, never damaged. Readers (``kiosk report``) open it read-only, so a report run by
another user never creates a file the server cannot write.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from pathlib import Path

UNKNOWN_DAY = "unknown"
SCHEMA = """
create table if not exists counts (
  day text not null,      -- YYYY-MM-DD, or 'unknown' when the clock was behind the content's issue date
  surface text not null,  -- phone, kiosk, counsellor, api
  lang text not null,
  event text not null,    -- view, agency, offer, offer_item, calculator, return_plan, selfcheck, search_empty
  detail text not null,   -- name=value;… codes, '' for none
  n integer not null,
  primary key (day, surface, lang, event, detail)
) without rowid
"""
UPSERT = (
    "insert into counts (day, surface, lang, event, detail, n) values (?, ?, ?, ?, ?, ?) "
    "on conflict (day, surface, lang, event, detail) do update set n = n + excluded.n"
)


def counts_path(instance: Path) -> Path:
    return Path(instance) / "usage" / "counts.sqlite"


def day_label(day: dt.date, not_before: str | None) -> str:
    """The day a count is filed under: the date, or ``unknown`` when the clock said a day before the
    newest signed content's issue date (``not_before``, YYYY-MM-DD), which cannot be true."""
    text = day.isoformat()
    return UNKNOWN_DAY if not_before and text < not_before else text


def write(path: Path, counts: Mapping[tuple, int], not_before: str | None = None) -> None:
    """Add one batch of ``(day, surface, lang, event, detail) -> n`` to the file, in one transaction."""
    rows: dict[tuple, int] = {}
    for (day, surface, lang, event, detail), n in counts.items():
        key = (day_label(day, not_before), surface, lang, event, detail)
        rows[key] = rows.get(key, 0) + n
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("pragma synchronous = full")
        conn.execute("begin immediate")
        conn.execute(SCHEMA)
        conn.executemany(UPSERT, [(*key, n) for key, n in rows.items()])
        conn.execute("commit")
    except BaseException:
        if conn.in_transaction:
            conn.execute("rollback")
        raise
    finally:
        conn.close()


def read(path: Path, start: str | None = None, end: str | None = None) -> list[tuple]:
    """Every row ``(day, surface, lang, event, detail, n)``; dated rows only within ``start``..``end``
    (inclusive, YYYY-MM-DD) when given; rows of unknown date always (the report decides)."""
    if not Path(path).is_file():
        return []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        has = conn.execute("select 1 from sqlite_master where name = 'counts'").fetchone()
        if not has:
            return []
        sql, args = "select day, surface, lang, event, detail, n from counts where day = ?", [UNKNOWN_DAY]
        sql += " or (day != ?" + (" and day >= ?" if start else "") + (" and day <= ?" if end else "") + ")"
        args += [UNKNOWN_DAY] + ([start] if start else []) + ([end] if end else [])
        return conn.execute(sql + " order by day, event, detail", args).fetchall()
    finally:
        conn.close()


def newest_content_date(instance: Path) -> str | None:
    """The newest signed issue date this kiosk knows: its content's, or any bundle's or feed index's it
    verified (:func:`..build.freshness.seen_issued_on`). No true date is earlier, so a clock showing an
    earlier day is wrong."""
    from ..build import freshness
    from ..build import store as content_store

    dates = [freshness.seen_issued_on(Path(instance))]
    folder = content_store.current_dir(Path(instance))
    if folder is not None:
        try:
            dates.append(content_store.read_info(folder).get("issued_on"))
        except (OSError, ValueError):
            pass
    return max((d for d in dates if isinstance(d, str) and d), default=None)
