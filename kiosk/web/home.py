"""The home page (the main tasks as big tiles), and the page that says where the information comes from:
the one-line draft notice on every page links to it ("Why?")."""

from flask import render_template

from ..places.service import find_service
from .layout import bibliography, content_status
from .pages import bp

#: Where a worker can check a fact themselves (services.yaml ids), in the order to try.
CHECK_WITH = ("dolab", "hotline-111")


@bp.get("/")
def home():
    """The home page."""
    return render_template("home.html")


@bp.get("/about-this-information")
def about_content():
    """What the content is (sample, draft or final), what was checked and how, and how to check it."""
    status = content_status()
    kinds, copies, total = {}, 0, 0
    if status.get("installed"):
        for row in bibliography().values():
            total += 1
            kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
            copies += row["copied"]
    check_with = [s for s in (find_service(i) for i in CHECK_WITH) if s]
    return render_template(
        "about_content.html", status=status, kinds=kinds, copies=copies, total=total, check_with=check_with
    )
