"""`kiosk import-agencies`: the official list's untidy formats, stable ids, the plan, and all-or-nothing writes.

Every company name here is made up ("Ví Dụ", "Thử Nghiệm", "Mẫu"): fixtures never carry real firms.
"""

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kiosk import create_app
from kiosk.agencies import importer
from kiosk.build.pipeline import build, validate

TODAY = dt.date(2026, 12, 3)  # the bundled content cites sources read up to this day
TITLE = (
    "DANH SÁCH DOANH NGHIỆP ĐƯỢC CẤP GIẤY PHÉP HOẠT ĐỘNG DỊCH VỤ ĐƯA NGƯỜI LAO ĐỘNG ĐI LÀM VIỆC Ở NƯỚC NGOÀI"
)
HEAD = ["STT", "Tên doanh nghiệp", "Tên viết tắt", "Giấy phép", "", "Địa chỉ", "Điện thoại", "Trạng thái"]
SUBHEAD = ["", "", "", "Số", "Ngày cấp", "", "", ""]
ROWS = [
    # NFD text, trailing spaces, a number stored as text, the address holding a second site
    [
        "1",
        unicodedata.normalize("NFD", "Công ty CP Nhân lực Ví Dụ Alpha  "),
        "ALPHA HR JSC ",
        "999/LĐTBXH-GP",
        "15/01/2020",
        "Số 1 phố Thử, quận Mẫu, Hà Nội Địa điểm hoạt động XKLĐ: số 2 đường Thử, Hải Phòng",
        "'0241234567",
        "Doanh nghiệp đang hoạt động",
    ],
    [
        "2",
        "Công ty TNHH Thử Nghiệm Beta (tên mới)",
        "BETA CO.,LTD",
        "998/LĐTBXH-GP",
        "2019-03-02",
        "Khu Mẫu, thành phố Vĩnh Yên, tỉnh Vĩnh Phúc",
        "0211.3000000",
        "Đã thu hồi giấy phép",
    ],
    ["3", "Công ty CP Mẫu Gamma Mới", "", "997/LĐTBXH-GP", "44000", "Thị xã Mẫu, Bắc Giang", "", ""],
]

EXISTING = [
    {
        "id": "alpha",
        "name": "Công ty CP Nhân lực Ví Dụ Alpha",
        "short_name": "ALPHA HR JSC",
        "status": "licensed",
        "status_basis": "unofficial_copy",
        "confidence": "unverified",
        "source": "ag-seed-list",
        "source_date": "2023-07",
        "verified_on": "2026-11-23",
    },
    {
        "id": "beta",
        "name": "Công ty TNHH Thử Nghiệm Beta",
        "short_name": "BETA CO.,LTD",
        "licence_no": "998/LĐTBXH-GP",
        "status": "licensed",
        "status_basis": "unofficial_copy",
        "confidence": "unverified",
        "source": "ag-seed-list",
        "source_date": "2023-07",
        "verified_on": "2026-11-23",
        "markets": "KR",
    },
    {
        "id": "delta",
        "name": "Công ty TNHH Đã Cũ Delta",
        "status": "licensed",
        "status_basis": "unofficial_copy",
        "confidence": "unverified",
        "source": "ag-seed-list",
        "source_date": "2023-07",
        "verified_on": "2026-11-23",
    },
    {
        "id": "omega",
        "name": "Công ty TNHH Giả Định Omega",
        "status": "unlicensed",
        "status_basis": "reported",
        "confidence": "verified",
        "source": "ag-seed-list",
        "verified_on": "2026-11-23",
    },
]


