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
# A small content tree frozen for the code tests (tests/data/content/README.md says what it holds): tests that
# build, break or bundle content use it, so an edit to content/ cannot break them and builds are quick.
SMALL_CONTENT = Path(__file__).resolve().parent / "data" / "content"


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


def _listens(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds the listening socket on 127.0.0.1:``port`` (Linux's /proc; elsewhere,
    assume so). Another test run's server may have taken the port between free_port() and our bind."""
    try:
        rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return True
    wanted = f"0100007F:{port:04X}"
    inodes = {f"socket:[{r.split()[9]}]" for r in rows if r.split()[1] == wanted and r.split()[3] == "0A"}
    for fd in fds:
        with contextlib.suppress(OSError):
            if os.readlink(fd) in inodes:
                return True
    return False


def _start(instance: Path, env: dict, preexec_fn=None) -> tuple[subprocess.Popen, Server, int]:
    """`kiosk serve` on a free port, answering and listening itself; (None, server, port) when the port was
    taken by someone else first, so the caller tries another."""
    port = free_port()
    log = instance.parent / f"serve-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
            preexec_fn=preexec_fn,
        )
    server = Server(f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            if "Address already in use" in server.output():
                return None, server, port
            pytest.fail(f"`kiosk serve` exited with {proc.returncode}:\n{server.output()}")
        try:
            with urllib.request.urlopen(server.url("/api/v1/health"), timeout=2):
                pass
            if _listens(proc.pid, port):
                return proc, server, port
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop(proc)
            pytest.fail(f"`kiosk serve` never answered:\n{server.output()}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    """Ends a server a test started: asked first, killed after 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def launch(instance: Path, preexec_fn=None, **settings) -> tuple[subprocess.Popen, Server]:
    """Start `kiosk serve` on a free loopback port against ``instance``; ``settings`` become KIOSK_* env.
    The caller ends it (:func:`stop`, or a signal of its own); ``preexec_fn`` runs in the child (limits).

    Safe beside other test processes (pytest-xdist workers, another checkout's run): a port taken between
    picking and binding is retried, and the server is only used once this process is the one listening."""
    env = dict(os.environ, KIOSK_INSTANCE=str(instance), PYTHONUNBUFFERED="1")
    env.update({f"KIOSK_{k}": v for k, v in settings.items()})
    for _attempt in range(5):
        proc, server, _port = _start(instance, env, preexec_fn)
        if proc is not None:
            return proc, server
    pytest.fail(f"no free port for `kiosk serve` in 5 tries:\n{server.output()}")


@contextlib.contextmanager
def serve(instance: Path, **settings):
    """:func:`launch`, stopped when the block ends."""
    proc, server = launch(instance, **settings)
    try:
        yield server
    finally:
        stop(proc)


def _namespaces_work() -> bool:
    try:
        done = subprocess.run(
            ["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def in_namespace(script: str, *, read_only=(), env=None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the shell ``script`` in a private mount namespace (``unshare``, no root needed), where the
    ``read_only`` folders are bind-mounted read-only (as systemd's ``ReadOnlyPaths``) and the script may
    mount a small tmpfs of its own (a nearly full SD card): the faults a kiosk meets, made real. ``$KIOSK``
    in the script runs the kiosk command. Skips where user namespaces are off.
    """
    if not _namespaces_work():
        pytest.skip("unprivileged user namespaces (unshare) are not available here")
    setup = []
    for folder in read_only:
        setup.append(f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' '{folder}'")
    body = " && ".join(setup + ["true"]) + "\n" + script
    full = dict(os.environ, KIOSK=f"{sys.executable} -m kiosk", PYTHONUNBUFFERED="1", **(env or {}))
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", body],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
        timeout=timeout,
    )
