"""Issue 21's additions hold in the bundled content: DOLAB's and COLAB's current addresses only, DOLAB's 2023
complaints line with its date, the offices abroad with their dates, confidence and conflicts, the EPS deposit as
its instruments give it, and Decision 34/2025's amounts apart from those of the decision it replaced."""

from __future__ import annotations

import re
import subprocess

import pytest
from support import CONTENT

from kiosk.build.pipeline import load
from kiosk.config import ROOT


@pytest.fixture(scope="module")
def records():
    ctx = load(CONTENT)
    assert ctx.problems == []
    return ctx.records


def services(records) -> dict:
    return {s.id: s for s in records["services"]}


def articles(lang: str) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((CONTENT / "articles" / lang).glob("*.md"))}


def test_the_old_dolab_and_colab_addresses_are_gone_everywhere():
    tracked = subprocess.run(
        [
            "git",
            "grep",
            "-l",
            "-i",
            "-E",
            r"(dolab|colab)\.gov\.vn",
            "--",
            "content",
            "kiosk",
            "translations",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert tracked.returncode in (0, 1), tracked.stderr
    assert tracked.stdout == ""


def test_dolab_complaints_line_is_the_2023_one_with_its_extensions_and_address(records):
    dolab = services(records)["dolab"]
    assert dolab.web == "dolab.moha.gov.vn"
    assert [p.number for p in dolab.phones] == ["024 3824 9517"]
    assert "512" in dolab.phones[0].label["vi"] and "513" in dolab.phones[0].label["en"]
    assert "41B Lý Thái Tổ" in dolab.address["vi"]
    assert dolab.as_of.startswith("2023") and dolab.old  # shown with "check it before you rely on it"
    assert "vtv-dolab-complaints-2023" in dolab.source


def test_every_number_abroad_is_dated_and_asks_to_be_checked(records):
    abroad = [s for s in records["services"] if s.group == "abroad" and s.phones]
    assert len(abroad) >= 8
    for s in abroad:
        assert s.as_of, s.id
        assert s.old or s.confidence == "unverified", s.id  # never shown as current without a check


def test_the_taipei_office_shows_its_2024_hotline_and_the_older_one_as_old(records):
    veco = services(records)["tw-veco"]
    assert [p.number for p in veco.phones] == ["+886 933 262 836"]
    assert veco.as_of == "2024-04" and "988 579 362" in veco.not_known["en"]
    contact = next(c for c in records["destinations"]["TW"]["contacts"] if "Taipei" in c["name"]["en"])
    assert contact["phone"] == "+886 933 262 836"


def test_korea_embassy_conflict_is_stated_wherever_its_number_is_shown(records):
    assert "3622 6618" in services(records)["kr-embassy"].not_known["vi"]
    contact = next(
        c for c in records["destinations"]["KR"]["contacts"] if c.get("phone") == "+82 10 6315 6618"
    )
    assert "3622 6618" in contact["note"]["vi"] and "3622 6618" in contact["note"]["en"]
    for lang in ("vi", "en"):
        assert "3622 6618" in articles(lang)["abroad-who-to-call"]


def test_malaysia_and_saudi_arabia_lines_carry_date_and_confidence(records):
    my, sa = services(records)["my-embassy"], services(records)["sa-embassy"]
    assert "+60 11 2374 0453" in [p.number for p in my.phones] and my.confidence == "unverified"
    assert sa.destination == "XM" and sa.confidence == "unverified" and sa.as_of == "2020-04"
    assert any(c.get("phone") == "+966 56 729 0693" for c in records["destinations"]["XM"]["contacts"])


def test_the_eps_deposit_is_told_as_its_instruments_give_it(records):
    eps = next(p for p in records["destinations"]["KR"]["programmes"] if p["code"] == "eps")
    vi, en = eps["note"]["vi"], eps["note"]["en"]
    assert "100 triệu đồng" in vi and "12/2020" in vi and "Điều 9" in vi and "83/NQ-CP" in vi
    assert "no instrument setting the deposit for workers recruited from 2022 on" in en
    assert "not yours" in en  # the 2 billion đồng deposit is the agency's
    assert {"eps-deposit-decision-12-2020", "resolution-83-2022-eps-deposit"} <= set(eps["source"])


def test_fund_amounts_of_the_replaced_decision_say_so(records):
    """Any 40/2021 amount (7-20 million, 40 million, the 100,000 contribution) is said to be under the replaced
    decision, with whether 34/2025 kept it not known; 34/2025's own amounts name it."""
    every = [t for lang in ("vi", "en") for t in articles(lang).values()]
    every += [str(r.amount) for r in records["return_rules"]]
    old_amounts = re.compile(r"7 (đến|to) 20|7–20|40 (triệu|million)|100[.,]000 (đồng|VND) (mỗi|per) ")
    found = 0
    for text in every:
        for para in re.split(r"\n|(?<=\}), ", text):
            if old_amounts.search(para) and ("Quỹ" in para or "Fund" in para or "40/2021" in para):
                found += 1
                assert "40/2021" in para and "34/2025" in para, para
                assert re.search(r"chưa (biết|rõ)|not known", para), para
    assert found >= 6
