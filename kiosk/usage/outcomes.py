"""What is counted: a tool's result as count keys made of codes (verdicts, content codes, yes/no, bands),
never of what was typed, amounts, names or anything that tells one person from another.

A key is ``(event, detail)``; ``detail`` is ``name=value`` pairs joined by ``;`` in a fixed order, so the
same outcome is always the same key. Each function reads only fields the tool itself decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Key = tuple[str, str]

#: Statuses that mean an authority acted against the firm: a look-alike of one of these is the worst case.
SANCTIONED = ("suspended", "revoked", "unlicensed")
#: Self-check bands of warning signs: a count of 1 in a small commune must not stand out from 2.
BANDS = ((0, "0"), (1, "1-2"), (3, "3-5"), (6, "6+"))
#: The counsellor page's three tools, named by the button that was pressed.
COUNSELLOR_TOOLS = ("agency", "offer", "calc")


def detail(**fields: Any) -> str:
    return ";".join(f"{k}={v}" for k, v in fields.items())


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def agency(check) -> list[Key]:
    """An agency check's verdict; a look-alike also says whether one of the firms it resembles was
    suspended, revoked or fined (``agencies.model.Check``)."""
    if check.verdict == "lookalike":
        sanctioned = any(a.status in SANCTIONED for a in check.lookalikes)
        return [("agency", detail(verdict="lookalike", sanctioned=yes_no(sanctioned)))]
    return [("agency", detail(verdict=check.verdict))]


def offer(checked) -> list[Key]:
    """An offer check by destination and programme with its verdict, and one key per item over its cap or
    forbidden (``money.service.OfferCheck``). Amounts are never part of a key."""
    dest, programme = checked.dest["code"], checked.programme["code"]
    keys = [("offer", detail(destination=dest, programme=programme, verdict=checked.checked.verdict))]
    for item in checked.checked.items:
        problem = "illegal" if item.illegal else "over_cap" if item.over_by > 0 else None
        if problem:
            keys.append(
                ("offer_item", detail(destination=dest, programme=programme, item=item.item, problem=problem))
            )
    return keys


def calculation(result) -> list[Key]:
    """A calculator run: with or without an early return, and whether the debt was never repaid within the
    contract (``money.calculator.Result``)."""
    never = "never_repaid" in result.warnings
    return [
        (
            "calculator",
            detail(early_return=yes_no(result.early_return is not None), never_repaid=yes_no(never)),
        )
    ]


def return_plan(answer) -> list[Key]:
    """A return plan by situation (completed, early with its reason, still abroad) and goal
    (``returnplan.service.Answer``); the province and destination are left out."""
    s = answer.situation
    if s.still_abroad:
        return [("return_plan", detail(situation="still_abroad", goal=s.goal))]
    if s.completed:
        return [("return_plan", detail(situation="completed", goal=s.goal))]
    return [("return_plan", detail(situation="early", reason=s.early_reason, goal=s.goal))]


def band(signs: int) -> str:
    return [label for start, label in BANDS if signs >= start][-1]


def selfcheck(result) -> list[Key]:
    """A self-check by the band its number of warning signs falls in (``selfcheck.model.Result``)."""
    return [("selfcheck", detail(warning_signs=band(len(result.red_flags))))]


def search(results) -> list[Key]:
    """A search that found nothing, counted without its words (``search.query.Results``)."""
    return [("search_empty", "")] if results is not None and not results.count else []


def counsellor(results: dict, tool: str | None) -> list[Key]:
    """The counsellor page answers all three tools on every press; only the one whose button was pressed
    is counted, so a session is not counted again for each tool worked on after it."""
    found = results.get(tool) if tool in COUNSELLOR_TOOLS else None
    if not found:
        return []
    if tool == "agency":
        return agency(found["check"])
    if tool == "offer":
        return offer(found)
    return calculation(found["r"])


TOOLS = {
    "agency": agency,
    "offer": offer,
    "calculator": calculation,
    "return_plan": return_plan,
    "selfcheck": selfcheck,
    "search": search,
}


def keys(what: str, result, tool: str | None = None) -> Iterable[Key]:
    """The count keys of one answer; ``what`` names the tool (``TOOLS`` or ``counsellor``)."""
    if what == "counsellor":
        return counsellor(result, tool)
    work = TOOLS.get(what)
    return work(result) if work and result is not None else []
