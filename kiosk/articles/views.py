"""Article pages: every topic with its articles, one topic, and one article with its sources and dates.

Articles are rendered and sanitised at build time (``kiosk.content.articles``); these views only read rows.
"""

import json

from flask import abort, g, render_template
from flask_babel import lazy_gettext as _l

from ..web.db import get_db, judged_today, per_version
from ..web.i18n import other_language
from ..web.pages import bp
from .kind import TOPICS

TOPIC_LABELS = {
    "scams": (_l("Scams and illegal brokers"), _l("How the tricks work and how to spot them.")),
    "before_signing": (_l("Before you sign"), _l("Questions to ask, fees, contracts, receipts and papers.")),
    "abroad": (_l("When things go wrong abroad"), _l("Your rights, who to call, and how to get help.")),
    "coming_home": (_l("Coming home"), _l("Work, skills, money back, loans and support after you return.")),
    "money": (_l("Money and debt"), _l("Borrowing, interest and loans that are fair.")),
}


@per_version
def receipt_checklist() -> dict | None:
    """The receipt checklist (``content/receipt.yaml``) as its pages show it, or None when the content has
    none (an older version, or content without one)."""
    db = get_db()
    if not db.execute("select 1 from sqlite_master where type = 'table' and name = 'receipt'").fetchone():
        return None
    row = db.execute("select data from receipt where id = 1").fetchone()
    return json.loads(row["data"]) if row else None


@bp.app_context_processor
def _receipt_helpers() -> dict:
    return {"receipt_checklist": receipt_checklist}


def topic_label(code: str) -> str:
    return str(TOPIC_LABELS[code][0])


def _listing(lang: str, topic: str | None = None) -> list:
    sql = "select slug, title, summary, topic from articles where lang = ?"
    args = [lang]
    if topic:
        sql += " and topic = ?"
        args.append(topic)
    return get_db().execute(sql + " order by sort_order, title", args).fetchall()


@bp.get("/articles/")
def articles():
    """Every topic, each with its articles."""
    rows = _listing(g.lang)
    topics = [(code, *TOPIC_LABELS[code], [r for r in rows if r["topic"] == code]) for code in TOPICS]
    return render_template("articles.html", topics=[t for t in topics if t[3]])


@bp.get("/articles/topic/<topic>")
def topic(topic):
    """One topic's articles.

    :raise 404: no such topic.
    """
    if topic not in TOPIC_LABELS:
        abort(404)
    title, hint = TOPIC_LABELS[topic]
    return render_template("topic.html", topic=topic, title=title, hint=hint, rows=_listing(g.lang, topic))


@bp.get("/articles/<slug>")
def article(slug):
    """One article, with its sources, the date it was checked and a link to the other language.

    :raise 404: no article with this slug in this language (the page offers the other language's).
    """
    db = get_db()
    row = db.execute("select * from articles where lang = ? and slug = ?", (g.lang, slug)).fetchone()
    other = other_language(g.lang)
    if row is None:
        twin = db.execute("select title from articles where lang = ? and slug = ?", (other, slug)).fetchone()
        return render_template("article_missing.html", slug=slug, twin=twin, other=other), 404
    due = bool(row["review_by"]) and row["review_by"] < judged_today().isoformat()
    return render_template(
        "article.html",
        article=row,
        sources=json.loads(row["sources"]),
        topic_title=topic_label(row["topic"]),
        other=other,
        due_for_review=due,
    )
