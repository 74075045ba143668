"""Provinces: the 34 units since 1 July 2025, and names typed the old way still find them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st
from support import SMALL_CONTENT

from kiosk.build.pipeline import load
from kiosk.places import provinces_kind
from kiosk.places.provinces import Directory, UnknownProvince, from_rows, key

CONTENT = Path(__file__).resolve().parent.parent / "content"

# Resolution 202/2025/QH15, as mapped in ../shared/facts/services.md §1b: old province -> new unit.
OLD_TO_NEW = {
    "Hà Nội": "Hà Nội", "Thừa Thiên Huế": "Huế", "Cao Bằng": "Cao Bằng", "Điện Biên": "Điện Biên",
    "Lai Châu": "Lai Châu", "Lạng Sơn": "Lạng Sơn", "Sơn La": "Sơn La", "Quảng Ninh": "Quảng Ninh",
    "Thanh Hóa": "Thanh Hóa", "Nghệ An": "Nghệ An", "Hà Tĩnh": "Hà Tĩnh",
    "Hà Giang": "Tuyên Quang", "Tuyên Quang": "Tuyên Quang", "Yên Bái": "Lào Cai", "Lào Cai": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên", "Thái Nguyên": "Thái Nguyên", "Vĩnh Phúc": "Phú Thọ", "Hòa Bình": "Phú Thọ",
    "Phú Thọ": "Phú Thọ", "Bắc Giang": "Bắc Ninh", "Bắc Ninh": "Bắc Ninh", "Thái Bình": "Hưng Yên",
    "Hưng Yên": "Hưng Yên", "Hải Dương": "Hải Phòng", "Hải Phòng": "Hải Phòng", "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình", "Ninh Bình": "Ninh Bình", "Quảng Bình": "Quảng Trị", "Quảng Trị": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng", "Đà Nẵng": "Đà Nẵng", "Kon Tum": "Quảng Ngãi", "Quảng Ngãi": "Quảng Ngãi",
    "Bình Định": "Gia Lai", "Gia Lai": "Gia Lai", "Ninh Thuận": "Khánh Hòa", "Khánh Hòa": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng", "Bình Thuận": "Lâm Đồng", "Lâm Đồng": "Lâm Đồng", "Phú Yên": "Đắk Lắk",
    "Đắk Lắk": "Đắk Lắk", "Bình Dương": "Hồ Chí Minh", "Bà Rịa – Vũng Tàu": "Hồ Chí Minh",
    "Hồ Chí Minh": "Hồ Chí Minh", "Bình Phước": "Đồng Nai", "Đồng Nai": "Đồng Nai", "Long An": "Tây Ninh",
    "Tây Ninh": "Tây Ninh", "Tiền Giang": "Đồng Tháp", "Đồng Tháp": "Đồng Tháp", "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ", "Cần Thơ": "Cần Thơ", "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long",
    "Vĩnh Long": "Vĩnh Long", "Bạc Liêu": "Cà Mau", "Cà Mau": "Cà Mau", "Kiên Giang": "An Giang",
    "An Giang": "An Giang",
}  # fmt: skip


@pytest.fixture(scope="module")
def directory() -> Directory:
    ctx = load(CONTENT)
    assert [p for p in ctx.problems if p.file == "provinces.yaml"] == []
    return ctx.records["provinces"]


def test_the_table_covers_63_old_provinces_and_34_new_units():
    assert len(OLD_TO_NEW) == 63
    assert len(set(OLD_TO_NEW.values())) == 34


def test_content_has_34_units_six_of_them_cities(directory):
    assert len(directory) == 34
    cities = {p.name for p in directory.provinces if p.kind == "city"}
    assert cities == {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


@pytest.mark.parametrize(("old", "new"), sorted(OLD_TO_NEW.items()))
def test_every_old_province_resolves_to_its_new_unit(directory, old, new):
    match = directory.resolve(old)
    assert match.province.name == new
    assert match.old_name == (None if old == new else old)


@pytest.mark.parametrize(
    ("typed", "new", "old"),
    [
        ("hai duong", "Hải Phòng", "Hải Dương"),
        ("HẢI DƯƠNG", "Hải Phòng", "Hải Dương"),
        ("Tỉnh Bắc Giang", "Bắc Ninh", "Bắc Giang"),
        ("tinh bac giang", "Bắc Ninh", "Bắc Giang"),
        ("TP.HCM", "Hồ Chí Minh", None),
        ("tp hcm", "Hồ Chí Minh", None),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh", None),
        ("Sài Gòn", "Hồ Chí Minh", None),
        ("Ho Chi Minh City", "Hồ Chí Minh", None),
        ("ba ria - vung tau", "Hồ Chí Minh", "Bà Rịa – Vũng Tàu"),
        ("Thừa Thiên - Huế", "Huế", "Thừa Thiên Huế"),
        ("TP Huế", "Huế", None),
        ("Hanoi", "Hà Nội", None),
        ("thanh pho ha noi", "Hà Nội", None),
        ("HOÀ BÌNH", "Phú Thọ", "Hòa Bình"),
        ("Thanh Hoá province", "Thanh Hóa", None),
        ("Bắc Cạn", "Thái Nguyên", "Bắc Kạn"),
        ("Đắc Lắc", "Đắk Lắk", None),
        ("Kontum", "Quảng Ngãi", "Kon Tum"),
        ("  quang   binh ", "Quảng Trị", "Quảng Bình"),
        ("Quảng Trị", "Quảng Trị", None),
    ],
)
def test_typed_names_resolve_with_or_without_marks_and_prefixes(directory, typed, new, old):
    match = directory.resolve(typed)
    assert (match.province.name, match.old_name) == (new, old)


@pytest.mark.parametrize("typed", ["Paris", "", "   ", "Hà", "tỉnh", "Vientiane"])
def test_a_name_that_is_neither_current_nor_old_is_unknown_province(directory, typed):
    with pytest.raises(UnknownProvince) as err:
        directory.resolve(typed)
    assert err.value.code == "unknown_province"
    assert directory.find(typed) is None


@given(
    old=st.sampled_from(sorted(OLD_TO_NEW)),
    prefix=st.sampled_from(["", "tỉnh ", "Tinh ", "TP ", "TP.", "thành phố ", "Thanh pho "]),
    upper=st.booleans(),
)
def test_prefixes_case_and_marks_never_change_the_answer(directory, old, prefix, upper):
    from kiosk.text.fold import fold

    for text in (prefix + old, prefix + fold(old)):
        text = text.upper() if upper else text
        assert directory.resolve(text).province.name == OLD_TO_NEW[old]


@given(st.text(max_size=30))
def test_key_is_idempotent_and_ascii(text):
    k = key(text)
    assert k == key(k)
    assert k.isascii()


def test_provinces_round_trip_through_the_database(directory, tmp_path):
    db = sqlite_utils.Database(tmp_path / "c.db")
    provinces_kind.write(db, directory)
    again = from_rows(db["provinces"].rows)
    assert again.provinces == directory.provinces
    assert again.resolve("Hải Dương").province.id == "hai-phong"


def _broken(tmp_path: Path, old: str, new: str) -> list:
    root = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, root)
    path = root / "provinces.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    ctx = load(root, dt.date(2026, 11, 25))
    return [p for p in ctx.problems if p.file == "provinces.yaml"]


def test_an_old_name_given_to_two_provinces_is_refused(tmp_path):
    problems = _broken(
        tmp_path, "old_names: [Hà Giang, Tuyên Quang]", "old_names: [Hà Giang, Tuyên Quang, Lào Cai]"
    )
    assert {p.code for p in problems} >= {"duplicate_id", "bad_value"}
    assert any("Lào Cai" in p.message for p in problems)


def test_a_missing_source_is_refused_with_its_line(tmp_path):
    problems = _broken(tmp_path, "  source: [laodong-52-units-2025]\n", "")
    assert [(p.field, p.code) for p in problems][0] == ("source", "missing_field")
    assert problems[0].line > 1


def test_a_province_with_an_unknown_source_is_refused(tmp_path):
    problems = _broken(tmp_path, "[laodong-52-units-2025, tintucvietnam", "[no-such-source, tintucvietnam")
    assert [p.code for p in problems] == ["unknown_source"]
