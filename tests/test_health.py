import datetime as dt
import re
import shutil

import pytest
from support import SMALL_CONTENT

from kiosk import create_app
from kiosk.build import freshness
from kiosk.build.pipeline import build

FIELDS = {"status", "content_version", "content_issued_on", "content_review_by", "stale", "sample"}


def test_health_reports_the_installed_content(client, built_instance):
    body = client.get("/api/v1/health").get_json()
    assert FIELDS <= set(body)
    assert body["status"] == "ok"
    assert isinstance(body["content_version"], int)
    # The bundled content is real, from public sources, and not reviewed by an authority: a draft.
    assert body["sample"] is False and body["content_status"] == "draft"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 11, 25), freshness.FRESH),
        (dt.date(2027, 5, 31), freshness.FRESH),
        (dt.date(2027, 6, 1), freshness.STALE),
        (dt.date(2026, 11, 24), freshness.UNKNOWN),
        (dt.date(1970, 1, 1), freshness.UNKNOWN),
    ],
)
def test_date_status_follows_the_clock(today, expected):
    assert freshness.date_status("2026-11-25", "2027-05-31", today) == expected


@pytest.mark.parametrize(
    ("clock", "floors", "status", "behind", "day"),
    [
        (dt.date(2026, 12, 1), (), freshness.FRESH, False, dt.date(2026, 12, 1)),
        (dt.date(1970, 1, 1), (), freshness.FRESH, True, dt.date(2026, 11, 25)),
        (dt.date(2026, 11, 20), (), freshness.FRESH, True, dt.date(2026, 11, 25)),
        # a signed date seen later than the content's own (a feed index, a rolled-back bundle) raises the bound
        (dt.date(1970, 1, 1), ("2027-06-02",), freshness.STALE, True, dt.date(2027, 6, 2)),
        (dt.date(2030, 1, 1), ("2027-06-02", None), freshness.STALE, False, dt.date(2030, 1, 1)),
    ],
)
def test_freshness_is_judged_at_the_later_of_the_clock_and_the_newest_signed_date(
    clock, floors, status, behind, day
):
    read = freshness.assess("2026-11-25", "2027-05-31", clock, *floors)
    assert (read.status, read.clock_behind, read.day) == (status, behind, day)


def set_clock(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(freshness, "today", lambda: day)


@pytest.mark.parametrize(
    ("today", "stale", "banner", "absent"),
    [
        (dt.date(2030, 1, 1), True, "có thể đã cũ", "Đồng hồ của máy này có vẻ bị sai"),
        (dt.date(1970, 1, 1), False, "Đồng hồ của máy này có vẻ bị sai", "có thể đã cũ"),
        (dt.date(2026, 11, 20), False, "Máy này đang chỉ ngày 20/11/2026", "không biết hôm nay"),
    ],
)
def test_stale_content_or_a_wrong_clock_shows_on_every_page_and_in_health(
    client, monkeypatch, today, stale, banner, absent
):
    set_clock(monkeypatch, today)
    body = client.get("/api/v1/health").get_json()
    assert body["stale"] is stale
    assert body["clock"]["behind"] is (today.year < 2026 or today < dt.date(2026, 11, 25))
    for path in ("/vi/", "/vi/no-such-page"):
        html = client.get(path).get_data(as_text=True)
        assert banner in html
        assert absent not in html


def test_the_clock_banner_is_in_english_too(client, monkeypatch):
    set_clock(monkeypatch, dt.date(1970, 1, 1))
    html = client.get("/en/").get_data(as_text=True)
    assert "The clock on this kiosk looks wrong." in html
    assert "It shows 1 Jan 1970" in html


def test_a_newer_signed_date_seen_by_the_kiosk_moves_the_bound(built_instance, tmp_path, monkeypatch):
    """A kiosk that verified a feed index issued after its content knows the clock cannot be earlier."""
    import shutil

    from kiosk import create_app

    instance = tmp_path / "instance"
    shutil.copytree(built_instance, instance, symlinks=True)
    freshness.note_issued_on(instance, "2027-07-01")
    freshness.note_issued_on(instance, "2026-01-01")  # an older one never lowers it
    assert freshness.seen_issued_on(instance) == "2027-07-01"
    set_clock(monkeypatch, dt.date(2027, 1, 1))
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    body = client.get("/api/v1/health").get_json()
    assert body["clock"] == {"today": "2027-01-01", "behind": True, "at_least": "2027-07-01"}
    assert body["stale"] is True  # judged on 2027-07-01, past review_by


DRAFT_LINE = {
    "vi": "Bản nháp từ nguồn công khai, chưa được cơ quan nhà nước duyệt · ",
    "en": "A draft from public sources, not yet reviewed by a government office · ",
}


def test_a_draft_says_so_in_one_line_linking_to_what_was_checked(client):
    for lang, path in (("vi", "/vi/"), ("en", "/en/"), ("en", "/en/missing"), ("vi", "/vi/return-plan")):
        html = client.get(path).get_data(as_text=True)
        banner = re.search(r'<p class="banner banner-draft"[^>]*>(.*?)</p>', html, re.S)
        assert banner, path
        assert re.sub(r"<[^>]+>", "", banner.group(1)).startswith(DRAFT_LINE[lang])
        assert f'href="/{lang}/about-this-information"' in banner.group(1)
        assert "banner-sample" not in html and "Sample data" not in html and "Dữ liệu mẫu" not in html


def test_the_why_page_says_what_was_checked_and_how_to_check_it(client):
    page = client.get("/vi/about-this-information")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Chưa có cơ quan nhà nước nào duyệt" in html
    assert "Đã kiểm tra những gì" in html and "Bạn tự kiểm tra thế nào" in html
    counted = re.search(r"Bản này dùng (\d+) nguồn", html)
    sources = client.get("/api/v1/destinations").get_json()  # the API still says where each was read
    assert counted and int(counted.group(1)) > 100 and sources["count"] >= 1
    assert 'href="tel:' in html  # who to ask, one tap away
    assert "banner-draft" in html


def _installed(tmp_path, edit=None):
    content = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, content)
    if edit:
        path = content / "manifest.yaml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    build(content, tmp_path / "instance")
    return create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance")}).test_client()


