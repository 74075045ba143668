"""The shared touch screen: a "new person" reset, and QR codes that move a visitor onto their own phone.

The reset works with JavaScript off too: ``/<lang>/new-person`` answers with ``Clear-Site-Data`` (the
browser drops this site's cookies and storage) and sends the screen home. ``kiosk.js`` calls the same
address after an idle timeout, having emptied the forms, so one person never sees the last one's answers.
"""

from flask import current_app, redirect, request, url_for
from markupsafe import Markup

from ..text import qr
from .db import content_dir, get_meta
from .pages import bp

#: Where a reset may lead: the home screen, or a counsellor's empty session page.
RESET_TARGETS = {"home": "pages.home", "counsellor": "pages.counsellor"}


@bp.get("/new-person")
def new_person():
    """Forget everything this browser holds for the site and start again at home (or the counsellor page)."""
    endpoint = RESET_TARGETS.get(request.args.get("to", ""), "pages.home")
    response = redirect(url_for(endpoint), code=303)
    response.headers["Clear-Site-Data"] = '"cookies", "storage"'
    response.headers["Cache-Control"] = "no-store"
    return response


def qr_svg(data: str, title: str) -> Markup:
    """``data`` as an inline SVG QR code (drawn on the server: no script, nothing fetched)."""
    return Markup(qr.svg(data, title=title, error="m"))


def wifi_qr(title: str) -> Markup | None:
    """The join-the-Wi-Fi code from the settings, or None when no network name is set."""
    ssid, password = current_app.config["WIFI_SSID"], current_app.config["WIFI_PASSWORD"]
    if not ssid:
        return None
    return Markup(qr.wifi_svg(ssid, password, title=title))


def pocket_url(lang: str) -> str:
    """Where the installed content's pocket guide in ``lang`` is downloaded (see ``takeaway``)."""
    return url_for("pocket_guide", version=get_meta()["version"], lang=lang)


def pocket_kb(lang: str) -> int:
    """The pocket guide's size in KB (rounded up), said beside the link so a phone user knows the cost."""
    path = content_dir() / f"pocket-{lang}.html"
    return -(-path.stat().st_size // 1000) if path.is_file() else 0


@bp.app_context_processor
def kiosk_helpers() -> dict:
    return {
        "qr_svg": qr_svg,
        "wifi_qr": wifi_qr,
        "pocket_kb": pocket_kb,
        "pocket_url": pocket_url,
        "kiosk_idle_seconds": current_app.config["IDLE_RESET_SECONDS"],
    }
