"""A fee-cap rule in words: the one wording used by the destination pages, the offer check, the API and
the pocket guide. Pure: the caller passes its translator (``_``) and its number style, so the web side
(flask-babel) and the build side (the pocket guide's catalogue reader) say exactly the same thing."""

from __future__ import annotations

from collections.abc import Callable, Mapping


def cap_words(rule: str, params: Mapping, _: Callable[..., str], number: Callable[[object], str]) -> str:
    """The sentence for ``rule`` with ``params`` (as the offer check evaluates them)."""
    if rule == "months_of_salary_per_12_months":
        text = _(
            "At most %(months)s month(s) of your contract wage for every 12 months of work",
            months=number(params["months_per_12"]),
        )
        if params.get("max_months") is not None:
            text += _(
                ", and at most %(months)s month(s) in all for a contract of 36 months or more",
                months=number(params["max_months"]),
            )
        return text + "."
    if rule == "fixed_amount":
        if float(params["amount_vnd"]) == 0:
            return _("Nothing: the worker pays 0 VND.")
        return _("At most %(amount)s VND.", amount=number(params["amount_vnd"]))
    if rule == "forbidden":
        return _("Forbidden: nobody may charge this to the worker.")
    if rule == "none":
        return _("The law sets no cap. Ask for a written list and a receipt.")
    if rule == "one_economy_ticket":
        return _("At most the price of one economy-class air ticket from the workplace to Vietnam.")
    return _("The cap is not known. Ask DOLAB before you pay.")
