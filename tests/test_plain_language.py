"""The writing rules of ../shared/WRITING.md hold in the bundled content and the Vietnamese catalogue: one word
for one thing, no editors' notes on workers' pages, short sentences in the articles, the same figures in an
article's two languages, self-check questions that are questions, and the sentences issue 16 found reading
the opposite way."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import yaml
from support import CONTENT

from kiosk.config import ROOT

# WRITING.md's table: a word a worker must not meet, and the word to use. "kiosk" is "máy này".
NOT_USED = {
    "doanh nghiệp": "công ty",
    "mức trần": "mức tối đa",
    "cơ quan Nội vụ": "Sở Nội vụ tỉnh",
    "phí dịch vụ": "tiền dịch vụ",
    "phí môi giới": "tiền môi giới",
    "tiền đặt cọc": "tiền ký quỹ",
    "thực tập kỹ năng": "thực tập sinh kỹ năng",
    "kiosk": "máy này",
    "chúng tôi": "máy này",
}
# Quoted law and names keep their own words (none today; add "Luật Doanh nghiệp" here if a page quotes it).
ALLOWED: set[str] = set()
EDITORS = re.compile(r"\((suy ra|inferred)|kiosk chưa xem|Phụ lục [IVX]+ \(|Appendix [IVX]+ \(", re.I)


def _values(value, key=None, lang="vi"):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _values(v, k, lang)
    elif isinstance(value, list):
        for v in value:
            yield from _values(v, key, lang)
    elif isinstance(value, str) and key == lang:
        yield value


def _article(path: Path) -> str:
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    shown = [ln for ln in head.splitlines() if ln.startswith(("title:", "summary:"))]
    return "\n".join(shown) + "\n" + body


def worker_texts(lang: str) -> list[tuple[str, str]]:
    """(where, text) for every text in ``lang`` a worker reads: content YAML (not the bibliography or the
    search table), the articles, and the interface catalogue's translations."""
    found = []
    for path in sorted(CONTENT.rglob("*.yaml")):
        if "sources" in path.parts or path.name in ("search.yaml", "manifest.yaml"):
            continue
        for text in _values(yaml.safe_load(path.read_text(encoding="utf-8")), lang=lang):
            found.append((path.name, text))
    for path in sorted((CONTENT / "articles" / lang).glob("*.md")):
        found.append((path.name, _article(path)))
    po = (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    for entry in po.split("\n\n")[1:]:
        msgstr = entry.partition("\nmsgstr ")[2]
        found.append(("messages.po", "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', msgstr))))
    return found


@pytest.mark.parametrize("word", sorted(NOT_USED))
def test_one_word_for_one_thing_in_vietnamese(word):
    wrong = [
        (where, text[max(0, m.start() - 40) : m.end() + 40])
        for where, text in worker_texts("vi")
        for m in re.finditer(re.escape(word), text, re.I)
        if not any(a in text for a in ALLOWED)
    ]
    assert wrong == [], f"use {NOT_USED[word]!r}: {wrong[:5]}"


# The English table (content/README.md, "Writing"): the word a counsellor must not meet, and the word to use.
# Patterns are case-sensitive where case matters ("US$" is not "us").
NOT_USED_EN = {
    r"(?i)\bcompan(y|ies)\b": "agency (the employer abroad is 'employer')",
    r"(?i)\benterprises?\b": "agency",
    r"(?i)\bfirms?\b": "agency",
    r"(?i)\brecruiters?\b": "agency, or 'recruitment' for the whole business",
    r"(?i)\bsalar(y|ies)\b": "wage",
    r"(?i)\btrainees?\b": "technical intern",
    r"(?i)\bhome affairs office": "the Department of Home Affairs of your province",
    r"(?i)\bloan sharks?\b": "illegal lender",
    r"\b([Ww]e|[Oo]ur|us)\b": "this kiosk",
    r"(?i)\bservice charge": "service fee",
    r"(?i)\bsecurity deposit|\bbond\b": "deposit",
    r"(?i)\bceiling\b": "cap",
    r"\bHanoi\b|\bHa Noi\b": "Hà Nội",
    r"(?i)\blicense\b": "licence (British spelling throughout)",
    r"(?i)\blabor\b": "labour",
    r"(?i)\bcent(er|ers)\b": "centre",
    r"(?i)\bprograms?\b": "programme",
    r"(?i)\bliquidat": "the contract is settled; the contract settlement paper",
}
# Names as their owners write them, and one old status: these keep their words.
ALLOWED_EN = (
    "Ministry of Labor",  # Taiwan's ministry, its own spelling
    "Labor Insurance",  # Taiwan's Labor Insurance Act and Bureau of Labor Insurance
    "Labor Affairs Department",  # New Taipei City's office
    "Korean Job Center",  # Korea's office, as the insurer's forms name it
    "JITCO trainees",  # Japan's pre-2010 trainee status, not today's technical intern
    "vocational trainee",  # a German apprenticeship, not a technical intern
)


def english_texts() -> list[tuple[str, str]]:
    """The English a counsellor reads: content, articles, the catalogue's msgstr, and its msgid (the English
    source strings in templates and code, which are the English interface)."""
    found = worker_texts("en")
    po = (ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    for entry in po.split("\n\n")[1:]:
        msgid = entry.partition("msgid ")[2].partition("\nmsgstr ")[0]
        found.append(("messages.po msgid", "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', msgid))))
    return [
        (where, functools.reduce(lambda t, a: t.replace(a, ""), ALLOWED_EN, text)) for where, text in found
    ]


@pytest.mark.parametrize("pattern", sorted(NOT_USED_EN))
def test_one_word_for_one_thing_in_english(pattern):
    wrong = [
        (where, text[max(0, m.start() - 40) : m.end() + 40])
        for where, text in english_texts()
        for m in re.finditer(pattern, text)
    ]
    assert wrong == [], f"use {NOT_USED_EN[pattern]!r}: {wrong[:5]}"


def test_the_english_term_table_finds_what_it_forbids():
    """Each pattern catches the word it is for, so a typo in a pattern cannot pass silently."""
    samples = [
        "the company",
        "enterprises",
        "a firm",
        "recruiters",
        "salary",
        "trainees",
        "the Home Affairs office",
        "a loan shark",
        "our list",
        "a service charge",
        "a security deposit",
        "the ceiling",
        "Hanoi",
        "license",
        "labor",
        "center",
        "program",
        "contract liquidation",
    ]
    for pattern, sample in zip(NOT_USED_EN, samples, strict=True):
        assert re.search(pattern, sample), (pattern, sample)
    assert not re.search(r"\b([Ww]e|[Oo]ur|us)\b", "US$600 a month")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_editors_notes_on_workers_pages(lang):
    found = [(where, m.group()) for where, text in worker_texts(lang) for m in EDITORS.finditer(text)]
    assert found == []


# Sentences of the articles: at most 35 syllables (Vietnamese) or words (English) each, 20 on average (WRITING.md:
# "about 20").


def sentences(text: str) -> list[str]:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_#>`]", "", text)
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(-|\d+\.)\s+", "", line).strip()
        if line:
            out += [s for s in re.split(r"(?<=[.!?:;])\s+(?=[A-ZĐÀ-Ỹ0-9\"'(])", line) if s.strip()]
    return out


def syllables(sentence: str) -> int:
    return len(re.findall(r"\w+(?:[.,]\d+)*", sentence))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_article_sentences_are_short(lang):
    """English is held to the Vietnamese limits, counted in words: a counsellor reads it, and so do translation
    tools, which do better with short sentences."""
    counts = {}
    for path in sorted((CONTENT / "articles" / lang).glob("*.md")):
        for s in sentences(_article(path).replace('title: "', "").replace('summary: "', "")):
            counts[(path.stem, s)] = syllables(s)
    too_long = {k: n for k, n in counts.items() if n > 35}
    assert too_long == {}
    assert sum(counts.values()) / len(counts) <= 20


# Figures: every number in an English article is in its Vietnamese twin and the reverse. Dates are written
# each language's way ("tháng 9/2024", "September 2024"), so only their years are compared.

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def figures(text: str, lang: str) -> set[str]:
    text = re.sub(r"\]\([^)]*\)", "]", text)
    if lang == "vi":
        text = re.sub(r"\b(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])/(\d{4})\b", r"\3", text)
        text = re.sub(r"\b(tháng|Tháng|–|-) ?(0?[1-9]|1[0-2])/(\d{4})\b", r"\1 \3", text)
        text = re.sub(r"\b(0?[1-9]|1[0-2])/(\d{4})(?= ?[–-])", r"\2", text)
    else:
        text = re.sub(rf"\b\d{{1,2}} ({MONTHS})\b", r"\1", text)
    out = set()
    for m in re.findall(r"\d+(?:[.,]\d+)*", text):
        out.add(re.sub(r"[.,]", "", m) if re.fullmatch(r"\d{1,3}([.,]\d{3})+", m) else m.replace(",", "."))
    return out


@pytest.mark.parametrize("slug", sorted(p.stem for p in (CONTENT / "articles" / "en").glob("*.md")))
def test_an_article_gives_the_same_figures_in_both_languages(slug):
    en = figures(_article(CONTENT / "articles" / "en" / f"{slug}.md"), "en")
    vi = figures(_article(CONTENT / "articles" / "vi" / f"{slug}.md"), "vi")
    assert (sorted(en - vi), sorted(vi - en)) == ([], [])


def test_self_check_questions_end_as_questions():
    data = yaml.safe_load((CONTENT / "selfcheck.yaml").read_text(encoding="utf-8"))
    for q in data["questions"]:
        assert re.search(r"(không|chưa)\?$", q["question"]["vi"]), q["question"]["vi"]
        assert not re.search(r"\bđã\b.*\bkhông\?$", q["question"]["vi"]), q["question"]["vi"]


@pytest.mark.parametrize(
    ("wrong", "why"),
    [
        ("**Đơn hàng là thật.**", "under 'a licence does not prove' it reads as a promise"),
        ('msgstr "Về sau', "'về sau' means 'later on'"),
        ("Tiền ký quỹ chỉ được nhận", "sounds like getting it back"),
        ("mất cơ hội đi lại", "reads as losing the chance to travel"),
        ("nước bạn ", "reads as 'a friendly country'"),
        ("cấm công ty đưa bạn đi giữ", "parses wrongly"),
        ("do lỗi của họ", "whose fault?"),
        ("từ 27% không", "'từ 27%' needs 'trở lên'"),
        ("số lẻ", "an extension is 'số máy lẻ'"),
    ],
)
def test_the_sentences_that_read_the_opposite_way_are_gone(wrong, why):
    texts = [t for _where, t in worker_texts("vi")]
    texts.append((ROOT / "translations" / "vi" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8"))
    assert not any(wrong in t for t in texts), why


EXPLAINED = (
    "thanh lý hợp đồng",
    "tài khoản phong tỏa",
    "hợp đồng cung ứng",
    "bảo lãnh",
    "tài sản bảo đảm",
    "thu lợi bất chính",
    "đối tượng chính sách",
    "đơn vị sự nghiệp công",
)


@pytest.mark.parametrize("term", EXPLAINED)
def test_a_legal_term_is_explained_in_brackets_at_its_first_use_in_an_article(term):
    for path in sorted((CONTENT / "articles" / "vi").glob("*.md")):
        body = path.read_text(encoding="utf-8").partition("\n---\n")[2]
        at = body.lower().find(term)
        if at >= 0:
            after = body[at + len(term) :].replace("**", "").lstrip()
            after = after.removeprefix("lao động").lstrip()  # "hợp đồng cung ứng lao động"
            assert after.startswith("("), (path.stem, body[at : at + 80])


def test_the_ministry_is_named():
    for where, text in worker_texts("vi"):
        assert not re.search(r"\bBộ (chấp thuận|cấp phép)", text), (where, text[:80])
