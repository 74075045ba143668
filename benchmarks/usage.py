"""Usage counts (issue 19): what counting costs a request, a sample report after a scripted run of mixed
use, and the counts file's size after a simulated year.

1. Cost: one ``Tally.add`` (the dictionary increment under a lock), the whole after-request hook, and a
   cached page through the test client with counting on and off (alternating rounds, medians).
2. Mixed use: DAYS days of VISITORS visitors each, scripted from a fixed seed: phones, the kiosk's own
   screen and the counsellor page, in Vietnamese and English; agency checks (licensed, look-alike, unknown
   names), offer checks around the caps, calculator runs with and without an early return, return plans,
   self-checks, articles, searches (some finding nothing), pocket guides. Each day is one batch written
   to the counts file; the report's main figures are printed and the report is written (HTML, CSV, JSON)
   to --out.
3. A year: 365 days of 200 visitors, each visitor's counts drawn from the visitors of the mixed run
   (their real keys, re-dated), written one batch per 10 minutes of a 12-hour day; the file's size.

    .venv/bin/python benchmarks/usage.py [--days 14] [--visitors 40] [--out DIR] [--content content/]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import sys
import tempfile
import time
import timeit
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import create_app  # noqa: E402
from kiosk.build import freshness  # noqa: E402
from kiosk.build.pipeline import build  # noqa: E402
from kiosk.usage import render, store  # noqa: E402
from kiosk.usage import report as rp  # noqa: E402
from kiosk.usage.tally import Tally  # noqa: E402

PHONE, SCREEN = "http://192.168.4.1:8080", "http://127.0.0.1:8080"
NAMES_NOT_LISTED = ["Công ty Xuất khẩu Lao động Hoàng Long Phát", "Hai Nam Co", "Viet Sun Manpower"]
LOOKALIKES = ["Công ty CP Nhân lực JH Việt Nam", "Công ty CP Nhân lực Quốc tế Hoàng Gia Long"]
SEARCHES = ["visa", "phí dịch vụ", "Hàn Quốc", "lừa đảo", "qzxv", "tiền môi giới", "EPS", "wxqj kk"]
CAP_FACTORS = [0.3, 0.6, 0.9, 1.0, 1.4, 2.0]


# -- 1. cost ----------------------------------------------------------------------------------------------


def cost(instance: Path, rounds: int = 7, per_round: int = 1000) -> None:
    tally = Tally()
    key = (dt.date.today(), "phone", "vi", "view", "kind=home")
    n = 1_000_000
    add_ns = min(timeit.repeat(lambda: tally.add(key), number=n, repeat=3)) / n * 1e9
    print(f"Tally.add (one dictionary increment under a lock): {add_ns:.0f} ns")

    app = create_app({"TESTING": True, "INSTANCE": str(instance)})
    hook = app.after_request_funcs[None][-1]
    with app.test_request_context("/vi/services", base_url=PHONE):
        app.preprocess_request()
        response = app.make_response("x")
        n = 50_000
        hook_us = min(timeit.repeat(lambda: hook(response), number=n, repeat=3)) / n * 1e6
    print(f"the after-request hook (page kind, surface, language, one add): {hook_us:.2f} µs per request")

    clients = {
        on: create_app({"TESTING": True, "INSTANCE": str(instance), "USAGE_COUNTING": on}).test_client()
        for on in (True, False)
    }
    times: dict[bool, list[float]] = {True: [], False: []}
    for on in (True, False):
        clients[on].get("/vi/services", base_url=PHONE)  # render once: the page cache serves the rest
    for _ in range(rounds):
        for on in (True, False):
            start = time.perf_counter()
            for _ in range(per_round):
                clients[on].get("/vi/services", base_url=PHONE)
            times[on].append((time.perf_counter() - start) / per_round * 1e6)
    on, off = statistics.median(times[True]), statistics.median(times[False])
    print(
        f"a cached page through the test client: {on:.0f} µs counting, {off:.0f} µs not counting "
        f"(difference {on - off:+.1f} µs; medians of {rounds} rounds of {per_round})"
    )


# -- 2. mixed use -----------------------------------------------------------------------------------------


class Visitors:
    """Scripted visitors on one app (kiosk mode, so the screen is its own surface)."""

    def __init__(self, app, rng: random.Random):
        self.app, self.rng = app, rng
        self.client = app.test_client()
        page = self.get("/vi/check-offer", PHONE)
        self.choices = sorted(set(re.findall(r'<option value="([A-Z]{2}/[a-z_]+)"', page)))
        page = self.get("/vi/return-plan", PHONE)
        self.routes = sorted(set(re.findall(r'<option value="([^"]+)"', page)) - {""})
        page = self.get("/vi/selfcheck", PHONE)
        self.questions = sorted(set(re.findall(r'name="([a-z_]+)" value="yes"', page)))
        page = self.get("/vi/articles/", PHONE)
        self.articles = sorted(set(re.findall(r'href="/vi/articles/([a-z0-9-]+)"', page)))
        self.agencies = []
        for status in ("licensed", "suspended", "revoked", "unlicensed"):
            found = self.client.get("/api/v1/agencies", query_string={"status": status, "limit": 30})
            self.agencies += [a["name"] for a in found.get_json()["results"] if a["status"] == status][:30]
        page = self.get("/vi/", PHONE)
        self.guides = re.findall(r'href="(/static/pocket/[^"]+-)vi\.html"', page)
        self.app.extensions["kiosk_usage"].tally.take()

    def get(self, path: str, base: str, **kw) -> str:
        return self.client.get(path, base_url=base, **kw).get_data(as_text=True)

    def post(self, path: str, base: str, data: dict) -> None:
        self.client.post(path, base_url=base, data=data)

    def visit(self) -> None:
        r = self.rng
        lang = "en" if r.random() < 0.15 else "vi"
        if r.random() < 0.1:
            return self.counsellor(lang)
        base = SCREEN if r.random() < 0.35 else PHONE
        self.get(f"/{lang}/", base)
        if r.random() < 0.35:
            self.get(f"/{lang}/agencies/check", base)
            name = r.choice([*self.agencies, *self.agencies, *LOOKALIKES, *NAMES_NOT_LISTED])
            self.post(f"/{lang}/agencies/check", base, {"name": name})
        if r.random() < 0.3:
            self.get(f"/{lang}/check-offer", base)
            self.post(f"/{lang}/check-offer", base, self.offer())
        if r.random() < 0.2:
            self.get(f"/{lang}/calculator", base)
            self.post(f"/{lang}/calculator", base, self.calculation())
        if r.random() < 0.1:
            self.get(f"/{lang}/return-plan", base)
            completed = r.random() < 0.5
            plan = {"route": r.choice(self.routes), "completed": "yes" if completed else "no",
                    "still_abroad": "yes" if r.random() < 0.15 else "no",
                    "goal": r.choice(["job", "skills", "business", "abroad_again"])}  # fmt: skip
            if not completed:
                plan["early_reason"] = r.choice(
                    ["employer_closed", "accident_illness", "dismissed", "family"]
                )
            self.post(f"/{lang}/return-plan", base, plan)
        if r.random() < 0.15:
            self.get(f"/{lang}/selfcheck", base)
            risky = r.random() * 0.5
            answers = {q: ("yes" if r.random() < risky else "no") for q in self.questions}
            self.post(f"/{lang}/selfcheck", base, answers)
        if r.random() < 0.25:
            self.get(f"/{lang}/articles/", base)
            self.get(f"/{lang}/articles/{r.choice(self.articles)}", base)
        if r.random() < 0.12:
            self.get(f"/{lang}/search", base, query_string={"q": r.choice(SEARCHES)})
        if r.random() < 0.1:
            self.get(f"/{lang}/services", base)
        if self.guides and r.random() < 0.05:
            self.get(f"{self.guides[0]}{lang}.html", base)
        if base == SCREEN:
            self.get(f"/{lang}/new-person", base)

    def offer(self) -> dict:
        r = self.rng
        salary = r.choice([8, 12, 20, 30, 40]) * 1_000_000
        data = {"choice": r.choice(self.choices), "contract_months": str(r.choice([12, 24, 36, 36, 60])),
                "monthly_salary": str(salary), "currency": "VND", "service_fee": str(int(salary * r.choice(CAP_FACTORS)))}  # fmt: skip
        if r.random() < 0.15:
            data["brokerage_fee"] = str(r.choice([5, 10, 30]) * 1_000_000)
        if r.random() < 0.1:
            data["deposit"] = str(r.choice([20, 50, 100]) * 1_000_000)
        return data

    def calculation(self) -> dict:
        r = self.rng
        data = {"loan_amount": str(r.choice([80, 150, 200, 250, 300]) * 1_000_000),
                "loan_monthly_rate_percent": r.choice(["0.8", "1.2", "1.5", "2"]),
                "months_before_first_salary": str(r.choice([1, 2, 3, 6])), "contract_months": "36",
                "monthly_income": str(r.choice([12, 20, 30]) * 1_000_000),
                "monthly_living_costs": str(r.choice([5, 8, 12]) * 1_000_000)}  # fmt: skip
        if r.random() < 0.3:
            data["return_after_months"] = str(r.choice([3, 6, 8, 12]))
        return data

    def counsellor(self, lang: str) -> None:
        r = self.rng
        self.get(f"/{lang}/counsellor", PHONE)
        offer = {f"offer-{k}": v for k, v in self.offer().items()}
        calc = {f"calc-{k}": v for k, v in self.calculation().items()}
        session = {"agency-name": r.choice([*self.agencies, *LOOKALIKES]), **offer, **calc}
        for tool in r.sample(["agency", "offer", "calc"], r.choice([1, 2, 3])):
            self.post(f"/{lang}/counsellor", PHONE, {**session, "tool": tool})
        if r.random() < 0.5:
            self.post(f"/{lang}/counsellor/handout", PHONE, session)


def mixed_use(instance: Path, days: int, visitors: int, seed: int = 19) -> list[dict]:
    """Run the scripted visitors day by day; returns each visitor's counts (keys without the day)."""
    app = create_app({"TESTING": True, "INSTANCE": str(instance), "KIOSK_MODE": True})
    batcher = app.extensions["kiosk_usage"]
    crowd = Visitors(app, random.Random(seed))
    counts_path = store.counts_path(instance)
    not_before = store.newest_content_date(instance)
    first = dt.date.fromisoformat(not_before) + dt.timedelta(days=1)
    each: list[dict] = []
    real_today = freshness.today
    started = time.perf_counter()
    requests = 0
    try:
        for d in range(days):
            day = first + dt.timedelta(days=d)
            freshness.today = lambda day=day: day
            batch: Counter = Counter()
            for _ in range(visitors):
                crowd.visit()
                got = batcher.tally.take()
                requests += sum(n for k, n in got.items() if k[3] == "view")
                each.append({k[1:]: n for k, n in got.items()})
                batch.update(got)
            store.write(counts_path, batch, not_before)
    finally:
        freshness.today = real_today
    took = time.perf_counter() - started
    print(f"{days} days × {visitors} visitors: {len(each)} visits, {requests} page views, {took:.0f} s")
    return each


