"""Issue 16, WRITING.md rules 6 and 7 on the pages a worker reads: money as a result in đồng, never as a
formula; yen and won followed by their đồng value; dates as people write them, never "2024-09".

Every worker page is rendered in both languages (articles, destinations, services, the self-check, the return
plan's results, the offer check's and the calculator's results and pre-filled figures, the counsellor's
handout, the pocket guide) and its visible text is searched.
"""

from __future__ import annotations

import html as htmllib
import re
import sqlite3
from decimal import Decimal

import pytest

from kiosk.money.amounts import Rate
from kiosk.money.inline import dong_words, with_dong

LANGS = ("vi", "en")
ISO = re.compile(r"(?<![\d/.\w-])\d{4}-\d{2}(?:-\d{2})?(?![\d-])")
# A calculation shown instead of its result: "× 12", "1.000.000 x 6", "= 87" after figures. A rate ("1 JPY
# = 185,54 đồng") is a fact, not a formula.
FORMULA = re.compile(r"[×÷]|\d\s*[x*]\s*\d|(?<!\b1 [A-Z]{3} )(?<!\(1 )=\s*\d")
FOREIGN = {
    "vi": re.compile(
        r"\d+(?:\.\d{3})*\s(?:yên|won|USD|Đài tệ|ringgit|€)(?!\w)|(?:US\$|NT\$|RM|€)\s?\d[\d.]*"
    ),
    "en": re.compile(r"\d+(?:,\d{3})*\s(?:yen|won|USD|ringgit)\b|(?:US\$|NT\$|RM|€)\s?\d[\d,]*"),
}
DONG = re.compile(r"đồng|VND")


def visible(page: str) -> str:
    """The text a reader sees, without what is folded away for counsellors (a source's full title)."""
    page = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", page)
    page = re.sub(r'(?s)<details class="source-more">.*?</details>', " ", page)
    page = re.sub(r'(?s)<li id="s\d+">.*?</li>', " ", page)  # the pocket guide's bibliography
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", htmllib.unescape(page))


PLANS = (  # (completed, goal, early_reason): together they reach every return-plan rule that holds a term
    ("yes", "job", ""), ("no", "abroad_again", "dismissed"), ("no", "business", "accident_illness"),
    ("no", "skills", "employer_closed"),
)  # fmt: skip


def _pages(client, instance, lang):
    db = sqlite3.connect(next((instance / "content" / "current").glob("*.db")))
    slugs = [r[0] for r in db.execute("select slug from articles where lang = ?", (lang,))]
    codes = [r[0] for r in db.execute("select code from destinations")]
    db.close()
    gets = [f"/{lang}/articles/{s}" for s in slugs] + [f"/{lang}/destinations/{c}" for c in codes]
    gets += [
        f"/{lang}/{p}" for p in ("", "services", "selfcheck", "return-plan", "check-offer", "calculator")
    ]
    gets += [f"/{lang}/calculator?destination={c}" for c in codes]
    for url in gets:
        yield url, client.get(url)
    for code in codes:
        for completed, goal, reason in PLANS:
            form = {"route": code, "completed": completed, "early_reason": reason, "still_abroad": "no"}
            yield f"return plan {code}", client.post(f"/{lang}/return-plan", data=dict(form, goal=goal))
    offer = {
        "choice": "JP/titp",
        "contract_months": "36",
        "monthly_salary": "180000",
        "currency": "JPY",
        "deposit": "1000",
    }
    yield "offer check", client.post(f"/{lang}/check-offer", data=dict(offer, service_fee="100000000"))
    calc = {"loan_amount": "200000000", "loan_monthly_rate_percent": "1.5", "contract_months": "36"}
    calc |= {"monthly_income": "180000", "monthly_living_costs": "50000", "currency": "JPY"}
    yield "calculator", client.post(f"/{lang}/calculator", data=dict(calc, return_after_months="12"))
    yield "selfcheck", client.post(f"/{lang}/selfcheck", data={"no_receipt": "yes", "fee_above_cap": "yes"})
    session = {f"calc-{k}": v for k, v in calc.items()} | {f"offer-{k}": v for k, v in offer.items()}
    yield "handout", client.post(f"/{lang}/counsellor/handout", data=session)
    yield "agency check", client.post(f"/{lang}/agencies/check", data={"name": "PETROMANNING JSC"})


@pytest.fixture(scope="module")
def texts(built_instance):
    from kiosk import create_app

    client = create_app({"TESTING": True, "INSTANCE": str(built_instance)}).test_client()
    out = {}
    for lang in LANGS:
        pages = {}
        for where, response in _pages(client, built_instance, lang):
            assert response.status_code == 200, where
            pages[where] = visible(response.get_data(as_text=True))
        guide = built_instance / "content" / "current" / f"pocket-{lang}.html"
        pages["pocket guide"] = visible(guide.read_text(encoding="utf-8"))
        out[lang] = pages
    return out


def _around(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 50) : match.end() + 50]


@pytest.mark.parametrize("lang", LANGS)
def test_no_iso_date_on_a_worker_page(texts, lang):
    found = [(where, _around(t, m)) for where, t in texts[lang].items() for m in ISO.finditer(t)]
    assert found == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_formula_on_a_worker_page(texts, lang):
    found = [(where, _around(t, m)) for where, t in texts[lang].items() for m in FORMULA.finditer(t)]
    assert found == []


