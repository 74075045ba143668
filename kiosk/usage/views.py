"""The web side of counting: one hook after each request adds one to a few dictionary entries (a page
view, and the outcome a view left on ``g.usage``); a thread writes them to the counts file in batches.

A view reports its answer with one line, ``g.usage = "offer", result``; :mod:`.outcomes` turns the result
into codes. Nothing from the request is kept but its page kind, language and surface: the client's
address, user agent, cookies, query and form are never read here (the counsellor's pressed button, a
fixed code, is the one exception). The day is the only time kept.

Surfaces: the counsellor page; the kiosk's own screen (kiosk mode, and the browser on the device itself,
which asks for ``127.0.0.1``/``localhost``: phones reach the kiosk by its network address); the API; and
phones (any other browser).
"""

from __future__ import annotations

import atexit
import functools
import os
import time
from pathlib import Path

from flask import Flask, current_app, g, render_template, request

from ..articles.kind import TOPICS
from ..build import freshness
from ..web.db import get_db, per_version
from ..web.i18n import LANGUAGES
from ..web.pages import bp
from . import outcomes, store
from .tally import Batcher, Tally

KINDS = {
    "pages.home": "home",
    "pages.agency_check": "agency_check",
    "pages.agencies": "agencies",
    "pages.agency": "agencies",
    "pages.offer_check": "offer_check",
    "pages.calculator": "calculator",
    "pages.return_plan": "return_plan",
    "pages.selfcheck": "selfcheck",
    "pages.services": "services",
    "pages.articles": "articles",
    "pages.topic": "article",
    "pages.article": "article",
    "pages.search": "search",
    "pocket_guide": "pocket_guide",
    "pages.destinations": "destinations",
    "pages.destination": "destinations",
    "pages.counsellor": "counsellor",
    "pages.handout": "handout",
    "pages.new_person": "new_person",
    "pages.privacy": "privacy",
}
VIEW_DETAIL = {endpoint: f"kind={kind}" for endpoint, kind in KINDS.items()}
COUNSELLOR = frozenset({"pages.counsellor", "pages.handout"})
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})


@per_version
def article_topics() -> dict[str, str]:
    """Each article's topic by slug, so an article view is counted under its topic."""
    return dict(get_db().execute("select distinct slug, topic from articles").fetchall())


class Counter:
    """The ``after_request`` hook. Only successful answers count (a form sent back with an error does not)."""

    def __init__(self, tally: Tally, kiosk_mode: bool):
        self.tally, self.kiosk_mode = tally, kiosk_mode

    def surface(self, endpoint: str | None) -> str:
        if endpoint in COUNSELLOR:
            return "counsellor"
        if request.blueprint == "api":
            return "api"
        if self.kiosk_mode and request.host.rpartition(":")[0] in LOCAL_HOSTS:
            return "kiosk"
        return "phone"

    def lang(self) -> str:
        lang = g.get("lang") or (request.view_args or {}).get("lang") or request.args.get("lang")
        return lang if lang in LANGUAGES else "vi"

    def view(self, endpoint: str | None, status: int) -> str | None:
        detail = VIEW_DETAIL.get(endpoint)
        if detail is None or not (status == 200 or endpoint == "pages.new_person"):
            return None
        if endpoint in ("pages.article", "pages.topic"):
            args = request.view_args or {}
            topic = args.get("topic") or article_topics().get(args.get("slug"), "")
            return f"{detail};topic={topic}" if topic in TOPICS else detail
        return detail if request.method == "GET" or endpoint == "pages.handout" else None

    def after(self, response):
        status = response.status_code
        if status >= 400:
            return response
        endpoint = request.endpoint
        view = self.view(endpoint, status)
        answer = g.get("usage")
        if view is None and answer is None:
            return response
        key = (freshness.today(), self.surface(endpoint), self.lang())
        if view is not None:
            self.tally.add((*key, "view", view))
        if answer is not None:
            tool = request.form.get("tool") if answer[0] == "counsellor" else None
            for event, detail in outcomes.keys(answer[0], answer[1], tool):
                self.tally.add((*key, event, detail))
        return response


def write_batch(instance: Path, counts: dict) -> None:
    store.write(store.counts_path(instance), counts, store.newest_content_date(instance))


#: How long the kiosk's screen says what the USB stick's report did (deploy/usb/kiosk-usb-update).
NOTICE_SECONDS = 15 * 60


def usb_report_notice(path: str) -> dict | None:
    """What the USB stick's report left in ``path`` for the screen: the file it wrote on the stick, or
    ``failed``; only within NOTICE_SECONDS of writing it, so a stick taken out long ago is not mentioned."""
    try:
        if time.time() - os.stat(path).st_mtime > NOTICE_SECONDS:
            return None
        with open(path, encoding="utf-8", errors="replace") as fh:
            line = fh.read(200).strip().partition("\n")[0]
    except OSError:
        return None
    if not line:
        return None
    return {"ok": line != "failed", "file": line}


def screen_notice() -> None:
    """``before_request`` on a kiosk with a screen: one ``stat``. While there is something to say, pages
    are rendered afresh (not from the page cache) so each one says it."""
    notice = usb_report_notice(current_app.config["USB_REPORT_STATUS"])
    if notice is not None:
        g.usb_report = notice
        g.no_page_cache = True


def notice_context() -> dict:
    return {"usb_report": g.get("usb_report")}


def init_app(app: Flask) -> None:
    """Count when ``USAGE_COUNTING`` is on: the hook, and (outside tests) the batch thread and the last
    write at exit (``kiosk serve`` turns SIGTERM into a normal exit so this runs). A kiosk with a screen
    also says what the USB stick's report did."""
    if app.config["KIOSK_MODE"]:
        app.before_request(screen_notice)
        app.context_processor(notice_context)
    if not app.config["USAGE_COUNTING"]:
        return
    tally = Tally()
    instance = Path(app.config["INSTANCE"])
    batcher = Batcher(tally, functools.partial(write_batch, instance), app.config["USAGE_BATCH_SECONDS"])
    app.extensions["kiosk_usage"] = batcher
    app.after_request(Counter(tally, app.config["KIOSK_MODE"]).after)
    if not app.testing:
        batcher.start()
        atexit.register(batcher.stop)


@bp.get("/privacy")
def privacy():
    """What this kiosk keeps: nothing typed; and, when counting is on, what it counts."""
    return render_template("privacy.html", counting=current_app.config["USAGE_COUNTING"])
