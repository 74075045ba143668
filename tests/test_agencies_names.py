"""Agency names: folding, legal forms, slugs, and the look-alike table (crafted cases over the real list)."""

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import CONTENT

from kiosk.agencies import names
from kiosk.agencies.model import AgencyIndex
from kiosk.build.pipeline import load


@pytest.fixture(scope="module")
def shipped() -> AgencyIndex:
    records = load(CONTENT, dt.date(2026, 11, 25)).records["agencies"]
    return AgencyIndex(records.agencies, records.coverage)


@pytest.mark.parametrize(
    "typed, listed",
    [
        ("cty cp nhan luc jh", "Công ty CP Nhân lực JH"),
        ("CÔNG TY CỔ PHẦN NHÂN LỰC JH", "Công ty CP Nhân lực JH"),
        ("Nhân lực JH JSC", "Công ty CP Nhân lực JH"),
        ("Golden Top", "Golden Top Co. Ltd"),
        ("jv system", "JV-SYSTEM"),
        (
            "Cong ty TNHH MTV Dich vu Ky thuat Xuat nhap khau",
            "Công ty TNHH một thành viên Dịch vụ Kỹ thuật và Xuất nhập khẩu",
        ),
        ("Hop tac quoc te MIDORI Viet Nam corp", "Công ty TNHH Hợp tác quốc tế MIDORI Việt Nam"),
        ("Vietnam Huynh Huong", "Vietnam Huỳnh Hương"),
    ],
)
def test_key_ignores_marks_case_legal_form_and_punctuation(typed, listed):
    assert names.key(typed) == names.key(listed)


def test_a_lone_co_is_kept_inside_a_name_but_dropped_at_the_end():
    assert names.core("Tổng công ty Cơ khí xây dựng") == ("co", "khi", "xay", "dung")
    assert names.core("Golden Top Co.") == ("golden", "top")


def test_slug_uses_the_core_words_and_stops_at_a_word_boundary():
    assert names.slug("QUINN HN CO.,LTD") == "quinn-hn"
    assert names.slug("Công ty " + "Nhân lực " * 30, limit=20) == "nhan-luc-nhan-luc"


@pytest.mark.parametrize(
    "text, provincial",
    [
        ("123/SLĐTBXH-GP", True),
        ("45/2024/SLĐTBXH-GP", True),
        ("số 12/sldtbxh gp", True),
        ("1686/LĐTBXH-GP", False),
    ],
)
def test_provincial_job_placement_licence_is_recognised(text, provincial):
    assert names.is_provincial_licence(text) is provincial


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("simco", "simko", True),
        ("traenco", "traenko", True),
        ("hmsc", "vmsc", False),
        ("jh", "jk", False),
        ("coalimex", "coopimex", False),
        ("vinaconex", "vinacomex", True),
        ("halasuco", "halsuco", True),
    ],
)
def test_near_allows_one_slip_in_a_long_enough_word(a, b, expected):
    assert names.near(a, b) is expected


