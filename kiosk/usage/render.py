"""A report written out: CSV and JSON for spreadsheets and merging, and one printable HTML page (A4, no
script, small SVG charts) in Vietnamese and English. Every count goes through the small-number rule
(:func:`.report.shown`), the charts' bars included."""

from __future__ import annotations

import csv
import io
import json
from html import escape

from .labels import word
from .report import TABLES, TOTAL, Count, Report, as_text, csv_rows, shown, to_json

MAX_MONTH_COLUMNS = 12
LANGS = {"both": ("vi", "en"), "vi": ("vi",), "en": ("en",)}


def as_csv(report: Report) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(csv_rows(report))
    return out.getvalue()


def as_json(report: Report) -> str:
    return json.dumps(to_json(report), ensure_ascii=False, indent=1) + "\n"


# -- HTML ----------------------------------------------------------------------------------------------


def _w(code: str, langs: tuple[str, ...]) -> str:
    """A code's words in each language asked for, the second language smaller."""
    parts = [escape(word(code, langs[0]))]
    parts += [f'<span class="en" lang="{lg}">{escape(word(code, lg))}</span>' for lg in langs[1:]]
    return " ".join(parts)


def _period(period: str, langs) -> str:
    return _w(period, langs) if period in (TOTAL, "unknown") else escape(period)


def _value(count: Count) -> float:
    """Where a bar ends: the number, the middle of a range, 2.5 for "< 5" (drawn faint and labelled)."""
    low, high = count
    value = shown(count)
    return float(value) if isinstance(value, int) else (max(low, 1) + high) / 2


