"""Installed content versions under ``<instance>/content/`` and the atomic switch of ``current``.

Layout: one folder per build (``<version>`` or ``<version>.<n>`` for a rebuild of the same version), each
holding ``content.db``, ``index/`` and ``build.json`` (written last, so a folder without it is incomplete);
``current`` is a symlink to one of them. A build is written into a ``.staging-*`` folder, fsynced, renamed
into place, and only then is ``current`` switched with a temporary symlink and ``os.replace`` (atomic on
POSIX), after which the folder is fsynced again. A power cut at any moment leaves ``current`` pointing at
a complete version. Staging leftovers of an interrupted build are removed by the next one, under a lock.
A version left behind is deleted only once no request can still be reading it (see :func:`prune`).

The crash tests stop a process at a named step with ``KIOSK_PAUSE_AT=<step>`` (see :func:`checkpoint`)
and kill it there with SIGKILL.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import shutil
import signal
import sqlite3
import sys
import time
from pathlib import Path

CONTENT = "content"  # the folder in the instance that holds the versions and ``current``
CURRENT = "current"
BUILD_INFO = "build.json"
_VERSION_DIR = re.compile(r"^(\d+)(?:\.(\d+))?$")
KEEP = 2  # the current version and the last good one before it (for `kiosk rollback`)
GRACE = 600.0  # seconds a version stays on disk after `current` leaves it: far beyond any request
PAUSE_ENV = "KIOSK_PAUSE_AT"


class StoreError(Exception):
    """The instance folder cannot be used (e.g. nothing installed to roll back to)."""


def checkpoint(step: str) -> None:
    """Stop this process (SIGSTOP) at ``step`` when ``KIOSK_PAUSE_AT`` names it, so a test can kill -9 it
    exactly there; otherwise do nothing. Steps: ``extracted`` (update), ``staged``,
    ``renamed``, ``switched``, ``pruned`` (install)."""
    if os.environ.get(PAUSE_ENV) == step:
        print(f"paused at {step}", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGSTOP)


def content_root(instance: Path) -> Path:
    return Path(instance) / CONTENT


def current_dir(instance: Path) -> Path | None:
    """The folder ``current`` points at, or None when nothing complete is installed."""
    # Asked on every request, so in plain strings: a new version must be seen at once, and building paths
    # piece by piece took longer than the two system calls.
    root = os.path.join(instance, CONTENT)
    try:
        target = os.path.join(root, os.readlink(os.path.join(root, CURRENT)))
    except OSError:
        return None
    return Path(target) if os.path.isfile(os.path.join(target, BUILD_INFO)) else None


def read_info(folder: Path) -> dict:
    return json.loads((folder / BUILD_INFO).read_text(encoding="utf-8"))


def installed_version(instance: Path) -> int | None:
    folder = current_dir(instance)
    return int(read_info(folder)["version"]) if folder else None


log = logging.getLogger(__name__)
_checked: dict[str, tuple[tuple[int, int, int], str | None]] = {}


def problem_of(folder: Path) -> str | None:
    """Why a version folder cannot be served (an empty or corrupt ``content.db``, a damaged
    ``build.json``: a worn SD card, a power cut), or None. Checked once per folder and state of its
    database (``PRAGMA quick_check``: a few milliseconds), and again only when that file changes. A lost
    search index is not counted: search says it is unavailable and every other page serves."""
    try:
        st = os.stat(folder / "content.db")
    except OSError:
        return "content.db is missing"
    key = (st.st_ino, st.st_size, st.st_mtime_ns)
    kept = _checked.get(str(folder))
    if kept is not None and kept[0] == key:
        return kept[1]
    problem = _check(folder, st.st_size)
    if problem is not None:
        log.error("content version in %s is damaged (%s); serving the last good version", folder, problem)
    _checked[str(folder)] = (key, problem)
    return problem


def _check(folder: Path, size: int) -> str | None:
    if size == 0:
        return "content.db is empty"
    try:
        conn = sqlite3.connect(f"file:{folder / 'content.db'}?mode=ro&immutable=1", uri=True)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
            conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"content.db is damaged ({exc})"
    if verdict != "ok":
        return f"content.db is damaged ({verdict})"
    try:
        if not isinstance(read_info(folder).get("version"), int):
            return "build.json is damaged"
    except (OSError, ValueError, AttributeError):
        return "build.json is damaged"
    return None


def last_good(instance: Path) -> Path | None:
    """The folder to serve: ``current`` when it is sound, else the newest sound version kept before it."""
    return next((f for f in reversed(versions(instance)) if problem_of(f) is None), None)


def serving_version(instance: Path) -> int | None:
    """The version actually served (:func:`last_good`'s). An update is compared with this one, so a damaged
    current version can be repaired by installing the same version again (from the stick or the feed)."""
    folder = last_good(instance)
    return int(read_info(folder)["version"]) if folder else None


def versions(instance: Path) -> list[Path]:
    """The kept versions, in install order: the :data:`KEEP` - 1 installed before the current one (never
    one that was rolled back) and the current one. Kept by install history, not by version number: after
    bad v2 → rollback → v3, the version before v3 is v1, never v2. Other complete folders still on disk are
    only waiting out :data:`GRACE` (see :func:`prune`), so neither a listing nor a rollback counts them."""
    return _kept(instance)[0]


def rolled_back(instance: Path) -> set[int]:
    """The versions rolled back on this kiosk: an update does not install them (or anything older) again,
    so a rollback holds until a newer version is published."""
    return set(_read_history(instance).get("rolled_back", []))


HISTORY = "history.json"  # in the content folder: {"installed": [folder names], "rolled_back": [versions]}
_MAX_ROLLED_BACK = 20


def _complete(instance: Path) -> dict[str, Path]:
    root = content_root(instance)
    found = {}
    for entry in root.iterdir() if root.is_dir() else []:
        if _VERSION_DIR.match(entry.name) and entry.is_dir() and not entry.is_symlink():
            if (entry / BUILD_INFO).is_file():
                found[entry.name] = entry
    return found


def _number(folder: Path) -> tuple[int, int]:
    m = _VERSION_DIR.match(folder.name)
    return int(m.group(1)), int(m.group(2) or 0)


def _read_history(instance: Path) -> dict:
    try:
        data = json.loads((content_root(instance) / HISTORY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    installed = [n for n in data.get("installed", []) if isinstance(n, str) and _VERSION_DIR.match(n)]
    rolled = [v for v in data.get("rolled_back", []) if isinstance(v, int) and not isinstance(v, bool)]
    return {"installed": installed, "rolled_back": rolled} if "installed" in data else {"rolled_back": rolled}


def _write_history(instance: Path, installed: list[Path], rolled: set[int]) -> None:
    root = content_root(instance)
    data = {"installed": [p.name for p in installed], "rolled_back": sorted(rolled)[-_MAX_ROLLED_BACK:]}
    tmp = root / f".history-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(data) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / HISTORY)


def _kept(instance: Path) -> tuple[list[Path], list[Path], set[int]]:
    """(kept in install order, complete folders beyond them, rolled-back versions).

    The history file lists the kept folders as the last install or rollback left them; whatever a crash
    left out is put right here: ``current`` is always the last kept (it is what serves), and without a
    history (an instance from before it) the folders go by version number.
    """
    history = _read_history(instance)
    rolled = set(history.get("rolled_back", []))
    complete = _complete(instance)
    if "installed" in history:
        order = [complete[n] for n in dict.fromkeys(history["installed"]) if n in complete]
    else:
        order = sorted(complete.values(), key=_number)
    current = current_dir(instance)
    earlier = [p for p in order if p != current and _number(p)[0] not in rolled and problem_of(p) is None]
    kept = earlier[len(earlier) - (KEEP - 1) :] if KEEP > 1 else []
    if current is not None:
        kept.append(current)
    return kept, [p for p in complete.values() if p not in kept], rolled


@contextlib.contextmanager
def locked(instance: Path):
    """Serialise builds and updates on one instance; clean what an interrupted one left behind."""
    root = content_root(instance)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        for entry in root.iterdir():
            if entry.name.startswith((".staging-", ".current-", ".history-")):
                if entry.is_symlink() or entry.is_file():
                    entry.unlink()
                else:
                    shutil.rmtree(entry, ignore_errors=True)
        yield root


def staging_dir(instance: Path) -> Path:
    path = content_root(instance) / f".staging-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def fsync_tree(folder: Path) -> None:
    """fsync every file, then every folder bottom-up, so a rename after this publishes whole files."""
    for dirpath, _dirs, files in os.walk(folder, topdown=False):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(dirpath))


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def install(instance: Path, staging: Path, version: int) -> Path:
    """Publish a complete staging folder as a version and switch ``current`` to it."""
    root = content_root(instance)
    checkpoint("staged")
    fsync_tree(staging)
    name, n = str(version), 0
    while (root / name).exists():
        n += 1
        name = f"{version}.{n}"
    final = root / name
    os.rename(staging, final)
    fsync_dir(root)
    checkpoint("renamed")
    switch(instance, final)
    checkpoint("switched")
    kept, _beyond, rolled = _kept(instance)
    _write_history(instance, kept, rolled)
    prune(instance)
    checkpoint("pruned")
    return final


def switch(instance: Path, target: Path) -> None:
    """Point ``current`` at ``target`` atomically: a temporary symlink renamed over the old one.

    The folder being left is stamped (its mtime) first, so :func:`prune` can tell how long ago requests
    could last have resolved it; stamping before the switch means a crash can only lengthen that wait.
    """
    root = content_root(instance)
    leaving = current_dir(instance)
    if leaving is not None and leaving != target:
        with contextlib.suppress(OSError):  # not ours to stamp: then not ours to delete either
            os.utime(leaving)
    tmp = root / f".current-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target.name, tmp)
    os.replace(tmp, root / CURRENT)
    fsync_dir(root)


def prune(instance: Path) -> None:
    """Remove the folders beyond those kept (:func:`versions`) that ``current`` left over :data:`GRACE` ago.

    A request resolves ``current`` once (:func:`current_dir`) and opens files in that folder later: its
    database, ``build.json``, the search index. Removing every folder beyond the kept two at once let two
    installs in quick succession delete a folder a request had resolved but not yet opened ("Index 'MAIN'
    does not exist"). A request can only have resolved a folder while it was current, so one that
    ``current`` left (stamped by :func:`switch`) more than ``GRACE`` ago is held by no request (none lasts
    that long), and the request path pays nothing for this. A folder waiting out its grace is removed by a
    later install; a stamp in the future (the clock set back) counts as expired, so such a folder is never
    kept for good.
    """
    now = time.time()
    for old in _kept(instance)[1]:
        try:
            left = old.stat().st_mtime
        except FileNotFoundError:
            continue
        if not 0 <= now - left < GRACE:
            shutil.rmtree(old, ignore_errors=True)


def rollback(instance: Path) -> Path:
    """Switch back to the version installed before the current one, and remember the current one as rolled
    back: it is no rollback target again, and no update installs it (or an older one) again, so a feed
    does not undo the rollback; a newer version does. A second rollback goes further back only if an
    earlier version is still kept (it never goes forwards).

    :raise StoreError: no earlier version is kept.
    """
    with locked(instance):
        kept, _beyond, rolled = _kept(instance)
        current = current_dir(instance)
        if current is None or len(kept) < 2:
            raise StoreError("no earlier content version is kept on this device")
        target = kept[-2]
        # Remembered before the switch: a crash in between leaves the rollback to be done again, never a
        # rolled-back version that an update would bring back.
        _write_history(instance, kept[:-1], rolled | {_number(current)[0]})
        switch(instance, target)
        return target
