"""Sources that help, not clutter: a worker's page names each source by its short label in the page's
language; where it was read (an address, a transcription) is folded under "Nguồn chi tiết" and whole in the
API; a repository path never shows on a worker's page."""

import re

import pytest

from kiosk.text.citations import localise

REPO_PATH = re.compile(r"github\.com|github:|/blob/|\b\w[\w-]*\.(?:md|js|py|csv)\b|commit [0-9a-f]{7}", re.I)
PLAN = {
    "route": "JP|titp",
    "completed": "no",
    "early_reason": "employer_closed",
    "still_abroad": "no",
    "goal": "job",
}


def worker_pages(client, lang):
    """Every kind of page a worker meets, with its facts and sources."""
    paths = ["/", "/destinations", "/services", "/agencies/", "/articles/", "/about-this-information"]
    listing = client.get(f"/{lang}/destinations").get_data(as_text=True)
    paths += sorted(set(re.findall(rf'href="/{lang}(/destinations/[A-Z]{{2}})"', listing)))
    articles = client.get(f"/{lang}/articles/").get_data(as_text=True)
    paths += sorted(set(re.findall(rf'href="/{lang}(/articles/[a-z][^"#?/]+)"', articles)))[:6]
    paths += ["/agencies/vjitco", "/agencies/check?name=midori", "/agencies/check?name=hoang+gia+long"]
    for path in paths:
        response = client.get(f"/{lang}{path}")
        assert response.status_code == 200, path
        yield path, response.get_data(as_text=True).split("<main", 1)[1]
    plan = client.post(f"/{lang}/return-plan", data=PLAN)
    yield "return plan", plan.get_data(as_text=True).split("<main", 1)[1]


def outside_folds(html: str) -> str:
    """What a page shows before anything is unfolded."""
    return re.sub(r"<details class=\"source-more\">.*?</details>", "", html, flags=re.S)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_worker_page_shows_a_repository_path(client, lang):
    for path, html in worker_pages(client, lang):
        text = re.sub(r"<[^>]+>", " ", html)
        assert not REPO_PATH.search(text), (path, REPO_PATH.search(text))


def test_a_source_line_shows_the_label_and_folds_where_it_was_read(client):
    html = client.get("/vi/destinations/JP").get_data(as_text=True).split("<main", 1)[1]
    shown = outside_folds(html)
    assert "Luật 69/2020/QH14" in shown  # the law's name, in Vietnamese
    assert "Luat_so_69" not in html and "Compliance-System" not in html
    assert '<span class="url">' not in shown  # addresses only behind "Nguồn chi tiết"
    assert html.count("<summary>Nguồn chi tiết</summary>") >= 5
    folded = "".join(re.findall(r'<details class="source-more">.*?</details>', html, flags=re.S))
    assert "https://" in folded and "bản chép lại" in folded  # the address, or that it was a copy


def test_a_vietnamese_page_shows_no_english_legal_basis_outside_the_folds(client):
    for path, html in worker_pages(client, "vi"):
        shown = re.sub(r'<span lang="en">.*?</span>', "", outside_folds(html), flags=re.S)
        assert not re.search(r"\b(?:Law|Decree|Circular|Decision) \d|\bArts?\. \d", shown), path


def test_the_api_gives_a_source_in_full(client):
    body = client.get("/api/v1/sources/ag-law-69-2020").get_json()
    assert body["label"] == {"vi": "Luật 69/2020/QH14", "en": "Law 69/2020/QH14"}
    assert "Luat_so_69-2020.md" in body["url"] and body["kind"] == "law" and body["verified_on"]
    missing = client.get("/api/v1/sources/no-such-source?lang=vi")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("citation", "shown", "ok"),
    [
        ("Law 69/2020/QH14 Art. 26(2)(g)-(h), Art. 67(1)(d)", "Luật 69/2020/QH14 Điều 26(2)(g)-(h), Điều 67(1)(d)", True),
        ("Decree 112/2021/NĐ-CP Art. 30 and Circular 21/2021/TT-BLĐTBXH", "Nghị định 112/2021/NĐ-CP Điều 30 và Thông tư 21/2021/TT-BLĐTBXH", True),
        ("Decision 40/2021/QĐ-TTg Art. 15 (Japan: no deposit)", "Quyết định 40/2021/QĐ-TTg Điều 15", True),
        ("Japan National Pension Act Art. 5", "Japan National Pension Act Art. 5", False),
    ],
)  # fmt: skip
def test_a_citation_is_put_in_vietnamese_only_where_every_word_is_known(citation, shown, ok):
    assert localise(citation, "vi") == (shown, ok)
    assert localise(citation, "en") == (citation, True)
