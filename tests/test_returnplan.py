"""The return plan: rules from content, one checklist per situation, the API and the page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import CONTENT, assert_api_error

from kiosk.build.pipeline import load
from kiosk.returnplan.model import (
    EARLY_REASONS,
    GOALS,
    Rule,
    Situation,
    SituationError,
    as_text,
    plan,
    summary,
)


@pytest.fixture(scope="module")
def content():
    ctx = load(CONTENT)
    mine = [p for p in ctx.problems if p.file in ("return_rules.yaml", "services.yaml")]
    assert mine == []
    return ctx.records["return_rules"], ctx.records["services"], ctx.records["provinces"]


def codes(content, destination, completed, early_reason, still_abroad, goal, programme=None):
    rules, services, _ = content
    situation = Situation(destination, completed, goal, still_abroad, early_reason, programme)
    return [item.rule.code for item in plan(rules, situation, services)]


HOME = ["debt_check", "support_and_hotlines"]  # every plan has these two, after what is owed
ABROAD = ["before_leaving_papers", "wages_owed_abroad"]  # every plan made before flying home starts so

# (destination, completed, early_reason, still_abroad, goal) -> the checklist, in the order to act: what has a
# deadline first (nearest first), then money owed (unpaid wages first), then the other steps, then benefits
# paid later (Taiwan's old-age benefit at 60, training money after a course).
SITUATIONS = [
    (("KR", True, None, False, "job"), ["kr_eps_insurance", "wages_owed_home", "kr_pension_refund", "deposit_refund", "find_work", *HOME]),
    (("KR", True, None, True, "abroad_again"), [*ABROAD, "kr_eps_insurance", "kr_pension_refund", "deposit_refund", "abroad_again", "abroad_again_korea", *HOME]),
    (("KR", False, "employer_closed", False, "job"), ["kr_eps_insurance", "wages_owed_home", "kr_pension_refund", "deposit_refund", "fund_employer_closed", "service_fee_refund", "find_work", *HOME, "fund_training"]),
    (("KR", False, "accident_illness", False, "skills"), ["kr_eps_insurance", "wages_owed_home", "kr_pension_refund", "deposit_refund", "fund_accident_illness", "service_fee_refund", "find_work", "skills_training", *HOME, "fund_training"]),
    (("KR", False, "left_employer", False, "abroad_again"), ["kr_eps_insurance", "wages_owed_home", "kr_pension_refund", "deposit_after_breach", "fund_abuse", "overstay_closes", *HOME]),
    (("KR", False, "deported", False, "job"), ["kr_eps_insurance", "wages_owed_home", "kr_pension_refund", "deposit_after_breach", "find_work", "overstay_closes", *HOME]),
    (("KR", False, "dismissed", True, "business"), [*ABROAD, "kr_eps_insurance", "kr_pension_refund", "deposit_refund", "service_fee_refund", "business_loan", *HOME]),
    (("KR", False, "family", False, "business"), ["kr_eps_insurance", "wages_owed_home", "kr_pension_refund", "deposit_refund", "business_loan", *HOME]),
    (("JP", True, None, False, "abroad_again"), ["jp_pension_lump_sum", "wages_owed_home", "no_deposit_allowed", "abroad_again", "abroad_again_japan", *HOME]),
    (("JP", True, None, True, "job"), [*ABROAD, "jp_pension_lump_sum", "no_deposit_allowed", "find_work", *HOME]),
    (("JP", False, "accident_illness", False, "job"), ["jp_pension_lump_sum", "wages_owed_home", "fund_accident_illness", "service_fee_refund", "no_deposit_allowed", "find_work", *HOME, "fund_training"]),
    (("JP", False, "employer_closed", True, "skills"), [*ABROAD, "jp_pension_lump_sum", "fund_employer_closed", "service_fee_refund", "no_deposit_allowed", "find_work", "skills_training", *HOME, "fund_training"]),
    (("JP", False, "left_employer", False, "job"), ["jp_pension_lump_sum", "wages_owed_home", "fund_abuse", "no_deposit_allowed", "find_work", "overstay_closes", *HOME]),
    (("JP", False, "dismissed", False, "abroad_again"), ["jp_pension_lump_sum", "wages_owed_home", "service_fee_refund", "no_deposit_allowed", "abroad_again", *HOME]),
    (("TW", True, None, False, "business"), ["wages_owed_home", "deposit_refund", "business_loan", *HOME, "tw_labour_insurance_old_age"]),
    (("TW", False, "dismissed", False, "job"), ["wages_owed_home", "deposit_refund", "service_fee_refund", "find_work", *HOME, "tw_labour_insurance_old_age"]),
    (("TW", False, "left_employer", True, "abroad_again"), [*ABROAD, "deposit_after_breach", "fund_abuse", "overstay_closes", *HOME, "tw_labour_insurance_old_age"]),
    (("TW", False, "deported", False, "skills"), ["wages_owed_home", "deposit_after_breach", "find_work", "skills_training", "overstay_closes", *HOME, "tw_labour_insurance_old_age"]),
    (("MY", True, None, False, "job"), ["wages_owed_home", "my_epf_withdrawal", "no_deposit_allowed", "find_work", *HOME]),
    (("MY", False, "employer_closed", False, "business"), ["wages_owed_home", "my_epf_withdrawal", "fund_employer_closed", "service_fee_refund", "no_deposit_allowed", "business_loan", *HOME]),
    (("MY", False, "family", True, "job"), [*ABROAD, "my_epf_withdrawal", "no_deposit_allowed", "find_work", *HOME]),
    (("XM", True, None, False, "job"), ["wages_owed_home", "no_deposit_allowed", "abroad_money_not_known", "find_work", *HOME]),
    (("XE", False, "accident_illness", False, "abroad_again"), ["wages_owed_home", "deposit_refund", "fund_accident_illness", "service_fee_refund", "abroad_money_not_known", "abroad_again", *HOME]),
    (("AU", True, None, True, "skills"), [*ABROAD, "deposit_refund", "abroad_money_not_known", "find_work", "skills_training", *HOME]),
]  # fmt: skip


def test_the_situation_table_covers_every_reason_goal_and_phase():
    assert len(SITUATIONS) >= 20
    situations = [s for s, _ in SITUATIONS]
    assert {s[2] for s in situations} >= set(EARLY_REASONS)
    assert {s[4] for s in situations} == set(GOALS)
    assert {s[3] for s in situations} == {True, False}


@pytest.mark.parametrize(
    ("situation", "expected"), SITUATIONS, ids=["-".join(map(str, s)) for s, _ in SITUATIONS]
)
def test_each_situation_gets_its_checklist_in_order(content, situation, expected):
    assert codes(content, *situation) == expected


@pytest.mark.parametrize(("situation", "_"), SITUATIONS, ids=["-".join(map(str, s)) for s, _ in SITUATIONS])
def test_the_plan_runs_deadlines_then_money_then_steps_then_later_benefits(content, situation, _):
    rules, services, _provinces = content
    items = plan(
        rules, Situation(situation[0], situation[1], situation[4], situation[3], situation[2]), services
    )
    urgency = [i.rule.urgency for i in items]
    assert urgency == sorted(urgency)
    deadlines = [i.rule.due_days for i in items if i.rule.due_days is not None]
    assert deadlines == sorted(deadlines)


@pytest.mark.parametrize(("situation", "_"), SITUATIONS, ids=["-".join(map(str, s)) for s, _ in SITUATIONS])
def test_the_summary_has_at_most_five_lines_and_names_the_nearest_deadline_first(content, situation, _):
    rules, services, _provinces = content
    items = plan(
        rules, Situation(situation[0], situation[1], situation[4], situation[3], situation[2]), services
    )
    top = summary(items)
    assert 1 <= len(top.lines) + (1 if top.more else 0) <= 5
    owed = [i for i in items if i.rule.owed]
    assert len([i for i in top.lines if i.rule.owed]) + top.more == len(owed)
    nearest = min(
        (i for i in items if i.rule.due_days is not None), key=lambda i: i.rule.due_days, default=None
    )
    if nearest is not None:
        assert top.lines[0].rule.due_days == nearest.rule.due_days


def test_japan_intern_home_early_after_a_closure_sees_wages_and_the_pension_deadline_first(content):
    rules, services, _provinces = content
    situation = Situation("JP", False, "job", False, "employer_closed", "titp")
    top = summary(plan(rules, situation, services))
    lines = [i.rule.code for i in top.lines]
    assert lines[:2] == ["jp_pension_lump_sum", "wages_owed_home"]
    assert "fund_employer_closed" in lines and top.lines[0].rule.due["vi"] == "trong 2 năm sau khi rời Nhật"
    assert (
        "7–20 triệu đồng"
        in next(i for i in top.lines if i.rule.code == "fund_employer_closed").rule.owed["vi"]
    )


def test_taiwan_old_age_benefit_paid_at_sixty_comes_after_what_is_owed_now(content):
    codes_ = codes(content, "TW", True, None, False, "job")
    assert codes_[0] == "wages_owed_home" and codes_[-1] == "tw_labour_insurance_old_age"


def test_every_rule_in_content_is_reached_by_some_situation(content):
    reached = {code for _, expected in SITUATIONS for code in expected}
    assert {r.code for r in content[0]} == reached


# One test per rule from the facts: the figures and deadlines the sources give.
@pytest.mark.parametrize(
    ("code", "field", "lang", "needle"),
    [
        ("fund_accident_illness", "amount", "en", "10–30 million VND"),
        ("fund_employer_closed", "amount", "en", "7–20 million VND"),
        ("fund_employer_closed", "amount", "en", "not known"),
        ("fund_training", "amount", "en", "1 million VND a month, for at most 6 months per course"),
        ("jp_pension_lump_sum", "deadline", "en", "Within 2 years of leaving Japan"),
        ("kr_eps_insurance", "amount", "en", "8.3%"),
        ("kr_eps_insurance", "amount", "en", "400,000 won"),
        ("kr_eps_insurance", "deadline", "en", "3 years"),
        ("deposit_refund", "deadline", "en", "180 days"),
        ("deposit_refund", "amount", "en", "Korea 36 million VND, Taiwan 12 million VND"),
        ("service_fee_refund", "amount", "en", "demand-deposit rate"),
        ("business_loan", "amount", "en", "Up to 200 million VND"),
        ("business_loan", "deadline", "en", "120 months"),
        ("debt_check", "amount", "en", "20% a year"),
        ("fund_accident_illness", "amount", "vi", "10–30 triệu đồng"),
        ("abroad_again_japan", "amount", "en", "0 VND"),
        ("tw_labour_insurance_old_age", "text", "en", "Article 58"),
        ("tw_labour_insurance_old_age", "papers", "en", "SWIFT"),
        ("my_epf_withdrawal", "text", "en", "2% of pay each"),
        ("my_epf_withdrawal", "amount", "en", "All the savings"),
    ],
)
def test_rule_carries_the_figure_its_source_gives(content, code, field, lang, needle):
    rule = next(r for r in content[0] if r.code == code)
    assert needle in getattr(rule, field)[lang]


@pytest.mark.parametrize(
    ("code", "basis"),
    [
        ("service_fee_refund", "Art. 23(3)"),
        ("deposit_refund", "Art. 25"),
        ("fund_accident_illness", "Decision 34/2025"),
        ("business_loan", "Decree 338/2025"),
        ("support_and_hotlines", "Art. 61"),
        ("find_work", "Art. 60"),
    ],
)
def test_rule_names_its_legal_basis(content, code, basis):
    rule = next(r for r in content[0] if r.code == code)
    assert basis in rule.legal_basis["en"]
    assert rule.source and rule.verified_on


def test_every_rule_is_cited_and_bilingual(content):
    for rule in content[0]:
        assert rule.source, rule.code
        assert set(rule.title) == set(rule.text) == {"vi", "en"}


@pytest.mark.parametrize(
    ("situation", "present", "absent"),
    [
        (("KR", True, None, False, "abroad_again", "eps"), ["kr_eps_insurance", "abroad_again_korea"], []),
        (
            ("KR", True, None, False, "abroad_again", "coastal_fishing"),
            [],
            ["kr_eps_insurance", "abroad_again_korea"],
        ),
        (("JP", True, None, False, "abroad_again", "titp"), ["abroad_again_japan"], []),
        (("JP", True, None, False, "abroad_again", "ssw_new"), [], ["abroad_again_japan"]),
    ],
)
def test_programme_narrows_what_applies_and_unknown_programme_keeps_it(content, situation, present, absent):
    got = codes(content, *situation)
    assert set(present) <= set(got) and not set(absent) & set(got)


def test_province_centre_points_at_the_workers_province_even_by_old_name(content):
    rules, services, provinces = content
    situation = Situation("KR", True, "job", province_id=provinces.resolve("Bac Giang").province.id)
    find_work = next(i for i in plan(rules, situation, services) if i.rule.code == "find_work")
    assert [s.id for s in find_work.services] == ["esc-bac-giang", "mrc-bac-ninh"]
    assert not find_work.no_local_office


def test_a_province_without_a_known_office_says_so(content):
    rules, services, provinces = content
    situation = Situation("KR", True, "job", province_id=provinces.resolve("Cà Mau").province.id)
    find_work = next(i for i in plan(rules, situation, services) if i.rule.code == "find_work")
    assert find_work.services == () and find_work.no_local_office


def test_abroad_points_at_the_destinations_offices(content):
    rules, services, _ = content
    first = plan(rules, Situation("JP", True, "job", still_abroad=True), services)[0]
    assert {"jp-embassy", "jp-consulates", "jp-otit", "jp-pension-service"} <= {s.id for s in first.services}


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"completed": False}, "early_reason", "missing"),
        ({"completed": False, "early_reason": "bored"}, "early_reason", "not_allowed"),
        ({"completed": True, "goal": "lottery"}, "goal", "not_allowed"),
    ],
)
def test_an_impossible_situation_is_refused_with_its_field(kwargs, field, code):
    args = {"destination": "KR", "goal": "job", **kwargs}
    with pytest.raises(SituationError) as err:
        Situation(**args)
    assert (err.value.field, err.value.code) == (field, code)


def test_a_completed_contract_has_no_early_reason():
    assert Situation("KR", True, "job", early_reason="deported").early_reason is None


RULE = Rule(
    "r", 1, {"vi": "t", "en": "t"}, {"vi": "x", "en": "x"}, {"vi": "b", "en": "b"}, ("s",), "2026-01-01"
)


@given(
    destination=st.sampled_from(["JP", "KR", "TW"]),
    completed=st.booleans(),
    reason=st.sampled_from(EARLY_REASONS),
    still=st.booleans(),
    goal=st.sampled_from(GOALS),
)
def test_a_rule_without_conditions_always_applies_and_unless_always_wins(
    destination, completed, reason, still, goal
):
    situation = Situation(destination, completed, goal, still, reason)
    assert RULE.applies(situation)
    blocked = Rule(**{**RULE.__dict__, "unless": {"destination": (destination,)}})
    assert not blocked.applies(situation)


def test_plan_text_for_the_qr_code_lists_steps_and_a_number_to_call(content):
    rules, services, _ = content
    items = plan(rules, Situation("KR", False, "job", early_reason="accident_illness"), services)
    labels = {"plan": "My plan", "deadline": "Deadline", "call": "Call"}
    text = as_text(items, "en", labels=labels, province="Hải Phòng")
    assert text.startswith("My plan – Hải Phòng\n1. ")
    assert "Call: +82 10 6315 6618" in text
    assert len(as_text(items, "vi", labels=labels, brief=True)) < len(as_text(items, "vi", labels=labels))


def test_a_rule_with_an_unknown_place_or_condition_is_refused(small_content):
    path = small_content / "return_rules.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("where: [service:dolab]", "where: [service:nowhere]", 1)
    text = text.replace("when: {goal: business}", "when: {mood: happy}", 1)
    path.write_text(text, encoding="utf-8")
    problems = [
        p for p in load(small_content, dt.date(2026, 11, 25)).problems if p.file == "return_rules.yaml"
    ]
    assert {(p.field, p.code) for p in problems} == {("where", "bad_value"), ("when.mood", "bad_value")}
    assert all(p.line > 1 for p in problems)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ('  due_days: -1\n  due: {vi: "x", en: "x"}\n', "due_days"),
        ("  due_days: 30\n", "due"),
        ('  due: {vi: "x", en: "x"}\n', "due"),
        ("  later: maybe\n", "later"),
    ],
)
def test_a_rule_with_a_broken_deadline_or_later_flag_is_refused(small_content, extra, field):
    path = small_content / "return_rules.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  order: 90\n", "  order: 90\n" + extra, 1), encoding="utf-8")
    problems = [p for p in load(small_content).problems if p.file == "return_rules.yaml"]
    assert [p.field for p in problems] == [field], problems


def test_a_rule_for_an_unknown_destination_is_refused(small_content):
    path = small_content / "return_rules.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("when: {destination: JP}", "when: {destination: ZZ}", 1)
    )
    problems = [
        p for p in load(small_content, dt.date(2026, 11, 25)).problems if p.file == "return_rules.yaml"
    ]
    assert [p.code for p in problems] == ["unknown_destination"]


# --- API ---

ANSWERS = {"destination": "KR", "completed": False, "early_reason": "accident_illness", "goal": "job"}


def test_api_returns_the_checklist_with_province_and_places(client):
    body = {**ANSWERS, "province": "hai duong"}
    response = client.post("/api/v1/return-plan?lang=en", json=body)
    assert response.status_code == 200
    data = response.get_json()
    assert data["province"] == {"name": "Hải Phòng", "old_name": "Hải Dương"}
    item = next(i for i in data["items"] if i["code"] == "fund_accident_illness")
    assert set(item) >= {
        "code",
        "title",
        "text",
        "amount",
        "deadline",
        "papers",
        "where",
        "legal_basis",
        "source",
        "verified_on",
    }
    assert item["amount"].startswith("10–30 million VND per case")
    assert item["where"][0]["id"] == "overseas-employment-fund"
    kr = next(i for i in data["items"] if i["code"] == "kr_pension_refund")
    assert {"number": "+82 10 6315 6618", "tel": "tel:+821063156618", "label": None} in kr["where"][0][
        "phones"
    ]


def test_api_answers_in_vietnamese_by_default(client):
    data = client.post("/api/v1/return-plan", json=ANSWERS).get_json()
    assert data["province"] is None
    assert data["items"][0]["title"].startswith("Hàn Quốc")


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        ({"province": "Atlantis"}, 400, "unknown_province", "province"),
        ({"early_reason": None}, 400, "invalid_missing", "early_reason"),
        ({"goal": "rich"}, 400, "invalid_not_allowed", "goal"),
        ({"destination": "ZZ"}, 400, "invalid_not_allowed", "destination"),
        ({"completed": "maybe"}, 400, "invalid_not_a_boolean", "completed"),
        ({"province": ["Hà Nội"]}, 400, "invalid_not_text", "province"),
        ({"programme": "titp"}, 400, "invalid_not_allowed", "programme"),
    ],
)
def test_api_refuses_bad_answers_with_a_clear_error(client, change, status, code, field):
    error = assert_api_error(client.post("/api/v1/return-plan", json={**ANSWERS, **change}), status, code)
    assert error["field"] == field


def test_api_refuses_a_body_that_is_not_an_object(client):
    assert_api_error(
        client.post("/api/v1/return-plan", data="[1]", content_type="application/json"), 400, "bad_json"
    )


# --- Page ---

FORM = {"route": "KR|eps", "completed": "no", "early_reason": "employer_closed", "still_abroad": "no",
        "province": "Bắc Giang", "goal": "job"}  # fmt: skip


def test_the_form_works_without_javascript_and_posts(client):
    html = client.get("/vi/return-plan").get_data(as_text=True)
    assert 'method="post"' in html and 'style="' not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    assert 'name="early_reason" value="deported"' in html
    assert '<option value="KR|eps"' in html and '<option value="JP"' in html


def test_the_plan_page_shows_steps_tel_links_province_and_a_qr_code(client):
    response = client.post("/en/return-plan", data=FORM)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<span lang="vi">Bắc Ninh</span></strong> (formerly <span lang="vi">Bắc Giang</span>)' in html
    assert (
        html.index("step-kr_eps_insurance")
        < html.index("step-fund_employer_closed")
        < html.index("step-find_work")
    )
    assert 'href="tel:+84981848484"' in html
    assert "<svg" in html and "qr" in html
    assert 'style="' not in html and "https://" not in html.split("<main")[1].split('class="url"')[0]


def test_the_plan_page_refuses_an_unknown_province_in_the_users_language(client):
    response = client.post("/vi/return-plan", data={**FORM, "province": "Atlantis"})
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)


def test_the_plan_page_asks_again_when_a_reason_is_missing(client):
    response = client.post("/en/return-plan", data={**FORM, "early_reason": ""})
    assert response.status_code == 400
    assert 'class="early-reason has-error"' in response.get_data(as_text=True)


def test_nothing_typed_is_in_the_response_headers_or_url(client):
    response = client.post("/en/return-plan", data=FORM)
    assert "Bac Giang" not in str(response.headers) and response.request.query_string == b""


def test_content_path_is_the_bundled_content():
    assert Path(CONTENT, "return_rules.yaml").exists()


def test_a_step_names_the_tool_it_opens_and_never_says_on_the_kiosk(client):
    """A phone is not the kiosk: the link to a tool names the tool, on a phone and on the kiosk alike."""
    html = client.post("/vi/return-plan", data={**FORM, "goal": "business"}).get_data(as_text=True)
    step = html.split('id="step-business_loan"', 1)[1].split("</li>\n  \n", 1)[0]
    assert re.search(
        r'<a class="button button-secondary" href="/vi/calculator">Tính nợ và tiết kiệm →</a>', step
    ), step
    assert "trên kiosk" not in html and "on the kiosk" not in html


def test_the_summary_comes_before_the_steps_and_each_line_leads_to_its_step(client):
    html = client.post("/vi/return-plan", data={**FORM, "route": "JP|titp"}).get_data(as_text=True)
    summary = html.split('id="summary"', 1)[1].split("</div>", 1)[0]
    assert html.index('id="summary"') < html.index('id="steps"')
    targets = re.findall(r'href="#(step-\w+)"', summary)
    assert 1 <= len(targets) <= 5 and all(f'id="{t}"' in html for t in targets)
