"""Security and caching headers on every response.

The CSP allows nothing from outside the device, no inline script and no inline style. A response to a
POST (a worker's own figures) is ``no-store`` so Back on a shared kiosk cannot bring it back, and so is
one to a GET with a query string: what a person typed or chose (a search, a name, a province) is in the
page, and no browser, nginx cache or shared screen may keep it. Redirects are relative: a ``Location``
naming this server's host is cut to its path, so a forged ``Host: evil.example`` is never sent back.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def set_headers(response):
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h["X-Content-Type-Options"] = "nosniff"
    h["Referrer-Policy"] = "no-referrer"
    h["X-Frame-Options"] = "DENY"
    h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    h["Cross-Origin-Opener-Policy"] = "same-origin"
    if "Location" in h:
        h["Location"] = relative(h["Location"], request.host)
    if request.method == "POST" or response.status_code >= 400:
        h["Cache-Control"] = "no-store"
    elif request.path.startswith("/static/"):
        # A versioned address (?v=, kiosk.web.takeaway) never changes content: keep it for a year.
        h["Cache-Control"] = (
            "public, max-age=31536000, immutable" if request.args.get("v") else "public, max-age=86400"
        )
    elif request.query_string:
        h["Cache-Control"] = "no-store"
    else:
        h.setdefault("Cache-Control", "no-cache")
    return response


def relative(location: str, host: str) -> str:
    """``location`` without its scheme and host when it names ``host`` (the request's, whatever the client
    sent); werkzeug writes its trailing-slash redirects in full with the request's ``Host``."""
    parts = urlsplit(location)
    if parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower():
        return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    return location


def init_app(app) -> None:
    app.after_request(set_headers)
