"""Each language marked as such (issue 16): on an English page every Vietnamese word sits in a ``lang="vi"``
element, and no Vietnamese typed without marks passes for English; on a Vietnamese page every word the
Vietnamese dictionary does not know sits in a ``lang="en"`` element, or is on the short lists below.

The spelling checks render every page kind in both languages on the bundled content and ask Debian's
Hunspell (``hunspell-en-us``, ``hunspell-en-gb``, ``hunspell-vi``; ``.ci/run`` installs them) about every
word once per dictionary. The marking itself is :mod:`kiosk.text.langmark`, tested first on its own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import CONTENT

from kiosk import create_app
from kiosk.text.fold import fold
from kiosk.text.langmark import LOANWORDS, as_vietnamese, english_runs, mark_html, mark_text
from kiosk.text.syllables import ENGLISH, SYLLABLES

DICTIONARIES = Path("/usr/share/hunspell")


def marked(text: str, lang: str = "en") -> str:
    return str(mark_text(text, lang))


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Ask at the Sở Nội vụ in Hà Nội.", 'Ask at the <span lang="vi">Sở Nội vụ</span> in <span lang="vi">Hà Nội</span>.'),
        # Syllables without marks inside a name stay in it; English words at its edges do not.
        ("(Cục Quản lý lao động ngoài nước, DOLAB)", '(<span lang="vi">Cục Quản lý lao động ngoài nước</span>, DOLAB)'),
        ("in Nghệ An and Hà Tĩnh", 'in <span lang="vi">Nghệ An</span> and <span lang="vi">Hà Tĩnh</span>'),
        ("Công ty Cổ phần Quốc tế Hoàng Gia Long", '<span lang="vi">Công ty Cổ phần Quốc tế Hoàng Gia Long</span>'),
        ("from Bắc Giang to Hà Nội", 'from <span lang="vi">Bắc Giang</span> to <span lang="vi">Hà Nội</span>'),
        ("The Sở Lao động – Thương binh và Xã hội", 'The <span lang="vi">Sở Lao động – Thương binh và Xã hội</span>'),
        ("called 'ký quỹ' (deposit)", "called &#39;<span lang=\"vi\">ký quỹ</span>&#39; (deposit)"),
        ("Nghị định 112/2021/NĐ-CP", '<span lang="vi">Nghị định 112/2021/NĐ-CP</span>'),
        ("Bà Rịa-Vũng Tàu, Cao Bằng", '<span lang="vi">Bà Rịa-Vũng Tàu</span>, <span lang="vi">Cao Bằng</span>'),
        ("a long học then", 'a long <span lang="vi">học</span> then'),
        ("centre (Trung tâm Dịch vụ việc làm)", 'centre (<span lang="vi">Trung tâm Dịch vụ việc làm</span>)'),
        ("Hanoi and Ho Chi Minh City", "Hanoi and Ho Chi Minh City"),
        ("see https://dolab.gov.vn/hà-nội or dolab.gov.vn", "see https://dolab.gov.vn/hà-nội or dolab.gov.vn"),
        ("the National Pension (국민연금) in Hà Nội", 'the National Pension (<span lang="ko">국민연금</span>) in <span lang="vi">Hà Nội</span>'),
        ("<b>Hà</b> & co", '&lt;b&gt;<span lang="vi">Hà</span>&lt;/b&gt; &amp; co'),
    ],
)  # fmt: skip
def test_vietnamese_runs_in_english_text_are_marked_whole(text, shown):
    assert marked(text) == shown


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Viện (Institute of Developing Economies, IDE-JETRO)", 'Viện (<span lang="en">Institute of Developing Economies</span>, IDE-JETRO)'),
        ("chương trình Specified Skilled Worker (SSW)", 'chương trình <span lang="en">Specified Skilled Worker</span> (SSW)'),
        # Acronyms, loanwords and Vietnamese syllables without marks stay in the page's voice.
        ("Xin visa EPS tại Hàn Quốc, ILO", "Xin visa EPS tại Hàn Quốc, ILO"),
        ("worker's rights on the page", '<span lang="en">worker&#39;s rights on the page</span>'),
        ("(bản dịch by Thư viện)", '(bản dịch <span lang="en">by</span> Thư viện)'),
        ("Xem www.kwsp.gov.my/member hoặc hỏi info@kwsp.gov.my", "Xem www.kwsp.gov.my/member hoặc hỏi info@kwsp.gov.my"),
        ("có trừ 'hưu trí quốc dân' (국민연금) không", 'có trừ &#39;hưu trí quốc dân&#39; (<span lang="ko">국민연금</span>) không'),
    ],
)  # fmt: skip
def test_english_runs_in_vietnamese_text_are_marked(text, shown):
    assert marked(text, "vi") == shown


def test_a_page_is_marked_in_its_text_only_and_once():
    page = (
        '<html lang="en"><head><title>Hà Nội</title></head><body><p title="Hà Nội">In Hà Nội &amp; '
        '<b>Nghệ An</b></p><span lang="vi">Công <i>ty</i> <span>Hà</span></span><span class="url">x.vn/hà</span>'
        '<select><option value="1">Hà Nội</option><option>Hà Nội city</option></select><svg><text>Hà</text></svg>'
        "<code>ký</code>&lt;script&gt;</body></html>"
    )
    once = mark_html("<!doctype html><!-- Hà > Nội -->" + page, "en")
    assert once == (
        '<!doctype html><!-- Hà > Nội --><html lang="en"><head><title>Hà Nội</title></head><body><p title="Hà Nội">In <span lang="vi">Hà Nội'
        '</span> &amp; <b><span lang="vi">Nghệ An</span></b></p><span lang="vi">Công <i>ty</i> <span>Hà</span>'
        '</span><span class="url">x.vn/hà</span><select><option value="1" lang="vi">Hà Nội</option><option>'
        "Hà Nội city</option></select><svg><text>Hà</text></svg><code>ký</code>&lt;script&gt;</body></html>"
    )
    assert mark_html(once, "en") == once


def test_a_known_vietnamese_field_is_marked_whole_on_english_pages_only():
    assert str(as_vietnamese("Công ty TNHH Esuhai", "en")) == '<span lang="vi">Công ty TNHH Esuhai</span>'
    assert as_vietnamese("Công ty TNHH Thành Đạt", "vi") == "Công ty TNHH Thành Đạt"
    assert (
        str(as_vietnamese("Công ty Cổ phần Vinaconex", "vi"))
        == '<span lang="vi">Công ty Cổ phần Vinaconex</span>'
    )
    assert str(as_vietnamese("Gia Lai", "en")) == '<span lang="vi">Gia Lai</span>'
    assert str(as_vietnamese("<b>Hà</b>", "en")) == '<span lang="vi">&lt;b&gt;Hà&lt;/b&gt;</span>'


def test_english_runs_need_an_english_word_at_each_end():
    assert english_runs("the EPS to Hàn Quốc") == []  # "the", "to": Vietnamese syllables too
    assert english_runs("EPS of Hàn Quốc") == [(4, 6)]


# -- Hunspell over every page kind ---------------------------------------------------------------------


def hunspell_missing() -> str | None:
    if shutil.which("hunspell") and all(
        (DICTIONARIES / f"{d}.dic").is_file() for d in ("en_US", "en_GB", "vi_VN")
    ):
        return None
    if os.environ.get("KIOSK_REQUIRE_HUNSPELL") == "1":
        pytest.fail("hunspell with hunspell-en-us, -en-gb and -vi is missing and KIOSK_REQUIRE_HUNSPELL=1")
    return "hunspell with hunspell-en-us, hunspell-en-gb and hunspell-vi is not installed"


def rejected(words, dictionaries: str) -> set[str]:
    """The words Hunspell does not know, asking once for the whole list."""
    answer = subprocess.run(
        ["hunspell", "-l", "-i", "utf-8", "-d", dictionaries],
        input="\n".join(sorted(words)),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(answer.stdout.split())


def dictionary_words(name: str) -> list[str]:
    lines = (DICTIONARIES / f"{name}.dic").read_text(encoding="utf-8", errors="replace").split("\n")[1:]
    return [line.split("/")[0].strip() for line in lines if line.strip()]


def test_the_syllable_lists_are_the_dictionaries_own():
    if reason := hunspell_missing():
        pytest.skip(reason)
    vietnamese = {fold(w) for w in dictionary_words("vi_VN") if w.islower() and w.isalpha()}
    assert vietnamese == SYLLABLES
    english = {w for name in ("en_US", "en_GB") for w in dictionary_words(name) if w.islower()}
    assert english & SYLLABLES == ENGLISH


SESSION = {
    "agency-name": "Công ty Cổ phần Quốc tế Hoàng Gia Long", "offer-choice": "JP/titp", "offer-contract_months": "36",
    "offer-monthly_salary": "30000000", "offer-service_fee": "100000000", "offer-brokerage_fee": "5000000",
    "calc-loan_amount": "200000000", "calc-loan_monthly_rate_percent": "1.5", "calc-contract_months": "36",
    "calc-monthly_income": "30000000", "calc-monthly_living_costs": "9000000", "calc-return_after_months": "12",
}  # fmt: skip
AGENCY_NAMES = ("PETROMANNING JSC", "Vinaco", "Công ty Cổ phần Quốc tế Hoàng Gia Long", "esuhai", "midori nhat ban",
                "VJITCO Nhật Bản", "Công ty Xuất khẩu Lao động Không Có Thật")  # fmt: skip
# One agency of each status, by the id content/agencies.csv gives it.
AGENCY_PAGES = ("viet-ha-ha-tinh", "vinaco", "vinacom-iic")
RETURN_PLANS = (
    {"route": "KR|eps", "completed": "no", "early_reason": "employer_closed", "still_abroad": "no",
     "province": "Bắc Giang", "goal": "job"},
    {"route": "JP|titp", "completed": "yes", "province": "Nghệ An", "goal": "business"},
    {"route": "TW|manufacturing", "completed": "no", "early_reason": "deported", "still_abroad": "yes",
     "province": "Hà Tĩnh", "goal": "abroad_again"},
)  # fmt: skip


def requests(lang: str):
    """Every page kind a worker or counsellor sees, as (method, path, form)."""
    for path in ("", "articles/", "agencies/", "agencies/?status=revoked", "destinations", "check-offer",
                 "calculator", "calculator?destination=KR", "return-plan", "services", "services?province=Nghệ An",
                 "selfcheck", "counsellor", "about-this-information", "privacy", "agencies/check",
                 "search?q=ký quỹ", "search?q=tiền cọc", "search?q=visa", "search?q=lương"):  # fmt: skip
        yield "GET", f"/{lang}/{path}", None
    for topic in ("scams", "before_signing", "abroad", "coming_home", "money"):
        yield "GET", f"/{lang}/articles/topic/{topic}", None
    for article in sorted((CONTENT / "articles" / lang).glob("*.md")):
        yield "GET", f"/{lang}/articles/{article.stem}", None
    for destination in sorted((CONTENT / "destinations").glob("*.yaml")):
        yield "GET", f"/{lang}/destinations/{destination.stem}", None
    for ident in AGENCY_PAGES:
        yield "GET", f"/{lang}/agencies/{ident}", None
    for name in AGENCY_NAMES:
        yield "POST", f"/{lang}/agencies/check", {"name": name}
    yield "POST", f"/{lang}/counsellor", SESSION
    yield "POST", f"/{lang}/counsellor/handout", SESSION
    for plan in RETURN_PLANS:
        yield "POST", f"/{lang}/return-plan", plan
    for choice, fee in (("JP/titp", "70000000"), ("KR/eps", "5000000"), ("TW/manufacturing", "90000000")):
        yield "POST", f"/{lang}/check-offer", {"choice": choice, "contract_months": "36",
                                                "monthly_salary": "20000000", "currency": "VND", "service_fee": fee}  # fmt: skip
    yield "POST", f"/{lang}/calculator", {
        "loan_amount": "150000000", "loan_preset": "informal_typical", "contract_months": "36",
        "monthly_income": "25000000", "monthly_living_costs": "6000000", "monthly_sent_home": "4000000",
        "return_after_months": "5"}  # fmt: skip
    yield "POST", f"/{lang}/selfcheck", {}


class Words(HTMLParser):
    """The words of a page's text with the language each is in (the nearest ``lang``; ``named`` inside an
    element that says again the page's own language: a name the template knows, such as an agency's, whose
    brand words no dictionary holds). Not text: the ``<title>`` (it cannot hold a ``span``), scripts,
    styles, drawings, addresses (``class="url"``) and what a worker would type (``<kbd>``, as typed)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    SKIP = {"script", "style", "svg", "title", "kbd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = [("", "", False)]
        self.text: list[tuple[str, str]] = []
        self.page = ""

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        _, lang, skip = self.stack[-1]
        skip = skip or tag in self.SKIP or "url" in (attrs.get("class") or "").split()
        declared = attrs.get("lang")
        if tag == "html":
            self.page = declared
        elif declared and declared == self.page:
            declared = "named"
        self.stack.append((tag, declared or lang, skip))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        _, lang, skip = self.stack[-1]
        if not skip:
            self.text.append((lang, data))


ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|\S*[\w-]\.(?:vn|com|org|net|gov|int|kr|jp|tw|my|au|th|io|info|edu|today|network"
    r"|taipei|asia)\b\S*|\S+@\S+"
)
WORD = re.compile(r"[^\W\d_]+")


@pytest.fixture(scope="module")
def pages(built_instance):
    """``{lang: [(path, html)]}``: every page kind rendered once, the pocket guides and the handouts too."""
    app = create_app({"TESTING": True, "INSTANCE": str(built_instance)})
    client = app.test_client()
    found = {}
    for lang in ("vi", "en"):
        found[lang] = []
        for method, path, form in requests(lang):
            response = client.get(path) if method == "GET" else client.post(path, data=form)
            assert response.status_code == 200, path
            found[lang].append((path, response.get_data(as_text=True)))
        guide = built_instance / "content" / "current" / f"pocket-{lang}.html"
        found[lang].append(("pocket guide", guide.read_text(encoding="utf-8")))
    return found


def words_of(pages, lang: str) -> dict[str, dict[str, set[str]]]:
    """``{word: {language it is marked as: {pages}}}`` for one page language."""
    found: dict[str, dict[str, set[str]]] = {}
    for path, page in pages[lang]:
        reader = Words()
        reader.feed(page)
        assert reader.stack[0][0] == ""
        for marked_as, text in reader.text:
            for word in WORD.findall(ADDRESS.sub(" ", unicodedata.normalize("NFC", text))):
                found.setdefault(word, {}).setdefault((marked_as or lang)[:2], set()).add(path)
    return found


def report(words: dict[str, dict[str, set[str]]], found: set[str], lang: str) -> list[str]:
    return sorted(f"{w} ({', '.join(sorted(words[w][lang])[:3])})" for w in found)


def test_english_pages_mark_every_vietnamese_word(pages):
    words = words_of(pages, "en")
    unmarked = {w for w, where in words.items() if "en" in where and fold(w) != w.lower()}
    assert not report(words, unmarked, "en")


# Words English dictionaries do not know that are also Vietnamese syllables without their marks, but are
# English text here: names written in English, acronyms.
ENGLISH_NAMES = {
    "Kinh",  # the Kinh people: the English name of Vietnam's majority group
    "Vinh",  # the city, written so in Vietnamese too
    "ro", "gu",  # a Seoul address: Seosomun-ro, Jung-gu
}  # fmt: skip


def test_english_pages_have_no_vietnamese_typed_without_marks(pages):
    if reason := hunspell_missing():
        pytest.skip(reason)
    words = words_of(pages, "en")
    english = {w for w, where in words.items() if "en" in where}
    unknown = rejected(english, "en_US,en_GB")
    vietnamese = {w for w in unknown if w.lower() in SYLLABLES and w not in ENGLISH_NAMES}
    assert not report(words, vietnamese, "en")


# Words the Vietnamese dictionary does not know that are Vietnamese text here.
VIETNAMESE_AS_WRITTEN = {
    "Úc", "Síp", "Huế", "Hoằng", "Đắk", "Lắk", "Đăk", "Lăk", "Hỷ",  # places and names hunspell-vi lacks
    "Malaysia", "Singapore",  # countries, as Vietnamese writes them
    "ringgit", "yen", "won", "euro", "riyal",  # currencies
    "TTg", "CoC", "Haui",  # in codes and names: QĐ-TTg, CoC-VN, nhân lực-Haui (LETCO)
    "Sec",  # a Taipei address: No.4, Sec.1
    "hơp",  # one firm's name as the agency facts spell it ("hơp tác"); a name is shown as its source has it
    "via", "Bélanger",  # in sources' names: "Dân trí (via Vietnam.vn)", the researcher Danièle Bélanger
}  # fmt: skip
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def old_style(word: str) -> str:
    """The tone on the other vowel of "oa", "oe", "uy" ("khóa" → "khoá"): hunspell-vi knows the old style,
    the content writes the new one (as WRITING.md and the province names do)."""
    letters = list(unicodedata.normalize("NFD", word))
    for i, ch in enumerate(letters[:-2]):
        if ch.lower() in "ou" and letters[i + 1] in TONES and letters[i + 2].lower() in "aey":
            letters[i + 1], letters[i + 2] = letters[i + 2], letters[i + 1]
            return unicodedata.normalize("NFC", "".join(letters))
    return word


def test_vietnamese_pages_mark_every_word_vietnamese_does_not_know(pages):
    if reason := hunspell_missing():
        pytest.skip(reason)
    words = words_of(pages, "vi")
    vietnamese = {w for w, where in words.items() if "vi" in where}
    unknown = rejected(vietnamese, "vi_VN")
    still = rejected({old_style(w) for w in unknown}, "vi_VN")
    unknown = {w for w in unknown if old_style(w) in still}
    # Acronyms (EPS, DOLAB, VND) and single letters (the points of an article: "Điều 23(2)(c)") too.
    allowed = {
        w
        for w in unknown
        if w.isupper() or len(w) == 1 or w in VIETNAMESE_AS_WRITTEN or w.lower() in LOANWORDS
    }
    assert not report(words, unknown - allowed, "vi")
