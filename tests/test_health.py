import datetime as dt

import pytest

from kiosk.build import freshness

FIELDS = {"status", "content_version", "content_issued_on", "content_review_by", "stale", "sample"}


def test_health_reports_the_installed_content(client, built_instance):
    body = client.get("/api/v1/health").get_json()
    assert FIELDS <= set(body)
    assert body["status"] == "ok"
    assert isinstance(body["content_version"], int)
    assert body["sample"] is True


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


class FrozenDate(dt.date):
    frozen = dt.date(2026, 11, 25)

    @classmethod
    def today(cls):
        return cls.frozen


@pytest.mark.parametrize(
    ("today", "stale", "banner"),
    [
        (dt.date(2030, 1, 1), True, "có thể đã cũ"),
        (dt.date(1970, 1, 1), True, "không biết hôm nay là ngày nào"),
    ],
)
def test_stale_or_unknown_dates_show_on_every_page_and_in_health(client, monkeypatch, today, stale, banner):
    FrozenDate.frozen = today
    monkeypatch.setattr("kiosk.web.layout.dt.date", FrozenDate)
    monkeypatch.setattr("kiosk.web.health.dt.date", FrozenDate)
    assert client.get("/api/v1/health").get_json()["stale"] is stale
    for path in ("/vi/", "/vi/no-such-page"):
        assert banner in client.get(path).get_data(as_text=True)


def test_sample_content_is_marked_on_every_page(client):
    for path in ("/vi/", "/en/", "/en/missing"):
        html = client.get(path).get_data(as_text=True)
        assert "banner-sample" in html