def test_sample_data_stays_marked_as_sample_on_every_page(tmp_path):
    client = _installed(tmp_path)  # the small test content is sample data
    assert client.get("/api/v1/health").get_json()["content_status"] == "sample"
    for path in ("/vi/", "/en/", "/en/missing"):
        html = client.get(path).get_data(as_text=True)
        assert "banner-sample" in html and "banner-draft" not in html
    assert "Dữ liệu mẫu, không dùng để quyết định thật" in client.get("/vi/").get_data(as_text=True)


def test_content_a_publisher_signed_as_final_shows_no_notice(tmp_path):
    client = _installed(tmp_path, lambda m: re.sub(r"(?m)^sample:.*$", "sample: false\nstatus: final", m))
    assert client.get("/api/v1/health").get_json()["content_status"] == "final"
    for path in ("/vi/", "/en/return-plan"):
        html = client.get(path).get_data(as_text=True)
        assert "banner-sample" not in html and "banner-draft" not in html
    about = client.get("/en/about-this-information").get_data(as_text=True)
    assert "reviewed this information and signed it off" in about


# Damage is seen and survived (issue 18, item 8)

PAGES = [
    "/vi/",
    "/en/",
    "/vi/agencies/",
    "/vi/agencies/?q=viet",
    "/vi/search?q=phi",
    "/api/v1/agencies?q=viet",
    "/api/v1/agencies/check?name=viet",
    "/api/v1/destinations",
    "/api/v1/destinations/JP",
    "/api/v1/search?q=phi",
    "/api/v1/openapi.json",
]


def two_versions(built_instance, tmp_path):
    """A copy of the built instance with a second version installed over the first (a relabelled copy)."""
    import json
    import shutil

    from kiosk.build import store

    instance = tmp_path / "instance"
    shutil.copytree(built_instance, instance, symlinks=True)
    first = store.current_dir(instance)
    version = store.read_info(first)["version"]
    with store.locked(instance):
        staging = store.staging_dir(instance)
        shutil.copytree(first, staging, dirs_exist_ok=True)
        info = dict(store.read_info(staging), version=version + 1)
        (staging / store.BUILD_INFO).write_text(json.dumps(info))
        store.install(instance, staging, version + 1)
    return instance, version


def app_on(instance):
    from kiosk import create_app

    return create_app({"TESTING": True, "INSTANCE": str(instance)})


