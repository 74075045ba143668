"""Search latency: build the bundled content into a temporary instance (or use ``--instance``), run a mix
of queries (Vietnamese with and without marks, capitals, slips, English) through ``kiosk.search.query`` and
through ``GET /api/v1/search``, and print the median and 95th-percentile time per query.

With ``--pieces``: what each piece of the search's fast path buys, in-process. The term table, the union
``Or`` and ``TitlePhrase`` (off: Whoosh's ``Phrase`` on a copy of the index whose folded titles keep
positions) are each switched off with the others on, and all of them (the fallback to Whoosh's public
API), against all on; each query runs in every variant in turn, ``--rounds`` x ``--reps`` times. Then the
first-come lock against a plain one, with ``--threads`` searching at once.

Usage: python benchmarks/search.py [--instance DIR] [--rounds N] [--pieces [--reps N] [--threads N]]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock
from urllib.parse import quote

from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.query import Or as WhooshOr
from whoosh.query import Phrase

import kiosk.search.index
from kiosk import create_app
from kiosk.build import store
from kiosk.build.pipeline import build
from kiosk.config import ROOT
from kiosk.search import query as search_query
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


def _positional_copy(index: Path, folder: Path) -> Path:
    """The index written again from its stored fields, in the same order, with positions in the folded
    title, so that Whoosh's own ``Phrase`` can run there."""

    def schema():
        schema = original()
        schema.remove("title_fold")
        schema.add("title_fold", fields.TEXT(analyzer=kiosk.search.index.folded_analyzer(), field_boost=2.0))
        return schema

    original = kiosk.search.index.schema
    with whoosh_index.open_dir(str(index)).reader() as reader:
        docs = [stored for _docnum, stored in reader.iter_docs()]
    with mock.patch.object(kiosk.search.index, "schema", schema):
        kiosk.search.index.write_index(folder, docs)
    return folder


def _whoosh_phrase(words, _pages, boost):
    return Phrase("title_fold", list(words), boost=boost)


# Each piece switched off: the patches that do it, and whether it searches the positional copy.
PIECES = {
    "all on": ([], False),
    "term table": ([(search_query, "_with_term_table", lambda reader: None)], False),
    "union Or": ([(search_query, "Or", WhooshOr)], False),
    "TitlePhrase": ([(search_query, "TitlePhrase", _whoosh_phrase)], True),
    "all": ([], False),  # the fallback: ``_Opened.plain``
}
LOCKS = {"first-come lock": search_query.FairLock, "plain lock": threading.Lock}


def pieces(index: Path, rounds: int, reps: int, threads: int) -> None:
    """Print each piece's figures with it switched off against all on (CPU ms per query), then the lock's
    (wall ms per search with ``threads`` searching at once)."""
    with tempfile.TemporaryDirectory() as tmp:
        positional = _positional_copy(index, Path(tmp) / "positional")
        opened = {}
        for name, (patches, on_positional) in [*PIECES.items(), *((name, ([], False)) for name in LOCKS)]:
            folder = Path(tmp) / name.replace(" ", "-")
            shutil.copytree(positional if on_positional else index, folder)
            with _patched(patches + [(search_query, "FairLock", LOCKS.get(name, search_query.FairLock))]):
                opened[name] = search_query._opened(folder)  # opened under the variant's patches
        opened["all"].plain()
        current = {}
        samples: dict[str, list[float]] = {name: [] for name in PIECES}
        contended: dict[str, list[float]] = {name: [] for name in LOCKS}
        shuffle = random.Random(1)
        with mock.patch.object(search_query, "_opened", lambda _folder: current["opened"]):
            # Each query runs in every variant in turn, in a shuffled order: the load of a shared machine,
            # which comes and goes, then weighs on all of them alike.
            for _ in range(rounds * reps):
                for text, lang in QUERIES:
                    for name in shuffle.sample(list(PIECES), len(PIECES)):
                        with _patched(PIECES[name][0]):
                            current["opened"] = opened[name]
                            start = time.process_time()
                            search(index, text, lang, 10)
                            samples[name].append((time.process_time() - start) * 1000)
            for _ in range(reps):
                for name in LOCKS:
                    current["opened"] = opened[name]
                    contended[name] += _contended(index, threads, rounds * len(QUERIES) // 2)
    on = statistics.mean(samples["all on"])
    print(f"{len(QUERIES)} queries x {rounds * reps} rounds, each variant in turn; CPU ms per query:")
    for name, values in samples.items():
        values.sort()
        mean = statistics.mean(values)
        print(
            f"  {name if name == 'all on' else name + ' off':<20} mean {mean:5.2f} ({(mean / on - 1) * 100:+4.0f}%)"
            f"   median {statistics.median(values):5.2f}   p99 {_p99(values):5.2f}"
        )
    print(f"{threads} threads searching at once, wall ms per search:")
    for name, values in contended.items():
        values.sort()
        print(f"  {name:<20} median {statistics.median(values):6.1f}   p99 {_p99(values):6.1f}")


def _patched(patches) -> contextlib.ExitStack:
    stack = contextlib.ExitStack()
    for owner, attr, value in patches:
        stack.enter_context(mock.patch.object(owner, attr, value))
    return stack


def _p99(ordered: list[float]) -> float:
    return ordered[int(0.99 * (len(ordered) - 1))]


def _contended(folder: Path, threads: int, each: int) -> list[float]:
    """Wall milliseconds per search with ``threads`` threads searching at once, ``each`` searches each."""
    search(folder, "lua dao", "vi")
    wall: list[float] = []

    def run(seed: int) -> None:
        mix = random.Random(seed)
        for _ in range(each):
            text, lang = mix.choice(QUERIES)
            start = time.perf_counter()
            search(folder, text, lang, 10)
            wall.append((time.perf_counter() - start) * 1000)

    workers = [threading.Thread(target=run, args=(seed,)) for seed in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, help="an instance with content already built")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pieces", action="store_true", help="what each piece of the fast path buys")
    parser.add_argument("--reps", type=int, default=6, help="times --rounds (--pieces)")
    parser.add_argument("--threads", type=int, default=16, help="threads for the lock (--pieces)")
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
        if args.pieces:
            pieces(index, args.rounds, args.reps, args.threads)
            return
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
