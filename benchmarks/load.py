"""Load on loopback (127.0.0.1 only; every phase bounded in time): how `kiosk serve` holds up.

1. Single core: the server pinned to CPU 0, wrk on CPU 1 with 32 connections, one route at a time: the
   home page, an agency page and API, the agency name search, and the search page and API (req/s, p99).
2. Mix: 50 concurrent clients for SECONDS with a realistic mix of pages, API reads and POSTed forms;
   error rate, p50/p95/p99.
3. Slow clients: 100 idle connections that send a request line and then nothing, held open while the mix
   runs again: the other clients must still be served.
Also: build time, cold start (process start to first health answer) and the server's RSS (peak).

    .venv/bin/python benchmarks/load.py [--seconds 60] [--content content/]

Needs Debian's wrk.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIOSK = str(Path(sys.executable).with_name("kiosk"))

# wrk's Lua: cycle through a mix of GETs and POSTs; print the percentiles wrk does not show by itself.
MIX_LUA = r"""
local calc = '{"loan_amount": 150000000, "loan_monthly_rate_percent": 1.2, "own_funds": 20000000,'
  .. ' "deposit": 0, "months_before_first_salary": 2, "monthly_income": 30000000,'
  .. ' "monthly_living_costs": 8000000, "monthly_sent_home": 5000000, "contract_months": 36}'
local offer = '{"destination": "JP", "programme": "titp", "contract_months": 36,'
  .. ' "monthly_salary": 30000000, "service_fee": 20000000, "brokerage_fee": 0}'
