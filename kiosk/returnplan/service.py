"""The return plan's web glue: reading rules, services and provinces from the content database, and the
worker's answers from JSON or a form. Shared by the page and the API so both answer the same way."""

from __future__ import annotations

from dataclasses import dataclass

from ..money import service as money
from ..places.provinces import Match, UnknownProvince
from ..places.service import directory, services
from ..text.inputs import InputError, boolean, choice, text
from ..web.db import get_db, per_version
from ..web.i18n import pick
from .kind import from_rows as rules_from_rows
from .model import EARLY_REASONS, GOALS, Item, Rule, Situation, plan


@dataclass(frozen=True)
class Answer:
    situation: Situation
    province: Match | None
    items: list[Item]


def destinations() -> list[tuple[str, str]]:
    """(code, name in the current language) of every destination in the content, in content order."""
    return [(code, pick(d["name"])) for code, d in money.destinations().items()]


def programmes() -> dict[str, list[tuple[str, str]]]:
    """Each destination's programmes as (code, name in the current language), in content order."""
    return {
        code: [(p["code"], pick(p["name"])) for p in d.get("programmes", [])]
        for code, d in money.destinations().items()
    }


@per_version
def rules() -> tuple[Rule, ...]:
    """The return-plan rules of the content being served."""
    return tuple(rules_from_rows(get_db().execute("select * from return_rules")))


def answer(data) -> Answer:
    """Read the answers and build the plan.

    :raise InputError: a field is missing or not one of its choices.
    :raise UnknownProvince: the province is neither a current nor an old name.
    """
    data = dict(data)
    route = data.get("route")
    if isinstance(route, str) and route:  # the form's one choice "KR" or "KR|eps" for both questions
        data["destination"], _, data["programme"] = route.partition("|")
    known = programmes()
    destination = choice(data, "destination", list(known))
    completed = boolean(data, "completed", required=True)
    early_reason = None if completed else choice(data, "early_reason", EARLY_REASONS)
    goal = choice(data, "goal", GOALS)
    still_abroad = boolean(data, "still_abroad")
    programme = choice(data, "programme", [code for code, _ in known[destination]], required=False)
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
    return Answer(situation, match, plan(rules(), situation, services()))


__all__ = ["Answer", "InputError", "UnknownProvince", "answer", "destinations", "programmes"]
