"""The counts of a real `kiosk serve`: written in batches, the last one at a normal stop; kill -9 loses at
most the batch in memory and never damages the file, not even when it lands in the middle of a write."""

from __future__ import annotations

import random
import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

from support import launch

from kiosk.config import ROOT
from kiosk.usage import store

MEMORY = 1_500_000_000


def _capped():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def start(instance: Path, batch_seconds: float) -> tuple[subprocess.Popen, str]:
    proc, server = launch(instance, preexec_fn=_capped, USAGE_BATCH_SECONDS=str(batch_seconds))
    return proc, server.base


def get(base: str, path: str, times: int) -> None:
    for _ in range(times):
        with urllib.request.urlopen(base + path, timeout=10) as response:
            assert response.status == 200


def views(instance: Path) -> dict[str, int]:
    path = store.counts_path(instance)
    with sqlite3.connect(path) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    out: dict[str, int] = {}
    for _day, _surface, _lang, event, detail, n in store.read(path):
        if event == "view":
            out[detail] = out.get(detail, 0) + n
    return out


def wait_for(instance: Path, want: dict[str, int], seconds: float = 20) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if store.counts_path(instance).exists() and views(instance) == want:
            return want
        time.sleep(0.1)
    return views(instance) if store.counts_path(instance).exists() else {}


def test_batches_a_kill_9_loses_at_most_the_batch_in_memory_and_a_stop_writes_the_last(own_instance):
    proc, base = start(own_instance, batch_seconds=1)
    try:
        get(base, "/vi/", 3)
        assert wait_for(own_instance, {"kind=home": 3}) == {"kind=home": 3}
        get(base, "/vi/services", 2)
        want = {"kind=home": 3, "kind=services": 2}
        assert wait_for(own_instance, want) == want
        get(base, "/en/privacy", 4)
        proc.kill()  # SIGKILL: no exit handler runs
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    after = views(own_instance)
    assert after in (want, {**want, "kind=privacy": 4})  # the two written batches, whole; the third or not

    proc, base = start(own_instance, batch_seconds=600)  # no batch would come for ten minutes
    try:
        get(base, "/vi/", 5)
        assert views(own_instance) == after
        proc.send_signal(signal.SIGTERM)  # systemd's stop
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert views(own_instance) == {**after, "kind=home": 8}


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from kiosk.usage import store
    day = dt.date(2026, 11, 30)
    batch = {(day, "phone", "vi", "view", f"kind=k{i}"): 1 for i in range(200)}
    print("ready", flush=True)
    while True:
        store.write(Path(sys.argv[1]), batch)
    """
)


def test_a_kill_9_in_the_middle_of_writes_never_damages_the_file_or_splits_a_batch(tmp_path):
    path = tmp_path / "counts.sqlite"
    rng = random.Random(19)
    for _round in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)],
            stdout=subprocess.PIPE,
            cwd=ROOT,
            preexec_fn=_capped,
        )
        try:
            assert proc.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0.05, 0.4))
        finally:
            proc.kill()
            proc.wait(timeout=10)
            proc.stdout.close()
        with sqlite3.connect(path) as conn:
            assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
            counts = {n for (n,) in conn.execute("select n from counts")}
            keys = conn.execute("select count(*) from counts").fetchone()[0]
        assert keys in (0, 200) and len(counts) <= 1  # every key has had every batch, or none
    assert counts and counts.pop() > 6


def test_sigusr1_writes_the_counts_held_in_memory_and_the_server_keeps_serving(own_instance):
    """What the USB stick's report asks first (`systemctl kill -s USR1 kiosk.service`)."""
    proc, base = start(own_instance, batch_seconds=600)
    try:
        get(base, "/vi/services", 2)
        assert not store.counts_path(own_instance).exists()
        proc.send_signal(signal.SIGUSR1)
        assert wait_for(own_instance, {"kind=services": 2}) == {"kind=services": 2}
        get(base, "/vi/", 1)
        assert proc.poll() is None
    finally:
        proc.kill()
        proc.wait(timeout=10)
