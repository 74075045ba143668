"""Read-only access to the installed content: one SQLite connection per request, to whatever version
``current`` points at when the request starts, so a newly installed version is served without a restart;
and what the web side makes from a version once and keeps while that version is served.

A content version never changes once installed, so anything made from it (the agency index, the fee caps,
the province directory, the OpenAPI description, ``build.json``) is made on first use and kept on the app,
keyed by the version's folder; when ``kiosk update`` switches versions the next request makes the new one.
Every capability's service uses :func:`per_version` instead of its own cache.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g

from ..build import freshness, store

T = TypeVar("T")
log = logging.getLogger(__name__)
_LOADERS: list[Callable[[], object]] = []
_KEY = "kiosk_per_version"


class NoContent(Exception):
    """No complete content version is installed (``damaged``: what is installed cannot be read)."""

    def __init__(self, damaged: dict | None = None):
        super().__init__()
        self.damaged = damaged


def content_dir() -> Path:
    """The content folder to serve, resolved once per request (three system calls). Its files may be opened
    any time later in the request: the store keeps a folder for :data:`store.GRACE` after ``current``
    leaves it (see :func:`store.prune`), so nothing here pins it.

    A current version whose files are damaged (an empty or corrupt ``content.db``, a lost ``build.json``: a
    worn SD card, a power cut) is not served: the last good version kept before it is,
    and :func:`damage` says so (health reports it).

    :raise NoContent: nothing usable is installed.
    """
    if "content_dir" not in g:
        instance = Path(current_app.config["INSTANCE"])
        folder = store.current_dir(instance)
        if folder is None:
            raise NoContent()
        problem = store.problem_of(folder)
        if problem is not None:
            damaged = {"version": _version_of(folder), "problem": problem}
            g.content_damage = damaged
            folder = store.last_good(instance)
            if folder is None:
                raise NoContent(damaged)
        g.content_dir = folder
    return g.content_dir


def damage() -> dict | None:
    """What is wrong with the installed current version, when the request is served from an earlier one
    (``{"version", "problem"}``), else None."""
    return g.get("content_damage")


def _version_of(folder: Path) -> int | None:
    try:
        return int(folder.name.split(".")[0])
    except ValueError:
        return None


def get_db() -> sqlite3.Connection:
    """The request's read-only connection (``immutable``: a published version folder never changes)."""
    if "db" not in g:
        path = content_dir() / "content.db"
        g.db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        g.db.row_factory = sqlite3.Row
    return g.db


def per_version(load: Callable[[], T]) -> Callable[[], T]:
    """``load()`` (which reads the request's content through ``get_db``) made once per content version."""
    name = f"{load.__module__}.{load.__qualname__}"

    @functools.wraps(load)
    def cached() -> T:
        folder = content_dir()
        kept = current_app.extensions.setdefault(_KEY, {}).get(name)
        if kept is not None and kept[0] == folder:
            return kept[1]
        value = load()
        current_app.extensions[_KEY][name] = (folder, value)  # replaces the old version's, freeing it
        return value

    _LOADERS.append(cached)
    return cached


def warm(app: Flask) -> int:
    """Make every per-version value for the installed version now, before the server takes requests (and
    before start-up objects are frozen out of garbage collection), so no phone waits for the first load.
    Returns how many were made; with no content installed, none."""
    made = 0
    with app.test_request_context():
        try:
            content_dir()
        except NoContent:
            return 0
        for loader in _LOADERS:
            try:
                loader()
            except Exception:
                # The first request that needs it meets the same fault and answers it as it always does
                # (a page or JSON error); start-up must not fail for it.
                log.warning("could not make %s at start-up", loader.__name__, exc_info=True)
                continue
            made += 1
    return made


@per_version
def get_meta() -> dict:
    """The installed version's ``build.json`` (version, dates, publisher, sample, counts)."""
    return store.read_info(content_dir())


def date_reading(meta: dict) -> freshness.Reading:
    """How fresh the served content (``meta``, the request's :func:`get_meta`) is, judged at the later of the
    device's clock and the newest signed issue date this kiosk has seen (its content's, and any bundle's or
    feed index's it verified). Read once a request: the page cache, the banners and the status readings
    all ask."""
    if "date_reading" not in g:
        seen = freshness.seen_issued_on(current_app.config["INSTANCE"])
        clock = freshness.today()
        g.date_reading = freshness.assess(meta.get("issued_on"), meta.get("review_by"), clock, seen)
    return g.date_reading


def judged_today() -> dt.date:
    """The day statuses and review dates are read at: the later of the device's clock and the newest signed
    date seen (see :func:`date_reading`). A Pi that booted in 1970 must not show a suspension that ended
    in 2025 as current, nor an article past its review date as checked."""
    return date_reading(get_meta()).day


def close_db(_exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
