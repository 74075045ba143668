"""Issue 16: one receipt checklist, in content, shown the same wherever a page says what a receipt must show.

Workers used to read four different lists (the article, the agency check, the offer check, the self-check).
The list now lives in ``content/receipt.yaml``; these tests render every page that shows it and compare the
items with the file, and look through templates, the catalogues, articles and the other content files for a
second copy.
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from support import CONTENT

from kiosk.build.pipeline import load

ROOT = Path(__file__).resolve().parent.parent
RECEIPT = yaml.safe_load((CONTENT / "receipt.yaml").read_text(encoding="utf-8"))
LANGS = ("vi", "en")


def items(lang: str, key: str = "items") -> list[str]:
    return [entry[lang] for entry in RECEIPT[key]]


def shown(page: str, css: str = "receipt-items") -> list[list[str]]:
    """The items of every rendered checklist on a page, as text."""
    lists = re.findall(rf'<ul class="{css}">(.*?)</ul>', page, re.S)
    return [[_text(li) for li in re.findall(r"<li>(.*?)</li>", block, re.S)] for block in lists]


def _text(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def test_the_file_has_a_list_in_both_languages_with_sources():
    assert len(RECEIPT["items"]) >= 5 and RECEIPT["refuse"]
    for key in ("items", "refuse"):
        for entry in RECEIPT[key]:
            assert entry["vi"].strip() and entry["en"].strip()
    assert "dolab-advice-2025" in RECEIPT["sources"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_article_shows_the_list_from_content(client, lang):
    page = client.get(f"/{lang}/articles/receipt-checklist").get_data(as_text=True)
    lists = [
        [_text(li) for li in re.findall(r"<li>(.*?)</li>", block, re.S)]
        for block in re.findall(r"<ul>(.*?)</ul>", page, re.S)
    ]
    assert items(lang) in lists
    assert items(lang, "refuse") in lists
    assert "[[receipt" not in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_agency_check_shows_the_list_from_content(client, lang):
    page = client.post(f"/{lang}/agencies/check", data={"name": "PETROMANNING JSC"}).get_data(as_text=True)
    assert shown(page) == [items(lang)]
    assert f'href="/{lang}/articles/receipt-checklist"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_offer_check_shows_the_list_from_content(client, lang):
    data = {
        "choice": "JP/titp",
        "contract_months": "36",
        "monthly_salary": "30000000",
        "service_fee": "1000000",
        "currency": "VND",
    }
    page = client.post(f"/{lang}/check-offer", data=data).get_data(as_text=True)
    assert shown(page) == [items(lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_self_check_shows_the_list_under_the_receipt_warning(client, lang):
    page = client.post(f"/{lang}/selfcheck", data={"no_receipt": "yes"}).get_data(as_text=True)
    assert 'id="flag-no_receipt"' in page
    assert shown(page) == [items(lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_counsellor_handout_shows_both_lists_from_content(client, lang):
    page = client.post(f"/{lang}/counsellor/handout", data={"agency-name": "x"}).get_data(as_text=True)
    assert shown(page) == [items(lang)]
    assert shown(page, "receipt-refuse") == [items(lang, "refuse")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_pocket_guide_shows_the_list_from_content(built_instance, lang):
    page = (built_instance / "content" / "current" / f"pocket-{lang}.html").read_text(encoding="utf-8")
    assert shown(page) == [items(lang)]


# What a second copy of the list would name: two or more of these in one text that talks about a receipt.
PARTS = {
    "en": ("tax code", "seal", "stamp", "signature", "the amount", "the date", "your name", "company's name",
           "address", "what the money is for", "what it is for"),
    "vi": ("mã số thuế", "con dấu", "chữ ký", "số tiền", "ngày nộp", "tên của bạn", "tên công ty",
           "địa chỉ", "khoản gì", "cho khoản"),
}  # fmt: skip
RECEIPT_WORD = {"en": "receipt", "vi": "biên lai"}


def _second_copy(text: str, lang: str) -> list[str]:
    low = text.lower()
    if RECEIPT_WORD[lang] not in low:
        return []
    return [p for p in PARTS[lang] if p in low]


def _texts():
    """Every text a worker may read that is not the checklist file: (where, language, text)."""
    for lang in LANGS:
        for path in sorted((CONTENT / "articles" / lang).glob("*.md")):
            for i, para in enumerate(path.read_text(encoding="utf-8").split("\n")):
                yield f"{path.name}:{i + 1}", lang, para
        with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
            catalogue = read_po(po)
        for message in catalogue:
            if message.id and isinstance(message.id, str):
                yield f"{lang} catalogue: {message.id[:40]}", lang, message.string or message.id
    for path in sorted(CONTENT.glob("*.yaml")) + sorted((CONTENT / "destinations").glob("*.yaml")):
        if path.name == "receipt.yaml":
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
            for lang in LANGS:
                yield f"{path.name}:{i + 1}", lang, line
    for path in sorted((ROOT / "kiosk" / "templates").rglob("*.html")):
        for i, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
            yield f"{path.name}:{i + 1}", "en", line


def test_no_page_text_holds_a_second_receipt_checklist():
    copies = [(where, found) for where, lang, text in _texts() if len(found := _second_copy(text, lang)) >= 2]
    assert copies == []


def test_no_article_or_template_copies_an_item_of_the_list():
    wanted = {entry[lang] for lang in LANGS for key in ("items", "refuse") for entry in RECEIPT[key]}
    wanted = {w for w in wanted if len(w) > 15}
    found = [(where, w) for where, _lang, text in _texts() for w in wanted if w in text]
    assert found == []


def test_the_second_copy_check_would_find_the_old_lists():
    """The lists this issue removed are caught by the check above."""
    old = [
        ("en", "Get a receipt every time, showing: the company's full name and tax code, what the money is for, "
               "the amount, the date, your name, and the signature and seal of the person who took it."),
        ("en", "Ask for a receipt with the company's name and stamp for every payment."),
        ("vi", "Đòi biên lai ghi tên công ty, số tiền, ngày nộp và nộp cho khoản gì."),
    ]  # fmt: skip
    assert all(len(_second_copy(text, lang)) >= 2 for lang, text in old)


# The build checks the file and the article markers.


def _problems(content):
    return {(p.file, p.field, p.code) for p in load(content, None).problems}


def _edit(content: Path, change) -> None:
    path = content / "receipt.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_small_content_builds_with_its_checklist(small_content):
    ctx = load(small_content, None)
    assert ctx.problems == []
    assert len(ctx.records["receipt"]) == len(RECEIPT["items"])
    article = ctx.records["articles"][("vi", "receipt-checklist")]
    assert all(f"<li>{htmllib.escape(i, quote=False)}</li>" in article.html for i in items("vi"))


def test_a_missing_translation_is_reported(small_content):
    _edit(small_content, lambda d: d["items"][0].pop("en"))
    assert ("receipt.yaml", "items[0].en", "missing_translation") in _problems(small_content)


def test_markup_in_an_item_is_reported(small_content):
    _edit(small_content, lambda d: d["items"][1].update(vi="Tên **công ty**"))
    assert ("receipt.yaml", "items[1].vi", "bad_value") in _problems(small_content)


def test_a_repeated_item_is_reported(small_content):
    _edit(small_content, lambda d: d["items"].append(dict(d["items"][0])))
    assert any(f == "receipt.yaml" and c == "duplicate_id" for f, _fld, c in _problems(small_content))


def test_an_unknown_source_is_reported(small_content):
    _edit(small_content, lambda d: d.update(sources=["no-such-source"]))
    assert ("receipt.yaml", "sources", "unknown_source") in _problems(small_content)


def test_an_unknown_marker_in_an_article_is_reported(small_content):
    path = small_content / "articles" / "en" / "receipt-checklist.md"
    path.write_text(path.read_text(encoding="utf-8").replace("[[receipt-refuse]]", "[[receipt-other]]"))
    assert ("articles/en/receipt-checklist.md", "body", "bad_value") in _problems(small_content)


def test_a_marker_without_the_checklist_file_is_reported(small_content):
    (small_content / "receipt.yaml").unlink()
    assert ("articles/vi/receipt-checklist.md", "body", "broken_link") in _problems(small_content)
