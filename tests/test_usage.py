"""Usage counts (issue 19): what is counted for each page and answer, the batches and the counts file, the
clock-behind case, the small-number rule in every export, merging reports, and counting turned off."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
import time
from types import SimpleNamespace

import pytest

from kiosk import create_app
from kiosk.usage import outcomes, render, store
from kiosk.usage import report as rp
from kiosk.usage.tally import Batcher, Tally

TODAY = dt.date.today()


@pytest.fixture
def counting(own_instance):
    """An app that counts, and ``rows()``: the counts file after writing what is in memory."""
    app = create_app({"TESTING": True, "INSTANCE": str(own_instance)})
    batcher = app.extensions["kiosk_usage"]

    def rows() -> dict[tuple, int]:
        batcher.flush()
        return {tuple(r[:5]): r[5] for r in store.read(store.counts_path(own_instance))}

    return SimpleNamespace(app=app, client=app.test_client(), rows=rows, instance=own_instance)


def today_rows(rows: dict, surface: str = "phone", lang: str = "vi") -> dict[tuple, int]:
    day = TODAY.isoformat()
    return {(k[3], k[4]): n for k, n in rows.items() if k[:3] == (day, surface, lang)}


# -- what a page view and an answer count ----------------------------------------------------------------


def test_page_views_are_counted_by_kind_language_and_surface(counting):
    c = counting.client
    for path in ("/vi/", "/vi/", "/en/", "/vi/check-offer", "/vi/services", "/vi/articles/", "/vi/privacy"):
        assert c.get(path).status_code == 200
    assert c.get("/vi/no-such-page").status_code == 404
    rows = counting.rows()
    assert today_rows(rows)[("view", "kind=home")] == 2
    assert today_rows(rows, lang="en") == {("view", "kind=home"): 1}
    for kind in ("offer_check", "services", "articles", "privacy"):
        assert today_rows(rows)[("view", f"kind={kind}")] == 1
    assert sum(rows.values()) == 7  # the 404 counts nothing


def test_an_article_view_is_counted_under_its_topic_and_a_pocket_guide_download_too(counting):
    c = counting.client
    html = c.get("/vi/articles/").get_data(as_text=True)
    slug = re.search(r'href="/vi/articles/([a-z0-9-]+)"', html).group(1)
    assert c.get(f"/vi/articles/{slug}").status_code == 200
    guide = re.search(r'href="(/static/pocket/[^"]+-vi\.html)"', c.get("/vi/").get_data(as_text=True))
    assert guide and c.get(guide.group(1)).status_code == 200
    got = today_rows(counting.rows())
    (article,) = [d for (e, d), _n in got.items() if e == "view" and d.startswith("kind=article;")]
    assert article.split("topic=")[1] in outcomes_topics()
    assert got[("view", "kind=pocket_guide")] == 1


def outcomes_topics():
    from kiosk.articles.kind import TOPICS

    return TOPICS


def test_each_tool_counts_its_outcome_never_its_inputs(counting):
    c = counting.client
    over = {"choice": "JP/titp", "contract_months": "36", "monthly_salary": "20000000", "currency": "VND"}
    assert c.post("/vi/check-offer", data={**over, "service_fee": "70000000"}).status_code == 200
    assert c.post("/vi/check-offer", data=over).status_code == 200
    calc = {
        "loan_amount": "200000000",
        "loan_monthly_rate_percent": "1.5",
        "months_before_first_salary": "3",
        "contract_months": "36",
        "monthly_income": "30000000",
        "monthly_living_costs": "9000000",
    }
    assert c.post("/vi/calculator", data=calc).status_code == 200
    assert c.post("/vi/calculator", data={**calc, "return_after_months": "8"}).status_code == 200
    plan = {"route": "KR|eps", "completed": "no", "early_reason": "employer_closed", "still_abroad": "no",
            "province": "Bắc Giang", "goal": "job"}  # fmt: skip
    assert c.post("/vi/return-plan", data=plan).status_code == 200
    assert c.post("/vi/agencies/check", data={"name": "Công ty CP Nhân lực JH Việt Nam"}).status_code == 200
    assert c.get("/vi/search", query_string={"q": "qxzvwqk"}).status_code == 200
    assert c.get("/vi/search", query_string={"q": "visa"}).status_code == 200
    got = today_rows(counting.rows())
    assert got[("offer", "destination=JP;programme=titp;verdict=over_cap")] == 1
    assert got[("offer", "destination=JP;programme=titp;verdict=within_caps")] == 1
    assert got[("offer_item", "destination=JP;programme=titp;item=service_fee;problem=over_cap")] == 1
    assert got[("calculator", "early_return=no;never_repaid=no")] == 1
    assert got[("calculator", "early_return=yes;never_repaid=no")] == 1
    assert got[("return_plan", "situation=early;reason=employer_closed;goal=job")] == 1
    assert got[("agency", "verdict=lookalike;sanctioned=yes")] == 1  # JH was fined
    assert got[("search_empty", "")] == 1
    assert got[("view", "kind=search")] == 2


def test_an_offer_is_counted_once_its_wage_stands_not_when_the_page_asks_did_you_mean(counting):
    c = counting.client
    odd = {"choice": "JP/titp", "contract_months": "36", "monthly_salary": "20000000", "service_fee": "1"}
    assert c.post("/vi/check-offer", data=odd).status_code == 200  # 20 million yen a month? it asks
    assert not [k for k in counting.rows() if k[3] == "offer"]
    assert c.post("/vi/check-offer", data={**odd, "salary_confirmed": "1"}).status_code == 200
    assert [n for k, n in counting.rows().items() if k[3] == "offer"] == [1]


def test_a_form_sent_back_with_an_error_counts_no_answer(counting):
    c = counting.client
    assert c.post("/vi/check-offer", data={"choice": "JP/titp", "contract_months": "many"}).status_code == 400
    assert c.post("/vi/calculator", data={"loan_amount": "lots"}).status_code in (200, 400)
    assert c.post("/api/v1/calculate", json={"loan_amount": -1}).status_code == 400
    events = {e for (_d, _s, _l, e, _x) in counting.rows()}
    assert events <= {"view"}


def test_the_self_check_is_counted_by_band_of_warning_signs(counting):
    c = counting.client
    names = sorted(
        set(re.findall(r'name="([^"]+)" value="yes"', c.get("/vi/selfcheck").get_data(as_text=True)))
    )
    for answers in (dict.fromkeys(names, "yes"), dict.fromkeys(names, "no")):
        assert c.post("/vi/selfcheck", data=answers).status_code == 200
    bands = [d for (e, d) in today_rows(counting.rows()) if e == "selfcheck"]
    assert len(bands) == 2 and {b.split("=")[1] for b in bands} <= {"0", "1-2", "3-5", "6+"}
    assert outcomes.band(0) == "0" and outcomes.band(2) == "1-2" and outcomes.band(5) == "3-5"
    assert outcomes.band(13) == "6+"


def test_a_lookalike_of_a_sanctioned_firm_is_counted_as_such():
    firm = SimpleNamespace(status="revoked")
    check = SimpleNamespace(verdict="lookalike", lookalikes=(SimpleNamespace(status="licensed"), firm))
    assert outcomes.agency(check) == [("agency", "verdict=lookalike;sanctioned=yes")]
    check = SimpleNamespace(verdict="lookalike", lookalikes=(SimpleNamespace(status="licensed"),))
    assert outcomes.agency(check) == [("agency", "verdict=lookalike;sanctioned=no")]
    assert outcomes.agency(SimpleNamespace(verdict="revoked", lookalikes=())) == [
        ("agency", "verdict=revoked")
    ]


def test_api_answers_count_on_the_api_surface_and_the_language_asked(counting):
    c = counting.client
    body = {"destination": "JP", "programme": "titp", "contract_months": 36, "monthly_salary": 20_000_000}
    body["service_fee"] = 99_000_000
    assert c.post("/api/v1/check-offer?lang=en", json=body).status_code == 200
    assert c.get("/api/v1/agencies/check", query_string={"name": "qxzvwqk co"}).status_code == 200
    got = today_rows(counting.rows(), surface="api", lang="en")
    assert got[("offer", "destination=JP;programme=titp;verdict=over_cap")] == 1
    assert today_rows(counting.rows(), surface="api")[("agency", "verdict=not_found")] == 1


def test_the_counsellor_page_counts_only_the_tool_whose_button_was_pressed(counting):
    session = {
        "agency-name": "PETROMANNING JSC",
        "offer-choice": "JP/titp",
        "offer-contract_months": "36",
        "offer-monthly_salary": "30000000",
        "offer-service_fee": "100000000",
        "calc-loan_amount": "200000000",
        "calc-loan_monthly_rate_percent": "1.5",
        "calc-contract_months": "36",
        "calc-monthly_income": "30000000",
        "calc-monthly_living_costs": "9000000",
    }
    c = counting.client
    assert c.post("/vi/counsellor", data={**session, "tool": "offer"}).status_code == 200
    assert c.post("/vi/counsellor", data={**session, "tool": "nonsense"}).status_code == 200
    assert c.post("/vi/counsellor/handout", data=session).status_code == 200
    got = today_rows(counting.rows(), surface="counsellor")
    answers = {k: n for k, n in got.items() if k[0] != "view"}
    assert answers == {
        ("offer", "destination=JP;programme=titp;verdict=over_cap"): 1,
        ("offer_item", "destination=JP;programme=titp;item=service_fee;problem=over_cap"): 1,
    }
    assert got[("view", "kind=handout")] == 1


def test_the_kiosk_screen_is_its_own_surface(own_instance):
    app = create_app({"TESTING": True, "INSTANCE": str(own_instance), "KIOSK_MODE": True})
    c = app.test_client()
    assert c.get("/vi/", base_url="http://127.0.0.1:8080").status_code == 200
    assert c.get("/vi/", base_url="http://192.168.4.1:8080").status_code == 200
    app.extensions["kiosk_usage"].flush()
    surfaces = {r[1]: r[5] for r in store.read(store.counts_path(own_instance)) if r[3] == "view"}
    assert surfaces == {"kiosk": 1, "phone": 1}


# -- batches and the counts file -----------------------------------------------------------------------


def test_the_tally_adds_under_a_lock_and_take_empties_it():
    tally = Tally()
    key = (TODAY, "phone", "vi", "view", "kind=home")

    def hammer():
        for _ in range(5000):
            tally.add(key)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert tally.take() == {key: 20000}
    assert tally.take() == {}


def test_the_batcher_writes_every_interval_and_once_more_when_stopped(tmp_path):
    path = tmp_path / "counts.sqlite"
    tally = Tally()
    batches = []

    def write(counts):
        batches.append(sum(counts.values()))
        store.write(path, counts)

    batcher = Batcher(tally, write, seconds=0.2)
    batcher.start()
    tally.add((TODAY, "phone", "vi", "view", "kind=home"))
    deadline = time.monotonic() + 10
    while not batches and time.monotonic() < deadline:
        time.sleep(0.05)
    assert batches == [1]
    time.sleep(0.5)
    assert batches == [1]  # nothing counted, nothing written: the card is not touched
    tally.add((TODAY, "phone", "vi", "view", "kind=home"))
    batcher.stop()
    assert batches[-1] == 1 and sum(batches) == 2
    assert [r[5] for r in store.read(path)] == [2]


def test_a_failed_write_keeps_the_counts_for_the_next_batch(tmp_path, caplog):
    tally = Tally()
    key = (TODAY, "phone", "vi", "view", "kind=home")
    failing = {"on": True}

    def write(counts):
        if failing["on"]:
            raise OSError("read-only file system")
        store.write(tmp_path / "c.sqlite", counts)

    batcher = Batcher(tally, write, seconds=600)
    tally.add(key)
    assert batcher.flush() == 0
    assert "usage counts not written (OSError)" in caplog.text
    tally.add(key)
    failing["on"] = False
    assert batcher.flush() == 2
    assert store.read(tmp_path / "c.sqlite")[0][5] == 2


def test_a_batch_is_all_or_nothing(tmp_path):
    path = tmp_path / "c.sqlite"
    store.write(path, {(TODAY, "phone", "vi", "view", "kind=home"): 3})
    bad = {(TODAY, "phone", "vi", "view", "kind=home"): 4, (TODAY, "phone", "vi", "view", None): 1}
    with pytest.raises(sqlite3.IntegrityError):
        store.write(path, bad)
    assert [r[5] for r in store.read(path)] == [3]
    with sqlite3.connect(path) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)


# -- the clock behind the content ------------------------------------------------------------------------


def test_a_day_before_the_newest_signed_content_is_filed_as_date_unknown(tmp_path):
    path = tmp_path / "c.sqlite"
    store.write(
        path,
        {
            (dt.date(1970, 1, 1), "kiosk", "vi", "view", "kind=home"): 6,
            (dt.date(2026, 11, 24), "kiosk", "vi", "view", "kind=home"): 2,
            (dt.date(2026, 11, 25), "kiosk", "vi", "view", "kind=home"): 7,
        },
        not_before="2026-11-25",
    )
    assert {r[0]: r[5] for r in store.read(path)} == {"unknown": 8, "2026-11-25": 7}
    whole = rp.build(store.read(path), kiosk="k", today=TODAY)
    assert whole.months == ["2026-11", "unknown"]
    assert whole.tables["page_views"][("home",)] == {"2026-11": (7, 7), "unknown": (8, 8), "total": (15, 15)}
    dated = rp.build(
        store.read(path, "2026-11-01", "2026-11-30"),
        kiosk="k",
        today=TODAY,
        start="2026-11-01",
        end="2026-11-30",
    )
    assert dated.tables["page_views"][("home",)] == {"2026-11": (7, 7), "total": (7, 7)}
    assert dated.unknown_left_out == (8, 8)
    assert "Date unknown" in render.as_html(dated)


def test_the_web_side_files_a_wrong_clock_under_date_unknown(counting, monkeypatch):
    from kiosk.build import freshness

    monkeypatch.setattr(freshness, "today", lambda: dt.date(1970, 1, 2))
    assert counting.client.get("/vi/").status_code == 200
    monkeypatch.undo()
    assert counting.client.get("/vi/").status_code == 200
    rows = counting.rows()
    assert {k[0]: n for k, n in rows.items()} == {"unknown": 1, TODAY.isoformat(): 1}


def test_a_newer_signed_date_seen_by_an_update_also_bounds_the_clock(counting):
    """A bundle or feed index verified on this kiosk (issue 18's record) proves the date is at least its
    issue date, even while the content served is older."""
    from kiosk.build import freshness

    later = (TODAY + dt.timedelta(days=40)).isoformat()
    assert store.newest_content_date(counting.instance) < TODAY.isoformat()
    freshness.note_issued_on(counting.instance, later)
    assert store.newest_content_date(counting.instance) == later
    assert counting.client.get("/vi/").status_code == 200
    assert {k[0] for k in counting.rows()} == {"unknown"}


# -- the small-number rule -------------------------------------------------------------------------------


def small_report() -> rp.Report:
    rows = [
        ("2026-11-03", "phone", "vi", "view", "kind=home", 3),
        ("2026-11-04", "phone", "vi", "view", "kind=home", 4),
        ("2026-11-04", "phone", "vi", "view", "kind=services", 2),
        ("2026-11-05", "kiosk", "en", "offer", "destination=TW;programme=factory;verdict=over_cap", 1),
        ("2026-12-01", "phone", "vi", "view", "kind=services", 41),
    ]
    return rp.build(rows, kiosk="Xã Nhỏ", today=TODAY)


def test_counts_from_1_to_4_are_shown_as_under_5_in_every_export():
    assert [rp.shown((n, n)) for n in (0, 1, 4, 5, 41)] == [0, "< 5", "< 5", 5, 41]
    made = small_report()
    lines = list(rp.csv_rows(made))
    home = [ln for ln in lines if ln[0] == "page_views" and ln[3] == "kind=home"]
    assert {ln[2]: ln[4] for ln in home} == {"2026-11": "7", "total": "7"}
    services = {ln[2]: ln[4] for ln in lines if ln[0] == "page_views" and ln[3] == "kind=services"}
    assert services == {"2026-11": "< 5", "2026-12": "41", "total": "43"}
    counts = {ln[4] for ln in lines[1:]}
    assert not counts & {"1", "2", "3", "4"}

    doc = json.loads(render.as_json(made))
    values = []

    def walk(node):
        if isinstance(node, dict):
            if "counts" in node:
                values.extend(node["counts"].values())
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc["tables"])
    assert "< 5" in values and not [v for v in values if isinstance(v, int) and 0 < v < 5]

    html = render.as_html(made)
    cells = re.findall(r'<td class="n">([^<]*)</td>', html)
    assert "&lt; 5" in cells and not set(cells) & {"1", "2", "3", "4"}
    bar_labels = re.findall(r"<text x=\"[\d.]+\" y=\"\d+\">([^<]*)</text>", html)
    assert bar_labels and not set(bar_labels) & {"1", "2", "3", "4"}
    assert "<script" not in html and "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


# -- merging ---------------------------------------------------------------------------------------------


def report_json(kiosk: str, rows: list[tuple]) -> dict:
    return json.loads(render.as_json(rp.build(rows, kiosk=kiosk, today=TODAY)))


def test_merging_adds_kiosks_by_name_and_in_total_and_never_undoes_the_rule():
    a = report_json("Bắc Giang MRC", [("2026-11-03", "phone", "vi", "view", "kind=home", 3)])
    b = report_json("Nghệ An MRC", [("2026-11-09", "phone", "vi", "view", "kind=home", 40)])
    a2 = report_json("Bắc Giang MRC", [("2026-12-01", "phone", "vi", "view", "kind=home", 9)])
    merged = rp.merge([rp.from_json(d) for d in (a, b, a2)], TODAY)
    assert merged.tables["page_views"][("home",)]["total"] == (50, 53)
    assert rp.shown((50, 53)) == {"min": 50, "max": 53}
    assert sorted(merged.by_kiosk) == ["Bắc Giang MRC", "Nghệ An MRC"]
    assert merged.by_kiosk["Bắc Giang MRC"]["page_views"][("home",)]["total"] == (10, 13)
    assert merged.months == ["2026-11", "2026-12"]
    out = json.loads(render.as_json(merged))
    assert out["kiosks"] == ["Bắc Giang MRC", "Nghệ An MRC"]
    again = rp.merge([rp.from_json(out), rp.from_json(report_json("Huế", []))], TODAY)
    assert again.tables["page_views"][("home",)]["total"] == (50, 53)
    assert sorted(again.by_kiosk) == ["Bắc Giang MRC", "Huế", "Nghệ An MRC"]
    assert ["page_views", "all", "total", "kind=home", "50–53"] in list(rp.csv_rows(merged))
    html = render.as_html(merged)
    assert "Nghệ An MRC" in html and "50–53" in html


def test_a_small_merged_total_stays_under_5():
    a = report_json("A", [("2026-11-03", "phone", "vi", "search_empty", "", 1)])
    b = report_json("B", [("2026-11-03", "phone", "vi", "search_empty", "", 1)])
    merged = rp.merge([rp.from_json(a), rp.from_json(b)], TODAY)
    assert merged.tables["searches_nothing_found"][()]["total"] == (2, 8)
    assert rp.as_text((2, 8)) == "2–8"  # never "2": the true total may be anything from 2 to 8


@pytest.mark.parametrize(
    "doc",
    [
        [],
        {"format": "other"},
        {"format": rp.FORMAT, "tables": {"page_views": {"rows": [{"counts": {"total": -3}}]}}},
    ],
)
def test_merging_refuses_what_is_not_a_report(doc):
    with pytest.raises(rp.ReportError):
        rp.from_json(doc)


# -- the command -----------------------------------------------------------------------------------------


def test_kiosk_report_writes_csv_json_and_html_from_the_counts_file(cli, instance, tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_KIOSK_NAME", '"Trạm Bắc Giang"')
    store.write(
        store.counts_path(instance),
        {
            (dt.date(2026, 10, 30), "phone", "vi", "view", "kind=home"): 12,
            (dt.date(2026, 11, 2), "phone", "vi", "view", "kind=home"): 30,
            (
                dt.date(2026, 11, 2),
                "kiosk",
                "vi",
                "offer",
                "destination=JP;programme=titp;verdict=over_cap",
            ): 6,
        },
    )
    for fmt in ("csv", "json", "html"):
        out = tmp_path / f"r.{fmt}"
        result = cli("report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", fmt, "--out", out)
        assert result.exit_code == 0, result.output
        assert "Trạm Bắc Giang" in result.output
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["kiosk"] == "Trạm Bắc Giang" and doc["months"] == ["2026-11"]
    (home,) = doc["tables"]["page_views"]["rows"]
    assert home["counts"] == {"2026-11": 30, "total": 30}
    assert "2026-W45" in doc["weeks"]
    assert "kind=home" in (tmp_path / "r.csv").read_text(encoding="utf-8")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<svg" in html and "Offer checks by destination" in html and "Trạm Bắc Giang" in html

    merged = tmp_path / "m.json"
    second = tmp_path / "r2.json"
    monkeypatch.setenv("KIOSK_KIOSK_NAME", '"Trạm Huế"')
    assert cli("report", "--format", "json", "--out", second).exit_code == 0
    result = cli("report", "--merge", tmp_path / "r.json", second, "--format", "json", "--out", merged)
    assert result.exit_code == 0, result.output
    doc = json.loads(merged.read_text(encoding="utf-8"))
    assert doc["kiosks"] == ["Trạm Bắc Giang", "Trạm Huế"]
    assert doc["tables"]["page_views"]["rows"][0]["counts"]["total"] == 72


def test_kiosk_report_explains_bad_dates_and_bad_files(cli, instance, tmp_path):
    result = cli("report", "--from", "2026-13-01")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    result = cli("report", "--from", "2026-12-01", "--to", "2026-11-01")
    assert result.exit_code == 2 and "--from is after --to" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = cli("report", "--merge", bad)
    assert (
        result.exit_code == 1 and "not a usage report" in result.output and "Traceback" not in result.output
    )
    good = tmp_path / "good.json"
    assert cli("report", "--format", "json", "--out", good).exit_code == 0
    result = cli("report", "--merge", good, good)
    assert result.exit_code == 1 and "counted twice" in result.output
    assert cli("report", good).exit_code == 2  # files only with --merge


def test_a_report_on_a_kiosk_that_never_counted_is_empty_not_an_error(cli, instance):
    result = cli("report", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["tables"]["page_views"]["rows"] == []


# -- counting off ----------------------------------------------------------------------------------------


def test_counting_turned_off_counts_nothing_and_the_privacy_note_says_so(own_instance):
    app = create_app({"TESTING": True, "INSTANCE": str(own_instance), "USAGE_COUNTING": False})
    c = app.test_client()
    for path in ("/vi/", "/vi/check-offer", "/vi/search?q=visa"):
        assert c.get(path).status_code == 200
    assert "kiosk_usage" not in app.extensions
    assert not store.counts_path(own_instance).exists()
    assert "It counts nothing." in c.get("/en/privacy").get_data(as_text=True)


def test_the_privacy_note_says_what_is_counted_and_every_page_links_to_it(client):
    html = client.get("/en/").get_data(as_text=True)
    assert 'href="/en/privacy"' in html
    note = client.get("/en/privacy").get_data(as_text=True)
    assert "how often each page is opened" in note and "fewer than 5" in note
    assert 'href="/vi/privacy"' in client.get("/vi/services").get_data(as_text=True)
    assert "Máy này" in client.get("/vi/privacy").get_data(as_text=True)
