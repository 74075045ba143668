"""HTTP for the update feed, with ``urllib`` only: time-outs, an overall deadline for each request, retries
with exponential back-off, redirects kept to http(s), and downloads that resume (HTTP Range) and are checked
against a signed size and SHA-256.

Built for occasional mobile data: nothing is downloaded twice, at most the signed number of bytes is ever
read, and every failure ends in a named exception (a mirror, captive portal or proxy is never trusted).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CHUNK = 64 * 1024
_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class FeedError(Exception):
    """The feed could not be used; nothing was installed and the old content keeps serving."""


class FeedUnreachableError(FeedError):
    """The feed did not answer after every retry (no network, time-outs, server errors)."""


class FeedTamperedError(FeedError):
    """The index or bundle is not what the publisher signed: bad signature, size, hash or file name."""


class FeedRedirectError(FeedError):
    """The feed redirected somewhere a kiosk does not follow: not http(s), https to http, or another port."""


@dataclass
class Client:
    """A small HTTP client with time-outs and retries with exponential back-off; counts its requests.

    ``timeout`` bounds each wait for the network; ``deadline`` (index) and ``download_deadline`` (one
    attempt at a bundle, which the next attempt resumes) bound a whole request, so a server that drips a
    byte every few seconds, never tripping ``timeout``, still cannot hold the kiosk.
    """

    timeout: float = 20.0
    attempts: int = 4
    backoff: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    bytes_read: int = 0
    deadline: float = 60.0
    download_deadline: float = 900.0

    def retrying(self, what: str, attempt_once: Callable[[], object]):
        """Run ``attempt_once`` until it succeeds, waiting backoff, 2×backoff, ... between failures."""
        for attempt in range(self.attempts):
            try:
                return attempt_once()
            except _Transient as exc:
                last = exc
                if attempt + 1 < self.attempts:
                    self.sleep(self.backoff * 2**attempt)
        raise FeedUnreachableError(f"{what}: {last} (tried {self.attempts} times)")

    @contextlib.contextmanager
    def open(self, url: str, headers: dict[str, str], deadline: float | None = None):
        """One request, as a context manager giving the response; a 304 is given as a response, other HTTP
        errors raise (transient ones retry). The request, its redirects and reading the answer all end
        within ``deadline`` seconds (default :attr:`deadline`), or it fails as a transient error."""
        self.requests += 1
        seconds = self.deadline if deadline is None else deadline
        watch = _Watch(seconds)
        request = urllib.request.Request(url, headers={"User-Agent": "kiosk-update", **headers})
        try:
            try:
                response = _opener(watch, url).open(request, timeout=self.timeout)
            except urllib.error.HTTPError as exc:
                if exc.code != 304:
                    exc.close()
                    if exc.code in _RETRY_STATUS:
                        raise _Transient(f"the server answered {exc.code}") from exc
                    raise FeedError(f"{url}: the server answered {exc.code} {exc.reason}") from exc
                response = exc
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                raise _Transient(_reason(exc)) from exc
            with response:
                yield response
        except Exception as exc:
            if watch.expired:
                raise _Transient(f"no complete answer within {seconds:g} s") from exc
            raise
        finally:
            watch.cancel()
        if watch.expired:  # the answer was cut short by the deadline: what was read is not all of it
            raise _Transient(f"no complete answer within {seconds:g} s")


class _Watch:
    """Shuts down the sockets of one request when its deadline passes, in whatever phase it is (headers
    or body): a per-read time-out never ends a server that drips one byte every few seconds."""

    def __init__(self, seconds: float):
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _opener(watch: _Watch, first_url: str) -> urllib.request.OpenerDirector:
    """An opener for http and https only, whose connections ``watch`` can cut, following redirects by the
    rules of :class:`_Redirects`."""

    class Connection(http.client.HTTPConnection):
        def connect(self):
            super().connect()
            watch.add(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self):
            super().connect()
            watch.add(self.sock)

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(Connection, req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(SecureConnection, req, context=self._context)

    opener = urllib.request.OpenerDirector()
    for handler in (
        Plain(),
        Secure(),
        _Redirects(first_url),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


_DEFAULT_PORTS = {"http": 80, "https": 443}


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to http(s) (never ftp:// or file://), never from https down to http, and only
    to the first request's port or the default port of the scheme (so http→https moves, a jump to another
    service's port does not). A refusal is a :class:`FeedRedirectError`, not retried."""

    max_redirections = 5

    def __init__(self, first_url: str):
        first = urllib.parse.urlsplit(first_url)
        self.first_scheme = first.scheme
        self.first_port = first.port or _DEFAULT_PORTS.get(first.scheme)

    def http_error_302(self, req, fp, code, msg, headers):
        newurl = urllib.parse.urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        target = urllib.parse.urlsplit(newurl)
        try:
            port = target.port or _DEFAULT_PORTS.get(target.scheme)
        except ValueError:
            port = None
        if target.scheme not in _DEFAULT_PORTS:
            why = "only http:// and https:// are followed"
        elif self.first_scheme == "https" and target.scheme == "http":
            why = "an https feed is never followed to plain http"
        elif port not in (self.first_port, _DEFAULT_PORTS[target.scheme]):
            why = "a redirect to another port is not followed"
        else:
            return super().http_error_302(req, fp, code, msg, headers)
        fp.close()
        raise FeedRedirectError(f"the feed redirected to {newurl[:200]}: refused ({why})")

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _Transient(Exception):
    """A failure worth retrying: a time-out, a dropped connection, a server error."""


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.timeout | TimeoutError):
        return "timed out"
    return str(reason) or type(reason).__name__


