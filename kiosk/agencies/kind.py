"""Content kind ``agencies``: ``agencies.csv``, ``agency_history.csv`` and ``agency_counts.yaml``.

``agencies.csv`` keeps the official directory's own columns (name, short name, licence number, address,
phone) plus how its status is known: ``status`` (licensed, suspended, revoked, unlicensed),
``status_since``, ``status_months`` (a suspension's length), ``status_scope`` (recruiting or all),
``status_basis`` (see :data:`kiosk.agencies.BASES`), ``confidence`` (official, verified, unverified),
``markets`` (ISO codes separated by ``;``), ``source`` (bibliography ids), ``source_date`` (the date of
the information, ``YYYY[-MM[-DD]]``, empty when undated), ``verified_on`` and ``evidence`` (the source's
own words). Provinces are mapped to the 34 current units; the name in the row is kept as ``province_old``
when it is a pre-2025 one. Loads after ``provinces`` and ``sources``.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..build.kind import Context, Kind
from ..build.yamlio import load_mapping
from .model import BASES, CONFIDENCES, SCOPES, STATUSES, Agency, Coverage, coverage
from .names import key, licence_key

FILE = "agencies.csv"
HISTORY = "agency_history.csv"
COUNTS = "agency_counts.yaml"
COLUMNS = (
    "id name short_name licence_no status status_since status_months status_scope status_basis confidence "
    "province address phone markets source source_date verified_on evidence"
).split()
HISTORY_COLUMNS = (
    "agency_id name_as_printed date date_end event_vi event_en source confidence verified_on".split()
)
HISTORY_CONFIDENCE = ("verified", "unverified")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_MARKET = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class AgencyContent:
    """What the kind loads: the agencies, their dated history, and the coverage statement."""

    agencies: list[Agency]
    history: list[dict]
    coverage: Coverage

    def __len__(self) -> int:
        return len(self.agencies)


def read_csv(ctx: Context, path: Path, columns: list[str]) -> list[tuple[int, dict]]:
    """Rows of a UTF-8 CSV with their line numbers; ``bad_csv`` when it cannot be read or lacks columns."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                ctx.problem(path, 1, "header", "bad_csv", f"missing columns: {', '.join(missing)}")
                return []
            rows = []
            line = reader.line_num
            for row in reader:
                rows.append((line + 1, row))
                line = reader.line_num
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        ctx.problem(path, 0, "file", "bad_csv", f"cannot read the file: {exc}")
        return []


def _text(row: dict, fld: str) -> str:
    return re.sub(r"\s+", " ", str(row.get(fld) or "")).strip()


def load(ctx: Context) -> AgencyContent:
    path = ctx.root / FILE
    if not path.exists():
        ctx.problem(FILE, 0, "file", "missing_field", f"{FILE} is missing")
        return AgencyContent([], [], coverage((), None, "", ()))
    agencies: list[Agency] = []
    ids: set[str] = set()
    licences: set[str] = set()
    for line, row in read_csv(ctx, path, COLUMNS):
        agency = _agency(ctx, path, line, row)
        if agency is None:
            continue
        if agency.id in ids:
            ctx.problem(path, line, "id", "duplicate_id", f"agency id {agency.id!r} is used twice")
            continue
        lic = licence_key(agency.licence_no)
        if lic and lic in licences:
            ctx.problem(
                path, line, "licence_no", "duplicate_id", f"licence {agency.licence_no!r} is used twice"
            )
            continue
        ids.add(agency.id)
        licences.add(lic)
        agencies.append(agency)
    history = _history(ctx, ids)
    total, as_of, count_sources = _counts(ctx)
    list_sources = sorted({s for a in agencies for s in a.source})
    cover = coverage(agencies, total, as_of, [*count_sources, *list_sources])
    return AgencyContent(agencies, history, cover)


