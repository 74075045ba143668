"""Canary: what a worker types is kept nowhere. Every form and every API body is sent unique values
(tests/canary.py), then the instance folder, everything the app logged or printed, and temporary files written meanwhile are
searched for them: zero hits."""

from __future__ import annotations

import logging
import os
import stat as stat_module
import tempfile
import time
from pathlib import Path

from canary import drive_everything, typed

from kiosk import create_app


def needles() -> list[bytes]:
    return [s.encode() for s in typed()]


def files_under(folder: Path, since: float):
    """Regular files on the folder's own file system: a FIFO another test left in /tmp, or a /proc mounted in
    a scratch root there (its kmsg), would make a read wait for ever."""
    device = folder.stat().st_dev
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if _same_device(Path(root) / d, device)]
        for name in files:
            path = Path(root) / name
            try:
                stat = path.lstat()
            except OSError:
                continue
            if stat_module.S_ISREG(stat.st_mode) and stat.st_dev == device and stat.st_mtime >= since:
                if stat.st_size < 20_000_000:
                    yield path


def _same_device(path: Path, device: int) -> bool:
    try:
        return path.lstat().st_dev == device
    except OSError:
        return False


def test_nothing_a_worker_types_is_kept_anywhere(own_instance, caplog, capfd):
    started = time.time() - 1
    app = create_app({"TESTING": False, "INSTANCE": str(own_instance)})
    caplog.set_level(logging.DEBUG)
    sent = drive_everything(app.test_client())
    assert sent >= 60
    assert app.extensions["kiosk_usage"].flush() > 0  # counting is on: its file is searched too
    assert (own_instance / "usage" / "counts.sqlite").is_file()
    printed = capfd.readouterr()
    said = (caplog.text + printed.out + printed.err).encode()
    hits = [n for n in needles() if n in said]
    for path in [*files_under(own_instance, 0), *files_under(Path(tempfile.gettempdir()), started)]:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        hits += [f"{path}: {n!r}" for n in needles() if n in data]
    assert hits == []
