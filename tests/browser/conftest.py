"""Browser fixtures: the real `kiosk serve` in a subprocess, and Debian's Chromium driven by Playwright.

Every test here is marked ``browser``. Without /usr/bin/chromium they skip, unless
``KIOSK_REQUIRE_BROWSER=1`` (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from support import serve

from kiosk.config import ROOT

CONTENT = Path(os.environ.get("KIOSK_TEST_CONTENT", ROOT / "content"))
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {
    "viewport": {"width": 360, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
KIOSK_SCREEN = {"viewport": {"width": 1280, "height": 800}, "has_touch": True}
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def served_instance(tmp_path_factory) -> Path:
    """The bundled content built once by `kiosk build` into a temporary instance."""
    instance = tmp_path_factory.mktemp("browser") / "instance"
    env = dict(os.environ, KIOSK_INSTANCE=str(instance))
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "build", "--content", str(CONTENT)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return instance


@pytest.fixture(scope="session")
def live_server(served_instance):
    """The kiosk as a phone on the Wi-Fi sees it (not kiosk mode)."""
    with serve(served_instance) as server:
        yield server


@pytest.fixture(scope="session")
def kiosk_server(served_instance):
    """The kiosk in kiosk mode, with a short idle reset so a test can wait for it."""
    settings = {
        "KIOSK_MODE": "true",
        "IDLE_RESET_SECONDS": "6",
        "WIFI_SSID": '"Xa-Kiosk"',
        "WIFI_PASSWORD": '"mat-khau-1"',
        "PUBLIC_URL": '"http://192.168.4.1:8080/"',
    }
    with serve(served_instance, **settings) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("KIOSK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and KIOSK_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watch:
    """Every request a page makes, so a test can assert none left the device, and any script error."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def outside(self) -> list[str]:
        return [
            u
            for u in self.requests
            if not u.startswith(("data:", "blob:")) and urllib.parse.urlsplit(u).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def phone(browser):
    """A 360×640 touch phone; yields (page, watch)."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page, Watch(page)
    context.close()


@pytest.fixture
def kiosk_screen(browser):
    """The 1280×800 kiosk touch screen; yields (page, watch)."""
    context = browser.new_context(**KIOSK_SCREEN)
    page = context.new_page()
    yield page, Watch(page)
    context.close()


@pytest.fixture
def no_js_phone(browser):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Screenshots go here (printed at the end of the session so a person can look at them)."""
    folder = Path(os.environ.get("KIOSK_SHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    print(f"\nscreenshots: {folder}")


COUNSELLOR_SESSION = {
    "#agency-name": "PETROMANNING JSC",
    "#offer-contract_months": "36",
    "#offer-monthly_salary": "30000000",
    "#offer-service_fee": "100000000",
    "#offer-brokerage_fee": "5000000",
    "#calc-loan_amount": "200000000",
    "#calc-loan_monthly_rate_percent": "3",
    "#calc-contract_months": "36",
    "#calc-monthly_income": "30000000",
    "#calc-monthly_living_costs": "9000000",
    "#calc-return_after_months": "12",
}


def fill_counsellor_session(page):
    """A client's agency, offer and loan typed into the counsellor page's three tools."""
    page.select_option("#offer-choice", "JP/titp")
    for selector, value in COUNSELLOR_SESSION.items():
        page.fill(selector, value)


@pytest.fixture
def fill_session():
    return fill_counsellor_session
