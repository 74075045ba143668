"""The bibliography: every fact elsewhere cites one of these by id.

Each source has a short ``label`` in both languages (the law's name, or the publisher and date): that is
what a worker's page shows. Where the text was read (``url``: an address, or a transcription) and the
``note`` stay in the API and behind a folded "more about the source" (see ``where_read``)."""

from __future__ import annotations

import json

from .kind import Context, Kind
from .yamlio import LineDict, load_file

SOURCE_KINDS = ("law", "official", "news", "research", "ngo", "unofficial")


def load(ctx: Context) -> dict[str, dict]:
    sources: dict[str, dict] = {}
    folder = ctx.root / "sources"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        ctx.problem("sources/", 0, "file", "missing_field", "the bibliography (sources/*.yaml) is empty")
    for path in files:
        data = load_file(ctx, path)
        if data is None:
            continue
        if not isinstance(data, list):
            ctx.problem(path, getattr(data, "line", 1), "file", "bad_yaml", "expected a list of sources")
            continue
        for i, entry in enumerate(data):
            line = data.line_of(i)
            if not isinstance(entry, LineDict):
                ctx.problem(path, line, "entry", "bad_yaml", "each source is a mapping")
                continue
            record = _source(ctx, path, entry)
            if record is None:
                continue
            if record["id"] in sources:
                ctx.problem(path, line, "id", "duplicate_id", f"source id {record['id']!r} is used twice")
                continue
            sources[record["id"]] = record
    return sources


def _source(ctx, path, entry: LineDict) -> dict | None:
    line = entry.line
    sid = str(entry.get("id") or "").strip()
    if not sid:
        ctx.problem(path, line, "id", "missing_field", "a source needs an id")
        return None
    title = str(entry.get("title") or "").strip()
    if not title:
        ctx.problem(path, entry.line_of("title"), "title", "missing_field", "a source needs a title")
    kind = ctx.check_choice(path, entry.line_of("kind"), "kind", entry.get("kind"), SOURCE_KINDS)
    verified = ctx.check_date(path, entry.line_of("verified_on"), "verified_on", entry.get("verified_on"))
    published = entry.get("published_on")
    label = ctx.check_text(path, entry.line_of("label"), "label", entry.get("label"))
    return {
        "id": sid,
        "title": title,
        "label": label or {},
        "publisher": str(entry.get("publisher") or "").strip(),
        "url": str(entry.get("url") or "").strip(),
        "published_on": str(published).strip() if published not in (None, "") else "",
        "verified_on": verified or "",
        "kind": kind or "",
        "note": str(entry.get("note") or "").strip(),
    }


def write(db, sources: dict[str, dict]) -> None:
    rows = (dict(s, label=json.dumps(s["label"], ensure_ascii=False)) for s in sources.values())
    db["sources"].insert_all(rows, pk="id")


def where_read(url: str) -> str | None:
    """How a page may say where a source was read: a web address as it is, but never a repository path
    (``copy``: a copy of the text someone put in a code repository); None when nothing was recorded."""
    url = (url or "").strip()
    if not url:
        return None
    if url.startswith("github:") or "github" in url.lower():
        return "copy"
    return url


def cited(sources: dict[str, dict], ids: list[str]) -> str:
    """The JSON list stored beside a fact: its source ids, for the page to resolve."""
    return json.dumps([i for i in ids if i in sources], ensure_ascii=False)


KIND = Kind("sources", load, write)
