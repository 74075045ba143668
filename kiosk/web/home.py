"""The home page: the main tasks as big tiles."""

from flask import render_template

from .pages import bp


@bp.get("/")
def home():
    """The home page."""
    return render_template("home.html")
