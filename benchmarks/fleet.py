"""Beyond one device, measured on loopback (127.0.0.1 only; every phase bounded in time and count).

1. Fleet: KIOSKS simulated kiosks (instance folders) run `kiosk update --from URL` against one static feed
   served by Python's http.server; every one must end on the new version. Prints the feed's sizes.
2. Online: three `kiosk serve` replicas behind nginx (deploy/online/nginx.conf); wrk measures throughput
   through nginx with one, two and three replicas in the pool (the scaling ratio, 3 to 1).
3. Rolling update: client threads request a mix of pages and API routes through nginx while
   deploy/online/rolling-update.sh moves the replicas, one at a time, to the new version; counts failed
   requests and checks that every health answer and every page (its footer) names a complete version,
   old or new, and nothing else.

    .venv/bin/python benchmarks/fleet.py [--kiosks 100] [--seconds 5]

Needs Debian's nginx-light and wrk. Run from the project folder.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIOSK = str(Path(sys.executable).with_name("kiosk"))
MIX = ["/vi/", "/en/", "/api/v1/health", "/api/v1/agencies?q=hai%20phong&limit=5", "/api/v1/search?q=phi"]


def run(*args, env=None, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([KIOSK, *map(str, args)], capture_output=True, text=True, env=env, timeout=600)
    if check and result.returncode:
        sys.exit(f"kiosk {' '.join(map(str, args))} failed: {(result.stderr or result.stdout)[-400:]}")
    return result


def env_for(instance: Path) -> dict:
    return dict(os.environ, KIOSK_INSTANCE=str(instance))


def versioned(source: Path, work: Path, version: int) -> Path:
    target = work / f"content-v{version}"
    shutil.copytree(source, target)
    manifest = target / "manifest.yaml"
    manifest.write_text(re.sub(r"(?m)^version:.*$", f"version: {version}", manifest.read_text()))
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def get(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_healthy(port: int, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, body = get(port, "/api/v1/health", timeout=2)
            if status == 200:
                return json.loads(body)
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"nothing healthy on port {port}")


def fleet_phase(work: Path, template: Path, url: str, kiosks: int, new_version: int) -> None:
    folders = []
    for n in range(kiosks):
        folders.append(work / "fleet" / f"kiosk-{n:03d}")
        shutil.copytree(template, folders[-1], symlinks=True)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        results = list(pool.map(lambda f: run("update", "--from", url, env=env_for(f), check=False), folders))
    seconds = time.monotonic() - started
    versions = []
    for folder in folders:
        info = folder / "content" / "current" / "build.json"
        versions.append(json.loads(info.read_text())["version"] if info.exists() else None)
    ok = sum(v == new_version for v in versions)
    failed = [r.stderr.strip()[-200:] for r in results if r.returncode]
    print(
        f"fleet: {ok}/{kiosks} simulated kiosks on version {new_version} after `kiosk update --from` "
        f"({seconds:.0f}s, {kiosks / seconds:.1f} kiosks/s on {os.cpu_count()} cores); failures: {failed[:2]}"
    )
    again = run("update", "--from", url, env=env_for(folders[0]))
    print(f"fleet: a second check on one kiosk: {again.stdout.strip()}")


def nginx_config(work: Path, port: int, upstream: Path) -> Path:
    site = (ROOT / "deploy" / "online" / "nginx.conf").read_text()
    site = site.replace("/etc/nginx/kiosk-upstream.conf", str(upstream))
    site = site.replace("/var/log/nginx/", f"{work}/").replace("/var/cache/nginx/kiosk", f"{work}/cache")
    site = site.replace("listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;")
    site = re.sub(r"\n\s*listen \[::\]:80 default_server;", "", site)
    (work / "site.conf").write_text(site)
    main = work / "nginx.conf"
    main.write_text(
        f"user root;\nworker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log warn;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n client_body_temp_path {work}/body;\n proxy_temp_path {work}/proxy;\n"
        f" include {work}/site.conf;\n}}\n"
    )
    return main


def write_upstream(upstream: Path, ports: list[int]) -> None:
    upstream.write_text("".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in ports))


def wrk(port: int, path: str, seconds: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
    ).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(m.group(1)) if m else 0.0


def version_of(path: str, body: bytes) -> int | None:
    """The content version an answer came from: the health route says it, a page names it in its footer."""
    if path == "/api/v1/health":
        return json.loads(body)["content_version"]
    m = re.search(rb'<footer class="foot">\s*<p>\D*(\d+)', body)
    if path.startswith(("/vi/", "/en/")) and not m:
        raise ValueError("a page without its content version")
    return int(m.group(1)) if m else None


class Load:
    """Client threads requesting the mix through nginx until stopped; every answer is checked."""

    def __init__(self, port: int, threads: int, versions: set[int]):
        self.port, self.versions = port, versions
        self.ok = self.failed = self.retried = 0
        self.seen: dict[int, int] = {}
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.loop, args=(i,)) for i in range(threads)]

    def fetch(self, conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
        """One GET; like a browser, retry once on a fresh connection when a kept-alive one was closed
        before any answer (nginx closes idle connections when it reloads)."""
        try:
            conn.request("GET", path)
            response = conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            with self.lock:
                self.retried += 1
            conn.request("GET", path)
            response = conn.getresponse()
        return response.status, response.read()

    def loop(self, offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        n = offset
        while not self.stop.is_set():
            path = MIX[n % len(MIX)]
            n += 1
            try:
                status, body = self.fetch(conn, path)
                problem = None if status == 200 else f"{status} on {path}"
                version = version_of(path, body) if not problem else None
                if version is not None:
                    problem = None if version in self.versions else f"version {version} on {path}"
                    with self.lock:
                        self.seen[version] = self.seen.get(version, 0) + 1
            except (OSError, http.client.HTTPException, ValueError) as exc:
                problem = f"{type(exc).__name__} on {path}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            with self.lock:
                if problem:
                    self.failed += 1
                    self.errors.append(problem)
                else:
                    self.ok += 1

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()


def online_phase(work: Path, template: Path, url: str, seconds: int, old: int, new: int) -> None:
    ports = [free_port() for _ in range(3)]
    replicas = []
    for port in ports:
        instance = work / f"replica-{port}"
        shutil.copytree(template, instance, symlinks=True)
        log = open(work / f"replica-{port}.log", "w")
        replicas.append(
            subprocess.Popen(
                [KIOSK, "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=env_for(instance),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    nginx_port = free_port()
    upstream = work / "upstream.conf"
    (work / "cache").mkdir()
    conf = nginx_config(work, nginx_port, upstream)
    write_upstream(upstream, ports[:1])
    nginx = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"], start_new_session=True)
    try:
        for port in ports:
            wait_healthy(port)
        wait_healthy(nginx_port)
        path = MIX[3]
        for port in ports:
            wrk(port, path, 1)  # warm each replica's caches
        rates = {}
        for n in (1, 2, 3):
            write_upstream(upstream, ports[:n])
            subprocess.run(["nginx", "-c", str(conf), "-s", "reload"], check=True, capture_output=True)
            time.sleep(1)
            rates[n] = max(wrk(nginx_port, path, seconds) for _ in range(3))  # best of 3: the host is shared
        print(
            f"online: {path} through nginx: "
            + ", ".join(f"{n} replica(s) {r:.0f} req/s" for n, r in rates.items())
            + f" (best of 3 runs); scaling ratio 3:1 {rates[3] / rates[1] if rates[1] else 0:.2f} "
            f"(on {os.cpu_count()} cores shared by the replicas, nginx and wrk)"
        )
        env = dict(
            os.environ,
            UPSTREAM=str(upstream),
            NGINX_RELOAD=f"nginx -c {conf} -s reload",
            KIOSK=KIOSK,
            RUN_AS="",
            DRAIN_SECONDS="1",
            REPLICAS=" ".join(f"{p}={work / f'replica-{p}'}" for p in ports),
        )
        script = ROOT / "deploy" / "online" / "rolling-update.sh"
        with Load(nginx_port, 8, {old, new}) as load:
            time.sleep(1)
            started = time.monotonic()
            rolled = subprocess.run(
                ["sh", str(script), url], env=env, capture_output=True, text=True, timeout=600
            )
            took = time.monotonic() - started
            time.sleep(1)
        finals = {wait_healthy(p)["content_version"] for p in ports}
        print(
            f"rolling update: exit {rolled.returncode} in {took:.0f}s; replicas now on {sorted(finals)}; "
            f"{load.ok + load.failed} requests during it, {load.failed} failed {load.errors[:3]} "
            f"({load.retried} retried on a fresh connection after nginx closed an idle one); "
            f"answers (health and pages) by version {dict(sorted(load.seen.items()))}"
        )
        if rolled.returncode:
            print(rolled.stdout[-500:], rolled.stderr[-500:])
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(10)
        for p in replicas:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kiosks", type=int, default=100, help="simulated kiosks in the fleet phase")
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="content folder to publish")
    args = parser.parse_args()
    if not (shutil.which("nginx") and shutil.which("wrk")):
        sys.exit("needs Debian's nginx-light and wrk")
    work = Path(tempfile.mkdtemp(prefix="kiosk-fleet-"))
    try:
        run("keygen", work / "keys")
        template = work / "template"
        old, new = 1000, 1001
        run("build", "--content", versioned(args.content, work, old), env=env_for(template))
        run("trust", work / "keys" / "publisher.pub", env=env_for(template))
        published = run(
            "publish",
            "--key",
            work / "keys" / "publisher.key",
            "--content",
            versioned(args.content, work, new),
            "--out",
            work / "feed",
        )
        sizes = {p.name: p.stat().st_size for p in sorted((work / "feed").iterdir())}
        print(f"feed: {published.stdout.strip()}; files {sizes}")
        httpd, url = serve_folder(work / "feed")
        fleet_phase(work, template, url, args.kiosks, new)
        online_phase(work, template, url, args.seconds, old, new)
        httpd.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
