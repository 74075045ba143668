"""Reading numbers, choices and flags from what people send (JSON or a form), strictly.

Pure: raises :class:`InputError` with a field and a code; the web side turns the code into words in the
user's language. A form sends strings ("25.000.000", "0,7"); JSON sends numbers. Booleans, NaN,
infinities, lists and objects are never numbers.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"^\d{1,3}([.,  _]\d{3})+$")
# How people write amounts and figures in Vietnamese: "150 triệu", "150tr", "1,5 tỷ", "500k", "150.000.000đ",
# "1,5%", "36 tháng". One scale word and one unit word may follow the number; the field's bounds still
# decide what is sensible ("36 triệu" months is too large).
_SCALES = {
    **dict.fromkeys(("triệu", "trieu", "tr"), 10**6),
    **dict.fromkeys(("tỷ", "tỉ", "ty", "ti"), 10**9),
    **dict.fromkeys(("nghìn", "nghin", "ngàn", "ngan", "k"), 10**3),
}
_WORDS = re.compile(
    r"^(?P<number>.*?\d)\s*(?P<scale>" + "|".join(sorted(_SCALES, key=len, reverse=True)) + r")?\.?\s*"
    r"(?P<unit>đồng|dong|vnđ|vnd|đ|%|tháng|thang)?$",
    re.IGNORECASE,
)


class InputError(Exception):
    """``code`` is one of: missing, not_a_number, not_whole, too_small, too_large, not_allowed, too_long,
    not_a_boolean, not_text."""

    def __init__(self, field: str, code: str, **params):
        self.field, self.code, self.params = field, code, params
        super().__init__(f"{field}: {code}")


def _to_decimal(fld: str, value) -> Decimal:
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise InputError(fld, "not_a_number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(fld, "not_a_number")
        return Decimal(repr(value))
    text = str(value).strip().replace("\u00a0", " ")
    if len(text) > 40:
        raise InputError(fld, "not_a_number")
    scale = 1
    written = _WORDS.match(text)
    if written and (written["scale"] or written["unit"]):
        text = written["number"].strip()
        scale = _SCALES[written["scale"].lower()] if written["scale"] else 1
    if _GROUPED.match(text):
        text = re.sub(r"[.,  _]", "", text)
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise InputError(fld, "not_a_number")
    try:
        return Decimal(text) * scale
    except InvalidOperation:
        raise InputError(fld, "not_a_number") from None


def number(data: dict, fld: str, *, minimum=0, maximum=10**12, required=True, default=None, whole=False):
    """A number within ``[minimum, maximum]``: ``int`` when ``whole`` else ``Decimal``; ``default`` if absent."""
    value = data.get(fld)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(fld, "missing")
        return default
    amount = _to_decimal(fld, value)
    if amount < minimum:
        raise InputError(fld, "too_small", minimum=minimum)
    if amount > maximum:
        raise InputError(fld, "too_large", maximum=maximum)
    if whole:
        if amount != amount.to_integral_value():
            raise InputError(fld, "not_whole")
        return int(amount)
    return amount


def choice(data: dict, fld: str, allowed, *, required=True, default=None):
    value = data.get(fld)
    if value is None or value == "":
        if required:
            raise InputError(fld, "missing")
        return default
    if not isinstance(value, str) or value not in allowed:
        raise InputError(fld, "not_allowed", allowed=tuple(allowed))
    return value


def boolean(data: dict, fld: str, *, required=False, default=False) -> bool:
    value = data.get(fld)
    if value is None or value == "":
        if required:
            raise InputError(fld, "missing")
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "yes", "on", "1"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "no", "off", "0"):
        return False
    raise InputError(fld, "not_a_boolean")


def text(data: dict, fld: str, *, max_length=200, required=False, default="") -> str:
    value = data.get(fld)
    if value is None or value == "":
        if required:
            raise InputError(fld, "missing")
        return default
    if not isinstance(value, str):
        raise InputError(fld, "not_text")
    if len(value) > max_length:
        raise InputError(fld, "too_long", maximum=max_length)
    return value
