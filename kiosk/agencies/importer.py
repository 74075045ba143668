"""`kiosk import-agencies`: the official agency list (CSV or XLSX, as DOLAB or a publisher gives it) into
``content/agencies.csv``.

Official spreadsheets are untidy: a title row or two, merged two-level headers ("Giấy phép" over "Số" and
"Ngày cấp"), numbers stored as text (or text stored as numbers), trailing spaces, decomposed (NFD)
Vietnamese, and an address cell that also holds "Địa điểm hoạt động…" or "Chi nhánh…". This module reads
all of that, keeps the stable ``id`` of every firm already known (matched by licence number, then by
name), and returns a :class:`Plan` (added, removed, status changed, renamed) that is written only when
asked, in one atomic replace. Rows that cannot be read are reported with their line and reason, and then
nothing is written at all. Build side only: no Flask.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..build import sources as source_kind
from ..build.kind import Context
from ..places import provinces_kind as province_kind
from ..text.fold import nfc, squash
from . import kind as agency_kind
from . import names
from .model import Agency

# Folded header words → field. The first matching rule wins, so the specific ones come first.
HEADERS = (
    ("short_name", ("ten viet tat", "ten giao dich", "ten tieng anh", "viet tat")),
    ("phone", ("dien thoai", "so dien thoai", "dt")),
    ("licence_date", ("ngay cap",)),
    ("licence_no", ("so giay phep", "giay phep so", "giay phep", "so gp")),
    ("name", ("ten doanh nghiep", "ten cong ty", "doanh nghiep", "ten")),
    ("address", ("dia chi", "tru so")),
    ("status", ("trang thai", "tinh trang")),
    ("province", ("tinh thanh pho", "tinh tp", "tinh")),
)
IGNORED = ("stt", "so tt", "tt", "ghi chu")
# Status words in the official directory (folded) → status; "đang hoạt động" is the only one seen so far.
STATUS_WORDS = (
    ("thu hoi", "revoked"),
    ("dinh chi", "suspended"),
    ("tam dung", "suspended"),
    ("dang hoat dong", "licensed"),
    ("hoat dong", "licensed"),
    ("cap phep", "licensed"),
)
# Where the head office ends and the other addresses begin.
_OTHER_ADDRESS = re.compile(r"(địa điểm hoạt động|địa điểm kinh doanh|chi nhánh|văn phòng đại diện)", re.I)
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
# A workbook that would unpack to more than this is refused unread: an official list is a few hundred rows
# (400 rows unpack to about 0.2 MB), and a "zip bomb" would otherwise fill the memory. The sizes checked
# are the ones the zip declares, which zipfile also enforces while unpacking.
XLSX_MAX_BYTES = 64 * 1024 * 1024


class AgencyImportError(Exception):
    """The file cannot be imported; ``problems`` lists (line, reason) for every bad row."""

    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None):
        self.problems = problems or []
        super().__init__(message)


@dataclass(frozen=True)
class Plan:
    """What an import would change; ``agencies`` is the new list in file order."""

    agencies: list[Agency]
    added: list[Agency] = field(default_factory=list)
    removed: list[Agency] = field(default_factory=list)
    status_changed: list[tuple[Agency, Agency]] = field(default_factory=list)
    renamed: list[tuple[Agency, Agency]] = field(default_factory=list)
    kept: list[Agency] = field(default_factory=list)


def read_rows(path: Path) -> list[list[str]]:
    """Every row of the first sheet (XLSX, in tab order) or of the CSV, as stripped NFC strings."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            rows = _xlsx_rows(path)
        elif suffix in (".csv", ".txt"):
            text = path.read_bytes().decode("utf-8-sig")
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
            rows = list(csv.reader(io.StringIO(text), dialect))
        else:
            raise AgencyImportError(f"{path.name}: give a .csv or .xlsx file")
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise AgencyImportError(f"{path.name}: cannot read the file ({exc})") from None
    return [[_cell(v) for v in row] for row in rows]


def _cell(value) -> str:
    text = nfc(str(value if value is not None else "")).replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip().lstrip("'")
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text


