"""The pocket guide: one self-contained HTML file per language, written with every content version.

A phone on the kiosk's Wi-Fi is not a secure context, so it gets no service worker; what it can keep is a
file. ``pocket-vi.html`` and ``pocket-en.html`` hold the hotlines, the fee caps, the warning signs and the
agency list with their sources and dates, styles inline and no script, well under 200 KB, so a cheap phone
opens them offline for months. Built from the records the other kinds loaded (a kind that is absent leaves
its section out); labels come from the same gettext catalogue as the pages. Registered last.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from html import escape
from pathlib import Path

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from ..config import ROOT
from ..money import capwords
from ..places.services import tel_digits
from ..text.phrases import language_of
from .kind import Context, Kind

LANGUAGES = ("vi", "en")
CATALOGUES = ROOT / "translations"
# The pages' date patterns (kiosk.web.formatting, which build code may not import; a test keeps them equal).
DAY = {"vi": "dd/MM/y", "en": "d MMM y"}
MONTH = {"vi": "'tháng' M/y", "en": "MMM y"}
STYLE = (
    "body{font:16px/1.5 'Noto Sans',Roboto,Arial,sans-serif;color:#1b1b1b;margin:0 auto;max-width:46rem;"
    "padding:0 .75rem 2rem;overflow-wrap:break-word}h1{font-size:1.4rem;margin:.75rem 0}"
    "h2{font-size:1.2rem;margin:1.5rem 0 .5rem;padding-top:.5rem;border-top:3px solid #0b5394}"
    "h3{font-size:1.05rem;margin:1rem 0 .25rem}a{color:#0b5394}.tel{font-weight:700;white-space:nowrap}"
    ".note{color:#4a4a4a;font-size:.9rem}.warn{background:#fff4e0;border-left:6px solid #8a4b00;padding:.5rem .75rem}"
    ".bad{color:#a4161a;font-weight:700}ul{padding-left:1.2rem}li{margin:.3rem 0}"
    "table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{text-align:left;vertical-align:top;"
    "padding:.3rem;border-bottom:1px solid #c9d1d9}sup{font-size:.7rem}"
)
STATUS_ORDER = ("unlicensed", "revoked", "suspended")


class Words:
    """Labels in one language from the gettext catalogue (English msgids; English needs no catalogue)."""

    def __init__(self, lang: str, catalogues: Path = CATALOGUES):
        self.lang = lang
        self.strings: dict[str, str] = {}
        po = catalogues / lang / "LC_MESSAGES" / "messages.po"
        if lang != "en" and po.exists():
            with po.open("rb") as fh:
                self.strings = {m.id: m.string for m in read_po(fh, locale=lang) if m.id and m.string}

    def __call__(self, message: str, **values) -> str:
        text = escape(self.strings.get(message) or message, quote=False)
        return text % {k: escape(str(v), quote=False) for k, v in values.items()} if values else text


class Refs:
    """Numbered footnotes: each source gets its number on first use, listed at the end with its dates."""

    def __init__(self, sources: Mapping[str, dict]):
        self.sources = sources
        self.order: list[str] = []

    def __call__(self, ids, verified_on: str = "") -> str:
        marks = []
        for sid in ids or ():
            if sid not in self.sources:
                continue
            if sid not in self.order:
                self.order.append(sid)
            n = self.order.index(sid) + 1
            marks.append(f'<a href="#s{n}">{n}</a>')
        return f"<sup>[{','.join(marks)}]</sup>" if marks else ""


def show_date(value: str, lang: str) -> str:
    """ISO ``YYYY[-MM[-DD]]`` the reader's way, with the pages' patterns: 25/11/2026 or 25 Nov 2026, tháng 9/2024
    or Sep 2024; other text as it is."""
    text = str(value or "")
    parts = text.split("-")
    try:
        if len(parts) == 2:
            return format_date(dt.date(int(parts[0]), int(parts[1]), 1), MONTH[lang], locale=lang)
        if len(parts) == 3:
            return format_date(dt.date.fromisoformat(text), DAY[lang], locale=lang)
    except ValueError:
        pass
    return text


def show_number(value, lang: str) -> str:
    """25000000 → 25.000.000 (vi) or 25,000,000 (en); 0.7 → 0,7 (vi): every decimal kept, as on the pages."""
    return format_decimal(Decimal(str(value)), locale=lang, decimal_quantization=False)


def _pick(text: Mapping[str, str] | None, lang: str) -> str:
    return escape((text or {}).get(lang) or (text or {}).get("vi") or "", quote=False)


def heading(anchor: str, icon: str, title: str) -> str:
    """A section heading with its icon beside the words (the icon hidden from screen readers)."""
    return f'<h2 id="{anchor}"><span aria-hidden="true">{icon}</span> {title}</h2>'


def _checked(_: Words, verified_on: str) -> str:
    if not verified_on:
        return ""
    checked = _("Checked on %(date)s.", date=show_date(verified_on, _.lang))
    return f' <span class="note">{checked}</span>'


def _hotlines(records: dict, _: Words, ref: Refs) -> str:
    services = records.get("services") or []
    if not services:
        return ""
    titles = {
        "national": _("In Vietnam, for everyone"),
        "province": _("In the provinces"),
        "abroad": _("Abroad"),
    }
    out = [heading("hotlines", "📞", _("Hotlines and help"))]
    for group, title in titles.items():
        rows = [s for s in services if s.group == group]
        if not rows:
            continue
        out.append(f"<h3>{title}</h3><ul>")
        for s in rows:
            phones = " ".join(
                f'<a class="tel" href="{escape(p.tel)}">{escape(p.number)}</a>'
                + (f' <span class="note">({_pick(p.label, _.lang)})</span>' if p.label else "")
                for p in s.phones
            )
            extra = [_pick(s.what, _.lang)]
            if s.hours:
                extra.append(_pick(s.hours, _.lang))
            if s.web:
                extra.append(escape(s.web))
            if s.not_known:
                extra.append(_pick(s.not_known, _.lang))
            out.append(
                f"<li><strong>{_pick(s.name, _.lang)}</strong>{ref(s.source)} {phones}<br>"
                f"{' '.join(e for e in extra if e)}{_checked(_, s.verified_on)}</li>"
            )
        out.append("</ul>")
    out.append(_embassies(records, _, ref, {tel_digits(p.number) for s in services for p in s.phones}))
    return "".join(out)


def _embassies(records: dict, _: Words, ref: Refs, listed: set[str]) -> str:
    """Each destination's contacts with a phone (embassies, consulates), numbers already listed left out."""
    out = []
    for code in sorted(records.get("destinations") or {}):
        d = records["destinations"][code]
        rows = [c for c in d.get("contacts", []) if c.get("phone") and tel_digits(c["phone"]) not in listed]
        if not rows:
            continue
        out.append(f"<h3>{_pick(d.get('name'), _.lang)}</h3><ul>")
        for c in rows:
            note = f" {_pick(c['note'], _.lang)}" if c.get("note") else ""
            out.append(
                f"<li>{_pick(c['name'], _.lang)}{ref(c.get('source'))}: "
                f'<a class="tel" href="tel:{tel_digits(c["phone"])}">{escape(c["phone"])}</a>{note}'
                f"{_checked(_, c.get('verified_on', ''))}</li>"
            )
        out.append("</ul>")
    return "".join(out)


