"""Rendered GET pages kept in memory, so the commonest requests skip rendering.

Safe because a page without a query string depends only on its path, the installed content version and
the day (the clock's, for the wrong-clock banner; the day the content is judged at, for staleness and
status readings); none of it comes from what a visitor typed (forms POST, searches carry a
query string and are never cached). Bounded (LRU), per process, and emptied by a new content version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Response, current_app, g, request

from ..build import freshness
from .db import NoContent, content_dir, judged_today

SIZE = 256


class PageCache:
    def __init__(self, size: int = SIZE):
        self.size = size
        self._pages: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key, page) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


def _key():
    if request.method != "GET" or request.query_string or current_app.debug or g.get("no_page_cache"):
        return None
    try:
        folder = content_dir()
    except NoContent:
        return None
    return (request.path, str(folder), freshness.today(), judged_today())


def serve_cached():
    """``before_request``: answer from the cache when the page is there."""
    key = _key()
    page = current_app.extensions["kiosk_pages"].get(key) if key else None
    if page is None:
        return None
    body, headers = page
    g.served_from_cache = True
    return Response(body, headers=headers)


def keep(response):
    """``after_request``: remember a successful, complete HTML page (one served from here already is)."""
    if g.get("served_from_cache"):
        return response
    key = _key()
    if key and response.status_code == 200 and not response.is_streamed and response.mimetype == "text/html":
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in ("set-cookie",)]
        current_app.extensions["kiosk_pages"].put(key, (response.get_data(), headers))
    return response


def init_blueprint(bp) -> None:
    bp.before_request(serve_cached)
    bp.after_request(keep)


def init_app(app) -> None:
    app.extensions["kiosk_pages"] = PageCache()
