"""The web side's view of the places in the installed content: the province directory (current and
pre-2025 names) and the services and hotlines, each read once per content version."""

from __future__ import annotations

import sqlite3

from ..web.db import get_db, per_version
from .provinces import Directory, Match
from .provinces import from_rows as provinces_from_rows
from .services import Service
from .services import from_rows as services_from_rows


@per_version
def directory() -> Directory:
    """Every province, current and merged away in 2025 (empty when the content has none)."""
    try:
        return provinces_from_rows(get_db().execute("select * from provinces order by rowid"))
    except sqlite3.OperationalError:
        return Directory(())


def find_province(text: str) -> Match | None:
    """A current or pre-2025 province by any spelling, or None."""
    return directory().find(text)


@per_version
def services() -> tuple[Service, ...]:
    """Every service and hotline, in content order."""
    return tuple(services_from_rows(get_db().execute("select * from services order by rowid")))


def find_service(service_id: str) -> Service | None:
    """One service by its id in ``content/services.yaml``, or None when the content has dropped it."""
    return next((s for s in services() if s.id == service_id), None)
