"""Articles: Markdown with YAML front matter, one file per language (``articles/<lang>/<slug>.md``).

The same slug in both folders makes twins; an article without its twin is refused unless it says
``single_language: true``. Markdown is rendered here, at build time, with raw HTML disabled and the result
sanitised, so the web process only serves stored HTML. A kiosk has no internet: a link to an outside host
is rendered as its text followed by the address in plain text, never as something to tap. Internal links
(``/vi/…``, ``/en/…``) are checked against the pages the content defines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..build.kind import Context, Kind
from ..build.yamlio import LineDict, YamlError, loads
from ..money.inline import with_dong
from ..text.fold import nfc
from . import receipt

if TYPE_CHECKING:  # Markdown is needed at build time only; the web process never loads it
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

LANGS = ("vi", "en")
TOPICS = ("scams", "before_signing", "abroad", "coming_home", "money")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The app's own pages an article may link to (``/<lang>/<page>``; kept in step with the views). Pages
# made from content (an article, a destination, an agency) are checked against the records themselves.
APP_PAGES = (
    "", "search", "articles", "agencies", "agencies/check", "destinations", "check-offer", "calculator",
    "return-plan", "services", "selfcheck",
)  # fmt: skip
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "code", "blockquote", "hr", "br",
    "table", "thead", "tbody", "tr", "th", "td", "span",
}  # fmt: skip
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    """One article in one language, rendered."""

    slug: str
    lang: str
    title: str
    summary: str
    topic: str
    sources: tuple[str, ...]
    verified_on: str
    review_by: str | None
    order: int
    single_language: bool
    html: str
    text: str
    links: tuple[tuple[int, str], ...]
    file: str


def markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render(source: str) -> tuple[str, str, list[str]]:
    """Markdown → (sanitised HTML, plain text for search, internal link targets).

    Outside links become ``text (address)`` in plain text; ``tel:`` links stay tappable; images are
    shown as their alt text (a kiosk fetches nothing from outside).
    """
    md = markdown()
    tokens = md.parse(source)
    internal: list[str] = []
    words: list[str] = []
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"  # the page title is the only h1
        if token.children:
            token.children = list(_offline_inline(token.children, internal))
            words.extend(c.content for c in token.children if c.type in ("text", "code_inline"))
        elif token.type in ("code_block", "fence"):
            words.append(token.content)
    html = md.renderer.render(tokens, md.options, {})
    import nh3

    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"tel"},
        link_rel=None,
    )
    text = re.sub(r"\s+", " ", " ".join(words)).strip()
    return clean, text, internal


def _offline_inline(children: list[Token], internal: list[str]) -> Iterator[Token]:
    closing: list[str | None] = []
    for child in children:
        if child.type == "link_open":
            href = child.attrGet("href") or ""
            if href.startswith("tel:") or not EXTERNAL.match(href):
                if not href.startswith("tel:"):
                    internal.append(href)
                closing.append(None)
                yield child
            else:
                # An autolink already shows its address as its text.
                closing.append("" if child.markup == "autolink" else href)
        elif child.type == "link_close":
            href = closing.pop() if closing else None
            if href is None:
                yield child
            elif href:
                yield _text(f" ({href})")
        elif child.type == "image":
            yield _text(child.content)
        else:
            yield child


def _text(content: str) -> Token:
    from markdown_it.token import Token

    token = Token("text", "", 0)
    token.content = content
    return token


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter YAML, Markdown body, line number where the body starts).

    :raise YamlError: the file does not start with a ``---`` block.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise YamlError("the file must start with front matter between '---' lines", 1)
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise YamlError("the front matter has no closing '---' line", 1)


def load(ctx: Context) -> dict[tuple[str, str], Article]:
    articles: dict[tuple[str, str], Article] = {}
    for lang in LANGS:
        folder = ctx.root / "articles" / lang
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            article = _article(ctx, path, lang)
            if article is not None:
                articles[(lang, article.slug)] = article
    _check_twins(ctx, articles)
    _check_links(ctx, articles)
    return articles


def _article(ctx: Context, path: Path, lang: str) -> Article | None:
    slug = path.stem
    if not SLUG.match(slug):
        ctx.problem(path, 0, "file", "bad_value", "a slug is lower-case letters, digits and single hyphens")
        return None
    try:
        text = nfc(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        ctx.problem(path, 0, "file", "bad_markdown", f"cannot read the file: {exc}")
        return None
    try:
        head, body, body_line = split_front_matter(text)
    except YamlError as exc:
        ctx.problem(path, exc.line, "front matter", "bad_markdown", str(exc))
        return None
    try:
        meta = loads(head)
    except YamlError as exc:
        ctx.problem(path, exc.line + 1, "front matter", "bad_yaml", str(exc))
        return None
    if not isinstance(meta, LineDict):
        ctx.problem(path, 1, "front matter", "bad_markdown", "the front matter is a mapping of fields")
        return None
    return _from_meta(ctx, path, lang, slug, meta, body, body_line)


def _from_meta(ctx, path, lang, slug, meta: LineDict, body: str, body_line: int) -> Article | None:
    def line(key: str) -> int:
        return meta.line_of(key) + 1  # +1 for the opening '---'

    problems = len(ctx.problems)
    fields = {}
    for key in ("title", "summary"):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            ctx.problem(path, line(key), key, "missing_field", f"an article needs a {key}")
        fields[key] = str(value or "").strip()
    topic = ctx.check_choice(path, line("topic"), "topic", meta.get("topic"), TOPICS)
    sources = ctx.check_sources(path, line("sources"), "sources", meta.get("sources"))
    verified = ctx.check_date(path, line("verified_on"), "verified_on", meta.get("verified_on"))
    review = ctx.check_date(
        path, line("review_by"), "review_by", meta.get("review_by"), required=False, not_future=False
    )
    order = meta.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        ctx.problem(path, line("order"), "order", "bad_value", "order is a whole number")
    single = meta.get("single_language", False)
    if not isinstance(single, bool):
        ctx.problem(
            path, line("single_language"), "single_language", "bad_value", "single_language is true or false"
        )
    if not body.strip():
        ctx.problem(path, body_line, "body", "missing_field", "the article has no text")
    body = _includes(ctx, path, lang, body, body_line)
    body = with_dong(body, lang, (ctx.records.get("rates") or {}).get("exchange") or {})
    if len(ctx.problems) > problems:
        return None
    html, text, links = render(body)
    return Article(
        slug=slug,
        lang=lang,
        title=fields["title"],
        summary=fields["summary"],
        topic=topic,
        sources=tuple(sources),
        verified_on=verified,
        review_by=review,
        order=order,
        single_language=single,
        html=html,
        text=text,
        links=tuple((body_line + _line_of(body, href), href) for href in links),
        file=ctx.rel(path),
    )


def _includes(ctx: Context, path: Path, lang: str, body: str, body_line: int) -> str:
    """Put lists written once elsewhere in content (the receipt checklist) in place of their marker lines."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        marker = line.strip()
        if not (marker.startswith("[[") and marker.endswith("]]")):
            continue
        which = receipt.MARKERS.get(marker)
        found = ctx.records.get("receipt")
        if which is None:
            known = ", ".join(receipt.MARKERS)
            ctx.problem(path, body_line + i, "body", "bad_value", f"{marker}: no such list (known: {known})")
        elif found is None:
            ctx.problem(path, body_line + i, "body", "broken_link", f"{marker}: {receipt.FILE} is missing")
        else:
            lines[i] = found.markdown(which, lang)
    return "\n".join(lines)


