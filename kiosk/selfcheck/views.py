"""The red-flag self-check page ("Is this offer safe?").

A plain POSTed form of radio buttons, so it works with JavaScript off and the answers never reach a URL,
history or log; they are evaluated by the pure ``kiosk.selfcheck`` and forgotten with the response.
"""

from flask import g, render_template, request
from flask_babel import gettext as _

from ..web.db import get_db
from ..web.i18n import pick
from ..web.pages import bp
from .model import ANSWERS, AnswerError, Question, evaluate

QR_BUDGET = 500  # bytes of UTF-8: beyond this a code on a screen gets hard for a cheap phone to read


def _content() -> tuple[dict, list[dict]]:
    """The page's title and intro, and the questions in order, in the current language, each with the
    title of its article to read (the build checked that the article exists)."""
    db = get_db()
    page = db.execute("select title, intro from selfcheck_page").fetchone()
    titles = dict(db.execute("select slug, title from articles where lang = ?", [g.lang]).fetchall())
    questions = [
        dict(
            row,
            question=pick(row["question"]),
            why=pick(row["why"]),
            what_to_do=pick(row["what_to_do"]),
            article_title=titles.get(row["article"]),
        )
        for row in db.execute("select * from selfcheck order by position")
    ]
    return {"title": pick(page["title"]), "intro": pick(page["intro"])}, questions


@bp.route("/selfcheck", methods=["GET", "POST"])
def selfcheck():
    """The questions; after POST, each red flag found with why it matters and what to do."""
    page, questions = _content()
    answers, result, bad = {}, None, None
    if request.method == "POST":
        answers = {q["code"]: request.form.get(q["code"], "") for q in questions}
        try:
            result = evaluate([Question(q["code"], q["red_if"]) for q in questions], answers)
            g.usage = "selfcheck", result
        except AnswerError as exc:
            bad = exc.field
    by_code = {q["code"]: q for q in questions}
    flagged = [by_code[c] for c in result.red_flags] if result else []
    unsure = [by_code[c] for c in result.unsure + result.unanswered] if result else []
    html = render_template(
        "selfcheck.html",
        page=page,
        questions=questions,
        answers=answers,
        choices=ANSWERS,
        result=result,
        flagged=flagged,
        unsure=unsure,
        takeaway=_takeaway(page["title"], flagged, unsure) if flagged or unsure else None,
        bad=bad,
    )
    return html, (400 if bad else 200)


def _takeaway(title: str, flagged: list[dict], unsure: list[dict]) -> str:
    """The result as plain text for a QR code: each flag with what to do, then what to find out.

    To keep the code small enough to scan (and quick to draw on a Raspberry Pi), what to find out goes
    first, then the advice, then the last flags; the count of flags stays the full count.
    """
    count = len(flagged)
    shorter = [(flagged, unsure[:n], True) for n in range(len(unsure), -1, -1)]
    shorter += [(flagged[:n], [], False) for n in range(len(flagged), 0, -1)]
    for kept, to_find_out, with_advice in shorter:
        text = _takeaway_text(title, count, kept, to_find_out, with_advice)
        if len(text.encode("utf-8")) <= QR_BUDGET:
            break
    return text


def _takeaway_text(title: str, count: int, flagged: list[dict], unsure: list[dict], with_advice: bool) -> str:
    lines = [title]
    if count:
        lines.append(_("Warning signs found: %(num)d", num=count))
    for q in flagged:
        lines.append(f"! {q['question']}")
        if with_advice:
            lines.append(f"  {q['what_to_do']}")
    if unsure:
        lines.append(_("Find out before you pay"))
        lines.extend(f"? {q['question']}" for q in unsure)
    return "\n".join(lines)
