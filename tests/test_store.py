"""Installed versions and the switch of `current`: durable order, rollback, leftovers, and readers that
never see an error or a mix of two versions while versions change under them."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from kiosk import create_app
from kiosk.build import store
from kiosk.search import query as search
from kiosk.web import db


def fake_version(instance: Path, version: int, template: Path | None = None) -> Path:
    """Install a version folder: a copy of a real build (``template``) relabelled, or a minimal one."""
    with store.locked(instance):
        staging = store.staging_dir(instance)
        if template:
            shutil.copytree(template, staging, dirs_exist_ok=True)
            info = store.read_info(staging)
        else:
            (staging / "index").mkdir()
            (staging / "index" / "seg").write_text("x")
            info = {}
        with sqlite3.connect(staging / "content.db") as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(version),))
        conn.close()
        (staging / store.BUILD_INFO).write_text(json.dumps(dict(info, version=version)))
        return store.install(instance, staging, version)


def current_version(instance: Path) -> int | None:
    return store.installed_version(instance)


def test_install_switches_current_and_keeps_one_earlier_version(tmp_path):
    for v in (1, 2, 3):
        fake_version(tmp_path, v)
    assert current_version(tmp_path) == 3
    assert [p.name for p in store.versions(tmp_path)] == ["2", "3"]


def test_rollback_returns_to_the_last_good_version_and_never_forwards(tmp_path):
    fake_version(tmp_path, 1)
    fake_version(tmp_path, 2)
    assert store.rollback(tmp_path).name == "1"
    assert current_version(tmp_path) == 1
    with pytest.raises(store.StoreError, match="no earlier"):
        store.rollback(tmp_path)
    assert current_version(tmp_path) == 1


def test_rollback_with_nothing_installed_says_so(tmp_path):
    with pytest.raises(store.StoreError):
        store.rollback(tmp_path)


def test_a_rebuild_of_the_same_version_gets_its_own_folder(tmp_path):
    fake_version(tmp_path, 4)
    assert fake_version(tmp_path, 4).name == "4.1"
    assert current_version(tmp_path) == 4


def test_leftovers_of_an_interrupted_build_are_removed_by_the_next_one(tmp_path):
    fake_version(tmp_path, 1)
    root = store.content_root(tmp_path)
    (root / ".staging-99999").mkdir()
    (root / ".staging-99999" / "content.db").write_text("half")
    os.symlink("1", root / ".current-99999")
    fake_version(tmp_path, 2)
    assert sorted(p.name for p in root.iterdir()) == [".lock", "1", "2", "current", store.HISTORY]


def test_a_folder_without_build_info_is_never_current(tmp_path):
    fake_version(tmp_path, 1)
    (store.content_root(tmp_path) / "1" / store.BUILD_INFO).unlink()
    assert store.current_dir(tmp_path) is None
    assert store.versions(tmp_path) == []


class Recorder:
    """Records fsync (by path), rename and replace calls in order."""

    def __init__(self, monkeypatch):
        self.events: list[tuple[str, str]] = []
        for name in ("fsync", "rename", "replace"):
            real = getattr(os, name)
            monkeypatch.setattr(os, name, self.wrap(name, real))

    def wrap(self, name, real):
        def call(*args):
            if name == "fsync":
                self.events.append(("fsync", os.readlink(f"/proc/self/fd/{args[0]}")))
            else:
                self.events.append((name, os.path.abspath(args[1])))
            return real(*args)

        return call

    def index(self, kind, path) -> int:
        return self.events.index((kind, os.path.abspath(path)))


def test_every_file_is_fsynced_before_the_rename_that_publishes_it(tmp_path, monkeypatch):
    fake_version(tmp_path, 1)
    recorder = Recorder(monkeypatch)
    final = fake_version(tmp_path, 2)
    renamed = recorder.index("rename", final)
    files = [p for p in final.rglob("*") if p.is_file()]
    assert len(files) >= 3
    for path in files:
        staged = str(path).replace(str(final), "")
        synced = [i for i, (k, p) in enumerate(recorder.events) if k == "fsync" and p.endswith(staged)]
        assert synced and synced[0] < renamed, f"{path} not fsynced before the rename"
    staging_dir_synced = [i for i, (k, p) in enumerate(recorder.events) if k == "fsync" and ".staging-" in p]
    assert staging_dir_synced and max(staging_dir_synced) < renamed


def test_current_is_switched_only_after_the_new_folder_is_durable_and_then_synced(tmp_path, monkeypatch):
    fake_version(tmp_path, 1)
    recorder = Recorder(monkeypatch)
    final = fake_version(tmp_path, 2)
    root = store.content_root(tmp_path)
    renamed = recorder.index("rename", final)
    switched = recorder.index("replace", root / store.CURRENT)
    root_syncs = [i for i, e in enumerate(recorder.events) if e == ("fsync", os.path.abspath(root))]
    assert any(renamed < i < switched for i in root_syncs), "the rename must be durable before the switch"
    assert any(i > switched for i in root_syncs), "the switch itself must be made durable"


@pytest.fixture
def template(built_instance) -> Path:
    return store.current_dir(built_instance)


def test_readers_during_20_swaps_see_no_error_and_never_two_versions_at_once(tmp_path, template):
    base = int(store.read_info(template)["version"])
    instance = tmp_path / "instance"
    fake_version(instance, base, template)
    app = create_app({"TESTING": True, "INSTANCE": str(instance)})
    done = threading.Event()
    errors: list[str] = []
    seen: list[list[int]] = []

    def read_one() -> int:
        with app.test_request_context():
            folder = db.content_dir()
            from_info = int(db.get_meta()["version"])
            row = db.get_db().execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            search.search(folder / "index", "lao dong", "vi")
            db.close_db()
            if int(row[0]) != from_info:
                errors.append(f"mixed: database {row[0]}, build info {from_info}")
        return from_info

    def reader():
        versions: list[int] = []
        client = app.test_client()
        while not done.is_set():
            try:
                versions.append(read_one())
                response = client.get("/api/v1/health")
                if response.status_code != 200:
                    errors.append(f"health answered {response.status_code}")
                else:
                    versions.append(response.get_json()["content_version"])
            except Exception as exc:  # any failure at all is what this test counts
                errors.append(repr(exc))
        seen.append(versions)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for v in range(base + 1, base + 21):
        fake_version(instance, v, template)
        done.wait(0.02)
    done.set()
    for t in threads:
        t.join()
    assert errors == []
    assert all(vs == sorted(vs) for vs in seen), "a reader went back to an older version"
    assert len({v for vs in seen for v in vs}) > 5
    assert current_version(instance) == base + 20


def test_a_request_can_open_the_version_it_resolved_after_two_more_installs(tmp_path, template):
    """The race the swap test above used to lose about one run in three, made certain: the request's
    version falls beyond the kept two between resolving ``current`` and opening its files."""
    base = int(store.read_info(template)["version"])
    instance = tmp_path / "instance"
    fake_version(instance, base, template)
    app = create_app({"TESTING": True, "INSTANCE": str(instance)})
    with app.test_request_context():
        folder = db.content_dir()
        fake_version(instance, base + 1, template)
        fake_version(instance, base + 2, template)
        assert int(db.get_meta()["version"]) == base
        assert db.get_db().execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == str(base)
        assert search.search(folder / "index", "lao dong", "vi").hits
        db.close_db()
    assert [p.name for p in store.versions(instance)] == [str(base + 1), str(base + 2)]


@pytest.mark.parametrize("age", [store.GRACE + 1, -3600], ids=["left-long-ago", "clock-set-back"])
def test_a_version_waiting_out_its_grace_is_no_rollback_target_and_goes_once_it_is_over(tmp_path, age):
    for v in (1, 2, 3):
        fake_version(tmp_path, v)
    root = store.content_root(tmp_path)
    assert (root / "1").is_dir(), "left a moment ago: a request may still be reading it"
    assert store.rollback(tmp_path).name == "2"
    with pytest.raises(store.StoreError, match="no earlier"):
        store.rollback(tmp_path)
    stamp = time.time() - age
    os.utime(root / "1", (stamp, stamp))
    fake_version(tmp_path, 4)
    assert not (root / "1").exists()
    assert (root / "2").is_dir(), "left just now, by this install"
    assert [p.name for p in store.versions(tmp_path)] == ["2", "4"], "3 was rolled back: never kept again"


def test_rollback_follows_install_history_and_never_lands_on_a_version_rolled_back(tmp_path):
    """Bad v2 → rollback → v3 → rollback lands on v1, the version installed before v3; v2 had been pruned
    by number before, so the second rollback landed on the bad v2 (issue 18, item 6)."""
    root = store.content_root(tmp_path)
    fake_version(tmp_path, 1)
    fake_version(tmp_path, 2)  # bad
    assert store.rollback(tmp_path).name == "1"
    assert store.rolled_back(tmp_path) == {2}
    fake_version(tmp_path, 3)
    assert [p.name for p in store.versions(tmp_path)] == ["1", "3"]
    assert (root / "2").is_dir(), "waiting out its grace, but no rollback target"
    assert store.rollback(tmp_path).name == "1"
    assert current_version(tmp_path) == 1
    assert store.rolled_back(tmp_path) == {2, 3}
    with pytest.raises(store.StoreError, match="no earlier"):
        store.rollback(tmp_path)


def test_pruning_keeps_the_version_installed_before_not_the_highest_number(tmp_path):
    """A version left long ago goes; the one that served before the current one stays, whatever its number."""
    root = store.content_root(tmp_path)
    fake_version(tmp_path, 1)
    fake_version(tmp_path, 5)
    store.rollback(tmp_path)
    long_ago = time.time() - store.GRACE - 1
    os.utime(root / "5", (long_ago, long_ago))
    fake_version(tmp_path, 6)
    assert sorted(p.name for p in root.iterdir() if not p.name.startswith(".")) == [
        "1",
        "6",
        "current",
        store.HISTORY,
    ]


def test_a_crash_between_the_switch_and_the_history_keeps_the_serving_version_last(tmp_path):
    fake_version(tmp_path, 1)
    fake_version(tmp_path, 2)
    root = store.content_root(tmp_path)
    (root / store.HISTORY).write_text('{"installed": ["1"], "rolled_back": []}')  # as if written before "2"
    assert [p.name for p in store.versions(tmp_path)] == ["1", "2"]
    (root / store.HISTORY).write_text("not json")  # damaged: by number, as before there was a history
    assert store.rollback(tmp_path).name == "1"


def test_checkpoint_does_nothing_unless_its_step_is_named(monkeypatch):
    monkeypatch.setenv(store.PAUSE_ENV, "another-step")
    store.checkpoint("staged")
