"""Destinations and rates as content: the real files load, and a broken cap, source, currency or rate is refused
naming file, line and field."""

import datetime as dt

import pytest
from support import CONTENT

from kiosk.build.pipeline import load

TODAY = dt.date(2026, 12, 3)  # the bundled content cites sources read up to this day


def problems_in(root, prefix):
    return [p for p in load(root, TODAY).problems if p.file.startswith(prefix)]


def test_the_bundled_destinations_and_rates_load_without_a_problem():
    ctx = load(CONTENT, TODAY)
    assert problems_in(CONTENT, "destinations/") == [] and problems_in(CONTENT, "rates.yaml") == []
    assert {"JP", "KR", "TW", "MY", "XM", "XE"} <= set(ctx.records["destinations"])
    assert {"USD", "JPY", "TWD", "MYR", "EUR"} <= set(ctx.records["rates"]["exchange"])


@pytest.mark.parametrize(
    "old, new, field, code",
    [
        (
            "rule: months_of_salary_per_12_months, params: {months_per_12: 1, max_months: 3}",
            "rule: months_of_salary, params: {months_per_12: 1}",
            "rule",
            "bad_value",
        ),
        ("params: {months_per_12: 0.7, max_months: 2}", "params: {months_per_12: -1}", "rule", "bad_value"),
        ("source: [decree-112-2021]", "source: [no-such-source]", "source", "unknown_source"),
        (
            'legal_basis: "Decree 112/2021/NĐ-CP Appendix II (Japan: no deposit)", ',
            "",
            "legal_basis",
            "missing_field",
        ),
        ("currency: JPY", "currency: XXX", "currency", "bad_value"),
        ("verified_on: 2026-11-23", "verified_on: 2027-01-01", "verified_on", "future_date"),
    ],
)
def test_a_broken_destination_is_refused_naming_line_and_field(small_content, old, new, field, code):
    path = small_content / "destinations" / "JP.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = problems_in(small_content, "destinations/JP.yaml")
    assert any(p.code == code and field in p.field and p.line > 0 for p in found), found


@pytest.mark.parametrize(
    "old, new, code",
    [
        ("vnd_per_unit: 185.54", "vnd_per_unit: -1", "bad_value"),
        ("monthly_rate_percent: 9", "monthly_rate_percent: lots", "bad_value"),
        ("as_of: 2025-04-14", "as_of: 14/04/2025", "bad_date"),
    ],
)
def test_a_broken_rate_is_refused(small_content, old, new, code):
    path = small_content / "rates.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert any(p.code == code for p in problems_in(small_content, "rates.yaml"))


def test_what_workers_paid_loads_with_its_survey_date_and_confidence():
    paid = load(CONTENT, TODAY).records["rates"]["paid"]
    everyone = next(p for p in paid if p["destination"] == "all")
    assert (everyone["amount"], everyone["currency"], everyone["months_of_wage"]) == (
        "165000000",
        "VND",
        "7.4",
    )
    japan = next(p for p in paid if p["destination"] == "JP")
    assert (japan["amount"], japan["currency"], japan["confidence"]) == ("688143", "JPY", "V")
    assert "2.184" in japan["survey"]["vi"] and "2,184" in japan["survey"]["en"]
    assert {p["destination"] for p in paid if p["old"]} == {"TW", "MY"}


def test_presets_from_weak_sources_are_flagged():
    presets = load(CONTENT, TODAY).records["destinations"]["JP"]["presets"]
    assert presets["monthly_income"]["weak"] and presets["monthly_living_costs"]["weak"]
    assert not presets["loan_amount"]["weak"]  # the Japanese government survey
    assert presets["monthly_income"]["currency"] == "JPY" and presets["monthly_income"]["amount"] == "148579"


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("destination: JP\n    amount: 688143", "destination: Japan\n    amount: 688143", "destination"),
        ("confidence: V\n    source: [japan-isa", "confidence: sure\n    source: [japan-isa", "confidence"),
        ("amount_high: 6000", "amount_high: many", "amount_high"),
    ],
)
def test_a_broken_paid_figure_is_refused_naming_its_field(small_content, old, new, field):
    path = small_content / "rates.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert any(field in p.field and p.line > 0 for p in problems_in(small_content, "rates.yaml"))
