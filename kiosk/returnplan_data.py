"""The return plan's web glue: reading rules, services and provinces from the content database, and the
worker's answers from JSON or a form. Shared by the page and the API so both answer the same way."""

from __future__ import annotations

from dataclasses import dataclass

from .content.return_rules import from_rows as rules_from_rows
from .db import get_db
from .i18n import pick
from .inputs import InputError, boolean, choice, text
from .provinces import Match, UnknownProvince
from .provinces import from_rows as provinces_from_rows
from .returnplan import EARLY_REASONS, GOALS, Item, Situation, plan
from .services import Service
from .services import from_rows as services_from_rows


@dataclass(frozen=True)
class Answer:
    situation: Situation
    province: Match | None
    items: list[Item]


def destinations() -> list[tuple[str, str]]:
    """(code, name in the current language) of every destination in the content, in content order."""
    rows = get_db().execute("select code, name from destinations order by position").fetchall()
    return [(r["code"], pick(r["name"])) for r in rows]


def services() -> list[Service]:
    return services_from_rows(get_db().execute("select * from services order by rowid"))


def directory():
    return provinces_from_rows(get_db().execute("select * from provinces order by rowid"))


def answer(data) -> Answer:
    """Read the answers and build the plan.

    :raise InputError: a field is missing or not one of its choices.
    :raise UnknownProvince: the province is neither a current nor an old name.
    """
    codes = [c for c, _ in destinations()]
    destination = choice(data, "destination", codes)
    completed = boolean(data, "completed", required=True)
    early_reason = None if completed else choice(data, "early_reason", EARLY_REASONS)
    goal = choice(data, "goal", GOALS)
    still_abroad = boolean(data, "still_abroad")
    programme = text(data, "programme", max_length=40) or None
    typed = text(data, "province", max_length=80).strip()
    match = directory().resolve(typed) if typed else None
    situation = Situation(
        destination=destination,
        completed=completed,
        goal=goal,
        still_abroad=still_abroad,
        early_reason=early_reason,
        programme=programme,
        province_id=match.province.id if match else None,
    )
    rules = rules_from_rows(get_db().execute("select * from return_rules"))
    return Answer(situation, match, plan(rules, situation, services()))


__all__ = ["Answer", "InputError", "UnknownProvince", "answer", "destinations", "directory", "services"]
