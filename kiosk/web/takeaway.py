"""What a visitor takes away: the pocket guide download, and the service worker for secure contexts.

The pocket guide is written by ``kiosk build`` into the content version folder (``kiosk.content.pocket``),
so it is always the installed content. It is served at ``/static/pocket/<version>/pocket-guide-<lang>.html``
(a file that changes only with the content version, like the static files) as an attachment with a CSP of
its own: its styles are inline (so the file stands alone on a phone) and it runs no script.

The service worker (``/sw.js``, scope ``/``) only helps where a browser allows one: localhost or an HTTPS
deployment. It is never registered in kiosk mode (``kiosk.js`` decides). It keeps static files
cache-first, which is safe because every static address carries its file's version (``?v=``).
"""

import hashlib
from pathlib import Path

from flask import Response, abort, current_app, redirect, url_for

from .db import content_dir, get_meta
from .i18n import LANGUAGES
from .pages import bp

POCKET_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


def pocket_guide(version: int, lang: str):
    """The pocket guide of the installed content in ``lang``, as a file to keep.

    Its address names the content version, like a versioned static file: a phone that kept an older
    address is sent to the current guide.

    :raise 404: no such language, or the content was built without a pocket guide.
    """
    if lang not in LANGUAGES:
        abort(404)
    current = get_meta().get("version")
    if version != current:
        return redirect(url_for("pocket_guide", version=current, lang=lang))
    path = content_dir() / f"pocket-{lang}.html"
    if not path.is_file():
        abort(404)
    name = f"kiosk-pocket-guide-{lang}-v{version}.html"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Content-Security-Policy": POCKET_CSP}
    return Response(path.read_bytes(), mimetype="text/html", headers=headers)


def service_worker():
    """The service worker script, allowed to control the whole site."""
    response = current_app.send_static_file("sw.js")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    response.mimetype = "text/javascript"
    return response


def static_version(filename: str) -> str:
    """A short hash of a static file's bytes, so a changed file gets a new address (cached for good)."""
    versions = current_app.extensions.setdefault("kiosk_static_versions", {})
    if filename not in versions or current_app.debug:
        path = Path(current_app.static_folder) / filename
        versions[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else ""
    return versions[filename]


def add_static_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "v" not in values and values.get("filename"):
        version = static_version(values["filename"])
        if version:
            values["v"] = version


@bp.record_once
def add_root_routes(state) -> None:
    """``/sw.js`` sits at the root (a worker's scope is its own folder) and the pocket guide beside the
    static files, both outside ``/<lang>/``; every ``url_for('static', ...)`` gets its file's version."""
    state.app.add_url_rule("/sw.js", "service_worker", service_worker)
    state.app.add_url_rule(
        "/static/pocket/<int:version>/pocket-guide-<lang>.html", "pocket_guide", pocket_guide
    )
    state.app.url_defaults(add_static_version)