def cap_words(cap: Mapping, _: Words) -> str:
    """A fee-cap rule in words: the same sentences as the destination pages (``kiosk.capwords``)."""
    rule = cap.get("rule")
    text = capwords.cap_words(rule, cap.get("params") or {}, _, lambda value: show_number(value, _.lang))
    return f'<span class="bad">{text}</span>' if rule == "forbidden" else text


def _item_label(item: str, _: Words) -> str:
    return {
        "service_fee": _("Service fee"),
        "brokerage_fee": _("Brokerage fee"),
        "deposit": _("Deposit"),
        "training_fee": _("Training and other preparation"),
        "other_fees": _("Other fees"),
    }[item]


def _fee_caps(records: dict, _: Words, ref: Refs) -> str:
    destinations = records.get("destinations") or {}
    if not destinations:
        return ""
    out = [heading("fees", "💵", _("Legal fee caps by country"))]
    out.append(
        "<p>" + _("An agency may not charge more than this. Ask for a receipt for every payment.") + "</p>"
    )
    for code in sorted(destinations):
        d = destinations[code]
        out.append(f"<h3>{_pick(d.get('name'), _.lang)}</h3>")
        for p in d.get("programmes", []):
            out.append(f"<p><strong>{_pick(p['name'], _.lang)}</strong>{ref(p.get('source'))}</p><ul>")
            for cap in p.get("fee_caps", []):
                out.append(
                    f"<li>{_item_label(cap['item'], _)}: {cap_words(cap, _)} "
                    f'<span class="note">{escape(cap.get("legal_basis", ""), quote=False)}</span>'
                    f"{ref(cap.get('source'))}{_checked(_, cap.get('verified_on', ''))}</li>"
                )
            out.append("</ul>")
        forbidden = d.get("forbidden") or []
        if forbidden:
            out.append("<p><strong>" + _("Not allowed") + "</strong></p><ul>")
            for f in forbidden:
                out.append(f"<li>{_pick(f['text'], _.lang)}{ref(f.get('source'))}</li>")
            out.append("</ul>")
    return "".join(out)