def _agency(ctx: Context, path: Path, line: int, row: dict) -> Agency | None:
    aid, name = _text(row, "id"), _text(row, "name")
    if not aid or not _ID.match(aid):
        ctx.problem(
            path, line, "id", "missing_field" if not aid else "bad_value", "an id is a slug: a-z, 0-9, -"
        )
    if not name:
        ctx.problem(path, line, "name", "missing_field", "an agency needs its name")
    status = ctx.check_choice(path, line, "status", _text(row, "status"), STATUSES)
    basis = ctx.check_choice(path, line, "status_basis", _text(row, "status_basis"), BASES)
    confidence = ctx.check_choice(path, line, "confidence", _text(row, "confidence"), CONFIDENCES)
    scope = ctx.check_choice(path, line, "status_scope", _text(row, "status_scope"), SCOPES, required=False)
    since = ctx.check_date(
        path, line, "status_since", _text(row, "status_since"), required=False, partial=True
    )
    source_date = ctx.check_date(
        path, line, "source_date", _text(row, "source_date"), required=False, partial=True
    )
    verified = ctx.check_date(path, line, "verified_on", _text(row, "verified_on"))
    source = ctx.check_sources(path, line, "source", _text(row, "source"))
    months = _months(ctx, path, line, _text(row, "status_months"), status)
    markets = tuple(m.strip() for m in _text(row, "markets").split(";") if m.strip())
    for market in markets:
        if not _MARKET.match(market):
            ctx.problem(
                path, line, "markets", "unknown_destination", f"{market!r} is not an ISO country code"
            )
    province, province_old = _province(ctx, path, line, _text(row, "province"))
    if not (aid and _ID.match(aid) and name and status and basis and confidence and verified and source):
        return None
    return Agency(
        id=aid,
        name=name,
        short_name=_text(row, "short_name"),
        licence_no=_text(row, "licence_no"),
        status=status,
        status_since=since or "",
        status_months=months,
        status_scope=scope or "",
        status_basis=basis,
        confidence=confidence,
        province=province,
        province_old=province_old,
        address=_text(row, "address"),
        phone=_text(row, "phone"),
        markets=markets,
        source=tuple(source),
        source_date=source_date or "",
        verified_on=verified,
        evidence=_text(row, "evidence"),
    )


def _months(ctx: Context, path: Path, line: int, text: str, status: str | None) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) <= 120:
        ctx.problem(path, line, "status_months", "bad_value", f"{text!r} is not a number of months (1-120)")
        return None
    if status != "suspended":
        ctx.problem(path, line, "status_months", "bad_value", "only a suspension has a length")
        return None
    return int(text)


def _province(ctx: Context, path: Path, line: int, text: str) -> tuple[str, str]:
    """The current province's name, and the row's own name when it is a pre-2025 one."""
    if not text:
        return "", ""
    directory = ctx.records.get("provinces")
    match = directory.find(text) if directory is not None and len(directory) else None
    if match is None:
        if directory is not None and len(directory):
            ctx.problem(
                path,
                line,
                "province",
                "unknown_province",
                f"{text!r} is neither a current nor an old province",
            )
        return text, ""
    return match.province.name, match.old_name or ""


def _history(ctx: Context, ids: set[str]) -> list[dict]:
    path = ctx.root / HISTORY
    if not path.exists():
        return []
    events = []
    for line, row in read_csv(ctx, path, HISTORY_COLUMNS):
        agency_id = _text(row, "agency_id")
        if agency_id and agency_id not in ids:
            ctx.problem(path, line, "agency_id", "bad_value", f"no agency has the id {agency_id!r}")
        printed = _text(row, "name_as_printed")
        if not printed:
            ctx.problem(
                path, line, "name_as_printed", "missing_field", "give the name as the source printed it"
            )
        date = ctx.check_date(path, line, "date", _text(row, "date"), required=False, partial=True)
        end = ctx.check_date(path, line, "date_end", _text(row, "date_end"), required=False, partial=True)
        event = ctx.check_text(
            path, line, "event", {"vi": _text(row, "event_vi"), "en": _text(row, "event_en")}
        )
        source = ctx.check_sources(path, line, "source", _text(row, "source"))
        confidence = ctx.check_choice(path, line, "confidence", _text(row, "confidence"), HISTORY_CONFIDENCE)
        verified = ctx.check_date(path, line, "verified_on", _text(row, "verified_on"))
        if printed and event and source and confidence and verified:
            events.append(
                {
                    "agency_id": agency_id,
                    "name_as_printed": printed,
                    "date": date or "",
                    "date_end": end or "",
                    "event": event,
                    "source": source,
                    "confidence": confidence,
                    "verified_on": verified,
                }
            )
    return events


