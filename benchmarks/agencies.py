"""Agency lookup at scale: 5,000 synthetic agencies (generated here, never shipped), on one core.

Times are CPU time of the measuring thread (on a busy shared machine wall time measures the neighbours).

1. In process: build the index; exact lookup (a listed name typed another way: no marks, upper case, a
   different legal form) and the full check over a mix of exact names, look-alikes, fragments and unknown
   names; median and p95 per call (target p95 < 5 ms).
2. Through the app: the content with its agency list replaced by the synthetic one is built into a temporary
   instance, and the Flask test client (no network) asks `/api/v1/agencies?q=` for SECONDS; requests/s.

    .venv/bin/python benchmarks/agencies.py [--agencies 5000] [--seconds 5] [--content content/]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.agencies import names  # noqa: E402
from kiosk.agencies.kind import COLUMNS  # noqa: E402
from kiosk.agencies.model import Agency, AgencyIndex, coverage  # noqa: E402

FORMS = ["Công ty TNHH", "Công ty cổ phần", "Công ty CP", "Tổng công ty", "Công ty TNHH một thành viên"]
TRADE = ["Nhân lực", "Thương mại", "Đầu tư", "Dịch vụ", "Hợp tác quốc tế", "Xuất nhập khẩu", "Phát triển",
         "Cung ứng lao động", "Xây dựng", "Du lịch", "Đào tạo", "Kỹ thuật"]  # fmt: skip
SYLLABLES = ["An", "Bảo", "Bình", "Cường", "Đại", "Đông", "Gia", "Hải", "Hòa", "Hoàng", "Hưng", "Khang", "Kim",
             "Lâm", "Long", "Minh", "Nam", "Ngọc", "Phát", "Phú", "Quang", "Sơn", "Tân", "Thành", "Thịnh", "Tiến",
             "Trung", "Tuấn", "Việt", "Vinh", "Xuân", "Yên"]  # fmt: skip
PROVINCES = ["Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Nghệ An", "Thanh Hóa", "Bắc Ninh", "Phú Thọ"]


def synthetic(n: int, seed: int = 4) -> list[Agency]:
    """``n`` made-up agencies with Vietnamese-looking names and unique ids."""
    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < n:
        brand = " ".join(rng.sample(SYLLABLES, rng.choice((2, 2, 3))))
        trade = " ".join(rng.sample(TRADE, rng.choice((1, 2, 3))))
        name = f"{rng.choice(FORMS)} {trade} {brand}"
        short = "".join(w[0] for w in names.words(brand + " " + trade)).upper() + rng.choice(
            ["", " JSC", " CO.,LTD"]
        )
        aid = names.slug(name)
        if aid in seen:
            continue
        seen.add(aid)
        status = rng.choices(("licensed", "suspended", "revoked"), (90, 4, 6))[0]
        out.append(
            Agency(
                id=aid,
                name=name,
                short_name=short,
                status=status,
                status_basis="reported",
                province=rng.choice(PROVINCES),
                source=("ag-seed-list",),
                source_date="2023-07",
                verified_on="2026-11-23",
            )
        )
    return out


def queries(agencies: list[Agency], rng: random.Random, count: int) -> list[str]:
    """A mix: exact names typed loosely, look-alikes, fragments and names that are not there."""
    out = []
    for _ in range(count):
        a = rng.choice(agencies)
        kind = rng.randrange(4)
        if kind == 0:
            out.append(" ".join(names.words(a.name)).upper().replace("CONG TY CO PHAN", "CTY CP"))
        elif kind == 1:
            out.append(a.name + " Việt Nam")
        elif kind == 2:
            out.append(" ".join(a.name.split()[-2:]))
        else:
            out.append(f"Công ty TNHH Không Có {rng.randrange(10**6)}")
    return out


def timed(fn, items) -> list[float]:
    """Milliseconds of this thread's CPU per call: on a shared, busy machine wall time measures the
    neighbours; CPU time is what one core of a kiosk would spend."""
    times = []
    for item in items:
        start = time.thread_time()
        fn(item)
        times.append((time.thread_time() - start) * 1000)
    return times


def summary(label: str, times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[18]
    return f"{label:<34} median {statistics.median(times):6.3f} ms   p95 {p95:6.3f} ms   ({len(times)} calls)"


def in_process(agencies: list[Agency]) -> None:
    start = time.thread_time()
    index = AgencyIndex(agencies, coverage(agencies, 505, "2025-03", ()))
    print(f"index of {len(agencies)} agencies built in {(time.thread_time() - start) * 1000:.0f} ms CPU")
    rng = random.Random(7)
    exact = [" ".join(names.words(a.name)).upper() for a in rng.sample(agencies, 2000)]
    print(summary("exact lookup (name typed loosely)", timed(index.exact, exact)))
    mix = queries(agencies, rng, 2000)
    print(summary("check (mixed queries)", timed(index.check, mix)))
    verdicts = {}
    for q in mix[:400]:
        v = index.check(q).verdict
        verdicts[v] = verdicts.get(v, 0) + 1
    print(f"  verdicts over 400 of them: {verdicts}")
    print(summary("search q= (limit 50)", timed(lambda q: index.search(q), mix[:500])))


def through_the_app(agencies: list[Agency], content: Path, seconds: float) -> None:
    from kiosk import create_app
    from kiosk.build.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "content"
        shutil.copytree(content, copy)
        (copy / "agency_history.csv").unlink(missing_ok=True)
        with (copy / "agencies.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
            writer.writeheader()
            for a in agencies:
                row = {c: getattr(a, c) for c in COLUMNS}
                writer.writerow(dict(row, markets="", source=";".join(a.source), status_months=""))
        build(copy, Path(tmp) / "instance", today=dt.date.today())
        client = create_app({"TESTING": True, "INSTANCE": str(Path(tmp) / "instance")}).test_client()
        rng = random.Random(11)
        terms = [" ".join(names.words(a.name)[-2:]) for a in rng.sample(agencies, 200)]
        client.get("/api/v1/agencies?q=warm")
        done, start, cpu = 0, time.perf_counter(), time.thread_time()
        while time.perf_counter() - start < seconds:
            response = client.get(
                "/api/v1/agencies", query_string={"q": terms[done % len(terms)], "limit": 20}
            )
            assert response.status_code == 200
            done += 1
        wall, cpu = time.perf_counter() - start, time.thread_time() - cpu
        print(
            f"/api/v1/agencies?q= through the app, one core: {done / cpu:.0f} requests per CPU second "
            f"({done / wall:.0f}/s wall clock, {done} requests in {wall:.0f} s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    agencies = synthetic(args.agencies)
    in_process(agencies)
    through_the_app(agencies, args.content, args.seconds)


if __name__ == "__main__":
    main()
