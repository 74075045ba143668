"""The counts added up by month and by week into the tables a funder reads, the small-number rule, and the
merging of many kiosks' reports into one (by kiosk name and in total).

A count is a range ``(low, high)``: exact while one kiosk's file is read, and after the rule a count of 1
to 4 becomes "< 5", that is ``(1, 4)``. Adding reports adds ranges, so a fleet's total is honest (it may
read "12-18") and never undoes the rule. A zero names no one and stays 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .store import UNKNOWN_DAY

FORMAT = "kiosk-usage-report/1"
SMALL = 5  # counts from 1 to SMALL-1 are shown as "< 5"
TOTAL = "total"
OUTCOMES = ("agency", "offer", "calculator", "return_plan", "selfcheck", "search_empty")

Count = tuple[int, int]
Rows = dict[tuple[str, ...], dict[str, Count]]  # category -> period (or "total") -> count


class ReportError(Exception):
    """A file given to merge is not a usage report this program wrote."""


@dataclass(frozen=True)
class Table:
    name: str
    events: tuple[str, ...]
    columns: tuple[str, ...]
    where: tuple[tuple[str, str], ...] = ()
    period: str = "month"


TABLES = (
    Table("page_views", ("view",), ("kind",)),
    Table("page_views_by_surface", ("view",), ("surface", "lang")),
    Table("article_topics", ("view",), ("topic",), where=(("kind", "article"),)),
    Table("agency_checks", ("agency",), ("verdict",)),
    Table("lookalikes_of_sanctioned_firms", ("agency",), ("sanctioned",), where=(("verdict", "lookalike"),)),
    Table("offer_checks_by_destination", ("offer",), ("destination", "verdict")),
    Table("offer_checks", ("offer",), ("destination", "programme", "verdict")),
    Table("offer_items_over_cap", ("offer_item",), ("destination", "item", "problem")),
    Table("calculator_runs", ("calculator",), ("early_return", "never_repaid")),
    Table("return_plans", ("return_plan",), ("situation", "reason", "goal")),
    Table("selfchecks", ("selfcheck",), ("warning_signs",)),
    Table("searches_nothing_found", ("search_empty",), ()),
    Table("answers_by_surface", OUTCOMES, ("event", "surface")),
    Table("weekly", ("view", *OUTCOMES), ("event",), period="week"),
)
BY_NAME = {t.name: t for t in TABLES}


@dataclass
class Report:
    kiosk: str
    start: str | None
    end: str | None
    generated_on: str
    months: list[str]
    weeks: list[str]
    tables: dict[str, Rows]
    by_kiosk: dict[str, dict[str, Rows]] = field(default_factory=dict)  # a merged report's kiosks
    unknown_left_out: Count = (0, 0)  # counts of unknown date outside a dated period


def month_of(day: str) -> str:
    return day if day == UNKNOWN_DAY else day[:7]


def week_of(day: str) -> str:
    if day == UNKNOWN_DAY:
        return day
    year, week, _ = dt.date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def parse_detail(detail: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in detail.split(";") if "=" in part)


def add(a: Count, b: Count) -> Count:
    return (a[0] + b[0], a[1] + b[1])


def _add_into(rows: Rows, key: tuple, period: str, n: Count) -> None:
    cell = rows.setdefault(key, {})
    cell[period] = add(cell.get(period, (0, 0)), n)


def build(
    rows: Iterable[tuple],
    *,
    kiosk: str,
    today: dt.date,
    start: str | None = None,
    end: str | None = None,
) -> Report:
    """Add the counts file's rows ``(day, surface, lang, event, detail, n)`` up into every table. Counts of
    unknown date are a period of their own when the report covers all time, and only a total left out of
    a report for given dates (they could belong to any date)."""
    tables: dict[str, Rows] = {t.name: {} for t in TABLES}
    months, weeks, left_out = set(), set(), (0, 0)
    for day, surface, lang, event, detail, n in rows:
        if day == UNKNOWN_DAY and (start or end):
            left_out = add(left_out, (n, n))
            continue
        fields = {"surface": surface, "lang": lang, "event": event, **parse_detail(detail)}
        month, week = month_of(day), week_of(day)
        months.add(month)
        weeks.add(week)
        for table in TABLES:
            if event not in table.events or any(fields.get(k) != v for k, v in table.where):
                continue
            key = tuple(fields.get(c, "") for c in table.columns)
            period = week if table.period == "week" else month
            _add_into(tables[table.name], key, period, (n, n))
            _add_into(tables[table.name], key, TOTAL, (n, n))
    return Report(
        kiosk=kiosk,
        start=start,
        end=end,
        generated_on=today.isoformat(),
        months=sorted(months | set(_months_between(start, end))),
        weeks=sorted(weeks),
        tables=tables,
        unknown_left_out=left_out,
    )


def _months_between(start: str | None, end: str | None) -> list[str]:
    """Every month from ``start`` to ``end`` (both given), so a month with nothing counted still shows."""
    if not (start and end) or start > end:
        return []
    year, month = int(start[:4]), int(start[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= end[:7] and len(out) < 240:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


# -- the small-number rule -----------------------------------------------------------------------------


def shown(count: Count) -> int | str | dict:
    """A count as every export gives it: an exact number from 5 up (or 0), ``"< 5"`` for 1 to 4 (and for a
    range that stays under 5), or ``{"min", "max"}`` for a merged range."""
    low, high = count
    if high == 0:
        return 0
    if high < SMALL:
        return f"< {SMALL}"
    if low == high:
        return low
    return {"min": low, "max": high}


def as_text(count: Count) -> str:
    value = shown(count)
    return f"{value['min']}–{value['max']}" if isinstance(value, dict) else str(value)


def read_shown(value) -> Count:
    """The range a shown count stands for (the inverse of :func:`shown`)."""
    if isinstance(value, bool):
        raise ReportError(f"not a count: {value!r}")
    if isinstance(value, int) and value >= 0:
        return (value, value)
    if value == f"< {SMALL}":
        return (1, SMALL - 1)
    if isinstance(value, dict) and isinstance(value.get("min"), int) and isinstance(value.get("max"), int):
        return (value["min"], value["max"])
    raise ReportError(f"not a count: {value!r}")


def suppressed(rows: Rows) -> Rows:
    """The rows as exported: every count through the small-number rule and read back as its range."""
    return {key: {p: read_shown(shown(c)) for p, c in cells.items()} for key, cells in rows.items()}


# -- JSON, and merging ---------------------------------------------------------------------------------


def _tables_json(tables: dict[str, Rows]) -> dict:
    out = {}
    for table in TABLES:
        rows = tables.get(table.name, {})
        out[table.name] = {
            "columns": list(table.columns),
            "period": table.period,
            "rows": [
                {"category": dict(zip(table.columns, key, strict=True)), "counts": _counts_json(cells)}
                for key, cells in sorted(rows.items())
            ],
        }
    return out


def _counts_json(cells: dict[str, Count]) -> dict:
    return {p: shown(c) for p, c in sorted(cells.items(), key=lambda pc: (pc[0] == TOTAL, pc[0]))}


def to_json(report: Report) -> dict:
    """The report as a JSON document, with the small-number rule applied to every count."""
    doc = {
        "format": FORMAT,
        "kiosk": report.kiosk,
        "kiosks": sorted(report.by_kiosk) or [report.kiosk],
        "from": report.start,
        "to": report.end,
        "generated_on": report.generated_on,
        "small_numbers": f'a count from 1 to {SMALL - 1} is shown as "< {SMALL}"',
        "months": report.months,
        "weeks": report.weeks,
        "unknown_date_left_out": shown(report.unknown_left_out),
        "tables": _tables_json(report.tables),
    }
    if report.by_kiosk:
        doc["by_kiosk"] = {name: _tables_json(t) for name, t in sorted(report.by_kiosk.items())}
    return doc


def _tables_from_json(doc: dict) -> dict[str, Rows]:
    tables: dict[str, Rows] = {}
    for name, table in doc.items():
        if name not in BY_NAME or not isinstance(table, dict):
            continue
        columns = BY_NAME[name].columns
        rows: Rows = {}
        for row in table.get("rows", []):
            category = row.get("category", {})
            key = tuple(str(category.get(c, "")) for c in columns)
            for period, value in row.get("counts", {}).items():
                _add_into(rows, key, str(period), read_shown(value))
        tables[name] = rows
    return tables


def from_json(doc) -> Report:
    """A report read back from its JSON (for merging).

    :raise ReportError: not a usage report of this format.
    """
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("tables"), dict):
        raise ReportError(f"not a usage report ({FORMAT})")
    by_kiosk = {str(k): _tables_from_json(v) for k, v in (doc.get("by_kiosk") or {}).items()}
    return Report(
        kiosk=str(doc.get("kiosk") or "?"),
        start=doc.get("from"),
        end=doc.get("to"),
        generated_on=str(doc.get("generated_on") or ""),
        months=[str(m) for m in doc.get("months", [])],
        weeks=[str(w) for w in doc.get("weeks", [])],
        tables=_tables_from_json(doc["tables"]),
        by_kiosk=by_kiosk,
        unknown_left_out=read_shown(doc.get("unknown_date_left_out", 0)),
    )


def _sum(into: dict[str, Rows], tables: dict[str, Rows]) -> None:
    for name, rows in tables.items():
        target = into.setdefault(name, {})
        for key, cells in rows.items():
            for period, count in cells.items():
                _add_into(target, key, period, count)


def merge(reports: list[Report], today: dt.date) -> Report:
    """Many kiosks' (or replicas') reports as one: each kiosk by its name (reports with the same name, such
    as replicas or consecutive months, are added together) and the total of all."""
    total: dict[str, Rows] = {}
    by_kiosk: dict[str, dict[str, Rows]] = {}
    left_out: Count = (0, 0)
    for r in reports:
        _sum(total, r.tables)
        for name, tables in (r.by_kiosk or {r.kiosk: r.tables}).items():
            _sum(by_kiosk.setdefault(name, {}), tables)
        left_out = add(left_out, r.unknown_left_out)
    starts, ends = [r.start for r in reports], [r.end for r in reports]
    return Report(
        kiosk="all",
        start=None if None in starts else min(starts),
        end=None if None in ends else max(ends),
        generated_on=today.isoformat(),
        months=sorted({m for r in reports for m in r.months}),
        weeks=sorted({w for r in reports for w in r.weeks}),
        tables=total,
        by_kiosk=by_kiosk,
        unknown_left_out=left_out,
    )


def csv_rows(report: Report) -> Iterable[list[str]]:
    """``table, kiosk, period, category, count`` lines: the total's, then each kiosk's in a merged report."""
    yield ["table", "kiosk", "period", "category", "count"]
    parts = [(report.kiosk, report.tables), *sorted(report.by_kiosk.items())]
    for kiosk, tables in parts:
        for table in TABLES:
            for key, cells in sorted(tables.get(table.name, {}).items()):
                category = "; ".join(f"{c}={v}" for c, v in zip(table.columns, key, strict=True) if v)
                for period, count in sorted(cells.items(), key=lambda pc: (pc[0] == TOTAL, pc[0])):
                    yield [table.name, kiosk, period, category, as_text(count)]