def hash_file(path: Path) -> tuple[str, int]:
    """(SHA-256 in hex, size in bytes) of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def download(url: str, size: int, sha256: str, target: Path, client: Client) -> Path:
    """Download ``url`` to ``target``, resuming a partial file, and check it has the signed size and hash.

    The partial file is named by the expected hash, so only bytes of the same file are ever resumed.
    At most ``size`` bytes are read, so a hostile server cannot fill the disk.

    :raise FeedTamperedError: the complete file's size or SHA-256 differs from what was signed.
    :raise FeedUnreachableError: the download did not complete after every retry.
    """
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.part"):
        if stale.name != f"{sha256}.part":
            stale.unlink()
    part = folder / f"{sha256}.part"
    client.retrying(f"downloading {target.name}", lambda: _download_once(url, part, size, client))
    got_sha256, got_size = hash_file(part)
    if (got_sha256, got_size) != (sha256, size):
        part.unlink()
        raise FeedTamperedError(
            f"{target.name} does not match the signed index (got {got_size} bytes, SHA-256 "
            f"{got_sha256[:12]}…, expected {size} bytes, {sha256[:12]}…): refused"
        )
    os.replace(part, target)
    return target


def _download_once(url: str, part: Path, size: int, client: Client) -> None:
    have = part.stat().st_size if part.exists() else 0
    if have >= size:
        return
    headers = {"Range": f"bytes={have}-"} if have else {}
    with client.open(url, headers, client.download_deadline) as response:
        start, total = _offered(response)
        if total is not None and total != size:
            raise FeedTamperedError(
                f"{url.rsplit('/', 1)[-1]} does not match the signed index (the server offers {total} bytes, "
                f"the index names {size}): refused"
            )
        resumed = response.status == 206 and start == have
        if response.status not in (200, 206) or (response.status == 206 and not resumed):
            raise FeedTamperedError(f"{url}: unexpected answer {response.status} to a download")
        with open(part, "ab" if resumed else "wb") as fh:
            written = have if resumed else 0
            while written < size:
                try:
                    block = response.read(min(CHUNK, size - written))
                except (OSError, http.client.HTTPException) as exc:
                    raise _Transient(_reason(exc)) from exc
                if not block:
                    break
                fh.write(block)
                written += len(block)
                client.bytes_read += len(block)
    if written < size:
        raise _Transient(f"the connection closed after {written} of {size} bytes")


def _offered(response) -> tuple[int | None, int | None]:
    """(first byte, whole file's size) as the server states them; None where it does not say."""
    if response.status == 206:
        m = re.match(r"bytes (\d+)-\d+/(\d+|\*)$", response.headers.get("Content-Range", "").strip())
        if not m:
            return None, None
        return int(m.group(1)), None if m.group(2) == "*" else int(m.group(2))
    length = response.headers.get("Content-Length", "")
    return 0, int(length) if length.isdigit() else None