@pytest.mark.parametrize("lang", LANGS)
def test_foreign_amounts_come_with_their_dong_value(texts, lang):
    """Each amount in yen, won, dollars, Taiwan dollars, ringgit or euro has a đồng value next to it: in
    brackets after it, or just before it (a wage given in đồng, then "(180.000 yên)")."""
    bare = []
    for where, text in texts[lang].items():
        for m in FOREIGN[lang].finditer(text):
            after = text[m.end() : m.end() + 60]
            before = text[max(0, m.start() - 40) : m.start()]
            if not (DONG.search(after.split(")")[0]) or DONG.search(before)):
                bare.append((where, _around(text, m)))
    assert bare == []
    assert sum(len(FOREIGN[lang].findall(t)) for t in texts[lang].values()) >= 10


def test_the_checks_would_find_what_the_issue_names():
    assert ISO.search("Nguồn: báo, 2024-09") and ISO.search("in force 2022-01-01.")
    assert not ISO.search("tháng 9/2024, 23/11/2026, https://x.vn/2024/09/a.html")
    assert FORMULA.search("x × 12 =") and FORMULA.search("1.000.000 x 6")
    assert FORMULA.search("Tiền dịch vụ × (số tháng còn lại ÷ số tháng của hợp đồng)")
    assert not FORMULA.search("Tỷ giá: 1 JPY = 185,54 đồng") and not FORMULA.search("USD (1 = 26.140 VND)")


RATES = {
    "JPY": Rate("JPY", Decimal("185.54"), "2025-04-14", ("r",), "2025-04-14", "{}"),
    "KRW": Rate("KRW", Decimal("17.69"), "2022-12-21", ("r",), "2022-12-21", "{}"),
    "USD": Rate("USD", Decimal("26140"), "2025-08-20", ("r",), "2025-08-20", "{}"),
    "TWD": Rate("TWD", Decimal("780.16"), "2024-04-22", ("r",), "2024-04-22", "{}"),
}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("400.000 won", "vi", "400.000 won (khoảng 7,1 triệu đồng, tỷ giá ngày 21/12/2022)"),
        ("400,000 won", "en", "400,000 won (about 7.1 million VND at the rate of 21 Dec 2022)"),
        ("185.579 yên/tháng", "vi", "185.579 yên/tháng (khoảng 34 triệu đồng, tỷ giá ngày 14/04/2025)"),
        ("5,000 yen a month", "en", "5,000 yen a month (about 927,700 VND at the rate of 14 Apr 2025)"),
        ("20.000–30.000 yên", "vi", "20.000–30.000 yên (khoảng 3,7–5,6 triệu đồng, tỷ giá ngày 14/04/2025)"),
        # already followed by its đồng value: left as the editor wrote it
        ("19.000 yên (khoảng 3,5 triệu đồng)", "vi", "19.000 yên (khoảng 3,5 triệu đồng)"),
        (
            "ít nhất 400 USD/tháng",
            "vi",
            "ít nhất 400 USD/tháng (khoảng 10 triệu đồng, tỷ giá ngày 20/08/2025)",
        ),
        (
            "US$6,500–10,000 each",
            "en",
            "US$6,500–10,000 (about 170–261 million VND at the rate of 20 Aug 2025) each",
        ),
        ("NT$1,800 a month", "en", "NT$1,800 a month (about 1.4 million VND at the rate of 22 Apr 2024)"),
        ("29,500 TWD (≈ 23,014,720 VND)", "en", "29,500 TWD (≈ 23,014,720 VND)"),
        ("RMIT 2024, ngày 23/11/2026. Đài tệ không có", "vi", "RMIT 2024, ngày 23/11/2026. Đài tệ không có"),
        ("Won 2024, 12 yen", "en", "Won 2024, 12 yen (about 2,226 VND at the rate of 14 Apr 2025)"),
    ],
)
def test_a_foreign_amount_gets_its_dong_value(text, lang, expected):
    assert with_dong(text, lang, RATES) == expected


def test_no_rate_no_conversion():
    assert with_dong("400.000 won", "vi", {}) == "400.000 won"


def test_dong_words_read_as_a_worker_says_them():
    assert dong_words(87_400_000, "vi") == "87 triệu đồng"
    assert dong_words(5_500_000, "en") == "5.5 million VND"
    assert dong_words(800_000, "vi") == "800.000 đồng"


# WRITING.md rule 3: a legal term the worker must act on is explained in brackets the first time it appears
# on a page. tests/test_plain_language.py holds it for article bodies; here for every page as rendered.
EXPLAINED = (
    "thanh lý hợp đồng", "tài khoản phong tỏa", "hợp đồng cung ứng", "bảo lãnh", "tài sản bảo đảm",
    "thu lợi bất chính", "đối tượng chính sách", "đơn vị sự nghiệp công",
)  # fmt: skip


def first_use_unexplained(text: str, term: str) -> str | None:
    """The words around the term's first use on the page when no bracket follows it, else None."""
    at = text.lower().find(term)
    if at < 0:
        return None
    after = text[at + len(term) :].lstrip().removeprefix("lao động").lstrip()  # "hợp đồng cung ứng lao động"
    return None if after.startswith("(") else text[max(0, at - 40) : at + len(term) + 40]


@pytest.mark.parametrize("term", EXPLAINED)
def test_a_legal_term_is_explained_at_its_first_use_on_every_page(texts, term):
    found = [
        (where, bare) for where, text in texts["vi"].items() if (bare := first_use_unexplained(text, term))
    ]
    assert found == []


def test_the_first_use_check_finds_a_bare_term():
    assert first_use_unexplained("Công ty thanh lý hợp đồng trong 180 ngày.", "thanh lý hợp đồng")
    assert not first_use_unexplained(
        "thanh lý hợp đồng (làm giấy tờ …), rồi thanh lý hợp đồng", "thanh lý hợp đồng"
    )
    assert not first_use_unexplained("hợp đồng cung ứng lao động (hợp đồng …)", "hợp đồng cung ứng")
