"""Hotlines and offices: the records, tap-to-call numbers, and choosing the ones that fit a worker.

Pure: the services kind builds these records from ``content/services.yaml``, the return plan and the
services page read them back from the database with :func:`from_rows`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GROUPS = ("national", "province", "abroad")
_DIAL = re.compile(r"[^0-9+]")


@dataclass(frozen=True)
class Phone:
    number: str  # as written for people: "+84 981 84 84 84"
    label: Mapping[str, str] | None = None  # {vi, en}

    @property
    def tel(self) -> str:
        """The ``tel:`` link target: digits and a leading +, nothing else."""
        return "tel:" + tel_digits(self.number)


@dataclass(frozen=True)
class Service:
    id: str
    group: str
    name: Mapping[str, str]
    what: Mapping[str, str]
    phones: tuple[Phone, ...] = ()
    web: str = ""
    email: str = ""
    address: Mapping[str, str] | None = None
    province_id: str | None = None  # group "province": the current province
    old_province: str | None = None  # the pre-2025 province the entry names, if it is an old one
    destination: str | None = None  # group "abroad": ISO code
    hours: Mapping[str, str] | None = None
    not_known: Mapping[str, str] | None = None
    as_of: str = ""
    confidence: str = "verified"
    source: tuple[str, ...] = ()
    verified_on: str = ""

    @property
    def dated(self) -> bool:
        """Whether the source gives its information a date (``as_of`` is not "undated")."""
        return bool(self.as_of) and self.as_of != "undated"

    @property
    def old(self) -> bool:
        """Information from before the year the entry was last read (or undated): numbers and offices move,
        so the page asks the worker to check it before relying on it, even from a reputable source."""
        if not self.dated:
            return True
        return bool(self.verified_on) and self.as_of[:4] < self.verified_on[:4]


def tel_digits(number: str) -> str:
    """``"+81 80 3590 9136"`` → ``"+818035909136"``; a + is kept only at the start."""
    digits = _DIAL.sub("", number)
    return digits[:1] + digits[1:].replace("+", "")


def national(services: Iterable[Service]) -> list[Service]:
    return [s for s in services if s.group == "national"]


def in_province(services: Iterable[Service], province_id: str | None) -> list[Service]:
    return [s for s in services if s.group == "province" and province_id and s.province_id == province_id]


def abroad(services: Iterable[Service], destination: str | None) -> list[Service]:
    return [s for s in services if s.group == "abroad" and destination and s.destination == destination]


def to_row(s: Service) -> dict:
    """One row of the ``services`` table (mappings and lists as JSON)."""

    def j(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    return {
        "id": s.id,
        "grp": s.group,
        "name": j(dict(s.name)),
        "what": j(dict(s.what)),
        "phones": j([{"number": p.number, "label": dict(p.label) if p.label else None} for p in s.phones]),
        "web": s.web,
        "email": s.email,
        "address": j(dict(s.address) if s.address else None),
        "province_id": s.province_id or "",
        "old_province": s.old_province or "",
        "destination": s.destination or "",
        "hours": j(dict(s.hours) if s.hours else None),
        "not_known": j(dict(s.not_known) if s.not_known else None),
        "as_of": s.as_of,
        "confidence": s.confidence,
        "source": j(list(s.source)),
        "verified_on": s.verified_on,
    }


def from_row(r: Mapping) -> Service:
    return Service(
        id=r["id"],
        group=r["grp"],
        name=json.loads(r["name"]),
        what=json.loads(r["what"]),
        phones=tuple(Phone(p["number"], p["label"]) for p in json.loads(r["phones"])),
        web=r["web"],
        email=r["email"],
        address=json.loads(r["address"]),
        province_id=r["province_id"] or None,
        old_province=r["old_province"] or None,
        destination=r["destination"] or None,
        hours=json.loads(r["hours"]),
        not_known=json.loads(r["not_known"]),
        as_of=r["as_of"],
        confidence=r["confidence"],
        source=tuple(json.loads(r["source"])),
        verified_on=r["verified_on"],
    )


def from_rows(rows: Iterable[Mapping]) -> list[Service]:
    return [from_row(r) for r in rows]
