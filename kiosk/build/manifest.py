"""The content manifest: which version this is, when it was issued, when it must be reviewed, and what it is.

``status`` says how far a reader may trust it: ``sample`` (demonstration data, not real), ``draft`` (real,
from public sources, not yet reviewed by an authority) or ``final`` (the publisher reviewed it and signs it
off: its signed bundle carries this manifest). ``sample: true|false`` is the older field, still written so
kiosks running older software read new bundles; without ``status``, ``sample: false`` means ``final`` as it
always did."""

from __future__ import annotations

from .kind import Context, Kind
from .yamlio import load_mapping

REQUIRED = ("version", "issued_on", "review_by", "publisher")
STATUSES = ("sample", "draft", "final")


def load(ctx: Context) -> dict:
    path = ctx.root / "manifest.yaml"
    if not path.exists():
        ctx.problem("manifest.yaml", 0, "file", "bad_manifest", "manifest.yaml is missing")
        return {}
    data = load_mapping(ctx, path, "the manifest is a mapping of fields", code="bad_manifest")
    if data is None:
        return {}
    for key in REQUIRED:
        if key not in data or data[key] in (None, ""):
            ctx.problem(path, data.line, key, "bad_manifest", f"the manifest needs {key}")
    version = data.get("version")
    if "version" in data and (not isinstance(version, int) or isinstance(version, bool) or version < 1):
        ctx.problem(
            path, data.line_of("version"), "version", "bad_manifest", "version is a whole number >= 1"
        )
        version = None
    issued = ctx.check_date(
        path, data.line_of("issued_on"), "issued_on", data.get("issued_on"), required=False
    )
    review = ctx.check_date(
        path, data.line_of("review_by"), "review_by", data.get("review_by"), required=False, not_future=False
    )
    if issued and review and review <= issued:
        ctx.problem(
            path, data.line_of("review_by"), "review_by", "bad_manifest", "review_by must be after issued_on"
        )
    sample = data.get("sample")
    if "sample" in data and not isinstance(sample, bool):
        ctx.problem(path, data.line_of("sample"), "sample", "bad_manifest", "sample is true or false")
    status = data.get("status")
    if status is None:
        if "sample" not in data:
            ctx.problem(
                path, data.line, "status", "bad_manifest", "the manifest needs status: sample, draft or final"
            )
        status = "sample" if sample is True else "final"
    elif status not in STATUSES:
        ctx.problem(
            path, data.line_of("status"), "status", "bad_manifest", "status is sample, draft or final"
        )
    elif "sample" in data and (status == "sample") != (sample is True):
        ctx.problem(
            path,
            data.line_of("sample"),
            "sample",
            "bad_manifest",
            f"sample: {sample} contradicts status: {status}",
        )
    names = _publisher(ctx, path, data)
    return {
        "version": version,
        "issued_on": issued,
        "review_by": review,
        # One text for the health API and the bundle ("vi / en"); each page's footer takes its own language.
        "publisher": " / ".join(dict.fromkeys(names.values())),
        "publisher_vi": names["vi"],
        "publisher_en": names["en"],
        "sample": status == "sample",
        "status": status,
    }


def _publisher(ctx: Context, path, data) -> dict:
    """``publisher`` is one name, or a name per language (``vi:`` and ``en:``) so each page says it in its
    own language."""
    value = data.get("publisher")
    if isinstance(value, dict):
        names = {lang: str(value.get(lang) or "").strip() for lang in ("vi", "en")}
        if not all(names.values()):
            ctx.problem(
                path,
                data.line_of("publisher"),
                "publisher",
                "bad_manifest",
                "publisher needs a name in vi and en",
            )
        return {lang: names[lang] or names["vi"] or names["en"] for lang in names}
    name = str(value or "")
    return {"vi": name, "en": name}


def review_status(meta: dict) -> str:
    """``sample``, ``draft`` or ``final`` for an installed version's metadata; a version built before the
    manifest had ``status`` is ``sample`` or ``final`` by its ``sample`` flag."""
    status = meta.get("status")
    if status in STATUSES:
        return status
    return "sample" if meta.get("sample") else "final"


def write(db, manifest: dict) -> None:
    db["meta"].insert_all(({"key": k, "value": str(v)} for k, v in manifest.items()), pk="key", replace=True)


KIND = Kind("manifest", load, write)
