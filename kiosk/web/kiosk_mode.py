"""The shared touch screen: a "new person" reset, and QR codes that move a visitor onto their own phone.

The reset works with JavaScript off too: ``/<lang>/new-person`` answers with ``Clear-Site-Data`` (the
browser drops this site's cookies and storage) and sends the screen home. ``kiosk.js`` calls the same
address after an idle timeout, having emptied the forms, so one person never sees the last one's answers.

With JavaScript off, Back still reaches a posted result, and the browser offers to send the form again
(results are ``no-store``, so it cannot show a kept copy). So on the kiosk every posted form carries a
one-time token: a form sent a second time (the next person's Back and "resend", or a reload) gets an
empty "start again" page, never the answer. The token says nothing about the person and is forgotten
once used; forms are ``autocomplete="off"`` so Back does not refill them either. Only in kiosk mode: it
is one process on one machine, where a phone or an online replica behind a balancer may not be.
"""

import re
import secrets
import threading
import time
from collections import OrderedDict

from flask import current_app, redirect, render_template, request, url_for
from markupsafe import Markup

from ..text import qr
from .db import content_dir, get_meta
from .pages import bp

ONCE_FIELD = "once"
ONCE_TTL = 3 * 3600  # seconds a form may stay open on the screen and still be sent
ONCE_MAX = 2000  # tokens kept at most (oldest forgotten first): memory stays bounded
_POST_FORM = re.compile(rb"<form\b[^>]*\bmethod=[\"']?post[^>]*>", re.I)


class OnceTokens:
    """Tokens handed out with forms, each good for one submission within ``ttl`` seconds."""

    def __init__(self, ttl: float = ONCE_TTL, size: int = ONCE_MAX):
        self.ttl, self.size = ttl, size
        self._issued: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def issue(self) -> str:
        token = secrets.token_urlsafe(12)
        with self._lock:
            self._issued[token] = time.monotonic()
            while len(self._issued) > self.size:
                self._issued.popitem(last=False)
        return token

    def spend(self, token: str | None) -> bool:
        """True the first time a live token comes back; False for a used, old, unknown or missing one."""
        with self._lock:
            issued = self._issued.pop(token or "", None)
        return issued is not None and time.monotonic() - issued <= self.ttl


def _tokens() -> OnceTokens:
    return current_app.extensions.setdefault("kiosk_once", OnceTokens())


@bp.before_request
def refuse_a_form_sent_twice():
    """On the kiosk, a posted form answers once: sent again, it gets an empty page to start again."""
    if not current_app.config["KIOSK_MODE"] or request.method != "POST":
        return None
    if _tokens().spend(request.form.get(ONCE_FIELD)):
        return None
    return render_template("form_sent_twice.html", again=request.path), 409


def add_once_tokens(response):
    """``after_request`` (after the page cache, so a kept page gets fresh tokens): every posted form on a
    kiosk page carries its own token and does not let the browser refill it on Back."""
    if not current_app.config["KIOSK_MODE"] or response.mimetype != "text/html" or response.is_streamed:
        return response
    body = response.get_data()
    if not _POST_FORM.search(body):
        return response
    tokens = _tokens()

    def stamp(match: re.Match) -> bytes:
        tag = match.group(0)
        if b"autocomplete=" not in tag.lower():
            tag = tag[:-1] + b' autocomplete="off">'
        field = f'<input type="hidden" name="{ONCE_FIELD}" value="{tokens.issue()}">'.encode()
        return tag + field

    response.set_data(_POST_FORM.sub(stamp, body))
    return response


bp.record_once(lambda state: state.app.after_request(add_once_tokens))

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
