"""Issue 16: a hint that names a field or button quotes a label the worker can find on the page.

The return plan told workers to choose 'về sớm sau … tháng' in the calculator, a label that does not exist
("Nếu về nước sớm: về sau bao nhiêu tháng làm việc?" does). Every text a worker reads (content, articles,
both catalogues) is searched for a quoted label after a word that points at a field or a button ("chọn",
"điền ô", "bấm", "fill in", "press", …); each quote must be, in that language, the text of a label, legend,
button, option or folded section on the kiosk's forms.
"""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from support import CONTENT

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("vi", "en")
# The kiosk's forms, and one page with a folded source ("More about the source") and a print button.
PAGES = (
    "return-plan", "calculator", "check-offer", "agencies/check", "counsellor", "selfcheck",
    "destinations/JP", "articles/receipt-checklist",
)  # fmt: skip
POINTING = {
    "vi": r"(?:chọn|điền(?: vào)?(?: ô)?|bấm(?: nút)?|nhấn(?: nút)?|mở|ô|mục|nút)",
    "en": r"(?:choose|select|fill in|enter|press|tap|click|open|the box|the field|the button)",
}
QUOTES = {"“": "”", "«": "»", '"': '"', "'": "'", "‘": "’"}


class _Labels(HTMLParser):
    """The text of every label, legend, button, option, summary and button-styled link on a page."""

    TAGS = {"label", "legend", "button", "option", "summary", "optgroup"}
    VOID = {"input", "img", "br", "hr", "meta", "link", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.open: list[list[str]] = []
        self.found: list[str] = []
        self.hidden: list[str] = []  # open tags marked aria-hidden (icons): not part of the label

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.VOID:
            return
        if self.hidden or attrs.get("aria-hidden") == "true":
            self.hidden.append(tag)
            return
        if tag == "optgroup" and attrs.get("label"):
            self.found.append(attrs["label"])
        if tag in self.TAGS or (tag == "a" and "button" in (attrs.get("class") or "").split()):
            self.open.append([tag])

    def handle_endtag(self, tag):
        if self.hidden:
            self.hidden.pop()
            return
        if self.open and self.open[-1][0] == tag:
            self.found.append("".join(self.open.pop()[1:]))

    def handle_data(self, data):
        if self.hidden:
            return
        for part in self.open:
            part.append(data)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(text)).strip().casefold()


@pytest.fixture(scope="module")
def labels(built_instance):
    from kiosk import create_app

    client = create_app({"TESTING": True, "INSTANCE": str(built_instance)}).test_client()
    out = {}
    for lang in LANGS:
        found: set[str] = set()
        for page in PAGES:
            response = client.get(f"/{lang}/{page}")
            assert response.status_code == 200, page
            parser = _Labels()
            parser.feed(response.get_data(as_text=True))
            found |= {_norm(t) for t in parser.found if t.strip()}
        out[lang] = found
    return out


def quoted_labels(text: str, lang: str) -> list[str]:
    """The quotes in ``text`` that follow a word pointing at a field or a button."""
    out = []
    for match in re.finditer(rf"(?<!\w){POINTING[lang]}\s+([“«\"'‘])", text, re.IGNORECASE):
        closer = QUOTES[match.group(1)]
        end = text.find(closer, match.end())
        if end > match.end():
            out.append(text[match.end() : end])
    return out


def on_a_form(quote: str, found: set[str]) -> bool:
    """The quote is a label's text, or its start, with "…" standing for words left out."""
    parts = [re.escape(_norm(p)) for p in quote.split("…") if p.strip(" .")]
    if not parts:
        return False
    pattern = re.compile(".*?".join(parts))
    return any(pattern.match(label) for label in found)


def _texts():
    """(where, language, text) for every text a worker may read."""
    for path in sorted(CONTENT.rglob("*.yaml")):
        if "sources" in path.parts:
            continue
        for where, lang, text in _yaml_texts(yaml.safe_load(path.read_text(encoding="utf-8")), path.name):
            yield where, lang, text
    for lang in LANGS:
        for path in sorted((CONTENT / "articles" / lang).glob("*.md")):
            yield path.name, lang, path.read_text(encoding="utf-8")
        with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
            for message in read_po(po):
                if isinstance(message.id, str) and message.id:
                    yield f"{lang} catalogue: {message.id[:50]}", lang, message.string or message.id


def _yaml_texts(node, where):
    if isinstance(node, dict):
        for lang in LANGS:
            if isinstance(node.get(lang), str):
                yield where, lang, node[lang]
        for value in node.values():
            yield from _yaml_texts(value, where)
    elif isinstance(node, list):
        for value in node:
            yield from _yaml_texts(value, where)


def test_every_quoted_label_in_a_hint_is_on_a_form(labels):
    checked = []
    missing = []
    for where, lang, text in _texts():
        for quote in quoted_labels(text, lang):
            checked.append(quote)
            if not on_a_form(quote, labels[lang]):
                missing.append((where, lang, quote))
    assert missing == []
    assert len(checked) >= 4  # the return plan's hint, the counsellor's button, the folded source…


def test_the_return_plan_hint_names_the_calculators_label(labels):
    rules = yaml.safe_load((CONTENT / "return_rules.yaml").read_text(encoding="utf-8"))
    debt = next(r for r in rules if r["code"] == "debt_check")
    for lang in LANGS:
        quotes = quoted_labels(debt["text"][lang], lang)
        assert quotes and all(on_a_form(q, labels[lang]) for q in quotes)


def test_the_check_finds_the_label_that_did_not_exist(labels):
    old = {
        "vi": "Dùng công cụ tính nợ trên máy này, chọn 'về sớm sau … tháng', để thấy bạn còn nợ bao nhiêu.",
        "en": "Use the kiosk's debt calculator, choose 'return early after … months' to see what you owe.",
    }
    for lang, text in old.items():
        quotes = quoted_labels(text, lang)
        assert quotes and not any(on_a_form(q, labels[lang]) for q in quotes)
    # and a label in the other language is not taken for this one
    assert not on_a_form("If you come home early", labels["vi"])
    assert on_a_form("If you come home early: after how many months", labels["en"])