@pytest.mark.parametrize("damage", ["empty", "garbage", "no-build-info"])
def test_a_damaged_current_version_falls_back_to_the_last_good_one_and_health_says_so(
    built_instance, tmp_path, damage
):
    from kiosk.build import store

    instance, first = two_versions(built_instance, tmp_path)
    current = store.current_dir(instance)
    if damage == "empty":
        (current / "content.db").write_bytes(b"")
    elif damage == "garbage":
        data = (current / "content.db").read_bytes()
        (current / "content.db").write_bytes(data[:100] + b"\0" * (len(data) - 100))
    else:
        (current / store.BUILD_INFO).write_text("{")
    client = app_on(instance).test_client()
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    body = health.get_json()
    assert body["status"] == "degraded"
    assert body["content_version"] == first
    assert body["damaged"]["version"] == first + 1 and body["damaged"]["problem"]
    for path in PAGES:
        assert client.get(path).status_code == 200, path


def test_damage_that_appears_while_serving_is_seen_at_the_next_request(built_instance, tmp_path):
    from kiosk.build import store

    instance, first = two_versions(built_instance, tmp_path)
    client = app_on(instance).test_client()
    assert client.get("/api/v1/health").get_json()["status"] == "ok"
    (store.current_dir(instance) / "content.db").write_bytes(b"")
    body = client.get("/api/v1/health").get_json()
    assert (body["status"], body["content_version"]) == ("degraded", first)
    assert body["damaged"] == {"version": first + 1, "problem": "content.db is empty"}
    assert client.get("/vi/agencies/").status_code == 200


def test_with_no_good_version_left_health_is_503_damaged_and_pages_say_so_without_a_500(
    built_instance, tmp_path
):
    import shutil

    from kiosk.build import store

    instance = tmp_path / "instance"
    shutil.copytree(built_instance, instance, symlinks=True)
    (store.current_dir(instance) / "content.db").write_bytes(b"")
    client = app_on(instance).test_client()
    health = client.get("/api/v1/health")
    assert health.status_code == 503
    assert health.get_json()["status"] == "damaged"
    assert health.get_json()["damaged"]["problem"] == "content.db is empty"
    for path in PAGES[:3] + PAGES[5:7]:
        assert client.get(path).status_code == 503, path


def test_statuses_are_read_at_the_bound_not_at_a_clock_stuck_in_1970(tmp_path, monkeypatch):
    """A suspension for 18 months from June 2026 has ended by 2031. A kiosk whose clock says 1970 but that
    verified a feed index issued in 2031 must not show it as current (the device's clock is the one
    ``freshness.today`` reads; nothing may read another)."""
    content = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, content)
    agencies = content / "agencies.csv"
    agencies.write_text(
        agencies.read_text(encoding="utf-8").replace(",suspended,2023-10,18,", ",suspended,2026-06,18,"),
        encoding="utf-8",
    )
    build(content, tmp_path / "instance")
    set_clock(monkeypatch, dt.date(1970, 1, 1))
    app = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance")})
    client = app.test_client()
    assert client.get("/api/v1/agencies/quinn-hn").get_json()["status_reading"] == "suspended_until"
    freshness.note_issued_on(tmp_path / "instance", "2031-01-01")
    assert client.get("/api/v1/agencies/quinn-hn").get_json()["status_reading"] == "suspension_ended"
    assert "Suspension ended?" in client.get("/en/agencies/quinn-hn").get_data(as_text=True)


def test_an_article_past_its_review_date_says_so_even_when_the_clock_is_behind(
    built_instance, tmp_path, monkeypatch
):
    instance = tmp_path / "instance"
    shutil.copytree(built_instance, instance, symlinks=True)
    freshness.note_issued_on(instance, "2031-01-01")  # a verified feed index issued in 2031
    set_clock(monkeypatch, dt.date(1970, 1, 1))
    due = "This page was due for review on"
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    assert due in client.get("/en/articles/abroad-get-help").get_data(as_text=True)
    set_clock(monkeypatch, dt.date(2026, 12, 3))
    fresh = create_app({"TESTING": True, "INSTANCE": str(built_instance)}).test_client()
    assert due not in fresh.get("/en/articles/abroad-get-help").get_data(as_text=True)