@pytest.fixture
def content(content_copy) -> Path:
    """The bundled content with a small made-up agency list, and a bibliography entry for the import."""
    with (content_copy / "agencies.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, importer.agency_kind.COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(EXISTING)
    (content_copy / "agency_history.csv").unlink()
    with (content_copy / "sources" / "agencies.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            "- id: test-official-list\n  title: Made-up official list\n  publisher: tests\n"
            '  published_on: 2026-11-01\n  verified_on: 2026-11-20\n  kind: official\n  label: {vi: "Danh sách thử", en: "Test list"}\n'
        )
    return content_copy


def write_csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, rows) -> Path:
    """A workbook as a spreadsheet program writes it: numbers where a cell looks like one, text otherwise."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append([int(v) if v.isdigit() else (v or None) for v in row])
    book.save(path)
    return path


def renumber_sheet_parts(path: Path, shift: int) -> None:
    """Rename every ``xl/worksheets/sheetN.xml`` to ``sheet{N + shift}.xml``, references included.

    Excel keeps a sheet's part name when tabs are deleted or moved, so real workbooks have parts that
    neither start at 1 nor follow the tab order; openpyxl always writes sheet1.xml, sheet2.xml... in order.
    """
    with zipfile.ZipFile(path) as z:
        parts = [(info.filename, z.read(info)) for info in z.infolist()]

    def bump(m: re.Match) -> str | bytes:
        new = f"sheet{int(m.group(1)) + shift}.xml"
        return new if isinstance(m.group(0), str) else new.encode()

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(re.sub(r"sheet(\d+)\.xml", bump, name), re.sub(rb"sheet(\d+)\.xml", bump, data))


@pytest.fixture(params=["csv", "xlsx"])
def official(request, tmp_path) -> Path:
    rows = [[TITLE], HEAD, SUBHEAD, *ROWS]
    writer = write_csv if request.param == "csv" else write_xlsx
    return writer(tmp_path / f"dolab.{request.param}", rows)


def prepare(path, content):
    return importer.prepare(path, content, source="test-official-list", source_date="2026-11-01", today=TODAY)


def test_the_official_format_is_read_and_normalised(official, content):
    plan = prepare(official, content)
    alpha = next(a for a in plan.agencies if a.id == "alpha")
    assert alpha.name == "Công ty CP Nhân lực Ví Dụ Alpha" and alpha.short_name == "ALPHA HR JSC"
    assert (alpha.licence_no, alpha.status_since, alpha.phone) == (
        "999/LĐTBXH-GP",
        "2020-01-15",
        "0241234567",
    )
    assert (alpha.status, alpha.confidence, alpha.status_basis) == ("licensed", "official", "official_list")
    assert alpha.province == "Hà Nội"  # the head office, not the second site in Hải Phòng


def test_known_firms_keep_their_ids_and_the_plan_says_what_changes(official, content):
    plan = prepare(official, content)
    assert [a.id for a in plan.agencies] == ["alpha", "beta", "mau-gamma-moi", "omega"]
    assert [a.id for a in plan.added] == ["mau-gamma-moi"]
    assert [a.id for a in plan.removed] == ["delta"]
    assert [(o.status, n.status) for o, n in plan.status_changed] == [
        ("licensed", "revoked"),
        ("licensed", "licensed"),
    ][:1]
    assert [n.id for _, n in plan.renamed] == ["beta"]
    assert [a.id for a in plan.kept] == ["omega"]
    beta = next(a for a in plan.agencies if a.id == "beta")
    assert beta.markets == ("KR",) and (beta.province, beta.province_old) == ("Phú Thọ", "Vĩnh Phúc")
    gamma = next(a for a in plan.agencies if a.id == "mau-gamma-moi")
    assert gamma.status_since == "2020-06-18" and (gamma.province, gamma.province_old) == (
        "Bắc Ninh",
        "Bắc Giang",
    )


def test_written_list_builds_and_the_write_is_whole(official, content):
    plan = prepare(official, content)
    importer.write(content, plan.agencies)
    assert not list(content.glob(".agencies.csv.*"))
    records = validate(content, TODAY).records["agencies"]
    assert {a.id: a.confidence for a in records.agencies} == {
        "alpha": "official",
        "beta": "official",
        "mau-gamma-moi": "official",
        "omega": "verified",
    }


def test_bad_rows_are_reported_with_line_and_reason_and_nothing_is_written(tmp_path, content):
    before = (content / "agencies.csv").read_bytes()
    rows = [
        HEAD,
        SUBHEAD,
        ROWS[0],
        ["2", "", "X", "", "", "", "", ""],
        ["3", "Công ty Thử Lỗi", "", "999/LĐTBXH-GP", "", "", "", ""],
        ["4", "Công ty Thử Ngày", "", "", "32/13/2020", "", "", ""],
        ["5", "Công ty Thử Trạng Thái", "", "", "", "", "", "Không rõ"],
    ]
    with pytest.raises(importer.AgencyImportError) as caught:
        prepare(write_csv(tmp_path / "bad.csv", rows), content)
    assert [line for line, _ in caught.value.problems] == [4, 5, 6, 7]
    assert "also on line 3" in caught.value.problems[1][1]
    assert (content / "agencies.csv").read_bytes() == before


@pytest.mark.parametrize(
    "rows, message",
    [([["a", "b"], ["1", "2"]], "no header row"), ([HEAD, SUBHEAD], "no agency rows")],
)
def test_a_file_without_a_list_is_refused(tmp_path, content, rows, message):
    with pytest.raises(importer.AgencyImportError, match=message):
        prepare(write_csv(tmp_path / "x.csv", rows), content)


def test_the_first_sheet_in_tab_order_is_read_not_the_first_part_by_file_name(tmp_path):
    path = tmp_path / "tabs.xlsx"
    book = openpyxl.Workbook()
    for tab in range(1, 12):
        sheet = book.active if tab == 1 else book.create_sheet()
        sheet.title = f"Tab {tab}"
        sheet.append(["Tên doanh nghiệp", "Ngày cấp"])
        sheet.append([f"Công ty Thử Trang {tab}", dt.datetime(2020, 1, tab)])
    book.save(path)
    renumber_sheet_parts(path, 1)  # as if the workbook's first tab had been deleted: parts sheet2..sheet12
    with zipfile.ZipFile(path) as z:
        parts = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert parts[0] == "xl/worksheets/sheet10.xml" and "xl/worksheets/sheet1.xml" not in parts  # tab 9 first
    rows = importer.read_rows(path)
    assert rows == [["Tên doanh nghiệp", "Ngày cấp"], ["Công ty Thử Trang 1", "2020-01-01 00:00:00"]]
    assert importer.parse_date(rows[1][1]) == "2020-01-01"  # a real date cell reads as that date


def _rezip(good: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                z.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda good: b"Ten doanh nghiep,Dia chi\n", "File is not a zip file"),
        (lambda good: good[: len(good) // 2], "File is not a zip file"),
        (
            lambda good: _rezip(good, lambda name, data: data[:300] if name.endswith("sheet1.xml") else data),
            "cannot read the file (",
        ),
        (
            lambda good: _rezip(good, lambda name, data: None if name == "xl/workbook.xml" else data),
            "no item named 'xl/workbook.xml'",
        ),
    ],
    ids=["not-a-zip", "truncated", "broken-sheet-xml", "no-workbook-part"],
)
def test_a_corrupt_workbook_is_refused_in_one_line(cli, tmp_path, content, damage, reason):
    good = write_xlsx(tmp_path / "good.xlsx", [HEAD, SUBHEAD, *ROWS]).read_bytes()
    path = tmp_path / "dolab.xlsx"
    path.write_bytes(damage(good))
    before = (content / "agencies.csv").read_bytes()
    result = cli("import-agencies", path, "--content", content, "--source", "test-official-list", "--date",
                 "2026-11-01")  # fmt: skip
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith("Error: dolab.xlsx: cannot read the file (") and reason in result.output
    assert (content / "agencies.csv").read_bytes() == before


def test_a_workbook_that_would_unpack_too_large_is_refused_unread(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "dolab.xlsx", [HEAD, SUBHEAD, *ROWS])
    monkeypatch.setattr(importer, "XLSX_MAX_BYTES", 1000)
    with pytest.raises(importer.AgencyImportError, match="more than an agency list .* refused unread"):
        importer.read_rows(path)


def test_an_unknown_source_is_refused(official, content):
    with pytest.raises(importer.AgencyImportError, match="not in the bibliography"):
        importer.prepare(official, content, source="nope", source_date="2026-11-01", today=TODAY)


def test_the_command_shows_the_plan_and_writes_only_with_yes(cli, official, content):
    args = (
        "import-agencies",
        official,
        "--content",
        content,
        "--source",
        "test-official-list",
        "--date",
        "2026-11-01",
    )
    before = (content / "agencies.csv").read_bytes()
    shown = cli(*args)
    assert shown.exit_code == 0 and "1 added, 1 removed" in shown.output and "--yes" in shown.output
    assert (content / "agencies.csv").read_bytes() == before
    applied = cli(*args, "--yes")
    assert applied.exit_code == 0 and "wrote 4 agencies" in applied.output


def test_the_command_reports_bad_rows_as_file_line_reason(cli, tmp_path, content):
    path = write_csv(tmp_path / "bad.csv", [HEAD, SUBHEAD, ["1", "", "X", "", "", "", "", ""]])
    result = cli(
        "import-agencies",
        path,
        "--content",
        content,
        "--source",
        "test-official-list",
        "--date",
        "2026-11-01",
    )
    assert result.exit_code == 1 and "bad.csv:3: no company name" in result.output


@pytest.mark.parametrize(
    "text, date",
    [
        ("15/01/2020", "2020-01-15"),
        ("2020-01-15 00:00:00", "2020-01-15"),
        ("44000", "2020-06-18"),
        ("31/02/2020", None),
        ("soon", None),
    ],
)
def test_parse_date(text, date):
    assert importer.parse_date(text) == date


def test_the_shipped_list_reimported_in_the_official_format_keeps_every_id(content_copy, tmp_path):
    shipped = importer.load_existing(content_copy, TODAY).records["agencies"].agencies
    licensed = [a for a in shipped if a.status == "licensed"]
    rows = [[TITLE], HEAD, SUBHEAD]
    for n, a in enumerate(licensed, start=1):
        rows.append(
            [
                str(n),
                f"{a.name.upper()} ",
                a.short_name,
                "",
                "",
                a.address,
                a.phone,
                "Doanh nghiệp đang hoạt động",
            ]
        )
    with (content_copy / "sources" / "agencies.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            '- id: test-list\n  title: Re-import\n  published_on: 2026\n  verified_on: 2026-11-20\n  kind: official\n  label: {vi: "Danh sách thử", en: "Test list"}\n'
        )
    plan = importer.prepare(write_csv(tmp_path / "all.csv", rows), content_copy, source="test-list",
                            source_date="2026-11-01", today=TODAY)  # fmt: skip
    assert not plan.added and not plan.removed and not plan.status_changed
    assert {a.id for a in plan.agencies} == {a.id for a in shipped}


@pytest.mark.slow
def test_an_imported_list_is_served_with_official_confidence_and_found_by_licence_number(
    official, content, tmp_path
):
    importer.write(content, prepare(official, content).agencies)
    build(content, tmp_path / "instance", today=TODAY)
    client = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance")}).test_client()
    assert client.get("/api/v1/agencies/999/LĐTBXH-GP").get_json()["id"] == "alpha"
    body = client.get("/api/v1/agencies/check?name=999/ldtbxh-gp").get_json()
    assert (body["verdict"], body["confidence"], body["as_of"]) == ("licensed", "official", "2020-01-15")
    assert body["match"]["status_reading"] == "licensed_official_list"
