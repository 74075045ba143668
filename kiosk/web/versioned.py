"""What the web side reads once per installed content version and keeps while that version is served.

A content version never changes once installed, so anything made from it (the agency index, the fee caps,
the province directory, the OpenAPI description) is made on first use and kept on the app, keyed by the
version's folder; when ``kiosk update`` switches versions the next request makes the new one. Every
capability's service uses this one helper instead of its own cache.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app

from .db import NoContent, content_dir

T = TypeVar("T")
_LOADERS: list[Callable[[], object]] = []
_KEY = "kiosk_per_version"
log = logging.getLogger(__name__)


def per_version(load: Callable[[], T]) -> Callable[[], T]:
    """``load()`` (which reads the request's content through ``get_db``) made once per content version."""
    name = f"{load.__module__}.{load.__qualname__}"

    @functools.wraps(load)
    def cached() -> T:
        folder = content_dir()
        kept = current_app.extensions.setdefault(_KEY, {}).get(name)
        if kept is not None and kept[0] == folder:
            return kept[1]
        value = load()
        current_app.extensions[_KEY][name] = (folder, value)  # replaces the old version's, freeing it
        return value

    _LOADERS.append(cached)
    return cached


def warm(app: Flask) -> int:
    """Make every per-version value for the installed version now, before the server takes requests (and
    before start-up objects are frozen out of garbage collection), so no phone waits for the first load.
    Returns how many were made; with no content installed, none."""
    made = 0
    with app.test_request_context():
        try:
            content_dir()
        except NoContent:
            return 0
        for loader in _LOADERS:
            loader()
            made += 1
    return made
