"""Done when: a worker finds every shipped agency by any way of typing its full or short name."""

import datetime as dt
import re
import unicodedata

import pytest
from support import CONTENT

from kiosk.agencies.model import AgencyIndex
from kiosk.build.pipeline import load
from kiosk.text.fold import fold

RECORDS = load(CONTENT, dt.date(2026, 11, 25)).records["agencies"]
INDEX = AgencyIndex(RECORDS.agencies, RECORDS.coverage)


def variants(name: str) -> list[str]:
    """How people type a name: no marks, capitals, decomposed Unicode, "cty"/"CP"/"TNHH" forms."""
    short_form = re.sub(r"(?i)^công ty cổ phần", "Cty CP", name)
    short_form = re.sub(r"(?i)^công ty trách nhiệm hữu hạn|^công ty tnhh", "cty tnhh", short_form)
    return [
        name,
        fold(name),
        name.upper(),
        unicodedata.normalize("NFD", name),
        short_form,
        re.sub(r"(?i)\b(jsc|co\.?,? ?ltd|corp)\.?$", "", name).strip(" .,") or name,
        f"  {name}  ",
    ]


@pytest.mark.parametrize("agency", RECORDS.agencies, ids=lambda a: a.id)
def test_every_agency_is_found_by_its_name_and_short_name_typed_any_way(agency):
    for text in (agency.name, agency.short_name):
        if not text:
            continue
        for typed in variants(text):
            assert agency.id in {a.id for a in INDEX.exact(typed)}, typed
        assert INDEX.check(text).match is not None
