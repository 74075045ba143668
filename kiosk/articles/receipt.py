"""The receipt checklist (``content/receipt.yaml``): what a receipt must show, written once.

Workers were told four different things a receipt should show (the article, the agency check, the offer
check and the self-check each had their own list). Now the list lives here and every page that shows it
renders it from this record: web pages through ``_receipt_checklist.html``, the pocket guide at build
time, and an article through a marker line (``[[receipt-checklist]]`` or ``[[receipt-refuse]]``) that
:mod:`.kind` replaces with the list in the article's language. The file is optional; an article that uses a
marker when it is absent is reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..build.kind import Context, Kind
from ..build.yamlio import LineDict, LineList, load_mapping

FILE = "receipt.yaml"
LISTS = ("items", "refuse")
MARKERS = {"[[receipt-checklist]]": "items", "[[receipt-refuse]]": "refuse"}
# An item is plain text: it is shown as it is in templates and set into an article's Markdown, so
# nothing in it may read as Markdown or HTML there.
_MARKUP = re.compile(r"[*_`<>\[\]#]")


@dataclass(frozen=True)
class Receipt:
    """The checklist: a title and lead line, what a receipt must show (``items``), words to refuse on one
    (``refuse``), each a tuple of ``{vi, en}``, and the sources the list rests on."""

    title: dict
    lead: dict
    items: tuple[dict, ...]
    refuse: tuple[dict, ...]
    sources: tuple[str, ...]
    verified_on: str

    def __len__(self) -> int:
        return len(self.items)

    def markdown(self, which: str, lang: str) -> str:
        """One list as Markdown bullets in ``lang``, for an article's marker line."""
        return "\n".join(f"- {entry[lang]}" for entry in getattr(self, which))

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "lead": self.lead,
            "items": list(self.items),
            "refuse": list(self.refuse),
            "sources": list(self.sources),
            "verified_on": self.verified_on,
        }


def load(ctx: Context) -> Receipt | None:
    path = ctx.root / FILE
    if not path.exists():
        return None
    data = load_mapping(ctx, path, "expected title, lead, items, refuse")
    if data is None:
        return None
    problems = len(ctx.problems)
    title = ctx.check_text(path, data.line_of("title"), "title", data.get("title"))
    lead = ctx.check_text(path, data.line_of("lead"), "lead", data.get("lead"))
    lists = {key: _list(ctx, path, data, key) for key in LISTS}
    sources = ctx.check_sources(path, data.line_of("sources"), "sources", data.get("sources"))
    verified = ctx.check_date(path, data.line_of("verified_on"), "verified_on", data.get("verified_on"))
    if len(ctx.problems) > problems:
        return None
    return Receipt(title, lead, lists["items"], lists["refuse"], tuple(sources), verified)


def _list(ctx: Context, path, data: LineDict, key: str) -> tuple[dict, ...]:
    entries = data.get(key)
    if not isinstance(entries, LineList) or not entries:
        ctx.problem(path, data.line_of(key), key, "missing_field", f"{key} is a list of {{vi, en}} texts")
        return ()
    out: list[dict] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        line = entries.line_of(i)
        text = ctx.check_text(path, line, f"{key}[{i}]", entry)
        if text is None:
            continue
        for lang, value in text.items():
            if _MARKUP.search(value):
                ctx.problem(
                    path, line, f"{key}[{i}].{lang}", "bad_value",
                    "plain text only: no * _ ` < > [ ] # (the list is shown as written)",
                )  # fmt: skip
        folded = text["vi"].casefold()
        if folded in seen:
            ctx.problem(path, line, f"{key}[{i}]", "duplicate_id", f"the same as {key}[{seen[folded]}]")
        seen[folded] = i
        out.append(text)
    return tuple(out)


def write(db, receipt: Receipt | None) -> None:
    if receipt is not None:
        db["receipt"].insert({"id": 1, "data": json.dumps(receipt.as_dict(), ensure_ascii=False)}, pk="id")


KIND = Kind("receipt", load, write)
