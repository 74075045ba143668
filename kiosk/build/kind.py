"""Reading, checking and compiling `content/`: the build side of the kiosk.

Each kind of content (sources, provinces, agencies, destinations, articles, ...) is one module in this
package exposing a module-level ``KIND`` (a :class:`Kind`). ``registry.KINDS`` lists them in the order they
load, so a kind can check references to kinds loaded before it. Nothing here imports Flask.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the content, reported as ``file:line: field: message``."""

    file: str
    line: int
    field: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message} [{self.code}]"


class ContentError(Exception):
    """The content is not valid; ``problems`` lists everything found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Context:
    """What a kind needs while loading: where the content is, what is known so far, and the problem list.

    ``today`` is injected so tests can move the clock; None when the dates are not checked against a
    clock (signed content on a device, whose clock may be years behind: see :mod:`.freshness`).
    ``records`` holds each loaded kind's records by kind name, so later kinds can check references (a
    destination code, a province, a source id).
    """

    root: Path
    today: dt.date | None
    problems: list[Problem] = field(default_factory=list)
    records: dict[str, Any] = field(default_factory=dict)

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def problem(self, path: Path | str, line: int, fld: str, code: str, message: str) -> None:
        file = self.rel(path) if isinstance(path, Path) else path
        self.problems.append(Problem(file, int(line or 0), fld, code, message))

    # Shared field checks, so every kind reports the same codes the same way.

    def check_date(
        self, path, line, fld, value, *, required=True, partial=False, not_future=True
    ) -> str | None:
        """Return the value as an ISO string (``YYYY-MM-DD``, or ``YYYY-MM``/``YYYY`` when ``partial``)."""
        if value is None or value == "":
            if required:
                self.problem(path, line, fld, "missing_field", "a date is required")
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            text = value.isoformat()
        else:
            text = str(value).strip()
        pattern = r"\d{4}(-\d{2}(-\d{2})?)?" if partial else r"\d{4}-\d{2}-\d{2}"
        if not re.fullmatch(pattern, text) or not _valid_partial(text):
            want = "YYYY-MM-DD, YYYY-MM or YYYY" if partial else "YYYY-MM-DD"
            self.problem(path, line, fld, "bad_date", f"{text!r} is not a date ({want})")
            return None
        if not_future and self.today is not None and text > self.today.isoformat()[: len(text)]:
            self.problem(path, line, fld, "future_date", f"{text} is in the future")
            return None
        return text

    def check_sources(self, path, line, fld, value, *, required=True) -> list[str]:
        """Split a source reference (a list, or ids separated by ``;``) and check each id exists."""
        if isinstance(value, str):
            ids = [v.strip() for v in value.split(";") if v.strip()]
        elif isinstance(value, list):
            ids = [str(v).strip() for v in value if str(v).strip()]
        else:
            ids = []
        if not ids:
            if required:
                self.problem(path, line, fld, "missing_field", "a source is required")
            return []
        known = self.records.get("sources", {})
        for sid in ids:
            if sid not in known:
                self.problem(path, line, fld, "unknown_source", f"source {sid!r} is not in the bibliography")
        return ids

    def check_text(self, path, line, fld, value, *, required=True) -> dict[str, str] | None:
        """A text shown to people: ``{vi: ..., en: ...}``, both present."""
        if value is None or value == "":
            if required:
                self.problem(path, line, fld, "missing_field", "a text in vi and en is required")
            return None
        if not isinstance(value, dict):
            self.problem(path, line, fld, "missing_translation", "give the text as {vi: ..., en: ...}")
            return None
        out = {}
        for lang in ("vi", "en"):
            text = value.get(lang)
            if text is None or not str(text).strip():
                self.problem(
                    path, line, f"{fld}.{lang}", "missing_translation", f"the {lang} text is missing"
                )
            else:
                out[lang] = str(text).strip()
        return out if len(out) == 2 else None

    def check_choice(self, path, line, fld, value, allowed: Iterable[str], *, required=True):
        allowed = tuple(allowed)
        if value is None or value == "":
            if required:
                self.problem(path, line, fld, "missing_field", f"one of {', '.join(allowed)} is required")
            return None
        if value not in allowed:
            self.problem(path, line, fld, "bad_value", f"{value!r} is not one of {', '.join(allowed)}")
            return None
        return value


def _valid_partial(text: str) -> bool:
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Kind:
    """One kind of content.

    ``load(ctx)`` reads its files from ``ctx.root``, reports problems on ``ctx`` and returns its records
    (stored in ``ctx.records[name]``). ``write(db, records)`` writes its tables with sqlite-utils.
    ``documents(records)`` yields search documents: dicts with ``id``, ``type``, ``lang`` (``vi``, ``en``
    or ``*`` for both), ``title``, ``body`` and ``path`` (the page path after ``/<lang>/``).
    ``export(folder, all_records)`` writes extra files into the version folder (e.g. the pocket guide).
    """

    name: str
    load: Callable[[Context], Any]
    write: Callable[[Any, Any], None] | None = None
    documents: Callable[[Any], Iterable[dict]] | None = None
    export: Callable[[Path, dict], None] | None = None
