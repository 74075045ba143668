"""Canary: what a worker types is kept nowhere. Every form and every API body is sent unique values, then
the instance folder, everything the app logged or printed, and temporary files written meanwhile are
searched for them: zero hits."""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat as stat_module
import tempfile
import time
from pathlib import Path

import pytest

from kiosk import create_app

NUMBER = 73519286  # unlikely anywhere by chance, in any of its written forms
TEXT = "Zqcanaryvx Hoàng Thịnh Qux"
FORMS = ["/vi/check-offer", "/vi/calculator", "/vi/return-plan", "/vi/selfcheck", "/vi/agencies/check"]
API = ["/api/v1/check-offer", "/api/v1/calculate", "/api/v1/return-plan"]


def needles() -> list[bytes]:
    forms = {str(NUMBER), f"{NUMBER:,}", f"{NUMBER:,}".replace(",", "."), "Zqcanaryvx", "canaryvx"}
    return [s.encode() for s in forms]


@pytest.fixture
def own_instance(built_instance, tmp_path):
    """A private copy of the built instance, so only this test's writes can be in it."""
    target = tmp_path / "instance"
    shutil.copytree(built_instance, target, symlinks=True, ignore=shutil.ignore_patterns("usage"))
    return target


def submit_everything(client) -> int:
    sent = 0
    for path in FORMS:
        names = set(re.findall(r'name="([^"]+)"', client.get(path).get_data(as_text=True)))
        for value in (str(NUMBER), f"{NUMBER:,}".replace(",", "."), TEXT):
            assert client.post(path, data=dict.fromkeys(names, value)).status_code < 500
            sent += 1
    for path in API:
        for body in (
            {"destination": "JP", "programme": "titp", "contract_months": 36, "monthly_salary": NUMBER},
            {
                "loan_amount": NUMBER,
                "loan_monthly_rate_percent": 1,
                "contract_months": 12,
                "monthly_income": NUMBER,
            },
            {"destination": "JP", "completed": True, "goal": "job", "province": TEXT},
            dict.fromkeys(["name", "service_fee", "own_funds", "province", "early_reason"], TEXT),
        ):
            assert client.post(path, json=body).status_code < 500
            sent += 1
    for value in (TEXT, str(NUMBER)):
        assert client.get("/api/v1/agencies/check", query_string={"name": value}).status_code == 200
        assert client.get("/vi/search", query_string={"q": value}).status_code == 200
        sent += 2
    return sent


def files_under(folder: Path, since: float):
    """Regular files on the folder's own file system: a FIFO another test left in /tmp, or a /proc mounted in
    a scratch root there (its kmsg), would make a read wait for ever."""
    device = folder.stat().st_dev
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if _same_device(Path(root) / d, device)]
        for name in files:
            path = Path(root) / name
            try:
                stat = path.lstat()
            except OSError:
                continue
            if stat_module.S_ISREG(stat.st_mode) and stat.st_dev == device and stat.st_mtime >= since:
                if stat.st_size < 20_000_000:
                    yield path


def _same_device(path: Path, device: int) -> bool:
    try:
        return path.lstat().st_dev == device
    except OSError:
        return False


def test_nothing_a_worker_types_is_kept_anywhere(own_instance, caplog, capfd):
    started = time.time() - 1
    app = create_app({"TESTING": False, "INSTANCE": str(own_instance)})
    caplog.set_level(logging.DEBUG)
    sent = submit_everything(app.test_client())
    assert sent >= 30
    assert app.extensions["kiosk_usage"].flush() > 0  # counting is on: its file is searched too
    assert (own_instance / "usage" / "counts.sqlite").is_file()
    printed = capfd.readouterr()
    said = (caplog.text + printed.out + printed.err).encode()
    hits = [n for n in needles() if n in said]
    for path in [*files_under(own_instance, 0), *files_under(Path(tempfile.gettempdir()), started)]:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        hits += [f"{path}: {n!r}" for n in needles() if n in data]
    assert hits == []
