"""Page weights: build the bundled content into a temporary instance (or use ``--instance``), crawl every
page two links deep from ``/vi/`` and ``/en/`` through the test client, and print each page's HTML size,
the first load of each home page (HTML plus every stylesheet, script and image it pulls), the static files
and the pocket guides, against the budget (HTML ≤ 60 KB, first load ≤ 150 KB, pocket guide < 200 KB).
Sizes are bytes as served (no compression: waitress sends none). Exits 1 when a budget is exceeded.

Usage: python benchmarks/pages.py [--instance DIR] [--depth N]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from kiosk import create_app
from kiosk.build import store
from kiosk.build.pipeline import build
from kiosk.config import ROOT

HTML_BUDGET = 60_000
FIRST_LOAD_BUDGET = 150_000
POCKET_BUDGET = 200_000
LINK = re.compile(r"<a\s[^>]*>")
HREF = re.compile(r'href="([^"]+)"')
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]*href|script[^>]+src|img[^>]+src)="([^"]+)"')


def crawl(client, starts: list[str], depth: int) -> dict[str, int]:
    """HTML bytes of every same-site GET page within ``depth`` links of ``starts``."""
    sizes: dict[str, int] = {}
    frontier = list(starts)
    for _ in range(depth + 1):
        found = []
        for path in frontier:
            if path in sizes:
                continue
            response = client.get(path)
            body = response.get_data()
            response.close()
            sizes[path] = len(body) if response.status_code == 200 else -response.status_code
            if response.mimetype != "text/html" or "download" in response.headers.get(
                "Content-Disposition", ""
            ):
                continue
            for tag in LINK.findall(body.decode("utf-8", "replace")):
                match = HREF.search(tag)
                if match is None or " download" in tag:
                    continue
                href = urldefrag(match.group(1).replace("&amp;", "&"))[0]
                parts = urlsplit(href)
                if not parts.scheme and href.startswith("/") and not href.startswith(("/api/", "/static/")):
                    found.append(href)
        frontier = found
    return sizes


def first_load(client, path: str) -> tuple[int, dict[str, int]]:
    """A page and everything it pulls in, in bytes."""
    response = client.get(path)
    html = response.get_data(as_text=True)
    parts = {path: len(response.get_data())}
    for asset in ASSET.findall(html):
        asset_response = client.get(asset.replace("&amp;", "&"))
        parts[asset] = len(asset_response.get_data())
        asset_response.close()
    return sum(parts.values()), parts


def report(instance: Path, depth: int) -> bool:
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    sizes = crawl(client, ["/vi/", "/en/"], depth)
    ok = True
    print(f"{'bytes':>8}  page  ({len(sizes)} pages, {depth} links deep)")
    for path, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        flag = "  OVER 60 KB" if size > HTML_BUDGET else ("  status " + str(-size) if size < 0 else "")
        ok &= not flag
        print(f"{size:>8}  {path}{flag}")
    html = [s for s in sizes.values() if s > 0]
    print(
        f"\nHTML: largest {max(html)} bytes, median {sorted(html)[len(html) // 2]} bytes (budget {HTML_BUDGET})"
    )
    for home in ("/vi/", "/en/"):
        total, parts = first_load(client, home)
        ok &= total <= FIRST_LOAD_BUDGET
        detail = ", ".join(f"{urlsplit(k).path} {v}" for k, v in parts.items())
        print(f"first load of {home}: {total} bytes (budget {FIRST_LOAD_BUDGET}): {detail}")
    folder = store.current_dir(instance)
    for lang in ("vi", "en"):
        size = (folder / f"pocket-{lang}.html").stat().st_size
        ok &= size < POCKET_BUDGET
        print(f"pocket guide {lang}: {size} bytes (budget < {POCKET_BUDGET})")
    static = ROOT / "kiosk" / "static"
    print("static files: " + ", ".join(f"{p.name} {p.stat().st_size}" for p in sorted(static.iterdir())))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, help="an instance folder with content installed")
    parser.add_argument("--depth", type=int, default=2, help="links to follow from the home pages")
    args = parser.parse_args()
    if args.instance:
        return 0 if report(args.instance, args.depth) else 1
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KIOSK_INSTANCE"] = tmp
        build(ROOT / "content", Path(tmp))
        return 0 if report(Path(tmp), args.depth) else 1


if __name__ == "__main__":
    sys.exit(main())
