"""The health route also says when this kiosk last heard from its publisher's feed (`kiosk update --from`),
so whoever runs a fleet can spot a kiosk that stopped getting updates."""

from pathlib import Path

from flask import current_app

from ..web import health
from . import feed


def last_feed_check(_meta: dict) -> dict:
    return {"feed": feed.last_check(Path(current_app.config["INSTANCE"]))}


health.EXTRA.append(last_feed_check)
