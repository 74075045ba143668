"""Destination pages, the offer check and the debt calculator as HTML.

The two tools are plain POSTed forms, so they work with JavaScript off and the figures never reach a URL,
history or log. Inputs go through :mod:`kiosk.money.service` (the API's own rules), the work through the pure
modules; the result is also given as a QR code holding the result as short text, and prints on one page.
"""

from __future__ import annotations

from decimal import Decimal

from flask import abort, g, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..places.service import find_service
from ..places.services import Service
from ..text import qr
from ..web.formatting import show_date, show_decimal, show_vnd
from ..web.i18n import pick
from ..web.pages import bp
from . import service as md
from .amounts import UnknownCurrencyError, to_vnd
from .calculator import Inputs, calculate
from .chart import chart
from .fees import ITEMS

COME_HOME_AFTER = (3, 6, 12, 24)
HOTLINE = "mofa-citizen-protection"  # the service whose number every offer result gives


@bp.get("/destinations")
def destinations():
    """Every destination, with its programmes."""
    return render_template("destinations.html", destinations=list(md.destinations().values()))


@bp.get("/destinations/<code>")
def destination(code):
    """One destination: programmes and caps in words, wages, dated history, risks and contacts.

    :raise 404: no such destination.
    """
    found = md.destinations().get(code.upper())
    if found is None:
        abort(404)
    return render_template(
        "destination.html",
        d=found,
        rate=md.rates().get(found["currency"]),
        cap_words=md.cap_words,
        item_labels=md.ITEM_LABELS,
        approx_vnd=approx_vnd,
    )


def approx_vnd(amount, currency: str) -> int | None:
    """An amount abroad in dong at the content's dated rate, or None when no rate is known."""
    try:
        return to_vnd(Decimal(str(amount)), currency, md.rates())
    except UnknownCurrencyError:
        return None


def qr_svg(text: str) -> Markup:
    """The result as a QR code (inline SVG, no style attribute), readable offline by any phone camera."""
    return Markup(qr.svg(text, title=_("Your result as a QR code")))


@bp.route("/check-offer", methods=["GET", "POST"])
def offer_check():
    """The offer form; after POST, the verdict naming each item and amount, what to do next, then the items.

    The wage is asked in the destination's own money by default: the currency choice "local" means the
    chosen destination's currency, so the right money is used with JavaScript off too. A wage far from the
    destination's minimum wage is not used silently: the page asks "did you mean …?" first.
    """
    form, result, error, qr_code = request.form.to_dict(), None, None, None
    hotline = find_service(HOTLINE)
    dests = md.destinations()
    if request.method == "GET":
        form["choice"] = request.args.get("destination", "")[:10].upper()
        form["currency"] = LOCAL
    else:
        form["destination"], _sep, form["programme"] = form.get("choice", "").partition("/")
        dest = dests.get(form["destination"].strip().upper())
        if form.get("use_currency") in (md.VND, *md.rates()):
            form["currency"] = form.pop("use_currency")
            form.pop("salary_confirmed", None)
        if dest and form.get("currency") == dest["currency"]:
            form["currency"] = LOCAL
        posted = dict(form)
        if posted.get("currency", LOCAL) == LOCAL:
            posted["currency"] = dest["currency"] if dest else md.VND
        try:
            result = md.check(posted)
            qr_code = qr_svg(_offer_text(result, hotline))
        except md.FORM_ERRORS as exc:
            error = md.form_error(exc)
    code = form.get("choice", "").partition("/")[0]
    chosen = dests.get(code)
    ask = result is not None and result.wage.side != "ok" and form.get("salary_confirmed") != "1"
    g.usage = None if ask or result is None else ("offer", result)  # counted once the wage stands
    html = render_template(
        "offer_check.html",
        destinations=list(dests.values()),
        currencies=[c for c in md.rates()],
        currency_names={k: str(v) for k, v in md.CURRENCY_NAMES.items()},
        local_currency=chosen["currency"] if chosen else None,
        items=ITEMS,
        words=md.WORDS,
        cap_words=md.cap_words,
        hotline=hotline,
        form=form,
        result=result,
        ask_wage=ask,
        lines=offer_lines(result) if result else [],
        paid=paid_figures(result.dest["code"]) if result else [],
        amount_in=amount_in,
        in_words=in_words,
        qr_code=qr_code,
        error=error,
    )
    return html, (400 if error else 200)


LOCAL = "local"


def amount_in(amount, currency: str) -> str:
    """An amount in its own money, as said: "180.000 yên", "20.000.000 đồng"."""
    if currency == md.VND:
        return _("%(n)s VND", n=show_vnd(amount))
    return f"{show_decimal(amount)} {md.CURRENCY_UNITS.get(currency, currency)}"