local mix = {
  {"GET", "/vi/"}, {"GET", "/vi/"}, {"GET", "/en/"},
  {"GET", "/vi/agencies/?q=hai+phong"}, {"GET", "/api/v1/agencies?q=ha+noi&limit=10"},
  {"GET", "/api/v1/agencies/check?name=cong+ty+xuat+khau+lao+dong"}, {"GET", "/vi/agencies/check?name=sona"},
  {"GET", "/vi/search?q=bo+tron"}, {"GET", "/api/v1/search?q=phi+moi+gioi"},
  {"GET", "/vi/destinations/JP"}, {"GET", "/api/v1/destinations/KR"}, {"GET", "/vi/articles/"},
  {"GET", "/api/v1/health"}, {"GET", "/vi/services"},
  {"POST", "/api/v1/calculate", calc}, {"POST", "/api/v1/check-offer", offer},
}
local i = 0
request = function()
  i = i + 1
  local m = mix[(i % #mix) + 1]
  if m[1] == "POST" then
    return wrk.format("POST", m[2], {["Content-Type"] = "application/json"}, m[3])
  end
  return wrk.format("GET", m[2])
end
local bad = 0
response = function(status, headers, body)
  if status >= 500 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("LUA p50=%.2f p95=%.2f p99=%.2f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(
    url: str, seconds: int, connections: int, *, cpu: str | None = None, script: Path | None = None
) -> dict:
    """Run wrk; return req/s, error count (sockets and non-2xx/3xx), requests and latency percentiles in ms."""
    cmd = ["wrk", "-t2" if cpu is None else "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        cmd[1:1] = ["-s", str(script)]
    if cpu is not None:
        cmd = ["taskset", "-c", cpu, *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    result = {"rps": _num(r"Requests/sec:\s+([\d.]+)", out), "requests": _num(r"(\d+) requests in", out)}
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = _num(r"Non-2xx or 3xx responses: (\d+)", out)
    result["errors"] = int(non2xx + (sum(map(int, errors.groups())) if errors else 0))
    for p in ("50", "99"):
        result[f"p{p}"] = _ms(re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out))
    lua = re.search(r"LUA p50=([\d.]+) p95=([\d.]+) p99=([\d.]+)", out)
    if lua:
        result.update(p50=float(lua.group(1)), p95=float(lua.group(2)), p99=float(lua.group(3)))
    return result


def _num(pattern: str, text: str) -> float:
    m = re.search(pattern, text)
    return float(m.group(1)) if m else 0.0


def _ms(m) -> float:
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else 0.0


class RssWatch:
    """Sample the server's resident memory every 0.2 s; ``peak`` in MB."""

    def __init__(self, pid: int):
        self.pid, self.peak = pid, 0.0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self) -> None:
        while not self.stop.wait(0.2):
            try:
                text = Path(f"/proc/{self.pid}/status").read_text()
            except OSError:
                return
            self.peak = max(self.peak, int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) / 1024)


def slow_clients(port: int, count: int) -> list[socket.socket]:
    """Connections that start a request and never finish it."""
    socks = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /vi/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        socks.append(s)
    return socks


def start_server(instance: Path, port: int) -> tuple[subprocess.Popen, float]:
    env = dict(os.environ, KIOSK_INSTANCE=str(instance))
    started = time.monotonic()
    server = subprocess.Popen(
        ["taskset", "-c", "0", KIOSK, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    while time.monotonic() - started < 60:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as r:
                json.load(r)
            return server, time.monotonic() - started
        except OSError:
            time.sleep(0.05)
    server.kill()
    sys.exit("the server never answered")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of the mixed-load phase")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("needs Debian's wrk")
    work = Path(tempfile.mkdtemp(prefix="kiosk-load-"))
    env = dict(os.environ, KIOSK_INSTANCE=str(work / "instance"))
    try:
        started = time.monotonic()
        subprocess.run(
            [KIOSK, "build", "--content", str(args.content)], env=env, check=True, capture_output=True
        )
        print(f"build: {time.monotonic() - started:.1f}s (content into SQLite and the search index)")
        port = free_port()
        server, cold = start_server(work / "instance", port)
        watch = RssWatch(server.pid)
        print(f"cold start: {cold:.2f}s from process start to the first health answer")
        base = f"http://127.0.0.1:{port}"
        try:
            agency = json.load(urllib.request.urlopen(f"{base}/api/v1/agencies?limit=1"))["results"][0]["id"]
            for name, path, target in (  # targets from issue 8, req/s on one core; p99 <= 100 ms
                ("home page", "/vi/", 1000),
                ("agency lookup", f"/vi/agencies/{agency}", 400),
                ("agency API", f"/api/v1/agencies/{agency}", 400),
                ("agency name search API", "/api/v1/agencies?q=cong+ty+co", 400),
                ("search page", "/vi/search?q=bo+tron", 200),
                ("search API", "/api/v1/search?q=lua+dao&lang=vi", 200),
            ):
                wrk(base + path, 2, 32, cpu="1")  # warm the caches
                r = wrk(base + path, 10, 32, cpu="1")
                print(
                    f"one core, {name} {path}: {r['rps']:.0f} req/s (target {target}), "
                    f"p99 {r['p99']:.1f} ms (target 100), {r['errors']} errors"
                )
            script = work / "mix.lua"
            script.write_text(MIX_LUA)
            r = wrk(base + "/", args.seconds, 50, script=script)
            rate = r["errors"] / r["requests"] if r["requests"] else 1
            print(
                f"mix, 50 clients, {args.seconds}s: {r['requests']:.0f} requests, {r['rps']:.0f} req/s, "
                f"error rate {rate:.4%}, p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, p99 {r['p99']:.1f} ms"
            )
            idle = slow_clients(port, 100)
            r = wrk(base + "/", min(args.seconds, 20), 50, script=script)
            alive = sum(1 for s in idle if _still_open(s))
            for s in idle:
                s.close()
            rate = r["errors"] / r["requests"] if r["requests"] else 1
            print(
                f"mix with 100 idle slow connections held open ({alive} still open at the end): "
                f"{r['rps']:.0f} req/s, error rate {rate:.4%}, p99 {r['p99']:.1f} ms"
            )
        finally:
            watch.stop.set()
            print(f"server RSS: peak {watch.peak:.0f} MB (target 80)")
            os.killpg(server.pid, 15)
            server.wait(10)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _still_open(s: socket.socket) -> bool:
    s.setblocking(False)
    try:
        return s.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


if __name__ == "__main__":
    main()