def sample_report(instance: Path, out: Path) -> None:
    made = rp.build(store.read(store.counts_path(instance)), kiosk="Sample kiosk", today=dt.date.today())
    out.mkdir(parents=True, exist_ok=True)
    (out / "usage-report.html").write_text(render.as_html(made), encoding="utf-8")
    (out / "usage-report.csv").write_text(render.as_csv(made), encoding="utf-8")
    (out / "usage-report.json").write_text(render.as_json(made), encoding="utf-8")
    print(
        f"sample report ({made.months[0]} to {made.months[-1]}) written to {out}/usage-report.{{html,csv,json}}"
    )
    for table in (
        "page_views",
        "page_views_by_surface",
        "agency_checks",
        "lookalikes_of_sanctioned_firms",
        "offer_checks_by_destination",
        "offer_items_over_cap",
        "calculator_runs",
        "return_plans",
        "selfchecks",
        "searches_nothing_found",
    ):
        rows = sorted(made.tables[table].items(), key=lambda kc: -kc[1]["total"][1])
        shown = "; ".join(f"{'/'.join(k) or 'all'} {rp.as_text(c['total'])}" for k, c in rows[:12])
        print(f"  {table}: {shown}")


# -- 3. a year ----------------------------------------------------------------------------------------------


def year(visits: list[dict], tmp: Path, per_day: int = 200, days: int = 365, batches: int = 72) -> None:
    rng = random.Random(365)
    path = tmp / "year.sqlite"
    start = dt.date(2026, 1, 1)
    write_ms = []
    for d in range(days):
        day = start + dt.timedelta(days=d)
        chosen = [rng.choice(visits) for _ in range(per_day)]
        for b in range(batches):
            batch: Counter = Counter()
            for visit in chosen[b * per_day // batches : (b + 1) * per_day // batches]:
                batch.update({(day, *k): n for k, n in visit.items()})
            if batch:
                t = time.perf_counter()
                store.write(path, batch)
                write_ms.append((time.perf_counter() - t) * 1000)
    rows = len(store.read(path))
    size = path.stat().st_size
    print(
        f"a year of {per_day} visitors a day ({days * per_day} visits, {len(write_ms)} batches): "
        f"{rows} rows, {size / 1e6:.2f} MB ({size / days / 1000:.1f} KB a day); "
        f"a batch write: median {statistics.median(write_ms):.1f} ms, max {max(write_ms):.0f} ms"
    )
    made = rp.build(store.read(path), kiosk="year", today=dt.date.today())
    t = time.perf_counter()
    html = render.as_html(made)
    print(
        f"the year's report: built and rendered in {time.perf_counter() - t:.2f} s, HTML {len(html) / 1000:.0f} KB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--visitors", type=int, default=40)
    parser.add_argument("--out", type=Path, default=None, help="where the sample report goes")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "instance"
        build(args.content, instance)
        cost(instance)
        each = mixed_use(instance, args.days, args.visitors)
        sample_report(instance, args.out or Path(tmp) / "report")
        year(each, Path(tmp))


if __name__ == "__main__":
    main()
