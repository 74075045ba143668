"""The red-flag self-check questions (``content/selfcheck.yaml``): checked, stored and made searchable.

Each question names the answer that is a warning sign (``red_if``), says why in both languages and what to do,
and cites its sources, because a worker may act on it before paying or signing. A question may point to an
article to read (``article``, a slug with both language twins) and a tool to use (``tool``: one of
:data:`TOOLS`), checked here so a flag never links to a page that is not there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..build.kind import Context, Kind
from ..build.yamlio import LineDict, LineList, load_mapping
from .model import RED_IF

FILE = "selfcheck.yaml"
PAGE_PATH = "selfcheck"
_CODE = re.compile(r"[a-z][a-z0-9_]{1,40}")
_TEXTS = ("question", "why", "what_to_do")
TOOLS = ("agency_check", "offer_check")


@dataclass(frozen=True)
class SelfCheck:
    """The page's title and intro ({vi, en}) and its questions, as dicts in the order they are asked."""

    title: dict
    intro: dict
    questions: tuple[dict, ...]

    def __len__(self) -> int:
        return len(self.questions)


def load(ctx: Context) -> SelfCheck:
    path = ctx.root / FILE
    empty = SelfCheck({}, {}, ())
    if not path.exists():
        ctx.problem(FILE, 0, "file", "missing_field", f"{FILE} (the red-flag self-check) is missing")
        return empty
    data = load_mapping(ctx, path, "expected title, intro and questions")
    if data is None:
        return empty
    title = ctx.check_text(path, data.line_of("title"), "title", data.get("title"))
    intro = ctx.check_text(path, data.line_of("intro"), "intro", data.get("intro"))
    items = data.get("questions")
    if not isinstance(items, LineList) or not items:
        ctx.problem(
            path, data.line_of("questions"), "questions", "missing_field", "a list of questions is required"
        )
        return SelfCheck(title or {}, intro or {}, ())
    questions: list[dict] = []
    seen: set[str] = set()
    for i, entry in enumerate(items):
        if not isinstance(entry, LineDict):
            ctx.problem(path, items.line_of(i), f"questions[{i}]", "bad_yaml", "each question is a mapping")
            continue
        record = _question(ctx, path, entry, len(questions) + 1)
        if record is None:
            continue
        if record["code"] in seen:
            ctx.problem(
                path, entry.line_of("code"), "code", "duplicate_id", f"question {record['code']!r} is twice"
            )
            continue
        seen.add(record["code"])
        questions.append(record)
    return SelfCheck(title or {}, intro or {}, tuple(questions))


def _question(ctx: Context, path, entry: LineDict, position: int) -> dict | None:
    code = str(entry.get("code") or "").strip()
    if not code:
        ctx.problem(path, entry.line, "code", "missing_field", "a question needs a code")
        return None
    if not _CODE.fullmatch(code):
        ctx.problem(
            path, entry.line_of("code"), "code", "bad_value", f"{code!r}: use lower-case letters, digits, _"
        )
        return None
    texts = {key: ctx.check_text(path, entry.line_of(key), f"{code}.{key}", entry.get(key)) for key in _TEXTS}
    red_if = ctx.check_choice(
        path, entry.line_of("red_if"), f"{code}.red_if", _yes_no(entry.get("red_if")), RED_IF
    )
    sources = ctx.check_sources(path, entry.line_of("sources"), f"{code}.sources", entry.get("sources"))
    verified = ctx.check_date(
        path, entry.line_of("verified_on"), f"{code}.verified_on", entry.get("verified_on")
    )
    article = _article(ctx, path, entry, code)
    tool = ctx.check_choice(
        path, entry.line_of("tool"), f"{code}.tool", entry.get("tool"), TOOLS, required=False
    )
    if None in texts.values() or not red_if or not sources or not verified or article is False:
        return None
    return {
        "code": code,
        "position": position,
        "red_if": red_if,
        "sources": sources,
        "verified_on": verified,
        "article": article,
        "tool": tool,
        **texts,
    }


def _article(ctx: Context, path, entry: LineDict, code: str) -> str | None | bool:
    """The slug of the article to read, None when there is none, False when it names a missing article."""
    slug = entry.get("article")
    if slug in (None, ""):
        return None
    articles = ctx.records.get("articles") or {}
    missing = [lang for lang in ("vi", "en") if (lang, slug) not in articles]
    if missing:
        where = ", ".join(f"articles/{lang}/{slug}.md" for lang in missing)
        ctx.problem(
            path, entry.line_of("article"), f"{code}.article", "broken_link", f"no such article: {where}"
        )
        return False
    return slug


def _yes_no(value):
    """YAML 1.1 reads an unquoted ``yes``/``no`` as a boolean; take it as the word the editor wrote."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.strip().lower() if isinstance(value, str) else value


def write(db, check: SelfCheck) -> None:
    db["selfcheck_page"].insert(
        {"id": 1, "title": _json(check.title), "intro": _json(check.intro)}, pk="id", replace=True
    )
    db["selfcheck"].insert_all(
        (
            {
                "code": q["code"],
                "position": q["position"],
                "red_if": q["red_if"],
                "question": _json(q["question"]),
                "why": _json(q["why"]),
                "what_to_do": _json(q["what_to_do"]),
                "sources": _json(q["sources"]),
                "verified_on": q["verified_on"],
                "article": q["article"],
                "tool": q["tool"],
            }
            for q in check.questions
        ),
        pk="code",
        columns={"article": str, "tool": str},
    )


def documents(check: SelfCheck):
    """One document for the page per language, and one per question so a search lands on its answer."""
    for lang in ("vi", "en"):
        if check.title:
            body = " ".join([check.intro.get(lang, "")] + [q["question"][lang] for q in check.questions])
            yield {
                "id": f"selfcheck:{lang}",
                "type": "selfcheck",
                "lang": lang,
                "title": check.title[lang],
                "body": body,
                "path": PAGE_PATH,
            }
        for q in check.questions:
            yield {
                "id": f"selfcheck:{q['code']}:{lang}",
                "type": "selfcheck",
                "lang": lang,
                "title": q["question"][lang],
                "body": f"{q['why'][lang]} {q['what_to_do'][lang]}",
                "path": f"{PAGE_PATH}#q-{q['code']}",
            }


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


KIND = Kind("selfcheck", load, write, documents)
