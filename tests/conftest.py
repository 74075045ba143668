"""Shared fixtures: the real bundled content built once per session, an app and client on it, the CLI,
and per-test copies of the content (the real one, or the small test tree) that a test may break.

Under pytest-xdist each worker is its own session: session fixtures are made once per worker, in that
worker's own temporary folder (``tmp_path_factory``), so no two workers share an instance.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import flask
import jinja2
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from support import CONTENT, SMALL_CONTENT

from kiosk import create_app
from kiosk.build.pipeline import build
from kiosk.cli import cli as kiosk_cli

# Generated examples are checked for what they find, never for how fast they run: on a loaded machine (two
# xdist workers, a browser) a time limit or the "too slow" health check fails a correct test.
settings.register_profile("kiosk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kiosk")


class SharedTemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept in memory for every app this test process makes.

    Most tests make a new app (the ``app`` fixture, ``create_app`` in a test), and a new app compiles each
    template it renders again: about 0.3 s for a test's first few pages, most of a page test's time. Every
    app here is made by ``create_app`` with the same Jinja options, so the compiled code is the same; Jinja
    checks each template's source checksum before using it. Only the web apps use it (the pocket guide's
    own environment has other options)."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


flask.Flask.jinja_options = {**flask.Flask.jinja_options, "bytecode_cache": SharedTemplateCode()}


def pytest_report_header(config):
    return f"sqlite {sqlite3.sqlite_version}; content {CONTENT}; small content {SMALL_CONTENT}"


@pytest.fixture(scope="session")
def built_instance(tmp_path_factory) -> Path:
    """An instance folder with the real bundled content built into it (once per session)."""
    instance = tmp_path_factory.mktemp("instance")
    build(CONTENT, instance)
    return instance


@pytest.fixture
def app(built_instance):
    return create_app({"TESTING": True, "INSTANCE": str(built_instance)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def own_instance(built_instance, tmp_path) -> Path:
    """A private copy of the built instance (without usage counts), so only this test's writes are in it."""
    target = tmp_path / "instance"
    shutil.copytree(built_instance, target, symlinks=True, ignore=shutil.ignore_patterns("usage"))
    return target


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A copy of the bundled content that a test may change or break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def small_content(tmp_path) -> Path:
    """A copy of the small test content (tests/data/content) that a test may change or break."""
    target = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, target)
    return target


@pytest.fixture
def instance(tmp_path, monkeypatch) -> Path:
    """An empty instance folder, also set as $KIOSK_INSTANCE for CLI runs."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("KIOSK_INSTANCE", str(folder))
    return folder


@pytest.fixture
def cli():
    """Invoke the `kiosk` command in-process: ``cli("build", "--content", path)``."""
    runner = CliRunner()

    def invoke(*args, **kwargs):
        return runner.invoke(kiosk_cli, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """No test may reach outside the machine; loopback stays allowed (local servers in tests)."""
    import socket

    real = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
        ):
            raise OSError(f"test tried to reach {host}")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    os.environ.setdefault("KIOSK_TEST", "1")