def _xlsx_rows(path: Path) -> list[list]:
    """The cell values of the first worksheet in tab order (workbook.xml), not the first part by file name.

    Excel keeps a sheet's part name (``sheet7.xml``) when tabs are moved or deleted, so only the workbook
    says which sheet comes first. Rows missing from the file come back empty, so line numbers are the
    spreadsheet's own. A damaged workbook fails inside openpyxl with any of many exceptions (zip, XML,
    KeyError, IndexError, ValueError...), so every one of them becomes the same one-line refusal.
    """
    # Here, not at the top: every `kiosk` command (serve included) imports this module, and openpyxl
    # takes about 0.1 s to import.
    from openpyxl import load_workbook

    try:
        with path.open("rb") as fh:  # ours to close, whatever openpyxl leaves open when it fails
            with zipfile.ZipFile(fh) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > XLSX_MAX_BYTES:
                raise AgencyImportError(
                    f"{path.name}: the workbook unpacks to {unpacked / 2**20:.0f} MB, more than an "
                    f"agency list ({XLSX_MAX_BYTES // 2**20} MB at most); refused unread"
                )
            fh.seek(0)
            with warnings.catch_warnings():
                # Styles, validations and extensions it drops: only the values matter here.
                warnings.filterwarnings("ignore", module="openpyxl")
                book = load_workbook(fh, read_only=True, data_only=True)
                if not book.worksheets:
                    raise AgencyImportError(f"{path.name}: the workbook has no worksheet")
                sheet = book.worksheets[0]
                sheet.reset_dimensions()  # some writers declare a wrong size, which would cut rows short
                rows = [list(row) for row in sheet.iter_rows(values_only=True)]
                book.close()
    except AgencyImportError:
        raise
    except Exception as exc:  # any of them: see the docstring
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise AgencyImportError(f"{path.name}: cannot read the file ({reason})") from None
    return rows


def header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The header's last row index and the column of each field, merged two-level headers included."""
    for i, row in enumerate(rows[:15]):
        labels = [squash(c) for c in row]
        if not any(lab.startswith("ten") and ("doanh nghiep" in lab or "cong ty" in lab) for lab in labels):
            continue
        end = i
        if i + 1 < len(rows) and _is_subheader(rows[i + 1]):
            end = i + 1
            top = ""
            merged = []
            for col in range(max(len(row), len(rows[i + 1]))):
                top = labels[col] if col < len(labels) and labels[col] else top
                sub = squash(rows[i + 1][col]) if col < len(rows[i + 1]) else ""
                merged.append(f"{top} {sub}".strip() if sub else (labels[col] if col < len(labels) else ""))
            labels = merged
        return end, _columns(labels)
    raise AgencyImportError(
        "no header row with a company-name column (Tên doanh nghiệp) in the first 15 rows"
    )


def _is_subheader(row: list[str]) -> bool:
    cells = [squash(c) for c in row if c.strip()]
    return (
        bool(cells) and all(not c.isdigit() and len(c) < 30 for c in cells) and not row[0].strip().isdigit()
    )


