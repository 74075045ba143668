"""`kiosk build`: content/ → validated records → SQLite + Whoosh index in a new version folder → switch.

Used by the CLI and by `kiosk update` (with ``require_newer``); never by the web process.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ..search import index as indexer
from . import freshness, store
from .kind import ContentError, Context
from .registry import KINDS


@dataclass(frozen=True)
class BuildResult:
    version: int
    folder: Path
    seconds: float
    counts: dict


class NotNewerError(Exception):
    """The content's version is not newer than (or, for a plain build, is older than) the installed one."""


def load(root: Path, today: dt.date | None = None, *, trust_dates: bool = False) -> Context:
    """Load and check every kind; the returned context holds the records and every problem found.

    ``trust_dates``: content whose dates a device's clock cannot judge (a signed bundle, the content that
    came with the program): a date after the clock is no problem, since a Pi's clock may be years behind.
    """
    ctx = Context(root=Path(root), today=None if trust_dates else today or freshness.today())
    for kind in KINDS:
        ctx.records[kind.name] = kind.load(ctx)
    return ctx


def validate(root: Path, today: dt.date | None = None, *, trust_dates: bool = False) -> Context:
    """Load the content and raise :class:`ContentError` listing every problem, if there are any."""
    ctx = load(root, today, trust_dates=trust_dates)
    if ctx.problems:
        raise ContentError(ctx.problems)
    return ctx


def build(
    root: Path,
    instance: Path,
    *,
    today: dt.date | None = None,
    require_newer: bool = False,
    trust_dates: bool = False,
) -> BuildResult:
    """Validate ``root`` and install it as the current content of ``instance``.

    :raise ContentError: the content has problems (nothing installed, the old content keeps serving).
    :raise NotNewerError: the version would go backwards (or, with ``require_newer``, not forwards).
    :raise store.StoreError: the instance cannot be written (read-only, disk full); nothing changed and
        nothing half-written is left behind.
    """
    started = time.monotonic()
    ctx = validate(root, today, trust_dates=trust_dates)
    manifest = ctx.records["manifest"]
    version = manifest["version"]
    try:
        with store.locked(instance):
            installed = store.serving_version(instance)
            if installed is not None and (version < installed or (require_newer and version == installed)):
                raise NotNewerError(
                    f"content version {version} is not newer than the installed version {installed}"
                )
            staging = store.staging_dir(instance)
            try:
                counts = write(ctx, staging)
                folder = store.install(instance, staging, version)
            finally:
                shutil.rmtree(staging, ignore_errors=True)  # gone already once installed
    except (OSError, sqlite3.Error) as exc:
        raise store.StoreError(write_failure(instance, f"content version {version}", exc)) from exc
    return BuildResult(version, folder, time.monotonic() - started, counts)


def write_failure(instance: Path, what: str, exc: Exception) -> str:
    """One line for a build that could not be written, naming the likely cause in plain words."""
    number = getattr(exc, "errno", None)
    text = str(exc).lower()
    if number in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or "full" in text:
        why = "the device's storage is full"
    elif number in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        why = f"{instance} cannot be written here (read-only, or owned by another user)"
    else:
        why = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"{what} could not be written: {why}; nothing changed"


def write(ctx: Context, folder: Path) -> dict:
    """Write the database, the index and the exports of every kind into ``folder``; ``build.json`` last."""
    db = sqlite_utils.Database(folder / "content.db")
    counts: dict[str, int] = {}
    documents: list[dict] = []
    for kind in KINDS:
        records = ctx.records[kind.name]
        if kind.write:
            kind.write(db, records)
        if kind.documents:
            documents.extend(kind.documents(records))
        if kind.export:
            kind.export(folder, ctx.records)
        counts[kind.name] = len(records) if hasattr(records, "__len__") else 0
    db.conn.commit()
    db.conn.execute("PRAGMA journal_mode=DELETE")
    db.close()
    counts["search_documents"] = indexer.write_index(
        folder / "index", documents, ctx.records.get("search_words")
    )
    manifest = ctx.records["manifest"]
    info = dict(manifest, built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), counts=counts)
    (folder / store.BUILD_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    return counts
