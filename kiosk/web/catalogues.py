"""Extracting and merging gettext catalogues through Babel's Python API (no shell)."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from ..config import ROOT
from .i18n import LANGUAGES, SOURCE_DIR

TEMPLATE = SOURCE_DIR / "messages.pot"
SOURCE_LANGUAGE = "en"
METHODS = [("kiosk/**.py", "python"), ("kiosk/templates/**.html", "jinja2")]
OPTIONS = {"kiosk/templates/**.html": {"extensions": "jinja2.ext.do"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def template() -> Catalog:
    """Every string marked in the code and templates."""
    catalogue = Catalog(project="kiosk", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        catalogue.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalogue


def extract() -> int:
    catalogue = template()
    with TEMPLATE.open("wb") as fh:
        write_po(fh, catalogue, width=110, omit_header=False, sort_output=True)
    return len(catalogue)


def load(lang: str) -> Catalog:
    path = SOURCE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def update() -> dict[str, int]:
    """Merge the template into each language's catalogue; return how many messages lack a translation."""
    with TEMPLATE.open("rb") as fh:
        tmpl = read_po(fh)
    missing = {}
    for lang in LANGUAGES:
        catalogue = load(lang)
        catalogue.update(tmpl, no_fuzzy_matching=True)
        if lang == SOURCE_LANGUAGE:
            for message in catalogue:
                if message.id and not message.string:
                    message.string = message.id  # the msgids are English: English is complete by construction
        path = SOURCE_DIR / lang / "LC_MESSAGES" / "messages.po"
        with path.open("wb") as fh:
            write_po(fh, catalogue, width=110, sort_output=True, ignore_obsolete=True)
        missing[lang] = sum(1 for m in catalogue if m.id and not m.string)
    return missing
