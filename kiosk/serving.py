"""Waitress as `kiosk serve` runs it: settings chosen so that no one client can hold the worker or the memory.

On an installed kiosk nginx stands in front (deploy/nginx/kiosk.conf) and does the per-address limits, slow
clients and buffering; waitress then listens on a unix socket only nginx reaches. `deploy/start` serves
bare, straight to the Wi-Fi, so waitress is made defensive on its own too:

- a request body larger than the app accepts (``MAX_CONTENT_LENGTH``) is refused from its
  ``Content-Length`` (or as soon as a chunked body passes it) instead of being written to a temporary file
  first (waitress's default limit is 1 GiB);
- a header over 64 KiB is refused (waitress allows 256 KiB, which is what each half-sent header may hold
  in memory). 64 KiB, not less: a long typed query (the forms and API refuse it themselves, with a message
  in the reader's language and a JSON error) must reach the app, not die as a bare 431;
- at most 1 MiB of answers waits for one client; past that the worker waits for the client to read, and a
  client that reads nothing for ``STALL_SECONDS`` (one that pipelines requests and never reads the
  answers) is disconnected. Waitress itself would wait for ever, and its idle check skips a connection
  with requests pending;
- idle connections close after 30 s, and at most 500 are open (waitress allows 100).

Nothing here imports Flask.
"""

from __future__ import annotations

import socket
import threading

import waitress.server
from waitress.channel import HTTPChannel

STALL_SECONDS = 2.0
HEADER_BYTES = 64 * 1024
OUTBUF_HIGH_WATERMARK = 1024 * 1024


def settings(max_body: int, threads: int = 1) -> dict:
    """Waitress's adjustments for the kiosk (see the module's docstring for why each)."""
    return {
        "threads": threads,
        "ident": "kiosk",
        "clear_untrusted_proxy_headers": True,
        "connection_limit": 500,
        "channel_timeout": 30,
        "cleanup_interval": 10,
        "max_request_body_size": max_body,
        "max_request_header_size": HEADER_BYTES,
        "outbuf_high_watermark": OUTBUF_HIGH_WATERMARK,
        "asyncore_use_poll": True,
    }


class _StallLimit(threading.Condition):
    """The lock a worker waits on for a client to read its answers; a wait with no progress for
    ``STALL_SECONDS`` shuts the client's socket down, which wakes the worker with the client gone."""

    def __init__(self, channel: HTTPChannel):
        super().__init__()
        self.channel = channel

    def wait(self, timeout=None):
        if timeout is not None:
            return super().wait(timeout)
        if super().wait(STALL_SECONDS):
            return True
        # Waitress waits here (lock held, released while waiting) only while more than the high-water mark
        # of answers is unsent; the main loop notifies as soon as the client takes some.
        try:
            self.channel.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.channel.server.pull_trigger()
        return super().wait(STALL_SECONDS)


class Channel(HTTPChannel):
    """Waitress's connection, with a bounded wait for a client that does not read (see :class:`_StallLimit`)."""

    def __init__(self, server, sock, addr, adj, map=None):
        super().__init__(server, sock, addr, adj, map=map)
        self.outbuf_lock = _StallLimit(self)


def make_server(app, *, host: str = "127.0.0.1", port: int = 8080, unix_socket: str = "", **adjustments):
    """A waitress server for ``app`` on ``host:port``, or on ``unix_socket`` (mode 666: nginx, running as
    another user, connects to it; the folder holding it decides who can reach it)."""
    where = (
        {"unix_socket": unix_socket, "unix_socket_perms": "666"}
        if unix_socket
        else {"host": host, "port": port}
    )
    dispatchers: dict = {}
    server = waitress.server.create_server(app, map=dispatchers, **where, **adjustments)
    for dispatcher in list(dispatchers.values()):
        if isinstance(dispatcher, waitress.server.BaseWSGIServer):
            dispatcher.channel_class = Channel
    return server
