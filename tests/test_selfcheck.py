"""The red-flag self-check: the pure evaluation, the content file and its validation, and the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from support import CONTENT

from kiosk.build.pipeline import load
from kiosk.selfcheck.model import ANSWERS, AnswerError, Question, evaluate

QUESTIONS = (
    Question("personal_account", "yes"),
    Question("no_licence", "no"),
    Question("papers_held", "yes"),
)
CODES = [q.code for q in QUESTIONS]


# --- evaluation (pure) ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "red", "unsure", "unanswered", "verdict"),
    [
        ({"personal_account": "yes", "no_licence": "yes", "papers_held": "no"}, ("personal_account",), (), (),
         "red_flags"),
        ({"personal_account": "no", "no_licence": "no", "papers_held": "yes"}, ("no_licence", "papers_held"), (),
         (), "red_flags"),
        ({"personal_account": "no", "no_licence": "yes", "papers_held": "no"}, (), (), (), "no_flags"),
        ({"personal_account": "unsure", "no_licence": "yes", "papers_held": "no"}, (), ("personal_account",), (),
         "check_more"),
        ({"no_licence": "yes"}, (), (), ("personal_account", "papers_held"), "check_more"),
        ({}, (), (), tuple(CODES), "check_more"),
        ({"personal_account": " YES ", "no_licence": "No", "papers_held": ""}, ("personal_account", "no_licence"),
         (), ("papers_held",), "red_flags"),
    ],
)  # fmt: skip
def test_answers_are_sorted_into_red_flags_unsure_and_unanswered(answers, red, unsure, unanswered, verdict):
    result = evaluate(QUESTIONS, answers)
    assert (result.red_flags, result.unsure, result.unanswered) == (red, unsure, unanswered)
    assert result.verdict == verdict


def test_answers_to_unknown_questions_are_ignored():
    result = evaluate(QUESTIONS, {"csrf": "x", "lang": "vi", "personal_account": "no"})
    assert result.unanswered == ("no_licence", "papers_held")


@pytest.mark.parametrize("bad", ["maybe", "1", "có", 1, True, ["yes"]])
def test_an_answer_that_is_not_yes_no_or_unsure_is_refused_naming_the_question(bad):
    with pytest.raises(AnswerError) as caught:
        evaluate(QUESTIONS, {"no_licence": bad})
    assert caught.value.field == "no_licence"
    assert caught.value.code == "bad_choice"


@given(st.fixed_dictionaries({}, optional={code: st.sampled_from(ANSWERS + ("",)) for code in CODES}))
def test_every_question_lands_in_at_most_one_list_in_question_order(answers):
    result = evaluate(QUESTIONS, answers)
    listed = result.red_flags + result.unsure + result.unanswered
    assert len(listed) == len(set(listed))
    for part in (result.red_flags, result.unsure, result.unanswered):
        assert list(part) == [c for c in CODES if c in part]
    assert set(result.red_flags) == {q.code for q in QUESTIONS if answers.get(q.code) == q.red_if}


def test_safe_answers_to_every_question_give_no_flags():
    safe = {q.code: ("no" if q.red_if == "yes" else "yes") for q in QUESTIONS}
    assert evaluate(QUESTIONS, safe).verdict == "no_flags"


# --- the content file ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded():
    return load(CONTENT)


def test_the_bundled_self_check_loads_without_problems(loaded):
    assert [p for p in loaded.problems if p.file == "selfcheck.yaml"] == []


@pytest.mark.parametrize(
    ("code", "red_if"),
    [
        ("personal_account", "yes"),
        ("no_licence", "no"),
        ("not_on_list", "no"),
        ("fee_above_cap", "yes"),
        ("papers_held", "yes"),
        ("guaranteed_promise", "yes"),
        ("tourist_visa", "yes"),
        ("pay_before_contract", "yes"),
        ("brokerage_fee", "yes"),
        ("eps_not_colab", "yes"),
    ],
)
def test_the_self_check_asks_the_issue_red_flag_questions(loaded, code, red_if):
    questions = {q["code"]: q for q in loaded.records["selfcheck"].questions}
    assert questions[code]["red_if"] == red_if
    assert questions[code]["sources"]
    for key in ("question", "why", "what_to_do"):
        assert set(questions[code][key]) == {"vi", "en"}


def test_the_self_check_cites_only_facts_it_has_sources_for(loaded):
    for q in loaded.records["selfcheck"].questions:
        assert set(q["sources"]) <= set(loaded.records["sources"])


def test_every_question_becomes_a_search_document_in_both_languages(loaded):
    from kiosk.selfcheck.kind import documents

    check = loaded.records["selfcheck"]
    docs = list(documents(check))
    assert len(docs) == 2 * (len(check) + 1)
    passport = [d for d in docs if d["id"] == "selfcheck:papers_held:vi"][0]
    assert "hộ chiếu" in passport["title"]
    assert passport["path"] == "selfcheck#q-papers_held"


# --- validation of a broken file -------------------------------------------------------------------------


def _edit(small_content, change):
    path = small_content / "selfcheck.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _problems(small_content, today=None):
    ctx = load(small_content, today)
    return {(p.field, p.code) for p in ctx.problems if p.file == "selfcheck.yaml"}


def _first(data):
    return data["questions"][0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: _first(d).update(red_if="maybe"), ("personal_account.red_if", "bad_value")),
        (lambda d: _first(d).pop("red_if"), ("personal_account.red_if", "missing_field")),
        (lambda d: _first(d)["why"].pop("en"), ("personal_account.why.en", "missing_translation")),
        (lambda d: _first(d).update(what_to_do="Do not pay."), ("personal_account.what_to_do", "missing_translation")),
        (lambda d: _first(d).update(sources=["no-such-source"]), ("personal_account.sources", "unknown_source")),
        (lambda d: _first(d).update(sources=[]), ("personal_account.sources", "missing_field")),
        (lambda d: _first(d).update(verified_on="23/11/2026"), ("personal_account.verified_on", "bad_date")),
        (lambda d: _first(d).update(code="Personal Account"), ("code", "bad_value")),
        (lambda d: d["questions"][1].update(code="personal_account"), ("code", "duplicate_id")),
        (lambda d: d.update(questions=[]), ("questions", "missing_field")),
        (lambda d: d.pop("title"), ("title", "missing_field")),
    ],
)  # fmt: skip
def test_a_broken_self_check_is_refused_naming_the_field(small_content, change, expected):
    _edit(small_content, change)
    assert expected in _problems(small_content)


def test_a_verified_on_date_in_the_future_is_refused(small_content):
    _edit(small_content, lambda d: _first(d).update(verified_on="2026-11-23"))
    assert ("personal_account.verified_on", "future_date") in _problems(small_content, dt.date(2026, 11, 1))


def test_unquoted_yes_and_no_are_read_as_the_words_written(small_content):
    path = small_content / "selfcheck.yaml"
    text = (
        path.read_text(encoding="utf-8")
        .replace('red_if: "yes"', "red_if: yes")
        .replace('red_if: "no"', "red_if: no")
    )
    path.write_text(text, encoding="utf-8")
    ctx = load(small_content)
    assert [p for p in ctx.problems if p.file == "selfcheck.yaml"] == []
    assert {q["red_if"] for q in ctx.records["selfcheck"].questions} == {"yes", "no"}


def test_a_missing_self_check_file_is_reported(small_content):
    (small_content / "selfcheck.yaml").unlink()
    assert ("file", "missing_field") in _problems(small_content)


# --- the page ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def questions(loaded):
    return loaded.records["selfcheck"].questions


def _safe(questions):
    return {q["code"]: ("no" if q["red_if"] == "yes" else "yes") for q in questions}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_asks_every_question_as_radio_buttons_in_a_posted_form(client, questions, lang):
    response = client.get(f"/{lang}/selfcheck")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form class="selfcheck" method="post"' in html
    assert html.count('type="radio"') == 3 * len(questions)
    for q in questions:
        assert f'id="q-{q["code"]}"' in html
        assert q["question"][lang].replace("'", "&#39;") in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert "style=" not in html


def test_posting_answers_lists_each_red_flag_with_why_what_to_do_and_sources(client, questions):
    answers = dict(_safe(questions), papers_held="yes", no_licence="no")
    response = client.post("/en/selfcheck", data=answers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Warning signs found: 2" in html
    assert html.count('class="card flag"') == 2
    by_code = {q["code"]: q for q in questions}
    for code in ("papers_held", "no_licence"):
        assert f'id="flag-{code}"' in html
        assert by_code[code]["why"]["en"].replace("'", "&#39;") in html
        assert by_code[code]["what_to_do"]["en"].replace("'", "&#39;") in html
    assert 'id="flag-personal_account"' not in html
    assert "Law 69/2020/QH14" in html and "Read from this source on" in html


def test_the_result_is_in_vietnamese_on_the_vietnamese_page(client, questions):
    response = client.post("/vi/selfcheck", data=dict(_safe(questions), tourist_visa="yes"))
    html = response.get_data(as_text=True)
    assert "Có 1 dấu hiệu nguy hiểm" in html
    assert "Vì sao đáng lo" in html


def test_safe_answers_find_no_flag_but_still_say_to_check(client, questions):
    html = client.post("/en/selfcheck", data=_safe(questions)).get_data(as_text=True)
    assert "No warning sign found" in html
    assert "This does not prove the offer is safe" in html
    assert 'class="card flag"' not in html


def test_unknown_and_missing_answers_are_listed_to_find_out(client, questions):
    html = client.post("/en/selfcheck", data={"fee_above_cap": "unsure"}).get_data(as_text=True)
    assert "No warning sign in your answers so far" in html
    assert html.count('<li><a href="#q-') == len(questions)


def test_answers_stay_ticked_after_posting_so_the_worker_can_change_one(client, questions):
    html = client.post("/en/selfcheck", data={"papers_held": "yes"}).get_data(as_text=True)
    assert 'name="papers_held" value="yes" checked' in html


@pytest.mark.parametrize(
    "lang, message", [("en", "Please answer Yes, No or Don"), ("vi", "Hãy chọn Có, Không")]
)
def test_a_tampered_answer_gets_a_400_page_in_the_workers_language_not_an_error(client, lang, message):
    response = client.post(f"/{lang}/selfcheck", data={"personal_account": "<script>"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "<script>" not in html


def test_nothing_about_the_answers_is_kept(client, questions):
    response = client.post("/en/selfcheck", data=dict(_safe(questions), papers_held="yes"))
    assert "no-store" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    assert "papers_held" not in response.headers.get("Location", "")


def test_a_flag_links_to_its_tool_and_its_article_in_the_same_language(client, questions):
    html = client.post("/vi/selfcheck", data={"fee_above_cap": "yes"}).get_data(as_text=True)
    flag = html[html.index('id="flag-fee_above_cap"') :]
    flag = flag[: flag.index("</article>")]
    assert 'href="/vi/check-offer"' in flag
    assert 'href="/vi/articles/overcharging-above-caps"' in flag


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: _first(d).update(article="no-such-article"), ("personal_account.article", "broken_link")),
        (lambda d: _first(d).update(tool="calculator"), ("personal_account.tool", "bad_value")),
    ],
)
def test_a_flag_may_only_point_to_an_article_and_a_tool_that_exist(small_content, change, expected):
    _edit(small_content, change)
    assert expected in _problems(small_content)


def test_an_article_without_its_twin_cannot_be_pointed_to(small_content):
    (small_content / "articles" / "en" / "receipt-checklist.md").unlink()
    (small_content / "articles" / "vi" / "receipt-checklist.md").write_text(
        (small_content / "articles" / "vi" / "receipt-checklist.md")
        .read_text(encoding="utf-8")
        .replace("---\n", "---\nsingle_language: true\n", 1),
        encoding="utf-8",
    )
    assert ("no_receipt.article", "broken_link") in _problems(small_content)


def test_the_result_goes_home_as_a_qr_code_drawn_on_the_server(client, questions):
    html = client.post("/vi/selfcheck", data=dict(_safe(questions), papers_held="yes")).get_data(as_text=True)
    assert html.count("<svg") >= 1 and "Kết quả của bạn dưới dạng mã QR" in html
    assert "Mang kết quả về" in html


def test_no_qr_code_when_there_is_nothing_to_take_home(client, questions):
    html = client.post("/en/selfcheck", data=_safe(questions)).get_data(as_text=True)
    assert "Your result as a QR code" not in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_qr_text_stays_small_enough_to_scan_even_when_every_answer_is_a_flag(app, questions, lang):
    from kiosk.selfcheck.views import QR_BUDGET, _takeaway

    flagged = [{"question": q["question"][lang], "what_to_do": q["what_to_do"][lang]} for q in questions]
    with app.test_request_context(f"/{lang}/selfcheck"):
        few = _takeaway("T", flagged[:1], [])
        every = _takeaway("T", flagged, [])
    assert flagged[0]["what_to_do"] in few
    assert len(every.encode("utf-8")) <= QR_BUDGET
    assert f": {len(questions)}" in every or f"Có {len(questions)} " in every


def test_the_qr_text_keeps_what_to_find_out_when_nothing_is_flagged(app, questions):
    from kiosk.selfcheck.views import QR_BUDGET, _takeaway

    unsure = [{"question": q["question"]["vi"], "what_to_do": q["what_to_do"]["vi"]} for q in questions]
    with app.test_request_context("/vi/selfcheck"):
        text = _takeaway("T", [], unsure)
    assert unsure[0]["question"] in text
    assert len(text.encode("utf-8")) <= QR_BUDGET


@pytest.mark.parametrize(
    ("lang", "bad", "good"),
    [("vi", "dấu hiệu nguy hiểm", "dấu hiệu tốt"), ("en", "a warning sign", "a good sign")],
)
def test_every_answer_says_whether_it_is_a_warning_sign(client, loaded, lang, bad, good):
    """'Có' is the good answer to some questions and the bad one to others: each choice says which, in words."""
    html = client.get(f"/{lang}/selfcheck").get_data(as_text=True)
    for q in loaded.records["selfcheck"].questions:
        box = html.split(f'id="q-{q["code"]}"', 1)[1].split("</fieldset>", 1)[0]
        labels = dict(re.findall(r'value="(\w+)"[^>]*> <span>(.*?)</span></label>', box))
        safe = "no" if q["red_if"] == "yes" else "yes"
        assert bad in labels[q["red_if"]] and good not in labels[q["red_if"]], q["code"]
        assert good in labels[safe] and bad not in labels[safe], q["code"]
        assert bad not in labels["unsure"] and good not in labels["unsure"]
