"""What the privacy tests type: one unique string and one unique amount, sent through every form (every
field, then a valid answer carrying them), the counsellor's handout, the search and every API, in both
languages, as a phone would. Shared by tests/test_privacy_canary.py (nothing kept on the device) and
tests/test_usage_privacy.py (nothing kept in the usage counts), so both look for the same things."""

from __future__ import annotations

import re

TEXT = "Ywcanaryzu Phạm Văn Quýt"
NUMBER = 48172639  # unlikely anywhere by chance, in any of its written forms
FORMS = ["check-offer", "calculator", "return-plan", "selfcheck", "agencies/check", "counsellor"]
VALID = {
    "check-offer": {"choice": "JP/titp", "contract_months": "36", "monthly_salary": str(NUMBER), "currency": "VND"},
    "calculator": {
        "loan_amount": str(NUMBER),
        "loan_monthly_rate_percent": "1.5",
        "contract_months": "36",
        "monthly_income": str(NUMBER // 2),
        "monthly_living_costs": "9000000",
    },
    "return-plan": {"route": "KR|eps", "completed": "yes", "still_abroad": "no", "goal": "business"},
    "agencies/check": {"name": TEXT},
    "counsellor": {"tool": "calc", "calc-loan_amount": str(NUMBER), "calc-monthly_income": "31000000",
                   "calc-loan_monthly_rate_percent": "1", "calc-contract_months": "36", "agency-name": TEXT},
}  # fmt: skip


def typed() -> set[str]:
    """What was typed, in every form it could be written back: the string and a distinctive piece of it,
    a diacritic word, and the amounts as typed and grouped either way."""
    return {
        "Ywcanaryzu",
        "canaryzu",
        "Quýt",
        str(NUMBER),
        f"{NUMBER:,}",
        f"{NUMBER:,}".replace(",", "."),
        str(NUMBER // 2),
    }


def drive_everything(client) -> int:
    """Send every form and API what a worker might type; returns how many requests were made. No answer
    may be a server error."""
    sent = 0
    for lang in ("vi", "en"):
        for form in FORMS:
            path = f"/{lang}/{form}"
            page = client.get(path).get_data(as_text=True)
            names = set(re.findall(r'name="([^"]+)"', page)) - {"viewport", "google"}
            for value in (TEXT, str(NUMBER), f"{NUMBER:,}".replace(",", ".")):
                assert client.post(path, data=dict.fromkeys(names, value)).status_code < 500
            valid = VALID.get(form) or {n: "yes" for n in names}
            assert client.post(path, data=valid).status_code == 200, path
            sent += 5
        assert client.post(f"/{lang}/counsellor/handout", data=VALID["counsellor"]).status_code == 200
        assert client.get(f"/{lang}/search", query_string={"q": TEXT}).status_code == 200
        sent += 2
    offer = {"destination": "JP", "programme": "titp", "contract_months": 36, "monthly_salary": NUMBER}
    for path, body in (
        ("/api/v1/check-offer", {**offer, "monthly_salary": 10_000_000, "service_fee": NUMBER, "brokerage_fee": NUMBER // 2}),
        ("/api/v1/check-offer", dict.fromkeys(offer, TEXT)),
        ("/api/v1/calculate", {"loan_amount": NUMBER, "loan_monthly_rate_percent": 1, "contract_months": 12,
                               "monthly_income": NUMBER // 2}),
        ("/api/v1/return-plan", {"destination": "JP", "completed": True, "goal": "job", "province": TEXT}),
        ("/api/v1/return-plan", {"destination": "JP", "completed": False, "early_reason": "family",
                                 "goal": "skills"}),
        ("/api/v1/return-plan", dict.fromkeys(["name", "service_fee", "own_funds", "province", "early_reason"], TEXT)),
    ):  # fmt: skip
        assert client.post(path, json=body).status_code < 500
        sent += 1
    for path, key in (("/api/v1/agencies/check", "name"), ("/api/v1/search", "q"), ("/api/v1/agencies", "q")):
        for value in (TEXT, str(NUMBER)):
            assert client.get(path, query_string={key: value}).status_code < 500
            sent += 1
    return sent
