"""The check's verdicts, status as of a date and the list search, on a small fictitious list."""

import datetime as dt

import pytest

from kiosk.agencies.model import Agency, AgencyIndex, add_months, before, coverage, reading

TODAY = dt.date(2026, 11, 25)

FICTIONAL = [
    Agency(
        "alpha",
        "Công ty CP Nhân lực Ví Dụ Alpha",
        "ALPHA HR JSC",
        licence_no="999/LĐTBXH-GP",
        province="Hà Nội",
    ),
    Agency(
        "beta",
        "Công ty TNHH Thử Nghiệm Beta",
        "BETA CO.,LTD",
        status="suspended",
        status_since="2026-06",
        status_months=12,
        status_scope="recruiting",
        confidence="verified",
        markets=("KR",),
        province="Phú Thọ",
        province_old="Vĩnh Phúc",
    ),
    Agency("gamma", "Công ty CP Mẫu Gamma", status="revoked", status_since="2023-07", confidence="verified"),
    Agency(
        "delta",
        "Công ty TNHH Giả Định Delta",
        status="unlicensed",
        status_since="2025-09",
        confidence="verified",
    ),
    Agency(
        "epsilon",
        "Công ty CP Thương mại Minh Họa Epsilon",
        status="suspended",
        status_since="2023-10",
        status_months=18,
    ),
    Agency("zeta", "Công ty TNHH Xuất khẩu lao động Zeta Minh Họa", status="suspended"),
]


@pytest.fixture(scope="module")
def index():
    return AgencyIndex(FICTIONAL, coverage(FICTIONAL, 505, "2025-03", ("count",)))


@pytest.mark.parametrize(
    "typed, found",
    [
        ("Công ty CP Nhân lực Ví Dụ Alpha", "alpha"),
        ("cong ty co phan nhan luc vi du alpha", "alpha"),
        ("CTY NHÂN LỰC VÍ DỤ ALPHA JSC", "alpha"),
        ("Nhân lực Ví Dụ Alpha Corp", "alpha"),
        ("alpha hr", "alpha"),
        ("999/LDTBXH-GP", "alpha"),
        ("  999 / lđtbxh - gp ", "alpha"),
        ("beta co ltd", "beta"),
        ("Công ty TNHH Thử Nghiệm Beta", "beta"),
    ],
)
def test_a_listed_agency_is_found_however_its_name_is_typed(index, typed, found):
    result = index.check(typed)
    assert result.match is not None and result.match.id == found


@pytest.mark.parametrize(
    "typed, verdict, quality",
    [
        ("alpha hr jsc", "licensed", "exact"),
        ("Thử Nghiệm Beta", "suspended", "exact"),
        ("Mẫu Gamma", "revoked", "exact"),
        ("Giả Định Delta", "unlicensed", "exact"),
        ("cong ty gamma", "revoked", "partial"),
        ("Ví Dụ Alpha", "licensed", "partial"),
        ("delta", "unlicensed", "partial"),
        ("Công ty CP Nhân lực Ví Dụ Alpha Việt Nam", "lookalike", "lookalike"),
        ("Công ty CP Nhân lực Ví Dụ Alfa", "lookalike", "lookalike"),
        ("Công ty cổ phần Thử Nghiệm Beta", "lookalike", "lookalike"),
        ("Công ty TNHH Mẫu Gamma", "lookalike", "lookalike"),
        ("Công ty TNHH Một Tên Khác Hẳn", "not_found", "none"),
    ],
)
def test_each_verdict(index, typed, verdict, quality):
    result = index.check(typed)
    assert (result.verdict, result.quality) == (verdict, quality)


@pytest.mark.parametrize(
    "typed, nearest",
    [
        ("Mẫu Gamma", "gamma"),
        ("cong ty gamma", "gamma"),
        ("Công ty TNHH Mẫu Gamma", "gamma"),
        ("Gamma Mẫu Toàn Cầu", "gamma"),
        ("Công ty TNHH Một Tên Khác Hẳn", None),
    ],
)
def test_every_verdict_names_the_firm_the_worker_most_likely_means(index, typed, nearest):
    found = index.check(typed).nearest
    assert (found.id if found else None) == nearest


def test_a_shortened_form_is_that_firm_with_its_own_date_and_confidence(index):
    result = index.check("định delta")
    assert result.quality == "partial"
    assert (result.match.id, result.as_of, result.confidence) == ("delta", "2025-09", "verified")
    assert not result.lookalikes


def test_a_lookalike_names_the_agency_it_imitates_and_is_not_a_match(index):
    result = index.check("Nhân lực Ví Dụ Alpha Quốc Tế")
    assert result.match is None
    assert [a.id for a in result.lookalikes] == ["alpha"]


