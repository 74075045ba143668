"""Every setting in one table: name, default, help. Defaults, docs and the deployer's overrides read it.

A deployer overrides a setting in ``<instance>/config.py`` (Python assignments, e.g. ``KIOSK_MODE = True``)
or with an environment variable ``KIOSK_<NAME>`` (JSON values: ``KIOSK_KIOSK_MODE=true``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS = (
    Setting(
        "INSTANCE", "instance", "Folder holding installed content, trusted keys and compiled catalogues."
    ),
    Setting(
        "CONTENT_DIR",
        str(ROOT / "content"),
        "Content folder that `kiosk serve` builds when none is installed.",
    ),
    Setting(
        "DEFAULT_LANGUAGE",
        "vi",
        "Language `/` sends people to: `vi`, `en`, or `auto` (the browser's choice).",
    ),
    Setting(
        "KIOSK_MODE",
        False,
        "Shared touch screen: big targets, idle reset, a 'new person' button, no service worker.",
    ),
    Setting(
        "IDLE_RESET_SECONDS", 120, "In kiosk mode, seconds without a touch before the screen resets to home."
    ),
    Setting("WIFI_SSID", "", "In kiosk mode, the Wi-Fi name shown as a QR code so phones can join."),
    Setting("WIFI_PASSWORD", "", "The Wi-Fi password for that QR code (empty for an open network)."),
    Setting(
        "PUBLIC_URL",
        "",
        "The address phones use to open the kiosk (e.g. http://192.168.4.1:8080/), shown as a QR code.",
    ),
    Setting(
        "USAGE_COUNTING",
        True,
        "Count page views and answers per day (never what anyone types) for `kiosk report`; false: count nothing.",
    ),
    Setting(
        "USAGE_BATCH_SECONDS",
        600,
        "Seconds between writes of the counts to the instance's usage/counts.sqlite (a crash loses at most these).",
    ),
    Setting("KIOSK_NAME", "", "This kiosk's name in usage reports (default: the device's host name)."),
    Setting(
        "USB_REPORT_STATUS",
        "/run/kiosk/usb-report.txt",
        "Where the USB stick's usage report says what it wrote (deploy/usb); a kiosk's screen shows it.",
    ),
    Setting(
        "MAX_CONTENT_LENGTH", 64 * 1024, "Largest request body accepted, in bytes; larger ones get a 413."
    ),
)


def defaults() -> dict[str, Any]:
    return {s.name: s.default for s in SETTINGS}