def paid_line(p: dict) -> str:
    """One survey figure of what workers paid, in a sentence with its survey, date, and how sure it is."""
    unit = md.CURRENCY_UNITS.get(p["currency"], p["currency"])
    if p["currency"] == md.VND:
        amount = in_words(int(Decimal(p["amount"])))
    else:
        shown = show_decimal(p["amount"])
        if p["amount_high"]:
            shown = f"{shown}–{show_decimal(p['amount_high'])}"
        amount = f"{shown} {unit}"
        if p["vnd"]:
            vnd = in_words(p["vnd"])
            if p["vnd_high"]:
                vnd = f"{millions(p['vnd'])}–{in_words(p['vnd_high'])}"
            amount = _(
                "%(amount)s (about %(vnd)s at the rate of %(date)s)",
                amount=amount,
                vnd=vnd,
                date=show_date(p["rate"].as_of),
            )
    if p["months_of_wage"]:
        text = _(
            "%(who)s %(amount)s, about %(months)s months of the first wages (%(survey)s).",
            who=pick(p["who"]),
            amount=amount,
            months=show_decimal(p["months_of_wage"]),
            survey=pick(p["survey"]),
        )
    else:
        text = _(
            "%(who)s %(amount)s (%(survey)s).", who=pick(p["who"]), amount=amount, survey=pick(p["survey"])
        )
    if p["old"]:
        text += " " + _("An old figure.")
    if p["confidence"] != "V":
        text += " " + _("A less certain source.")
    return text


def paid_figures(code: str | None) -> list[dict]:
    """The survey figures for the "is this normal?" lines, each with its sentence."""
    return [dict(p, text=paid_line(p)) for p in md.paid_figures(code)]


def offer_lines(r: md.OfferCheck) -> list[dict]:
    """The verdict as lines naming each item and its amount, worst first: what the law forbids, what is over
    its cap, what has no known cap, then the good news (a forbidden item not charged, an amount within its
    cap). Each line is ``{"tone": "bad"|"warn"|"ok", "text"}``."""
    bad, unsure, good = [], [], []
    for i in r.checked.items:
        label = str(md.ITEM_LABELS[i.item])
        amount = amount_in(i.amount, md.VND)
        if i.illegal:
            bad.append(_("%(item)s %(amount)s: the law forbids charging it", item=label, amount=amount))
        elif i.over_by and i.cap == 0:
            bad.append(_("%(item)s %(amount)s: nothing may be charged for it", item=label, amount=amount))
        elif i.over_by:
            bad.append(
                _(
                    "%(item)s %(amount)s: over the legal cap of %(cap)s by %(over)s",
                    item=label,
                    amount=amount,
                    cap=amount_in(i.cap, md.VND),
                    over=amount_in(i.over_by, md.VND),
                )
            )
        elif i.amount and i.cap is None:
            unsure.append(
                _("%(item)s %(amount)s: no legal cap is known; ask for a receipt", item=label, amount=amount)
            )
        elif i.amount:
            good.append(
                _(
                    "%(item)s %(amount)s: within the legal cap of %(cap)s",
                    item=label,
                    amount=amount,
                    cap=amount_in(i.cap, md.VND),
                )
            )
        elif i.cap == 0:
            good.append(_("No %(item)s asked: right, the law allows none", item=label.lower()))
    return (
        [{"tone": "bad", "text": t} for t in bad]
        + [{"tone": "warn", "text": t} for t in unsure]
        + [{"tone": "ok", "text": t} for t in good]
    )


def _offer_text(r: md.OfferCheck, hotline: Service | None) -> str:
    offer = r.offer
    lines = [
        _(
            "Offer check: %(dest)s, %(programme)s",
            dest=pick(r.dest["name"]),
            programme=pick(r.programme["name"]),
        ),
        _(
            "Contract %(n)d months; wage %(wage)s VND a month",
            n=offer.contract_months,
            wage=show_vnd(offer.monthly_salary),
        ),
    ]
    for item in r.checked.items:
        if item.amount or item.cap is not None:
            cap = show_vnd(item.cap) if item.cap is not None else _("not known")
            lines.append(
                _(
                    "%(item)s: %(amount)s (cap %(cap)s)",
                    item=md.ITEM_LABELS[item.item],
                    amount=show_vnd(item.amount),
                    cap=cap,
                )
            )
    lines += [line["text"] for line in offer_lines(r)] or [str(md.VERDICT_TEXTS[r.checked.verdict])]
    if hotline and hotline.phones:
        lines.append(_("Hotline (Ministry of Foreign Affairs): %(number)s", number=hotline.phones[0].number))
    return "\n".join(lines)


