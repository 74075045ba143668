"""Helpers shared by test modules (imported by name; conftest.py is for fixtures only, and there are two)."""

import os
from pathlib import Path

from kiosk.config import ROOT

CONTENT = Path(os.environ.get("KIOSK_TEST_CONTENT", ROOT / "content"))


def assert_api_error(response, status: int, code: str | None = None):
    """Every API error has one shape: {"error": {"code", "message", "field"}}, JSON, a 4xx status."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]
