"""The kiosk: an offline information kiosk for Vietnamese workers going abroad and those coming home."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from . import config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings table → instance config.py → ``KIOSK_*`` environment → ``test_config``."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_mapping(config.defaults())
    app.config["INSTANCE"] = os.environ.get("KIOSK_INSTANCE", app.config["INSTANCE"])
    if test_config is None:
        app.config.from_pyfile(str(Path(app.config["INSTANCE"]).resolve() / "config.py"), silent=True)
        app.config.from_prefixed_env("KIOSK")
    else:
        app.config.from_mapping(test_config)
    app.config["INSTANCE"] = str(Path(app.config["INSTANCE"]).resolve())
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from .usage import views as usage
    from .web import db, errors, headers, i18n, layout, pagecache
    from .web.api import bp as api_bp
    from .web.pages import bp as pages_bp

    db.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    layout.init_app(app)
    pagecache.init_app(app)
    usage.init_app(app)
    app.register_blueprint(pages_bp)
    app.register_blueprint(api_bp)
    return app
