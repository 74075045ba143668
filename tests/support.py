"""Helpers shared by test modules (imported by name; conftest.py is for fixtures only, and there are two)."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kiosk.config import ROOT

CONTENT = Path(os.environ.get("KIOSK_TEST_CONTENT", ROOT / "content"))


def assert_api_error(response, status: int, code: str | None = None):
    """Every API error has one shape: {"error": {"code", "message", "field"}}, JSON, a 4xx status."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running `kiosk serve`; ``url(path)`` gives an address on it, ``output()`` what it printed."""

    def __init__(self, base: str, log: Path):
        self.base, self.log = base, log

    def url(self, path: str = "/") -> str:
        return self.base + path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def serve(instance: Path, **settings):
    """Run `kiosk serve` on a free loopback port against ``instance``; ``settings`` become KIOSK_* env."""
    env = dict(os.environ, KIOSK_INSTANCE=str(instance), PYTHONUNBUFFERED="1")
    env.update({f"KIOSK_{k}": v for k, v in settings.items()})
    port = free_port()
    log = instance.parent / f"serve-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
    server = Server(f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"`kiosk serve` exited with {proc.returncode}:\n{server.output()}")
            try:
                with urllib.request.urlopen(server.url("/api/v1/health"), timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"`kiosk serve` never answered:\n{server.output()}")
                time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
