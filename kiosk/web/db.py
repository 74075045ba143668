"""Read-only access to the installed content: one SQLite connection per request, to whatever version
``current`` points at when the request starts, so a newly installed version is served without a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import current_app, g

from ..build import store


class NoContent(Exception):
    """No complete content version is installed."""


def content_dir() -> Path:
    """The current content folder, resolved once per request (two system calls). Its files may be opened
    any time later in the request: the store keeps a folder for :data:`store.GRACE` after ``current``
    leaves it (see :func:`store.prune`), so nothing here pins it.

    :raise NoContent: nothing is installed.
    """
    if "content_dir" not in g:
        folder = store.current_dir(Path(current_app.config["INSTANCE"]))
        if folder is None:
            raise NoContent()
        g.content_dir = folder
    return g.content_dir


def get_db() -> sqlite3.Connection:
    """The request's read-only connection (``immutable``: a published version folder never changes)."""
    if "db" not in g:
        path = content_dir() / "content.db"
        g.db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        g.db.row_factory = sqlite3.Row
    return g.db


def get_meta() -> dict:
    """The installed version's ``build.json`` (version, dates, publisher, sample, counts), cached per folder."""
    folder = content_dir()
    cache = current_app.extensions.setdefault("kiosk_meta", {})
    key = str(folder)
    info = cache.get(key)
    if info is None:
        info = store.read_info(folder)
        cache.clear()
        cache[key] = info
    return info


def close_db(_exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
