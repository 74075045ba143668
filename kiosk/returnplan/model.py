"""The return plan: which entitlements and steps apply to one returnee, in the order to act.

Rules are content (``content/return_rules.yaml``): each has conditions on the worker's situation, so a
new entitlement is a content change. This module only matches conditions, orders the items and resolves
"where to go" to service records. Pure: no Flask; texts stay ``{vi, en}`` for the caller to pick.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..places.services import Service, abroad, in_province

EARLY_REASONS = ("employer_closed", "accident_illness", "dismissed", "left_employer", "deported", "family")
GOALS = ("job", "skills", "business", "abroad_again")
CONDITION_KEYS = ("destination", "programme", "completed", "early_reason", "still_abroad", "goal")
TEXT_FIELDS = ("amount", "deadline", "papers", "owed", "due")
PROVINCE_CENTRE = "province_centre"
ABROAD = "abroad"
SERVICE_PREFIX = "service:"


class SituationError(ValueError):
    """A situation that cannot be planned for; ``field`` and ``code`` say what is wrong."""

    def __init__(self, fld: str, code: str):
        self.field, self.code = fld, code
        super().__init__(f"{fld}: {code}")


@dataclass(frozen=True)
class Situation:
    """One returnee's answers. ``early_reason`` is None when the contract was completed."""

    destination: str
    completed: bool
    goal: str
    still_abroad: bool = False
    early_reason: str | None = None
    programme: str | None = None
    province_id: str | None = None

    def __post_init__(self):
        if self.goal not in GOALS:
            raise SituationError("goal", "not_allowed")
        if self.completed:
            object.__setattr__(self, "early_reason", None)
        elif self.early_reason is None:
            raise SituationError("early_reason", "missing")
        elif self.early_reason not in EARLY_REASONS:
            raise SituationError("early_reason", "not_allowed")

    def value(self, key: str):
        return getattr(self, key)


@dataclass(frozen=True)
class Rule:
    """One entitlement or step. ``when``/``unless`` map a situation key to the values that match it."""

    code: str
    order: int
    title: Mapping[str, str]
    text: Mapping[str, str]
    legal_basis: Mapping[str, str]
    source: tuple[str, ...]
    verified_on: str
    when: Mapping[str, tuple] = field(default_factory=dict)
    unless: Mapping[str, tuple] = field(default_factory=dict)
    amount: Mapping[str, str] | None = None
    deadline: Mapping[str, str] | None = None
    papers: Mapping[str, str] | None = None
    where: tuple[str, ...] = ()
    page: str | None = None
    owed: Mapping[str, str] | None = None
    due: Mapping[str, str] | None = None
    due_days: int | None = None
    later: bool = False

    @property
    def urgency(self) -> int:
        """Where the rule goes in the plan: 0 a deadline to meet, 1 money owed now, 2 a step, 3 a benefit
        paid later (years away, or only after something else is done). A worker acts on the first lines."""
        if self.due_days is not None:
            return 0
        if self.later:
            return 3
        return 1 if self.owed else 2

    def applies(self, situation: Situation) -> bool:
        """Every ``when`` key matches and no ``unless`` key does."""
        if any(situation.value(k) not in values for k, values in self.when.items()):
            return False
        return not any(situation.value(k) in values for k, values in self.unless.items())


@dataclass(frozen=True)
class Item:
    """A rule in a plan, with its places resolved. ``no_local_office`` when the worker's province has none."""

    rule: Rule
    services: tuple[Service, ...]
    no_local_office: bool = False


def plan(rules: Iterable[Rule], situation: Situation, services: Sequence[Service]) -> list[Item]:
    """The checklist for ``situation`` in the order of urgency: deadlines (nearest first), then money owed,
    then the other steps, then benefits paid later; ``order`` within each, content order breaking ties."""
    by_id = {s.id: s for s in services}
    matching = sorted(
        (r for r in rules if r.applies(situation)),
        key=lambda r: (r.urgency, r.due_days if r.due_days is not None else 0, r.order),
    )  # stable: ties keep file order
    return [_item(rule, situation, services, by_id) for rule in matching]


@dataclass(frozen=True)
class Summary:
    """The few lines above the plan: the nearest deadline and the money the worker may be owed.

    ``lines`` are items to name (each by its ``owed`` line, or its title and ``due`` when it only has a
    deadline), most urgent first; ``more`` counts the owed items left out to keep within ``limit`` lines.
    """

    lines: tuple[Item, ...]
    more: int = 0


def summary(items: Sequence[Item], limit: int = 5) -> Summary:
    """At most ``limit`` lines (the last one says how many more when they do not fit): the nearest deadline,
    then every item with money owed, in plan order."""
    first = [items[0]] if items and items[0].rule.due_days is not None and not items[0].rule.owed else []
    named = first + [i for i in items if i.rule.owed]
    if len(named) <= limit:
        return Summary(tuple(named))
    return Summary(tuple(named[: limit - 1]), len(named) - (limit - 1))


def _item(rule: Rule, situation: Situation, services: Sequence[Service], by_id: Mapping) -> Item:
    found: list[Service] = []
    no_local = False
    for token in rule.where:
        if token == PROVINCE_CENTRE:
            local = in_province(services, situation.province_id)
            no_local = no_local or not local
            found.extend(local)
        elif token == ABROAD:
            found.extend(abroad(services, situation.destination))
        elif token.startswith(SERVICE_PREFIX) and token[len(SERVICE_PREFIX) :] in by_id:
            found.append(by_id[token[len(SERVICE_PREFIX) :]])
    unique = {s.id: s for s in found}  # records hold dicts, so dedupe by id, keeping first-seen order
    return Item(rule, tuple(unique.values()), no_local)


def as_text(
    items: Sequence[Item], lang: str, *, labels: Mapping[str, str], province: str = "", brief: bool = False
) -> str:
    """The plan as plain text for a QR code: numbered steps, their deadlines and a number to call.

    ``labels`` holds the translated words (``plan``, ``deadline``, ``call``), so this stays pure.
    ``brief`` leaves out deadlines, for when the full text is too long for one QR code.
    """
    lines = [labels["plan"] + (f" – {province}" if province else "")]
    for n, item in enumerate(items, 1):
        lines.append(f"{n}. {item.rule.title[lang]}")
        if item.rule.deadline and not brief:
            lines.append(f"   {labels['deadline']}: {item.rule.deadline[lang]}")
        phone = next(((s, p) for s in item.services for p in s.phones), None)
        if phone:
            lines.append(f"   {labels['call']}: {phone[1].number} ({phone[0].name[lang]})")
    return "\n".join(lines)
