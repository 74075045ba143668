"""The pocket guide: one self-contained HTML file per language, written with every content version.

A phone on the kiosk's Wi-Fi is not a secure context, so it gets no service worker; what it can keep is a
file. ``pocket-vi.html`` and ``pocket-en.html`` hold the hotlines, the fee caps, the warning signs and the
agency list with their sources and dates, styles inline and no script, well under 200 KB, so a cheap phone
opens them offline for months. Built from the records the other kinds loaded (a kind that is absent leaves
its section out) and rendered from ``templates/pocket/guide.html``. The build runs with no Flask app, so
this uses its own Jinja environment with the pages' gettext catalogue. Registered last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import cache, partial
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import Environment, FileSystemLoader

from ..config import ROOT
from ..money import capwords
from ..places.services import GROUPS, tel_digits
from ..text import formats
from ..text.langmark import as_vietnamese, mark_html
from ..text.phrases import language_of
from .kind import Context, Kind

LANGUAGES = ("vi", "en")
CATALOGUES = ROOT / "translations"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATUS_ORDER = ("unlicensed", "revoked", "suspended")


@cache
def translations(lang: str) -> NullTranslations:
    """The pages' catalogue for ``lang``, compiled in memory from ``translations/`` (the build has no app
    to compile it into an instance folder). Fuzzy entries are left out, as they are for the pages."""
    po = CATALOGUES / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as fh:
        catalogue = read_po(fh, locale=lang)
    mo = BytesIO()
    write_mo(mo, catalogue, use_fuzzy=False)
    mo.seek(0)
    return Translations(mo)


class Refs:
    """Numbered footnotes: each source gets its number the first time the template cites it, and the
    bibliography at the end lists them in that order."""

    def __init__(self, sources: Mapping[str, dict]):
        self.sources = sources
        self.order: list[str] = []

    def __call__(self, ids) -> list[int]:
        numbers = []
        for sid in ids or ():
            if sid not in self.sources:
                continue
            if sid not in self.order:
                self.order.append(sid)
            numbers.append(self.order.index(sid) + 1)
        return numbers

    def cited(self) -> list[tuple[int, dict]]:
        return [(n, self.sources[sid]) for n, sid in enumerate(self.order, 1)]


def _pick(text: Mapping[str, str] | None, lang: str) -> str:
    """The text in ``lang`` from a ``{vi, en}`` record, Vietnamese if that language is missing."""
    return (text or {}).get(lang) or (text or {}).get("vi") or ""


def cap_words(cap: Mapping, lang: str) -> str:
    """A fee-cap rule in words: the same sentences as the destination pages (``kiosk.money.capwords``)."""
    gettext = translations(lang).gettext

    def _(message: str, **values) -> str:
        return gettext(message) % values if values else gettext(message)

    return capwords.cap_words(
        cap.get("rule"), cap.get("params") or {}, _, partial(formats.decimal, lang=lang)
    )


def _hotlines(records: dict) -> dict:
    """The services by group, and each destination's contacts with a phone (embassies, consulates) whose
    number is not listed already."""
    services = records.get("services") or []
    if not services:
        return {}
    listed = {tel_digits(p.number) for s in services for p in s.phones}
    embassies = []
    for code in sorted(records.get("destinations") or {}):
        d = records["destinations"][code]
        rows = [c for c in d.get("contacts", []) if c.get("phone") and tel_digits(c["phone"]) not in listed]
        if rows:
            embassies.append((d, rows))
    return {
        "groups": {group: [s for s in services if s.group == group] for group in GROUPS},
        "embassies": embassies,
    }


def _agencies(records: dict) -> dict:
    """The licensed agencies by name with the source most of them share, and the flagged ones by status."""
    content = records.get("agencies")
    agencies = list(getattr(content, "agencies", ()) or ())
    if not agencies:
        return {}
    licensed = sorted((a for a in agencies if a.status == "licensed"), key=lambda a: a.name_ascii)
    return {
        "coverage": content.coverage,
        "licensed": licensed,
        "unverified": sum(a.confidence == "unverified" for a in licensed),
        "licences": any(a.licence_no for a in licensed),
        "usual": Counter(a.source for a in licensed).most_common(1)[0][0] if licensed else (),
        "flagged": sorted(
            (a for a in agencies if a.status in STATUS_ORDER),
            key=lambda a: (STATUS_ORDER.index(a.status), a.name_ascii),
        ),
    }


def environment(lang: str) -> Environment:
    """Jinja for one language: autoescaped, with the pages' catalogue and the reader's dates and numbers."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.filters.update(
        pick=lambda text: _pick(text, lang),
        date=lambda value: formats.date(value, lang),
        cap_words=lambda cap: cap_words(cap, lang),
        lang_of=language_of,
        vi=lambda text: as_vietnamese(text, lang),
        tel=tel_digits,
    )
    return env


def render(records: dict, lang: str) -> str:
    """The whole guide in ``lang`` as one HTML document (no script, no outside request, styles inline)."""
    hotlines = _hotlines(records)
    destinations = records.get("destinations") or {}
    page = (
        environment(lang)
        .get_template("pocket/guide.html")
        .render(
            lang=lang,
            manifest=records.get("manifest") or {},
            hotlines=hotlines.get("groups"),
            embassies=hotlines.get("embassies"),
            destinations=[destinations[code] for code in sorted(destinations)],
            questions=getattr(records.get("selfcheck"), "questions", ()) or (),
            receipt=receipt.as_dict() if (receipt := records.get("receipt")) else None,
            agencies=_agencies(records),
            cite=Refs(records.get("sources") or {}),
        )
    )
    return mark_html(page, lang)  # names and words of the other language read in their own voice


def load(ctx: Context) -> tuple:
    """Nothing of its own to read: the guide is made from the other kinds' records at export."""
    return ()


def export(folder: Path, all_records: dict) -> None:
    for lang in LANGUAGES:
        (folder / f"pocket-{lang}.html").write_text(render(all_records, lang), encoding="utf-8")


KIND = Kind("pocket", load, export=export)
