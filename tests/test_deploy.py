"""deploy/ stays installable: scripts parse, every file the installer copies exists, systemd units verify
and nginx accepts its configurations (where those tools are on the machine), and logs keep no request
data."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.config import ROOT

DEPLOY = ROOT / "deploy"
SCRIPTS = [
    "install.sh",
    "kiosk-browser",
    "usb/kiosk-usb-update",
    "online/rolling-update.sh",
    "kit/INSTALL.sh",
]
UNITS = [
    "systemd/kiosk.service",
    "systemd/kiosk-update.service",
    "systemd/kiosk-update.timer",
    "usb/kiosk-usb-update@.service",
    "online/kiosk@.service",
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_shell_scripts_parse(script):
    result = subprocess.run(["sh", "-n", str(DEPLOY / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_file_the_installer_copies_is_in_the_project():
    text = (DEPLOY / "install.sh").read_text()
    named = set(re.findall(r'"\$src/(deploy/[\w./@-]+)"', text))
    assert len(named) >= 8
    assert [n for n in named if not (ROOT / n).is_file()] == []


@pytest.mark.parametrize("unit", UNITS)
def test_systemd_units_verify(unit, tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    name = Path(unit).name.replace("@.", "@8101.")
    text = (DEPLOY / unit).read_text()
    text = re.sub(r"/opt/kiosk/(venv/)?bin/[\w-]+", "/bin/true", text)
    text = text.replace("EnvironmentFile=/", "EnvironmentFile=-/")
    (tmp_path / name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / name)], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


@pytest.mark.parametrize("unit", ["systemd/kiosk.service", "online/kiosk@.service"])
def test_the_server_units_are_hardened_for_a_small_board(unit):
    text = (DEPLOY / unit).read_text()
    for setting in (
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "PrivateTmp=yes",
        "MemoryMax=",
        "User=kiosk",
    ):
        assert setting in text
    assert "ReadOnlyPaths=/var/lib/kiosk" in text, "the web server never writes the content"


@pytest.mark.parametrize("unit", ["systemd/kiosk-update.service", "usb/kiosk-usb-update@.service"])
def test_the_update_units_have_a_memory_limit(unit):
    """A feed or a stick is outside the kiosk's control: whatever it holds, the update is stopped before it
    takes the memory the screen and the web server need (issue 18, item 9)."""
    limit = re.search(r"(?m)^MemoryMax=(\d+)M$", (DEPLOY / unit).read_text())
    assert limit and 128 <= int(limit.group(1)) <= 512


@pytest.mark.parametrize("conf", ["online/nginx.conf", "hotspot/nginx-portal.conf"])
def test_nginx_logs_no_query_string_client_address_or_body(conf):
    text = (DEPLOY / conf).read_text()
    for line in re.findall(r"log_format[^;]+;", text, re.S):
        assert not re.search(r"\$(request|request_uri|args|query_string|remote_addr|request_body)\b", line)
    assert all(log.endswith(("kiosk_private;", "off;")) for log in re.findall(r"access_log [^;]+;", text))


@pytest.mark.parametrize("conf", ["online/nginx.conf", "hotspot/nginx-portal.conf"])
def test_nginx_accepts_the_configurations(conf, tmp_path):
    if not shutil.which("nginx"):
        pytest.skip("nginx is not installed")
    site = (DEPLOY / conf).read_text()
    site = site.replace("/etc/nginx/kiosk-upstream.conf", str(DEPLOY / "online" / "kiosk-upstream.conf"))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/").replace("/var/cache/nginx/kiosk", f"{tmp_path}/c")
    (tmp_path / "site.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ client_body_temp_path {tmp_path}/b; proxy_temp_path {tmp_path}/p; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-e", str(tmp_path / "e.log"), "-c", str(main)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


class Replica:
    """A stand-in replica: answers /api/v1/health with the version written in ``<instance>/version``."""

    def __init__(self, instance: Path):
        import http.server
        import threading

        instance.mkdir()
        (instance / "version").write_text("1")

        class Health(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = f'{{"content_version": {(instance / "version").read_text().strip()}}}'.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
        self.port = self.httpd.server_address[1]
        self.instance = instance
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def replicas(tmp_path):
    made = [Replica(tmp_path / f"replica-{n}") for n in range(3)]
    yield made
    for r in made:
        r.httpd.shutdown()
        r.httpd.server_close()


def rolling_update(tmp_path, replicas, kiosk_script: str):
    """Run deploy/online/rolling-update.sh with a stand-in `kiosk` and nginx reload that log what they do."""
    kiosk = tmp_path / "kiosk"
    kiosk.write_text("#!/bin/sh\n" + kiosk_script)
    kiosk.chmod(0o755)
    upstream = tmp_path / "upstream.conf"
    log = tmp_path / "pool.log"
    reload = tmp_path / "reload"
    reload.write_text(f"#!/bin/sh\ngrep -c down {upstream} >> {log} || true\n")
    reload.chmod(0o755)
    env = {
        "PATH": "/usr/bin:/bin",
        "UPSTREAM": str(upstream),
        "NGINX_RELOAD": str(reload),
        "KIOSK": str(kiosk),
        "RUN_AS": "",
        "DRAIN_SECONDS": "0",
        "REPLICAS": " ".join(f"{r.port}={r.instance}" for r in replicas),
    }
    script = DEPLOY / "online" / "rolling-update.sh"
    result = subprocess.run(
        ["sh", str(script), "http://127.0.0.1:9/feed/"], env=env, capture_output=True, text=True
    )
    return result, upstream.read_text(), log.read_text().split()


def test_rolling_update_takes_out_one_replica_at_a_time_and_ends_with_all_in(tmp_path, replicas):
    result, upstream, downs = rolling_update(tmp_path, replicas, 'echo 2 > "$KIOSK_INSTANCE/version"\n')
    assert result.returncode == 0, result.stderr
    assert downs == ["1", "0"] * 3, "out of the pool one at a time, and back each time"
    assert " down" not in upstream
    assert [(r.instance / "version").read_text().strip() for r in replicas] == ["2", "2", "2"]


def test_rolling_update_stops_at_a_refused_update_with_the_pool_whole(tmp_path, replicas):
    refuse_second = (
        'case "$KIOSK_INSTANCE" in *replica-1) echo refused >&2; exit 1 ;; esac\n'
        'echo 2 > "$KIOSK_INSTANCE/version"\n'
    )
    result, upstream, _ = rolling_update(tmp_path, replicas, refuse_second)
    assert result.returncode == 1 and "update refused" in result.stderr
    assert " down" not in upstream, "the refused replica goes back on its old content"
    assert [(r.instance / "version").read_text().strip() for r in replicas] == ["2", "1", "1"]