def _columns(labels: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, label in enumerate(labels):
        label = re.sub(r"[^0-9a-z ]+", " ", label).strip()
        if not label or label in IGNORED:
            continue
        for fld, words in HEADERS:
            if fld not in found and any(
                label == w or label.startswith(w + " ") or f" {w}" in f" {label}" for w in words
            ):
                found[fld] = col
                break
    if "name" not in found:
        raise AgencyImportError("no company-name column (Tên doanh nghiệp)")
    return found


def parse(rows: list[list[str]], provinces, *, source: tuple[str, ...], source_date: str, today: dt.date):
    """Rows under the header → (line, Agency without id) pairs; :raise AgencyImportError: with every bad row."""
    end, cols = header(rows)
    parsed, problems, licences = [], [], {}
    for i, row in enumerate(rows[end + 1 :], start=end + 2):
        value = {fld: (row[col] if col < len(row) else "") for fld, col in cols.items()}
        if not any(value.values()):
            continue
        name = value.get("name", "")
        if not name:
            problems.append((i, "no company name"))
            continue
        status = _status(value.get("status", ""))
        if status is None:
            problems.append((i, f"status {value['status']!r} is not one the importer knows"))
            continue
        lic = value.get("licence_no", "")
        if lic and names.licence_key(lic) in licences:
            problems.append((i, f"licence {lic!r} is also on line {licences[names.licence_key(lic)]}"))
            continue
        if lic:
            licences[names.licence_key(lic)] = i
        since = parse_date(value.get("licence_date", ""))
        if value.get("licence_date") and since is None:
            problems.append((i, f"licence date {value['licence_date']!r} is not a date"))
            continue
        province, old = _province(provinces, value.get("province", ""), value.get("address", ""))
        agency = Agency(
            id="",
            name=name,
            short_name=value.get("short_name", ""),
            licence_no=lic,
            status=status,
            status_since=since or "",
            status_basis="official_list",
            confidence="official",
            province=province,
            province_old=old,
            address=value.get("address", ""),
            phone=value.get("phone", ""),
            source=source,
            source_date=source_date,
            verified_on=today.isoformat(),
        )
        parsed.append((i, agency))
    if problems:
        raise AgencyImportError(f"{len(problems)} row(s) cannot be imported; nothing was written", problems)
    if not parsed:
        raise AgencyImportError("the file has no agency rows under its header")
    return parsed


def _status(text: str) -> str | None:
    if not text:
        return "licensed"
    folded = squash(text)
    return next((status for words, status in STATUS_WORDS if words in folded), None)


def parse_date(text: str) -> str | None:
    """An ISO date from "15/01/2020", "2020-01-15" or an Excel day number; None when it is not one."""
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00:00)?", text):
        return text[:10]
    if re.fullmatch(r"\d{5}", text):  # an Excel serial day number
        return (dt.date(1899, 12, 30) + dt.timedelta(days=int(text))).isoformat()
    m = _DATE.match(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None


def _province(provinces, given: str, address: str) -> tuple[str, str]:
    """The province from its own column, else the last province named in the head-office address."""
    if given:
        match = provinces.find(given)
        return (match.province.name, match.old_name or "") if match else (given, "")
    head = _OTHER_ADDRESS.split(address)[0]
    parts = [p.strip(" .") for p in re.split(r"[,–-]", head) if p.strip(" .")]
    for part in reversed(parts):
        match = provinces.find(part)
        if match:
            return match.province.name, match.old_name or ""
    return "", ""


def plan(existing: list[Agency], imported: list[tuple[int, Agency]]) -> Plan:
    """Give imported rows the ids of firms already known and say what would change.

    Firms match by licence number, then by name (either full or short). A licensed firm known only from
    an unofficial copy and absent from the official list is removed; revocations, suspensions and
    operators fined for having no licence come from news and decisions, not from the list of licensed
    firms, so they stay.
    """
    by_licence = {names.licence_key(a.licence_no): a for a in existing if a.licence_no}
    by_name: dict[str, Agency] = {}
    for a in existing:
        for text in (a.name, a.short_name):
            if text:
                by_name.setdefault(names.key(text), a)
    used: set[str] = set()
    taken = {a.id for a in existing}
    result: list[Agency] = []
    added, changed, renamed = [], [], []
    for _line, row in imported:
        old = by_licence.get(names.licence_key(row.licence_no)) if row.licence_no else None
        old = old or by_name.get(names.key(row.name)) or by_name.get(names.key(row.short_name) or "\0")
        if old is not None and old.id not in used:
            new = replace(row, id=old.id, markets=old.markets)
            if old.status != new.status:
                changed.append((old, new))
            if names.key(old.name) != names.key(new.name):
                renamed.append((old, new))
        else:
            new = replace(row, id=_new_id(row, taken))
            added.append(new)
        used.add(new.id)
        taken.add(new.id)
        result.append(new)
    kept = [a for a in existing if a.id not in used and a.status != "licensed"]
    removed = [a for a in existing if a.id not in used and a.status == "licensed"]
    return Plan(result + kept, added, removed, changed, renamed, kept)


def _new_id(agency: Agency, taken: set[str]) -> str:
    base = names.slug(agency.short_name) or names.slug(agency.name) or "agency"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def load_existing(content: Path, today: dt.date):
    """The bibliography, provinces and agencies of ``content`` (their problems do not stop an import)."""
    ctx = Context(root=content, today=today)
    for kind in (source_kind.KIND, province_kind.KIND, agency_kind.KIND):
        ctx.records[kind.name] = kind.load(ctx)
    return ctx


def prepare(path: Path, content: Path, *, source: str, source_date: str, today: dt.date) -> Plan:
    """Read ``path`` and plan its import into ``content``. :raise AgencyImportError: nothing can be imported."""
    ctx = load_existing(content, today)
    if source not in ctx.records["sources"]:
        raise AgencyImportError(
            f"source {source!r} is not in the bibliography (content/sources/*.yaml); add it first"
        )
    rows = read_rows(path)
    imported = parse(rows, ctx.records["provinces"], source=(source,), source_date=source_date, today=today)
    return plan(ctx.records["agencies"].agencies, imported)


def describe(result: Plan) -> list[str]:
    """The plan in lines a person reads before saying --yes."""
    lines = [
        f"{len(result.agencies)} agencies after import: {len(result.added)} added, {len(result.removed)} removed, "
        f"{len(result.status_changed)} with a new status, {len(result.renamed)} renamed, "
        f"{len(result.kept)} kept from news and decisions (revoked, suspended, unlicensed)"
    ]
    lines += [f"  + {a.id}: {a.name} ({a.status})" for a in result.added]
    lines += [f"  - {a.id}: {a.name} (was {a.status}, not on the official list)" for a in result.removed]
    lines += [f"  ~ {new.id}: {old.status} -> {new.status}" for old, new in result.status_changed]
    lines += [f"  ~ {new.id}: renamed {old.name!r} -> {new.name!r}" for old, new in result.renamed]
    return lines


def write(content: Path, agencies: list[Agency]) -> Path:
    """Replace ``agencies.csv`` in one atomic step (a reader sees the old file or the new, never half)."""
    target = content / agency_kind.FILE
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, agency_kind.COLUMNS, lineterminator="\n")
        writer.writeheader()
        for a in agencies:
            row = {c: getattr(a, c) for c in agency_kind.COLUMNS}
            row.update(
                markets=";".join(a.markets), source=";".join(a.source), status_months=a.status_months or ""
            )
            writer.writerow(row)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    return target