def _prefill(code: str | None) -> tuple[dict, dict | None, list[dict]]:
    """Form values from a destination's sourced presets, converted to VND at the content's dated rates."""
    dest = md.destinations().get((code or "").upper())
    if dest is None:
        return {}, None, []
    values, used = {}, []
    for field, preset in dest["presets"].items():
        try:
            vnd = to_vnd(Decimal(preset["amount"]), preset["currency"], md.rates())
        except UnknownCurrencyError:
            continue
        values[field] = str(vnd)
        rate = md.rates().get(preset["currency"])
        used.append(dict(preset, field=field, rate=rate, shown=_preset_amount(preset, vnd, rate)))
    values["destination"] = dest["code"]
    return values, dest, used


def _preset_amount(preset: dict, vnd, rate) -> str:
    """A preset as a worker reads it: its own money, then the đồng it comes to at the dated rate (a result,
    never "amount × rate")."""
    if preset["currency"] == md.VND or rate is None:
        return (
            in_words(int(vnd))
            if preset["currency"] == md.VND
            else amount_in(preset["amount"], preset["currency"])
        )
    return _(
        "%(amount)s (about %(vnd)s at the rate of %(date)s)",
        amount=amount_in(preset["amount"], preset["currency"]),
        vnd=in_words(int(vnd)),
        date=show_date(rate.as_of),
    )


@bp.route("/calculator", methods=["GET", "POST"])
def calculator():
    """The calculator form (pre-filled from a destination's figures); after POST, the projection."""
    presets = md.loan_presets()
    if request.method == "GET":
        values, dest, used = _prefill(request.args.get("destination"))
        return render_template(
            "calculator.html",
            destinations=list(md.destinations().values()),
            form=values,
            dest=dest,
            used=used,
            presets=presets,
            rates=md.rates(),
            result=None,
            error=None,
            words=md.WORDS,
            millions=millions,
            in_words=in_words,
        )
    form, preset = md.with_loan_preset(request.form.to_dict())
    result, error = None, None
    dest = md.destinations().get(form.get("destination", ""))
    try:
        inp, rate = md.parse_calculation(form)
        result = _projection(inp, rate, preset)
        result["weak"] = weak_figures(form, dest)
        result["paid"] = paid_figures(dest["code"] if dest else None)
        g.usage = "calculator", result["r"]
    except md.FORM_ERRORS as exc:
        error = md.form_error(exc)
    html = render_template(
        "calculator.html",
        destinations=list(md.destinations().values()),
        form=form,
        dest=dest,
        used=[],
        presets=presets,
        rates=md.rates(),
        result=result,
        error=error,
        words=md.WORDS,
        millions=millions,
        in_words=in_words,
    )
    return html, (400 if error else 200)


PRESET_WORDS = {
    "loan_amount": _l("the amount borrowed"),
    "monthly_income": _l("the wage"),
    "monthly_living_costs": _l("the living costs"),
    "monthly_sent_home": _l("the money sent home"),
}


def weak_figures(form: dict, dest: dict | None) -> list[str]:
    """The figures still as a weak preset filled them (a weak, old or partial source), in words."""
    if dest is None:
        return []
    values, _dest, used = _prefill(dest["code"])
    return [
        str(PRESET_WORDS[u["field"]])
        for u in used
        if u["weak"] and form.get(u["field"], "").strip() == values.get(u["field"])
    ]


def _projection(inp, rate, preset) -> dict:
    result = calculate(inp)
    back_home = [result.at(k, inp.own_funds) for k in COME_HOME_AFTER if k <= inp.contract_months]
    early = result.early_return
    out = {
        "inp": inp,
        "r": result,
        "rate": rate,
        "preset": preset,
        "headline": headline(result, inp),
        "chart": chart(
            result.schedule,
            width=260,
            height=150,
            repaid_month=result.months_to_repay or None,
            early_month=early.month if early else None,
            start_debt=inp.loan_amount,
        ),
        "back_home": back_home,
        "compare": _compare(inp),
    }
    out["qr"] = qr_svg(_calc_text(out))
    return out


MILLION = 1_000_000


def in_words(amount: int) -> str:
    """An amount as a worker says it: "87 triệu đồng", "5,5 triệu đồng", "800.000 đồng"."""
    if abs(amount) >= 10 * MILLION:
        return _("%(n)s million VND", n=show_vnd(round(Decimal(amount) / MILLION)))
    if abs(amount) >= MILLION:
        return _("%(n)s million VND", n=show_decimal((Decimal(amount) / MILLION).quantize(Decimal("0.1"))))
    return _("%(n)s VND", n=show_vnd(amount))


