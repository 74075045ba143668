"""Per-version values (kiosk.web.db.per_version): made once per installed content version, made again after a switch, warmed at start."""

from __future__ import annotations

import shutil

from kiosk import create_app
from kiosk.agencies.service import current_index
from kiosk.build import store
from kiosk.web import db


def test_a_value_is_made_once_per_version_and_again_after_a_switch(tmp_path, built_instance):
    instance = tmp_path / "instance"
    shutil.copytree(built_instance, instance, symlinks=True)
    app = create_app({"TESTING": True, "INSTANCE": str(instance)})
    calls = []

    @db.per_version
    def folder_name():
        calls.append(1)
        from kiosk.web.db import content_dir

        return content_dir().name

    try:
        with app.test_request_context():
            first = folder_name()
        with app.test_request_context():
            assert folder_name() == first
        assert len(calls) == 1
        with store.locked(instance):
            staging = store.staging_dir(instance)
            shutil.copytree(store.current_dir(instance), staging, dirs_exist_ok=True)
            store.install(instance, staging, store.installed_version(instance))
        with app.test_request_context():
            second = folder_name()
        assert second != first and len(calls) == 2
    finally:
        db._LOADERS.remove(folder_name)


def test_warm_makes_every_value_before_the_first_request(app):
    assert db.warm(app) >= 5  # agency index, return rules, provinces, services, OpenAPI, ...
    kept = app.extensions[db._KEY]
    assert "kiosk.agencies.service._cached" in kept
    with app.test_request_context():
        assert current_index() is kept["kiosk.agencies.service._cached"][1].index


def test_warm_with_nothing_installed_makes_nothing(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "empty")})
    assert db.warm(app) == 0


def test_warm_opens_the_search_index_so_the_first_search_does_not_wait(app):
    from kiosk.search import query

    query._OPEN.clear()
    db.warm(app)
    with app.test_request_context():
        folder = str(db.content_dir() / "index")
    opened = query._OPEN.get(folder)
    assert opened is not None, "the index was not opened at start-up"
    assert set(opened.languages) == {"vi", "en"} and all(opened.languages.values())


def test_a_loader_that_fails_at_start_up_does_not_stop_the_others(app):
    @db.per_version
    def broken():
        raise ValueError("a damaged file")

    try:
        db._LOADERS.insert(0, db._LOADERS.pop())  # first, so the others run after it
        made = db.warm(app)
        assert made == len(db._LOADERS) - 1
        assert "kiosk.agencies.service._cached" in app.extensions[db._KEY]
    finally:
        db._LOADERS.remove(broken)
