"""The red-flag self-check ("Is this offer safe?"): which answers are warning signs.

Each question in ``content/selfcheck.yaml`` names the answer (``yes`` or ``no``) that is a red flag. A worker
may also answer ``unsure``: that is not a flag, but it is something to find out before paying or signing,
so it is reported apart. Nothing here stores or logs the answers; the view evaluates them and forgets them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ANSWERS = ("yes", "no", "unsure")
RED_IF = ("yes", "no")


class AnswerError(ValueError):
    """An answer that is not one of :data:`ANSWERS`; ``field`` is the question code."""

    def __init__(self, field: str, code: str = "bad_choice"):
        self.field = field
        self.code = code
        super().__init__(f"{field}: {code}")


@dataclass(frozen=True)
class Question:
    code: str
    red_if: str


@dataclass(frozen=True)
class Result:
    """Question codes sorted by outcome, each in the questions' own order."""

    red_flags: tuple[str, ...]
    unsure: tuple[str, ...]
    unanswered: tuple[str, ...]

    @property
    def verdict(self) -> str:
        """``red_flags`` if any answer is a warning sign; ``check_more`` if some are unknown; else ``no_flags``."""
        if self.red_flags:
            return "red_flags"
        if self.unsure or self.unanswered:
            return "check_more"
        return "no_flags"


def evaluate(questions: Iterable[Question], answers: Mapping[str, str | None]) -> Result:
    """Sort the questions by the worker's answers.

    ``answers`` maps question codes to ``yes``/``no``/``unsure`` (case and surrounding spaces ignored); a
    missing or empty answer counts as unanswered, and keys that are not question codes are ignored.

    :raise AnswerError: an answer is something other than yes, no or unsure.
    """
    red, unsure, unanswered = [], [], []
    for q in questions:
        raw = answers.get(q.code)
        answer = raw.strip().lower() if isinstance(raw, str) else raw
        if answer is None or answer == "":
            unanswered.append(q.code)
        elif answer not in ANSWERS:
            raise AnswerError(q.code)
        elif answer == "unsure":
            unsure.append(q.code)
        elif answer == q.red_if:
            red.append(q.code)
    return Result(tuple(red), tuple(unsure), tuple(unanswered))
