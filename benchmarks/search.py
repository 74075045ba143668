"""Search latency: build the bundled content into a temporary instance (or use ``--instance``), run a mix
of queries (Vietnamese with and without marks, capitals, slips, English) through ``kiosk.search.query`` and
through ``GET /api/v1/search``, and print the median and 95th-percentile time per query.

Usage: python benchmarks/search.py [--instance DIR] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from kiosk import create_app
from kiosk.build import store
from kiosk.build.pipeline import build
from kiosk.config import ROOT
from kiosk.search.query import search

QUERIES = [
    ("lua dao", "vi"), ("lừa đảo", "vi"), ("LỪA ĐẢO", "vi"), ("bien lai", "vi"), ("tien moi gioi", "vi"),
    ("ky quy", "vi"), ("ho chieu", "vi"), ("hop dong lao dong", "vi"), ("cho vay nang lai", "vi"),
    ("dai loan", "vi"), ("nhat ban", "vi"), ("han quoc eps", "vi"), ("Hoang Phat", "vi"), ("dolab", "vi"),
    ("lua daoo", "vi"), ("hoj chieeu", "vi"), ("zzqxj", "vi"), ("scam", "en"), ("receipt", "en"),
    ("loan shark", "en"), ("tourist visa", "en"), ("recipt", "en"), ("service fee cap", "en"), ("111", "vi"),
]  # fmt: skip


def timed(fn, rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per query (CPU time is steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(rounds):
        for query, lang in QUERIES:
            start, start_cpu = time.perf_counter(), time.process_time()
            fn(query, lang)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def report(name: str, samples: tuple[list[float], list[float]]) -> None:
    parts = []
    for label, values in zip(("wall", "cpu"), samples, strict=True):
        values = sorted(values)
        p95 = values[int(0.95 * (len(values) - 1))]
        parts.append(f"{label} median {statistics.median(values):6.1f} ms, p95 {p95:6.1f} ms")
    print(f"{name:<20} n={len(samples[0]):<4} " + "   ".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, help="an instance with content already built")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        instance = args.instance or Path(tmp) / "instance"
        if args.instance is None:
            build(ROOT / "content", instance)
        folder = store.current_dir(instance)
        index = folder / "index"
        print(
            f"content {folder.name}, {len(QUERIES)} queries x {args.rounds} rounds, load {os.getloadavg()[0]:.1f}"
        )
        report("kiosk.search.query", timed(lambda q, lang: search(index, q, lang, 10), args.rounds))
        client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
        report(
            "GET /api/v1/search",
            timed(lambda q, lang: client.get(f"/api/v1/search?q={quote(q)}&lang={lang}"), args.rounds),
        )
        report(
            "GET /<lang>/search",
            timed(lambda q, lang: client.get(f"/{lang}/search?q={quote(q)}"), args.rounds),
        )


if __name__ == "__main__":
    main()