# The look-alike table: (what a worker might be told, the listed name it is compared with, look-alike?).
LOOKALIKES = [
    # a word added, dropped or changed around a distinctive name
    ("Công ty CP Nhân lực JH Việt Nam", "Công ty CP Nhân lực JH", True),
    ("Công ty CP Nhân lực Quốc tế JH", "Công ty CP Nhân lực JH", True),
    (
        "Công ty TNHH Đầu tư, Thương mại và Dịch vụ Quinn Hà Nam",
        "Công ty TNHH Đầu tư, Thương mại và Dịch vụ Quinn Hà Nội",
        True,
    ),
    ("Công ty TNHH Hợp tác quốc tế MIDORI", "Công ty TNHH Hợp tác quốc tế MIDORI Việt Nam", True),
    ("Vinamotor Việt Nam", "VINAMOTOR", True),
    ("Lotus Human Staff Group Nhật Bản", "LOTUS HUMAN STAFF JSC", True),
    ("Công ty cổ phần Quốc tế Hoàng Gia Long Việt Nam", "Công ty Cổ phần Quốc tế Hoàng Gia Long", True),
    # a misspelt distinctive word
    ("Công ty cổ phần SIMKO Sông Đà", "Công ty cổ phần SIMCO Sông Đà", True),
    ("Traenko JSC", "Công ty cổ phần Traenco", True),
    ("HALSUCO", "HALASUCO", True),
    # distinct firms that merely share common words: never look-alikes of each other
    (
        "Công ty TNHH đầu tư xây dựng Hoàng Phát",
        "Công ty CP Thương mại dịch vụ và Tư vấn giáo dục Hoàng Phát",
        False,
    ),
    (
        "Công ty cổ phần thương mại tổng hợp Hoàng Minh Phát",
        "Công ty CP Thương mại dịch vụ và Tư vấn giáo dục Hoàng Phát",
        False,
    ),
    ("Công ty TNHH thương mại Quốc tế Bảo Thịnh", "Công ty Cổ phần thương mại quốc tế Bảo Minh", False),
    ("Công ty cổ phần Tohoku Sông Đà", "Công ty cổ phần SIMCO Sông Đà", False),
    ("Công ty cổ phần Nhân lực Quốc tế Việt", "Công ty cổ phần kết nối nhân lực Việt", False),
    ("Công ty cổ phần Nhân lực Quốc tế Hà Nội", "Công ty cổ phần Nhân lực Quốc tế Hải Phòng", False),
    ("Công ty cổ phần Thương mại Quốc tế", "Công ty cổ phần Thương mại Quốc tế Sài Gòn", False),
    ("Công ty TNHH Dịch vụ Hợp tác quốc tế", "Công ty cổ phần Dịch vụ Hợp tác quốc tế", False),
    ("VIET HR JSC", "POLIMEX HR., JSC", False),
    ("SAIGON VALUE", "SAIGON INSERCO., LTD", False),
    ("Hanoi link", "TOKYO LINK JOINT STOCK COMPANY", False),
    ("HMSC", "VMSC", False),
    ("PV TRANS", "PV MACHINO., JSC", False),
    ("HOANG LONG CMS", "HOANG LONG HURESU., CORP", False),
    (
        "Công ty cổ phần nhân lực Việt Nam Nhật Bản",
        "Công Ty Cổ Phần Nhân Lực Tương Lai Việt Nam Nhật Bản",
        False,
    ),
]


@pytest.mark.parametrize("typed, listed, expected", LOOKALIKES)
def test_lookalike_table(shipped, typed, listed, expected):
    assert names.lookalike(names.core(typed), names.core(listed), shipped.vocab) is expected


# The only shipped firms the rule ties together: a shared brand word ("Vinamotor", "Lotus", "VHC") or
# acronyms one letter apart ("HALASUCO", "HALSUCO"). None is tied by common words alone.
KNOWN_FAMILIES = {
    frozenset(p)
    for p in [
        ("airseco", "airserco"),
        ("bimexco", "fimexco"),
        ("glodeco", "glodeco-hr"),
        ("hadico", "handico"),
        ("halasuco", "halsuco"),
        ("international-traenco", "traenco"),
        ("lotus", "lotus-human-staff"),
        ("milaco", "vilaco"),
        ("tracimexco", "tracimexco-hri"),
        ("tracimexco", "tradimexco"),
        ("traenco", "tranco"),
        ("tsc", "vietngoc-tsc"),
        ("vhc", "vhc-jinzai-network"),
        ("vilaco", "vinaco"),
        ("vinacco", "vinaco"),
        ("vinagimex", "virasimex"),
        ("vinamotor", "vinamotor-manpower"),
    ]
}


def test_shipped_firms_are_lookalikes_only_within_known_families(shipped):
    flagged = set()
    for a in shipped.agencies:
        for text in (a.name, a.short_name):
            if text:
                flagged.update(frozenset((a.id, b.id)) for b in shipped.lookalikes(text) if b.id != a.id)
    assert flagged == KNOWN_FAMILIES


names_text = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ .,-&",
    max_size=60,
)


@given(names_text)
def test_key_is_the_same_for_any_case_or_unicode_form(text):
    assert names.key(text) == names.key(text.upper()) == names.key(unicodedata.normalize("NFD", text))


@given(names_text)
def test_a_name_is_never_a_lookalike_of_itself(text):
    vocab = names.Vocabulary([])
    assert not names.lookalike(names.core(text), names.core(text.upper()), vocab)