def _red_flags(records: dict, _: Words, ref: Refs) -> str:
    check = records.get("selfcheck")
    questions = getattr(check, "questions", ()) or ()
    if not questions:
        return ""
    out = [heading("flags", "⚠️", _("Warning signs")), "<ul>"]
    for q in questions:
        answer = _("Yes") if q["red_if"] == "yes" else _("No")
        sign = _("Warning sign if the answer is: %(answer)s", answer=answer)
        out.append(
            f"<li><strong>{_pick(q['question'], _.lang)}</strong> "
            f'<span class="bad">{sign}</span>'
            f"{ref(q.get('sources'))}<br>{_pick(q['what_to_do'], _.lang)}</li>"
        )
    out.append("</ul>")
    return "".join(out)


def _agency_row(a, ref: Refs, licences: bool, usual: tuple[str, ...]) -> str:
    """One row; the phone as the source prints it (old area codes and several numbers in one field are
    common there, so it is not turned into a tap-to-call link that might dial a wrong number)."""
    name = escape(a.name, quote=False) + (f" ({escape(a.short_name, quote=False)})" if a.short_name else "")
    licence = f"<td>{escape(a.licence_no) or '–'}</td>" if licences else ""
    marks = "" if a.source == usual else ref(a.source)
    return f"<tr><td>{name}{marks}</td>{licence}<td>{escape(a.province)}</td><td>{escape(a.phone)}</td></tr>"


def _agencies(records: dict, _: Words, ref: Refs) -> str:
    content = records.get("agencies")
    agencies = list(getattr(content, "agencies", ()) or ())
    if not agencies:
        return ""
    licensed = sorted((a for a in agencies if a.status == "licensed"), key=lambda a: a.name_ascii)
    cov = content.coverage
    out = [heading("agencies", "🔍", _("Licensed agencies"))]
    if cov.official_total:
        out.append(
            "<p>"
            + _(
                "This list holds %(count)s agencies; the Department of Overseas Labour counted about %(total)s "
                "licensed agencies in %(date)s.",
                count=len(licensed),
                total=cov.official_total,
                date=show_date(cov.as_of, _.lang),
            )
            + ref(cov.sources)
            + "</p>"
        )
    unverified = sum(a.confidence == "unverified" for a in licensed)
    if unverified:
        out.append(
            '<p class="warn">'
            + _(
                "%(count)s of these come from an unofficial copy of the list. A name missing here does not "
                "mean the agency is fake, and a name here does not mean it is safe: check the licence with "
                "DOLAB before you pay.",
                count=unverified,
            )
            + "</p>"
        )
    licences = any(a.licence_no for a in licensed)
    columns = [_("Name"), _("Licence no."), _("Province"), _("Phone")]
    if not licences:
        del columns[1]
    head = "<tr>" + "".join(f"<th>{c}</th>" for c in columns) + "</tr>"
    usual = Counter(a.source for a in licensed).most_common(1)[0][0] if licensed else ()
    if usual:
        out.append("<p>" + _("Source of every row not marked otherwise:") + ref(usual) + "</p>")
    out.append(f"<table><thead>{head}</thead><tbody>")
    out.extend(_agency_row(a, ref, licences, usual) for a in licensed)
    out.append("</tbody></table>")
    flagged = sorted(
        (a for a in agencies if a.status in STATUS_ORDER),
        key=lambda a: (STATUS_ORDER.index(a.status), a.name_ascii),
    )
    if flagged:
        status = {
            "unlicensed": _("fined for recruiting without a licence"),
            "revoked": _("licence revoked"),
            "suspended": _("licence suspended"),
        }
        out.append("<h3>" + _("Do not pay these: revoked, suspended or fined") + "</h3><ul>")
        for a in flagged:
            since = ""
            if a.status_since:
                since = " (" + _("since %(date)s", date=show_date(a.status_since, _.lang)) + ")"
            out.append(
                f'<li>{escape(a.name, quote=False)}: <span class="bad">{status[a.status]}</span>{since}'
                f"{ref(a.source)}</li>"
            )
        out.append("</ul>")
    return "".join(out)