def _line_of(body: str, href: str) -> int:
    """The body line (0-based) where a link target first appears, for the problem report."""
    for i, text in enumerate(body.split("\n")):
        if f"]({href}" in text or f"<{href}>" in text:
            return i
    return 0


def _check_twins(ctx: Context, articles: dict[tuple[str, str], Article]) -> None:
    for (lang, slug), article in articles.items():
        other = "en" if lang == "vi" else "vi"
        twin = articles.get((other, slug))
        if twin is None and not article.single_language:
            ctx.problem(
                article.file, 1, "file", "missing_twin",
                f"no articles/{other}/{slug}.md; write it or set single_language: true",
            )  # fmt: skip
        elif twin is not None and twin.topic != article.topic and lang == "vi":
            ctx.problem(article.file, 1, "topic", "bad_value", f"the {other} twin has topic {twin.topic!r}")


def _check_links(ctx: Context, articles: dict[tuple[str, str], Article]) -> None:
    for article in articles.values():
        for line, href in article.links:
            reason = _broken(ctx, articles, href)
            if reason:
                ctx.problem(article.file, line, "link", "broken_link", f"{href}: {reason}")


def _broken(ctx: Context, articles, href: str) -> str | None:
    """Why an internal link goes nowhere, or None when it reaches a page."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    parts = path.split("/")
    if not path.startswith("/") or len(parts) < 2 or parts[1] not in LANGS:
        return "internal links start with /vi/ or /en/"
    lang, rest = parts[1], [p for p in parts[2:] if p]
    section = rest[0] if rest else ""
    if section == "articles" and len(rest) == 2:
        return None if (lang, rest[1]) in articles else "no such article"
    if section == "articles" and len(rest) == 3 and rest[1] == "topic":
        return None if rest[2] in TOPICS else "no such topic"
    if section == "destinations" and len(rest) == 2:
        return None if rest[1] in (ctx.records.get("destinations") or {}) else "no such destination"
    if "/".join(rest) in APP_PAGES:
        return None
    if section == "agencies" and len(rest) == 2:
        agencies = getattr(ctx.records.get("agencies"), "agencies", [])
        return None if any(a.id == rest[1] for a in agencies) else "no such agency"
    return "no such page"


def write(db, articles: dict[tuple[str, str], Article]) -> None:
    rows = [
        {
            "lang": a.lang,
            "slug": a.slug,
            "title": a.title,
            "summary": a.summary,
            "topic": a.topic,
            "sources": json.dumps(list(a.sources)),
            "verified_on": a.verified_on,
            "review_by": a.review_by,
            "sort_order": a.order,
            "single_language": a.single_language,
            "has_twin": ("en" if a.lang == "vi" else "vi", a.slug) in articles,
            "html": a.html,
        }
        for a in articles.values()
    ]
    table = db["articles"]
    table.create(
        {
            "lang": str, "slug": str, "title": str, "summary": str, "topic": str, "sources": str,
            "verified_on": str, "review_by": str, "sort_order": int, "single_language": bool,
            "has_twin": bool, "html": str,
        },
        pk=("lang", "slug"),
    )  # fmt: skip
    table.insert_all(rows)


def documents(articles: dict[tuple[str, str], Article]) -> Iterator[dict]:
    for a in articles.values():
        yield {
            "id": f"article:{a.lang}:{a.slug}",
            "type": "article",
            "lang": a.lang,
            "title": a.title,
            "body": f"{a.summary}\n{a.text}",
            "path": f"articles/{a.slug}",
        }


KIND = Kind("articles", load, write, documents)
