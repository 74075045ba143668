"""The USB stick takes the usage report home (issue 19): a kiosk-report file on the stick makes
deploy/usb/kiosk-usb-update write the report there (HTML to print, JSON to merge) and tell the screen;
the kiosk's screen then says so for a while."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk import create_app
from kiosk.config import ROOT
from kiosk.usage import store

SCRIPT = ROOT / "deploy" / "usb" / "kiosk-usb-update"


def stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


def plug_in(tmp_path: Path, stick: Path, instance: Path) -> tuple[subprocess.CompletedProcess, Path]:
    """Run the script as udev would, with the stick already mounted at ``stick`` (a desktop's automounter),
    `kiosk` this checkout's and systemctl a stand-in that logs what it was asked."""
    bin_dir, run = tmp_path / "bin", tmp_path / "run"
    bin_dir.mkdir(exist_ok=True)
    stub(bin_dir, "findmnt", f"echo {stick}\n")
    stub(bin_dir, "systemctl", f'echo "$*" >> {tmp_path}/systemctl.log\n')
    stub(bin_dir, "kiosk", f'exec {sys.executable} -m kiosk "$@"\n')
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "KIOSK": str(bin_dir / "kiosk"),
        "KIOSK_RUN": str(run),
        "KIOSK_INSTANCE": str(instance),
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        ["sh", str(SCRIPT), "/dev/sdz1"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    return result, run


@pytest.fixture
def counted(tmp_path) -> Path:
    instance = tmp_path / "instance"
    day = dt.date.today()
    store.write(
        store.counts_path(instance),
        {(day, "kiosk", "vi", "view", "kind=home"): 31, (day, "kiosk", "vi", "search_empty", ""): 2},
    )
    return instance


def test_a_marked_stick_takes_the_report_home_and_the_screen_is_told(tmp_path, counted):
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "kiosk-report").touch()
    result, run = plug_in(tmp_path, stick, counted)
    assert result.returncode == 0, result.stdout + result.stderr
    name = f"kiosk-report-{socket.gethostname()}-{dt.date.today().isoformat()}"
    doc = json.loads((stick / f"{name}.json").read_text(encoding="utf-8"))
    assert doc["format"] == "kiosk-usage-report/1"
    assert doc["tables"]["page_views"]["rows"][0]["counts"]["total"] == 31
    assert doc["tables"]["searches_nothing_found"]["rows"][0]["counts"]["total"] == "< 5"
    assert "<svg" in (stick / f"{name}.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in stick.iterdir()) == sorted(["kiosk-report", f"{name}.html", f"{name}.json"])
    assert (run / "usb-report.txt").read_text() == f"{name}.html\n"
    assert "usage report written to the USB stick" in (run / "usb-update.txt").read_text()
    assert "no content update" in (run / "usb-update.txt").read_text()  # both lines are kept
    assert "kill -s USR1 kiosk.service" in (tmp_path / "systemctl.log").read_text()


def test_a_stick_without_the_marker_gets_nothing_written(tmp_path, counted):
    stick = tmp_path / "stick"
    stick.mkdir()
    result, run = plug_in(tmp_path, stick, counted)
    assert result.returncode == 0, result.stderr
    assert list(stick.iterdir()) == [] and not (run / "usb-report.txt").exists()


def test_a_report_that_cannot_be_written_says_so_and_leaves_no_part_file(tmp_path, counted):
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "kiosk-report").touch()
    name = f"kiosk-report-{socket.gethostname()}-{dt.date.today().isoformat()}"
    (stick / f".{name}.html").mkdir()  # where the report is written first: it cannot be, as on a full stick
    result, run = plug_in(tmp_path, stick, counted)
    assert result.returncode == 0, result.stderr
    assert (run / "usb-report.txt").read_text() == "failed\n"
    assert "could not be written" in (run / "usb-update.txt").read_text()
    assert sorted(p.name for p in stick.iterdir()) == sorted(["kiosk-report", f".{name}.html"])


def screen(tmp_path, built_instance, status: str | None, age: float = 0, kiosk_mode: bool = True):
    path = tmp_path / "usb-report.txt"
    if status is not None:
        path.write_text(status)
        os.utime(path, (time.time() - age, time.time() - age))
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE": str(built_instance),
            "KIOSK_MODE": kiosk_mode,
            "USB_REPORT_STATUS": str(path),
            "USAGE_COUNTING": False,
        }
    )
    return app.test_client()


def test_the_kiosk_screen_says_the_report_is_on_the_stick(tmp_path, built_instance):
    client = screen(tmp_path, built_instance, None)
    assert "USB" not in client.get("/en/").get_data(as_text=True)  # cached now
    (tmp_path / "usb-report.txt").write_text("kiosk-report-pi-2026-12-03.html\n")
    for _ in range(2):
        page = client.get("/en/").get_data(as_text=True)
        assert "The usage report was written to the USB stick (kiosk-report-pi-2026-12-03.html)" in page
    vi = client.get("/vi/services").get_data(as_text=True)
    assert "Đã ghi báo cáo số lượt sử dụng vào USB" in vi
    os.utime(tmp_path / "usb-report.txt", (time.time() - 3600, time.time() - 3600))
    assert "USB" not in client.get("/en/").get_data(as_text=True)


def test_the_screen_says_when_the_report_could_not_be_written(tmp_path, built_instance):
    page = screen(tmp_path, built_instance, "failed\n").get("/en/").get_data(as_text=True)
    assert "The usage report could not be written to the USB stick" in page


def test_only_a_kiosk_with_a_screen_says_it(tmp_path, built_instance):
    page = screen(tmp_path, built_instance, "r.html\n", kiosk_mode=False).get("/en/").get_data(as_text=True)
    assert "USB stick" not in page