def _counts(ctx: Context) -> tuple[int | None, str, list[str]]:
    """DOLAB's own count of licensed firms, for "N of about M"."""
    path = ctx.root / COUNTS
    if not path.exists():
        return None, "", []
    data = load_mapping(ctx, path, "expected a mapping")
    if data is None:
        return None, "", []
    total = data.get("official_total")
    if not isinstance(total, int) or isinstance(total, bool) or total < 1:
        ctx.problem(path, data.line_of("official_total"), "official_total", "bad_value", "a whole number")
        total = None
    as_of = ctx.check_date(path, data.line_of("as_of"), "as_of", data.get("as_of"), partial=True)
    ctx.check_date(path, data.line_of("verified_on"), "verified_on", data.get("verified_on"))
    source = ctx.check_sources(path, data.line_of("source"), "source", data.get("source"))
    return total, as_of or "", source


def row(agency: Agency) -> dict:
    """The ``agencies`` table row (lists as JSON)."""
    return {
        "id": agency.id,
        "name": agency.name,
        "short_name": agency.short_name,
        "name_ascii": agency.name_ascii,
        "name_key": key(agency.name),
        "licence_no": agency.licence_no,
        "status": agency.status,
        "status_since": agency.status_since,
        "status_months": agency.status_months,
        "status_scope": agency.status_scope,
        "status_basis": agency.status_basis,
        "confidence": agency.confidence,
        "province": agency.province,
        "province_old": agency.province_old,
        "address": agency.address,
        "phone": agency.phone,
        "markets": json.dumps(agency.markets),
        "source": json.dumps(agency.source),
        "source_date": agency.source_date,
        "verified_on": agency.verified_on,
        "evidence": agency.evidence,
    }


def from_row(r) -> Agency:
    """An :class:`Agency` back from an ``agencies`` table row."""
    return Agency(
        id=r["id"],
        name=r["name"],
        short_name=r["short_name"],
        licence_no=r["licence_no"],
        status=r["status"],
        status_since=r["status_since"],
        status_months=r["status_months"],
        status_scope=r["status_scope"],
        status_basis=r["status_basis"],
        confidence=r["confidence"],
        province=r["province"],
        province_old=r["province_old"],
        address=r["address"],
        phone=r["phone"],
        markets=tuple(json.loads(r["markets"])),
        source=tuple(json.loads(r["source"])),
        source_date=r["source_date"],
        verified_on=r["verified_on"],
        evidence=r["evidence"],
    )


def write(db, records: AgencyContent) -> None:
    db["agencies"].insert_all((row(a) for a in records.agencies), pk="id", not_null={"id", "name"})
    db["agencies"].create_index(["status"], if_not_exists=True)
    history = [
        dict(
            e,
            event_vi=e["event"]["vi"],
            event_en=e["event"]["en"],
            source=json.dumps(e["source"]),
        )
        for e in records.history
    ]
    for e in history:
        del e["event"]
    if history:
        db["agency_history"].insert_all(history)
        db["agency_history"].create_index(["agency_id"], if_not_exists=True)
    db["agency_coverage"].insert(
        {"id": 1, "coverage": json.dumps(records.coverage.as_dict(), ensure_ascii=False)},
        pk="id",
        replace=True,
    )


def documents(records: AgencyContent):
    """One search document per agency (both languages), pointing at its page."""
    for a in records.agencies:
        yield {
            "id": f"agency:{a.id}",
            "type": "agency",
            "lang": "*",
            "title": f"{a.name} ({a.short_name})" if a.short_name else a.name,
            "body": " ".join(p for p in (a.province, a.province_old, a.address, a.licence_no) if p),
            "path": f"agencies/{a.id}",
        }


KIND = Kind("agencies", load, write, documents)
