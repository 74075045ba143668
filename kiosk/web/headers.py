"""Security and caching headers on every response.

The CSP allows nothing from outside the device, no inline script and no inline style. A response to a
POST (a worker's own figures) is ``no-store`` so Back on a shared kiosk cannot bring it back.
"""

from __future__ import annotations

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
    if request.method == "POST" or response.status_code >= 400:
        h["Cache-Control"] = "no-store"
    elif request.path.startswith("/static/"):
        # A versioned address (?v=, kiosk.web.takeaway) never changes content: keep it for a year.
        h["Cache-Control"] = (
            "public, max-age=31536000, immutable" if request.args.get("v") else "public, max-age=86400"
        )
    else:
        h.setdefault("Cache-Control", "no-cache")
    return response


def init_app(app) -> None:
    app.after_request(set_headers)