def _bibliography(ref: Refs, _: Words) -> str:
    if not ref.order:
        return ""
    out = [heading("sources", "📚", _("Sources")), "<ol>"]
    for n, sid in enumerate(ref.order, 1):
        s = ref.sources[sid]
        title = escape(s["title"], quote=False)
        if s.get("publisher"):
            title += ", " + escape(s["publisher"], quote=False)
        said_in = language_of(s["title"])
        bits = [f'<span lang="{said_in}">{title}</span>' if said_in != _.lang else title]
        if s.get("published_on"):
            bits.append(escape(s["published_on"], quote=False))
        if s.get("kind") == "unofficial":
            bits.append(_("unofficial source"))
        url = f' <span class="note">{escape(s["url"], quote=False)}</span>' if s.get("url") else ""
        out.append(f'<li id="s{n}">{", ".join(bits)}.{url}{_checked(_, s.get("verified_on", ""))}</li>')
    out.append("</ol>")
    return "".join(out)


def render(records: dict, lang: str) -> str:
    """The whole guide in ``lang`` as one HTML document (no script, no outside request, styles inline)."""
    _ = Words(lang)
    ref = Refs(records.get("sources") or {})
    manifest = records.get("manifest") or {}
    sections = [
        _hotlines(records, _, ref),
        _fee_caps(records, _, ref),
        _red_flags(records, _, ref),
        _agencies(records, _, ref),
    ]
    sample = ""
    if manifest.get("sample"):
        sample = '<p class="warn"><strong>' + _("Sample data, not for real use.") + "</strong></p>"
    date = _(
        "Information version %(version)s, issued %(issued)s, to be reviewed by %(review)s.",
        version=manifest.get("version", ""),
        issued=show_date(manifest.get("issued_on", ""), lang),
        review=show_date(manifest.get("review_by", ""), lang),
    )
    title = _("Pocket guide") + " · " + _("Work abroad safely")
    h1 = _("Pocket guide: work abroad safely")
    keep = _(
        "Keep this file on your phone: it opens without the internet. Check important facts with the "
        "Department of Overseas Labour (DOLAB) before you pay anything."
    )
    return (
        f'<!doctype html><html lang="{lang}" translate="no"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        f"<h1>{h1}</h1>{sample}<p>{date}</p><p>{keep}</p>{''.join(sections)}{_bibliography(ref, _)}</body></html>"
    )


def load(ctx: Context) -> tuple:
    """Nothing of its own to read: the guide is made from the other kinds' records at export."""
    return ()


def export(folder: Path, all_records: dict) -> None:
    for lang in LANGUAGES:
        (folder / f"pocket-{lang}.html").write_text(render(all_records, lang), encoding="utf-8")


KIND = Kind("pocket", load, export=export)
