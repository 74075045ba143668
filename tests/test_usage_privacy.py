"""Counting on, nothing typed kept (issue 19): every form and API is sent a unique string, unique amounts,
a client address, a user agent and a cookie; then the counts file and every report made from it (CSV, JSON,
HTML, and a merge) are searched for them: zero hits, while the answers were counted."""

from __future__ import annotations

import json
import re
import sqlite3

from canary import drive_everything, typed

from kiosk import create_app
from kiosk.usage import store

CLIENT = "203.0.113.77"
AGENT = "Mozilla/5.0 UAcanaryqz"
COOKIE = "ckcanaryvb"


def needles() -> list[bytes]:
    return [w.encode() for w in typed() | {CLIENT, "203.0.113", "UAcanaryqz", COOKIE}]


def test_nothing_typed_no_amount_and_no_address_reach_the_counts_or_any_report(
    own_instance, cli, tmp_path, monkeypatch
):
    monkeypatch.setenv("KIOSK_INSTANCE", str(own_instance))
    app = create_app({"TESTING": True, "INSTANCE": str(own_instance)})
    client = app.test_client()
    client.environ_base.update(
        {"REMOTE_ADDR": CLIENT, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": CLIENT}
    )
    client.set_cookie("session", COOKIE)
    assert drive_everything(client) >= 60
    assert app.extensions["kiosk_usage"].flush() > 0

    counts = store.counts_path(own_instance)
    with sqlite3.connect(counts) as conn:
        events = {e for (e,) in conn.execute("select distinct event from counts")}
    assert events >= {"view", "offer", "offer_item", "calculator", "return_plan", "selfcheck", "agency"}
    assert "search_empty" in events

    outputs = {"counts.sqlite": counts.read_bytes()}
    for fmt in ("csv", "json", "html"):
        out = tmp_path / f"report.{fmt}"
        assert cli("report", "--format", fmt, "--out", out).exit_code == 0
        outputs[out.name] = out.read_bytes()
    merged = tmp_path / "merged.html"
    assert cli("report", "--merge", tmp_path / "report.json", "--out", merged).exit_code == 0
    outputs[merged.name] = merged.read_bytes()
    assert json.loads(outputs["report.json"])["tables"]["calculator_runs"]["rows"]
    hits = [f"{name}: {n!r}" for name, data in outputs.items() for n in needles() if n in data]
    assert hits == []
    # and no column or value of the file could hold one: every value is a code from a closed set
    with sqlite3.connect(counts) as conn:
        for day, surface, lang, _event, detail, _n in conn.execute("select * from counts"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\d|unknown", day)
            assert surface in {"phone", "kiosk", "counsellor", "api"} and lang in {"vi", "en"}
            assert re.fullmatch(r"([a-z_]+=[A-Za-z0-9_+-]*)?(;[a-z_]+=[A-Za-z0-9_+-]*)*", detail), detail
