"""Counting on, nothing typed kept (issue 19): every form and API is sent a unique string, unique amounts,
a client address, a user agent and a cookie; then the counts file and every report made from it (CSV, JSON,
HTML, and a merge) are searched for them: zero hits, while the answers were counted."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pytest

from kiosk import create_app
from kiosk.usage import store

TEXT = "Ywcanaryzu Phạm Văn Quýt"
NUMBER = 48172639
CLIENT = "203.0.113.77"
AGENT = "Mozilla/5.0 UAcanaryqz"
COOKIE = "ckcanaryvb"
FORMS = ["check-offer", "calculator", "return-plan", "selfcheck", "agencies/check", "counsellor"]
VALID = {
    "check-offer": {"choice": "JP/titp", "contract_months": "36", "monthly_salary": str(NUMBER), "currency": "VND"},
    "calculator": {
        "loan_amount": str(NUMBER),
        "loan_monthly_rate_percent": "1.5",
        "contract_months": "36",
        "monthly_income": str(NUMBER // 2),
        "monthly_living_costs": "9000000",
    },
    "return-plan": {"route": "KR|eps", "completed": "yes", "still_abroad": "no", "goal": "business"},
    "agencies/check": {"name": TEXT},
    "counsellor": {"tool": "calc", "calc-loan_amount": str(NUMBER), "calc-monthly_income": "31000000",
                   "calc-loan_monthly_rate_percent": "1", "calc-contract_months": "36", "agency-name": TEXT},
}  # fmt: skip


def needles() -> list[bytes]:
    words = {
        "Ywcanaryzu",
        "canaryzu",
        "Quýt",
        str(NUMBER),
        f"{NUMBER:,}",
        f"{NUMBER:,}".replace(",", "."),
        str(NUMBER // 2),
        CLIENT,
        "203.0.113",
        "UAcanaryqz",
        COOKIE,
    }
    return [w.encode() for w in words]


@pytest.fixture
def own_instance(built_instance, tmp_path):
    target = tmp_path / "instance"
    shutil.copytree(built_instance, target, symlinks=True, ignore=shutil.ignore_patterns("usage"))
    return target


def drive_everything(client) -> int:
    """Every form (every field: the string, then the amount, then a valid answer carrying both) and every
    API, as a phone at CLIENT would; returns how many requests were made."""
    sent = 0
    for lang in ("vi", "en"):
        for form in FORMS:
            path = f"/{lang}/{form}"
            page = client.get(path).get_data(as_text=True)
            names = set(re.findall(r'name="([^"]+)"', page)) - {"viewport", "google"}
            for value in (TEXT, str(NUMBER), f"{NUMBER:,}".replace(",", ".")):
                assert client.post(path, data=dict.fromkeys(names, value)).status_code < 500
            valid = VALID.get(form) or {n: "yes" for n in names}
            assert client.post(path, data=valid).status_code == 200, path
            sent += 5
        assert client.post(f"/{lang}/counsellor/handout", data=VALID["counsellor"]).status_code == 200
        assert client.get(f"/{lang}/search", query_string={"q": TEXT}).status_code == 200
        sent += 2
    offer = {"destination": "JP", "programme": "titp", "contract_months": 36, "monthly_salary": NUMBER}
    for path, body in (
        ("/api/v1/check-offer", {**offer, "monthly_salary": 10_000_000, "service_fee": NUMBER, "brokerage_fee": NUMBER // 2}),
        ("/api/v1/check-offer", dict.fromkeys(offer, TEXT)),
        ("/api/v1/calculate", {"loan_amount": NUMBER, "loan_monthly_rate_percent": 1, "contract_months": 12,
                               "monthly_income": NUMBER // 2}),
        ("/api/v1/return-plan", {"destination": "JP", "completed": True, "goal": "job", "province": TEXT}),
        ("/api/v1/return-plan", {"destination": "JP", "completed": False, "early_reason": "family",
                                 "goal": "skills"}),
    ):  # fmt: skip
        assert client.post(path, json=body).status_code < 500
        sent += 1
    for path, key in (("/api/v1/agencies/check", "name"), ("/api/v1/search", "q"), ("/api/v1/agencies", "q")):
        for value in (TEXT, str(NUMBER)):
            assert client.get(path, query_string={key: value}).status_code < 500
            sent += 1
    return sent


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
