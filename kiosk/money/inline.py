"""Foreign money (yen, won, dollars, Taiwan dollars, ringgit, euro) written in content text, followed by their đồng value at the dated rate (WRITING.md rule 6).

Editors write "185.579 yên/tháng" or "400,000 won" as their source gives it; a worker needs to know what
that is in đồng. At build time the destinations, return-plan rules and articles pass their texts through
:func:`add_dong_values`, which puts "(khoảng 34,4 triệu đồng, tỷ giá ngày 14/04/2025)" after each such
amount, converted by :func:`.amounts.to_vnd` at the rate in ``rates.yaml``. An amount the editor already
followed with a đồng value in brackets is left as written. Pure: no Flask.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..text import formats
from .amounts import Rate, to_vnd

UNITS = {  # written after the number
    "vi": {"yên": "JPY", "won": "KRW", "USD": "USD", "Đài tệ": "TWD", "ringgit": "MYR", "€": "EUR"},
    "en": {"yen": "JPY", "won": "KRW", "USD": "USD", "ringgit": "MYR"},
}
SYMBOLS = {"US$": "USD", "NT$": "TWD", "RM": "MYR", "€": "EUR"}  # written before the number
_NUMBER = {"vi": r"\d{1,3}(?:\.\d{3})+|\d+", "en": r"\d{1,3}(?:,\d{3})+|\d+"}
# What may follow the unit and belongs to the amount ("yên/tháng", "won mỗi tháng", "yen a month").
_PER = {
    "vi": r"(?:/(?:người/)?(?:tháng|giờ|ngày|năm)|\s+mỗi\s+(?:tháng|năm))?",
    "en": r"(?:\s+a\s+(?:month|year|day)|\s+per\s+person(?:\s+per\s+month)?|/month)?",
}
_ALREADY = re.compile(r"\s*\((?:khoảng|about|≈)?[^()]{0,40}(?:đồng|VND)", re.IGNORECASE)
_SYMBOL = "|".join(re.escape(symbol) for symbol in SYMBOLS)
_PATTERN = {
    lang: re.compile(
        rf"(?<![\d.,–-])(?:(?P<low>{_NUMBER[lang]})(?:\s?[–-]\s?(?P<high>{_NUMBER[lang]}))?\s"
        rf"(?P<unit>{'|'.join(map(re.escape, UNITS[lang]))})(?!\w)"
        rf"|(?<!\w)(?P<symbol>{_SYMBOL})\s?(?P<slow>{_NUMBER[lang]})"
        rf"(?:\s?[–-]\s?(?:{_SYMBOL})?\s?(?P<shigh>{_NUMBER[lang]}))?(?![\d.,]\d))"
        rf"(?P<per>{_PER[lang]})"
    )
    for lang in UNITS
}
MILLION = 1_000_000


def _unit(unit: str, lang: str) -> str:
    return next(code for name, code in UNITS[lang].items() if name.lower() == unit.lower())


def _number(text: str, lang: str) -> Decimal:
    return Decimal(text.replace("." if lang == "vi" else ",", ""))


def dong_words(amount: int, lang: str) -> str:
    """Dong as a worker says it: "34,4 triệu đồng", "87 triệu đồng", "800.000 đồng" (or VND in English)."""
    million = "triệu đồng" if lang == "vi" else "million VND"
    if abs(amount) >= 10 * MILLION:
        return f"{formats.vnd(round(Decimal(amount) / MILLION), lang)} {million}"
    if abs(amount) >= MILLION:
        return f"{formats.decimal((Decimal(amount) / MILLION).quantize(Decimal('0.1')), lang)} {million}"
    return f"{formats.vnd(amount, lang)} {'đồng' if lang == 'vi' else 'VND'}"


def _range_words(low: int, high: int | None, lang: str) -> str:
    if high is None:
        return dong_words(low, lang)
    low_words, high_words = dong_words(low, lang), dong_words(high, lang)
    low_number, _, low_unit = low_words.partition(" ")
    if low_unit == high_words.partition(" ")[2]:
        return f"{low_number}–{high_words}"
    return f"{low_words}–{high_words}"


def with_dong(text: str, lang: str, rates: dict[str, Rate]) -> str:
    """``text`` with each yen or won amount followed by its đồng value and the rate's date."""
    pattern = _PATTERN.get(lang)
    if pattern is None or not text:
        return text

    def add(match: re.Match) -> str:
        currency = SYMBOLS[match["symbol"]] if match["symbol"] else _unit(match["unit"], lang)
        rate = rates.get(currency)
        if rate is None or _ALREADY.match(text, match.end()):
            return match[0]
        low_text, high_text = (
            (match["slow"], match["shigh"]) if match["symbol"] else (match["low"], match["high"])
        )
        low = to_vnd(_number(low_text, lang), rate.currency, rates)
        high = to_vnd(_number(high_text, lang), rate.currency, rates) if high_text else None
        date = formats.date(rate.as_of, lang)
        if lang == "vi":
            return f"{match[0]} (khoảng {_range_words(low, high, lang)}, tỷ giá ngày {date})"
        return f"{match[0]} (about {_range_words(low, high, lang)} at the rate of {date})"

    return pattern.sub(add, text)


def add_dong_values(node, rates: dict[str, Rate]):
    """Every ``{vi, en}`` text inside ``node`` (content as loaded: dicts and lists) through :func:`with_dong`,
    changed in place; returns ``node``."""
    if isinstance(node, dict):
        for lang in UNITS:
            if isinstance(node.get(lang), str):
                node[lang] = with_dong(node[lang], lang, rates)
        for value in node.values():
            if isinstance(value, dict | list):
                add_dong_values(value, rates)
    elif isinstance(node, list):
        for value in node:
            if isinstance(value, dict | list):
                add_dong_values(value, rates)
    return node
