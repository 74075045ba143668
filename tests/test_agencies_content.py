"""The shipped agency list against the facts it comes from, and the build's refusals of a broken list."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from support import CONTENT

from kiosk.build.kind import ContentError
from kiosk.build.pipeline import load, validate

FACTS = Path(__file__).resolve().parents[2] / "shared" / "facts" / "agencies.md"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def records():
    ctx = load(CONTENT, TODAY)
    assert not [p for p in ctx.problems if "agenc" in p.file]
    return ctx.records["agencies"]


def facts_rows():
    if not FACTS.exists():
        pytest.skip("the facts file is not beside this checkout")
    text = FACTS.read_text(encoding="utf-8").split("```csv\n")[1].split("```")[0]
    return list(csv.DictReader(io.StringIO(text)))


def test_every_row_of_the_facts_is_shipped_with_its_status_and_confidence(records):
    shipped = {(a.name, a.status, a.confidence) for a in records.agencies}
    rows = facts_rows()
    assert len(rows) == 373
    for row in rows:
        confidence = {"V": "verified", "I": "unverified"}[row["confidence"]]
        assert (row["name"].strip(), row["status"], confidence) in shipped


def test_the_two_operators_fined_for_recruiting_without_a_licence_are_shipped(records):
    unlicensed = {a.name for a in records.agencies if a.status == "unlicensed"}
    assert unlicensed == {"Công ty TNHH Hợp tác quốc tế MIDORI Việt Nam", "Công ty TNHH Huỳnh Hương Group"}


def test_counts_by_status_and_confidence(records):
    cover = records.coverage
    assert cover.agencies == 375
    assert cover.by_status == {"licensed": 351, "suspended": 5, "revoked": 17, "unlicensed": 2}
    assert cover.by_confidence == {"official": 0, "verified": 14, "unverified": 361}
    assert (cover.official_total, cover.as_of) == (505, "2025-03")


def test_no_licence_number_is_invented(records):
    assert all(a.licence_no == "" for a in records.agencies)


def test_licensed_is_never_claimed_as_verified(records):
    assert all(a.confidence == "unverified" for a in records.agencies if a.status == "licensed")


def test_every_row_cites_a_source_and_a_checked_date(records):
    for a in records.agencies:
        assert a.source and a.verified_on <= TODAY.isoformat()


@pytest.mark.parametrize(
    "agency_id, province, old",
    [("kb", "Hải Phòng", "Hải Dương"), ("quinn-hn", "Hà Nội", ""), ("huynh-huong", "Cần Thơ", "")],
)
def test_provinces_are_mapped_to_the_current_34_keeping_the_old_name(records, agency_id, province, old):
    agency = next(a for a in records.agencies if a.id == agency_id)
    assert (agency.province, agency.province_old) == (province, old)


def test_history_rows_point_at_shipped_agencies(records):
    ids = {a.id for a in records.agencies}
    linked = [h for h in records.history if h["agency_id"]]
    assert len(records.history) == 55 and len(linked) == 36
    assert all(h["agency_id"] in ids for h in linked)


def break_row(content: Path, column: str, value: str, row: int = 1) -> None:
    path = content / "agencies.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0])
    rows[row - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    "column, value, code",
    [
        ("status", "active", "bad_value"),
        ("confidence", "V", "bad_value"),
        ("source", "no-such-source", "unknown_source"),
        ("source", "", "missing_field"),
        ("verified_on", "2099-01-01", "future_date"),
        ("status_since", "2017-13", "bad_date"),
        ("province", "Atlantis", "unknown_province"),
        ("markets", "Korea", "unknown_destination"),
        ("id", "viet-ha-ha-tinh", "duplicate_id"),
        ("status_months", "6", "bad_value"),
    ],
)
def test_build_refuses_a_broken_row_naming_file_line_and_field(small_content, column, value, code):
    break_row(small_content, column, value, row=2)
    with pytest.raises(ContentError) as caught:
        validate(small_content, TODAY)
    found = [p for p in caught.value.problems if p.file == "agencies.csv"]
    assert [(p.line, p.field, p.code) for p in found] == [(3, column, code)]


def test_build_refuses_a_history_row_for_an_unknown_agency(small_content):
    path = small_content / "agency_history.csv"
    text = path.read_text(encoding="utf-8").replace("\nhycolasec,", "\nno-such-agency,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        validate(small_content, TODAY)
    assert [(p.file, p.line, p.code) for p in caught.value.problems] == [
        ("agency_history.csv", 2, "bad_value")
    ]
