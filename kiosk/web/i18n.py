"""Languages: the code in the URL, flask-babel's selector, catalogue compiling, and display helpers.

Catalogues live in the top-level ``translations/`` as ``.po`` files; they are compiled to ``.mo`` in the
instance folder at start (only when a ``.po`` is newer), so no manual step and no ``.mo`` in git. Where the
instance cannot be written (the service mounts it read-only), they are compiled into a private temporary
folder instead, or the ones already compiled are used: start-up never fails over it.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

import flask_babel
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import g, has_app_context, request
from flask_babel import Babel

from ..config import ROOT

LANGUAGES = ("vi", "en")
SOURCE_DIR = ROOT / "translations"


def get_locale() -> str:
    """The URL's language for pages; ``?lang=`` for the API; Vietnamese otherwise."""
    lang = g.get("lang")
    if lang in LANGUAGES:
        return lang
    if not request:
        return "vi"
    first = request.path.split("/")[1] if request.path.count("/") >= 2 else ""
    if first in LANGUAGES:
        return first
    asked = request.args.get("lang", "")
    return asked if asked in LANGUAGES else "vi"


def current() -> str:
    return get_locale()


def compile_catalogues(target: Path, source: Path = SOURCE_DIR) -> Path:
    """Compile every ``<lang>/LC_MESSAGES/messages.po`` under ``source`` into ``target``; return ``target``."""
    for po in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as fh:
            catalogue = read_po(fh, locale=po.parts[-3])
        tmp = mo.with_name(f".{mo.name}.{os.getpid()}")
        with tmp.open("wb") as fh:
            write_mo(fh, catalogue, use_fuzzy=False)
        os.replace(tmp, mo)
    return target


def usable_catalogues(target: Path, source: Path = SOURCE_DIR) -> Path:
    """Where the compiled catalogues are: ``target`` when they can be compiled (or are current) there;
    otherwise a new private temporary folder they were compiled into; otherwise ``target`` as it is (stale
    or empty: English then shows where a translation is missing). Logs one line when it is not ``target``
    as compiled, so a read-only instance with a newer ``.po`` starts instead of restarting in a loop."""
    try:
        return compile_catalogues(target, source)
    except OSError as exc:
        why = f"{target} cannot be written ({exc.strerror or exc})"
    try:
        fallback = compile_catalogues(Path(tempfile.mkdtemp(prefix="kiosk-translations-")), source)
    except OSError:
        logging.getLogger(__name__).warning("translations: %s; serving the catalogues already there", why)
        return target
    logging.getLogger(__name__).warning("translations: %s; compiled them into %s for this run", why, fallback)
    return fallback


def pick(value, lang: str | None = None) -> str:
    """The current language's text from a ``{vi, en}`` dict or its JSON; Vietnamese as the fallback."""
    if value is None:
        return ""
    if isinstance(value, str):
        if not value.startswith("{"):
            return value
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if not isinstance(value, dict):
        return str(value)
    lang = lang or current()
    return value.get(lang) or value.get("vi") or value.get("en") or ""


def other_language(lang: str) -> str:
    return "en" if lang == "vi" else "vi"


def init_app(app) -> None:
    compiled = usable_catalogues(Path(app.config["INSTANCE"]).resolve() / "translations")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "vi")
    Babel(app, locale_selector=get_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["pick"] = pick


def _translations():
    """The request's catalogue for templates, found once per request: flask-babel's own template
    functions look it up afresh for every string, several context lookups each (about 6% of the search
    page's time)."""
    if not has_app_context():
        return flask_babel.get_translations()
    found = g.get("_kiosk_translations")
    if found is None:
        found = g._kiosk_translations = flask_babel.get_translations()
    return found