def bars_svg(items: list[tuple[str, Count]], title: str, width: int = 330, row: int = 16) -> str:
    """Horizontal bars with their counts written beside them; a count under 5 is a faint bar "< 5"."""
    if not items:
        return ""
    label_w, gap = 120, 40
    top = max((_value(c) for _label, c in items), default=1) or 1
    height = row * len(items) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
    ]
    for i, (label, count) in enumerate(items):
        y = i * row + 2
        length = (width - label_w - gap) * _value(count) / top
        faint = ' fill-opacity="0.35"' if not isinstance(shown(count), int) else ""
        out.append(
            f'<text x="{label_w - 4}" y="{y + 11}" text-anchor="end">{escape(label[:22])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{row - 4}" fill="#1f5f8b"{faint}/>'
            f'<text x="{label_w + length + 3:.1f}" y="{y + 11}">{escape(as_text(count))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _chart_items(report: Report, table: str, column: int, lang: str, limit: int = 12):
    """One table's totals by one of its columns, largest first."""
    sums: dict[str, Count] = {}
    for key, cells in report.tables.get(table, {}).items():
        low, high = cells.get(TOTAL, (0, 0))
        s = sums.get(key[column], (0, 0))
        sums[key[column]] = (s[0] + low, s[1] + high)
    ranked = sorted(sums.items(), key=lambda kc: -kc[1][1])[:limit]
    return [(word(k, lang) or "–", c) for k, c in ranked]


def _weekly_items(report: Report, event: str):
    cells: dict[str, Count] = {}
    for key, row in report.tables.get("weekly", {}).items():
        if key[0] == event:
            cells = row
    return [(w, cells.get(w, (0, 0))) for w in report.weeks[-26:]]


def _table_html(report: Report, table, langs, tables=None) -> str:
    rows = (tables or report.tables).get(table.name, {})
    if not rows:
        return ""
    periods = report.months if table.period == "month" else report.weeks
    if table.period == "week" or len(periods) > MAX_MONTH_COLUMNS:
        periods = []
    head = "".join(f"<th>{_w(c, langs)}</th>" for c in table.columns) or f"<th>{_w('event', langs)}</th>"
    head += "".join(f"<th>{_period(p, langs)}</th>" for p in [*periods, TOTAL])
    body = []
    for key, cells in sorted(rows.items(), key=lambda kc: -kc[1].get(TOTAL, (0, 0))[1]):
        names = (
            "".join(f"<td>{_w(v, langs) if v else '–'}</td>" for v in key)
            or f"<td>{_w(table.name, langs)}</td>"
        )
        counts = "".join(
            f'<td class="n">{escape(as_text(cells.get(p, (0, 0))))}</td>' for p in [*periods, TOTAL]
        )
        body.append(f"<tr>{names}{counts}</tr>")
    return (
        f"<section><h2>{_w(table.name, langs)}</h2><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></section>"
    )


def _kiosks_html(report: Report, langs) -> str:
    """A merged report's one line per kiosk: its page views and each kind of answer in total."""
    if not report.by_kiosk:
        return ""
    events = ("view", "agency", "offer", "calculator", "return_plan", "selfcheck")
    head = "<th>Kiosk</th>" + "".join(f"<th>{_w(e, langs)}</th>" for e in events)
    body = []
    for name, tables in sorted(report.by_kiosk.items()):
        weekly = {key[0]: cells.get(TOTAL, (0, 0)) for key, cells in tables.get("weekly", {}).items()}
        cells = "".join(f'<td class="n">{escape(as_text(weekly.get(e, (0, 0))))}</td>' for e in events)
        body.append(f"<tr><td>{escape(name)}</td>{cells}</tr>")
    title = _w("total", langs)
    return f"<section><h2>Kiosk · {title}</h2><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></section>"


STYLE = """
@page { size: A4; margin: 12mm; }
body { font: 9pt/1.3 sans-serif; color: #111; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 2pt; } h2 { font-size: 10pt; margin: 8pt 0 2pt; }
.en { color: #555; font-size: 90%; } p { margin: 2pt 0; }
.charts { display: flex; flex-wrap: wrap; gap: 8pt; } figure { margin: 0; } figcaption { font-weight: bold; }
svg text { font: 8px sans-serif; }
table { border-collapse: collapse; margin-bottom: 4pt; } td, th { border: 1px solid #bbb; padding: 1pt 4pt; }
th { background: #eee; text-align: left; } td.n { text-align: right; }
.cols { columns: 2; column-gap: 12pt; } section { break-inside: avoid; }
.note { color: #444; font-size: 8pt; }
"""

INTRO = {
    "vi": (
        "Máy này chỉ đếm số lần mở trang và kết quả đưa ra, theo ngày. Không có gì người dùng gõ, không số "
        "tiền, không tên, không địa chỉ máy. Số từ 1 đến 4 được ghi là “< 5”."
    ),
    "en": (
        "Counts only: page views and the answers given, by day. Nothing anyone typed, no amounts, names, "
        "addresses or identifiers. Any count from 1 to 4 is shown as “< 5”."
    ),
}


def as_html(report: Report, lang: str = "both") -> str:
    """The one-page printable report: key charts, then every table by month (totals only beyond a year)."""
    langs = LANGS.get(lang, LANGS["both"])
    first = langs[0]
    period = f"{report.start or '…'} – {report.end or '…'}"
    title = "Báo cáo sử dụng máy thông tin" if first == "vi" else "Kiosk usage report"
    charts = [
        (
            word("weekly", first) + " · " + word("view", first),
            bars_svg(_weekly_items(report, "view"), "weekly"),
        ),
        (word("agency_checks", first), bars_svg(_chart_items(report, "agency_checks", 0, first), "agency")),
        (
            word("offer_checks_by_destination", first),
            bars_svg(_chart_items(report, "offer_checks_by_destination", 0, first), "offers"),
        ),
        (
            word("offer_items_over_cap", first),
            bars_svg(_chart_items(report, "offer_items_over_cap", 1, first), "items"),
        ),
    ]
    figures = "".join(
        f"<figure><figcaption>{escape(c)}</figcaption>{svg}</figure>" for c, svg in charts if svg
    )
    tables = "".join(_table_html(report, t, langs) for t in TABLES if t.name != "weekly")
    left_out = ""
    if shown(report.unknown_left_out) != 0:
        left_out = f'<p class="note">{_w("unknown", langs)}: {escape(as_text(report.unknown_left_out))}</p>'
    intro = " ".join(
        f'<span lang="{lg}"{" class=en" if i else ""}>{escape(INTRO[lg])}</span>'
        for i, lg in enumerate(langs)
    )
    return (
        f'<!doctype html><html lang="{first}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}: {escape(report.kiosk)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}: {escape(report.kiosk)}</h1>"
        f"<p>{escape(period)} · {escape(report.generated_on)}</p><p class=note>{intro}</p>{left_out}"
        f'<div class="charts">{figures}</div>{_kiosks_html(report, langs)}<div class="cols">{tables}</div>'
        "</body></html>\n"
    )


FORMATS = {"csv": as_csv, "json": as_json, "html": as_html}
