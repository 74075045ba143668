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
import os
import re
import shutil
import signal
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


def versions(instance: Path) -> list[Path]:
    """The kept versions, oldest first: the current one and the :data:`KEEP` - 1 newest others. Older
    complete folders still on disk are only waiting out :data:`GRACE` (see :func:`prune`), so neither a
    listing nor a rollback ever counts them."""
    return _sorted(instance)[0]


def _sorted(instance: Path) -> tuple[list[Path], list[Path]]:
    """Complete version folders, oldest first, split into (kept, beyond what is kept)."""
    root = content_root(instance)
    found = []
    for entry in root.iterdir() if root.is_dir() else []:
        m = _VERSION_DIR.match(entry.name)
        if m and entry.is_dir() and not entry.is_symlink() and (entry / BUILD_INFO).is_file():
            found.append(((int(m.group(1)), int(m.group(2) or 0)), entry))
    folders = [p for _, p in sorted(found)]
    current = current_dir(instance)
    others = [p for p in folders if p != current]
    beyond = others[: max(0, len(others) - (KEEP - 1))]
    return [p for p in folders if p not in beyond], beyond


@contextlib.contextmanager
def locked(instance: Path):
    """Serialise builds and updates on one instance; clean what an interrupted one left behind."""
    root = content_root(instance)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        for entry in root.iterdir():
            if entry.name.startswith((".staging-", ".current-")):
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
    for old in _sorted(instance)[1]:
        try:
            left = old.stat().st_mtime
        except FileNotFoundError:
            continue
        if not 0 <= now - left < GRACE:
            shutil.rmtree(old, ignore_errors=True)


def rollback(instance: Path) -> Path:
    """Switch back to the newest complete version older than the current one (never forwards, so a
    second rollback after the first finds nothing rather than undoing it).

    :raise StoreError: no older version is kept.
    """
    with locked(instance):
        current = current_dir(instance)
        folders = versions(instance)
        older = folders[: folders.index(current)] if current in folders else []
        if not older:
            raise StoreError("no earlier content version is kept on this device")
        switch(instance, older[-1])
        return older[-1]