def test_a_fragment_is_never_a_match_but_lists_the_names_containing_it(index):
    result = index.check("Minh Họa")
    assert result.verdict == "not_found"
    assert {a.id for a in result.candidates} == {"epsilon", "zeta"}


def test_not_found_carries_the_coverage_date_and_the_weakest_confidence(index):
    result = index.check("Hoàn Toàn Không Có")
    assert (result.verdict, result.as_of, result.confidence) == ("not_found", "2025-03", "unverified")


def test_a_match_carries_its_own_date_and_confidence(index):
    result = index.check("Mẫu Gamma")
    assert (result.as_of, result.confidence) == ("2023-07", "verified")


def test_a_provincial_job_placement_licence_is_flagged(index):
    assert index.check("123/SLĐTBXH-GP").warnings == ("provincial_licence",)


def test_an_empty_query_finds_nothing(index):
    result = index.check("Công ty TNHH")
    assert result.verdict == "not_found" and not result.candidates and not result.lookalikes


@pytest.mark.parametrize(
    "agency, code, until",
    [
        ("alpha", "licensed_reported", ""),
        ("beta", "suspended_until", "2027-06"),
        ("epsilon", "suspension_ended", "2025-04"),
        ("zeta", "suspended_end_unknown", ""),
        ("gamma", "revoked", ""),
        ("delta", "fined_without_licence", ""),
    ],
)
def test_status_reading_as_of_today(index, agency, code, until):
    read = reading(index.by_id[agency], TODAY)
    assert (read.code, read.until) == (code, until)


@pytest.mark.parametrize(
    "agency, tone",
    [
        ("beta", "bad"),  # suspended now
        ("zeta", "bad"),  # suspended, end not known
        ("gamma", "bad"),
        ("delta", "bad"),
        ("epsilon", "warn"),  # the suspension should have ended: status now not known
    ],
)
def test_a_reading_gives_the_colour_every_page_shows(index, agency, tone):
    assert reading(index.by_id[agency], TODAY).tone == tone


def test_only_an_official_listing_reads_as_plainly_licensed():
    official = Agency("o", "Công ty CP Ví Dụ", confidence="official", status_basis="official_list")
    copied = Agency("c", "Công ty CP Ví Dụ", confidence="verified", status_basis="unofficial_copy")
    assert reading(official, TODAY).tone == "ok"
    assert reading(copied, TODAY).tone == "warn"


def test_a_suspension_reads_as_ended_only_once_its_end_month_is_over():
    agency = FICTIONAL[1]
    assert reading(agency, dt.date(2027, 6, 30)).code == "suspended_until"
    assert reading(agency, dt.date(2027, 7, 1)).code == "suspension_ended"


@pytest.mark.parametrize(
    "start, months, end",
    [
        ("2023-10", 18, "2025-04"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2025-12-15", 1, "2026-01-15"),
        ("2023", 24, "2025"),
    ],
)
def test_add_months_keeps_the_precision_given(start, months, end):
    assert add_months(start, months) == end


def test_before_compares_at_the_precision_of_the_date():
    assert before("2025-04", dt.date(2025, 5, 1)) and not before("2025-04", dt.date(2025, 4, 30))


def test_find_by_id_or_licence_number(index):
    assert index.find("gamma").id == "gamma"
    assert index.find("999/LĐTBXH-GP").id == "alpha"
    assert index.find("nothing") is None


@pytest.mark.parametrize(
    "kwargs, ids",
    [
        ({"q": "minh hoa"}, {"epsilon", "zeta"}),
        ({"q": "minh ho"}, {"epsilon", "zeta"}),
        ({"q": "MINH HỌA EPSILON"}, {"epsilon"}),
        ({"q": "999/LĐTBXH-GP"}, {"alpha"}),
        ({"status": "suspended"}, {"beta", "epsilon", "zeta"}),
        ({"market": "KR"}, {"beta"}),
        ({"province": "Phú Thọ"}, {"beta"}),
        ({"province": "Phú Thọ", "province_old": "Vĩnh Phúc"}, {"beta"}),
        ({"province": "Hà Nội", "status": "licensed"}, {"alpha"}),
    ],
)
def test_search_filters(index, kwargs, ids):
    count, results = index.search(**kwargs)
    assert count == len(ids) and {a.id for a in results} == ids


def test_search_pages_and_ranks_an_exact_name_first(index):
    count, page = index.search(limit=2, offset=2)
    assert count == len(FICTIONAL) and len(page) == 2
    assert index.search("Zeta Minh Họa xuất khẩu lao động")[1][0].id == "zeta"


def test_coverage_counts_by_status_and_confidence(index):
    cover = index.coverage.as_dict()
    assert cover["agencies"] == 6 and cover["official_total"] == 505
    assert cover["by_status"] == {"licensed": 1, "suspended": 3, "revoked": 1, "unlicensed": 1}