def millions(amount: int) -> str:
    """Dong as millions with one decimal, for tables narrow enough for a phone: 87,4."""
    return show_decimal((Decimal(amount) / MILLION).quantize(Decimal("0.1")))


def headline(r, inp) -> list[dict]:
    """The answer first: the early return the worker asked about (if any), then the full contract. Each line
    is ``{"text", "tone", "more"}``: the sentence, its colour (ok, warn, bad) and a second sentence."""
    lines = []
    s = r.early_return
    if s is not None:
        if s.debt > 0:
            text = _(
                "Home after %(k)d months of work: you still owe %(debt)s, and the interest keeps running",
                k=s.months_worked,
                debt=in_words(s.debt),
            )
            tone = "bad"
        else:
            text = _(
                "Home after %(k)d months of work: the debt is paid, %(savings)s saved",
                k=s.months_worked,
                savings=in_words(s.savings),
            )
            tone = "ok" if s.net_result >= 0 else "warn"
        lines.append({"text": text, "tone": tone, "more": _net_words(s.net_result, inp)})
    worked = r.months_worked_to_repay
    if worked is None:
        text = _(
            "The whole contract (%(c)d months of work): you still owe %(debt)s at the end",
            c=inp.contract_months,
            debt=in_words(r.debt_at_end),
        )
        tone = "bad"
    elif r.months_to_repay == 0:
        text = _(
            "The whole contract (%(c)d months of work): no loan, %(savings)s saved at the end",
            c=inp.contract_months,
            savings=in_words(r.savings_at_end),
        )
        tone = "ok"
    else:
        text = _(
            "The whole contract (%(c)d months of work): the debt is paid after %(w)d months of work, "
            "%(savings)s saved at the end",
            c=inp.contract_months,
            w=worked,
            savings=in_words(r.savings_at_end),
        )
        tone = "ok" if r.net_result >= 0 else "warn"
    lines.append({"text": text, "tone": tone, "more": _net_words(r.net_result, inp)})
    return lines


def _net_words(net: int, inp) -> str:
    """The result after the family's own money, said only when some was put in (else it repeats the line)."""
    if not inp.own_funds:
        return ""
    if net < 0:
        return _("Counting the money you put in yourself, you lose %(amount)s.", amount=in_words(-net))
    return _("Counting the money you put in yourself, you gain %(amount)s.", amount=in_words(net))


def _compare(inp) -> list[dict]:
    """The same loan and contract at each destination's own sourced income and living costs."""
    rows = []
    for dest in md.destinations().values():
        p = dest["presets"]
        row = {"dest": dest, "result": None}
        if "monthly_income" in p and "monthly_living_costs" in p:
            try:
                income = to_vnd(
                    Decimal(p["monthly_income"]["amount"]), p["monthly_income"]["currency"], md.rates()
                )
                living = to_vnd(
                    Decimal(p["monthly_living_costs"]["amount"]),
                    p["monthly_living_costs"]["currency"],
                    md.rates(),
                )
            except UnknownCurrencyError:
                rows.append(row)
                continue
            other = Inputs(
                **{
                    **inp.__dict__,
                    "monthly_income": income,
                    "monthly_living_costs": living,
                    "return_after_months": None,
                }
            )
            row.update(result=calculate(other), income=income, living=living)
        rows.append(row)
    return rows


def _calc_text(p: dict) -> str:
    r, inp = p["r"], p["inp"]
    lines = [
        _("Debt calculator"),
        *(line["text"] for line in p["headline"]),
        _(
            "Loan %(amount)s VND at %(rate)s%% a month",
            amount=show_vnd(inp.loan_amount),
            rate=show_decimal(inp.loan_monthly_rate_percent),
        ),
        _(
            "A month: wage %(income)s, living costs %(living)s, sent home %(sent)s VND",
            income=show_vnd(inp.monthly_income),
            living=show_vnd(inp.monthly_living_costs),
            sent=show_vnd(inp.monthly_sent_home),
        ),
        _("Total interest: %(amount)s VND", amount=show_vnd(r.total_interest)),
    ]
    for s in p["back_home"]:
        lines.append(
            _(
                "Home after %(n)d months of work: debt %(debt)s, savings %(savings)s",
                n=s.months_worked,
                debt=show_vnd(s.debt),
                savings=show_vnd(s.savings),
            )
        )
    lines += [str(md.WARNING_TEXTS[w]) for w in r.warnings]
    return "\n".join(lines)
