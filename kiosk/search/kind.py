"""Workers' words for search (``content/search.yaml``): checked at build, then written beside the index.

The file is optional (a content tree without it searches the pages' own words only). Each synonym group has
a ``canonical`` phrase and ``variants``; a variant is a string, or ``{text, marked: true}`` when it is to be
recognised only as typed with its marks. ``compounds`` lists phrases whose syllables mean something else
apart ("lương thực" is food, not a wage).
"""

from __future__ import annotations

from ..build.kind import Context, Kind
from ..build.yamlio import LineDict, LineList, load_mapping
from ..text.fold import fold, nfc
from .words import WordTable

FILE = "search.yaml"


def load(ctx: Context) -> WordTable:
    path = ctx.root / FILE
    if not path.exists():
        return WordTable()
    data = load_mapping(ctx, path, "expected synonyms and compounds")
    if data is None:
        return WordTable()
    groups = _synonyms(ctx, path, data)
    compounds = _compounds(ctx, path, data)
    return WordTable.from_records(groups, compounds)


def _synonyms(ctx: Context, path, data: LineDict) -> list[dict]:
    items = data.get("synonyms") or LineList()
    if not isinstance(items, LineList):
        ctx.problem(path, data.line_of("synonyms"), "synonyms", "bad_yaml", "expected a list of groups")
        return []
    groups, owner = [], {}
    for i, entry in enumerate(items):
        line = items.line_of(i)
        canonical = nfc(str(entry.get("canonical") or "")).strip() if isinstance(entry, LineDict) else ""
        variants = entry.get("variants") if isinstance(entry, LineDict) else None
        if not canonical or not isinstance(variants, LineList) or not variants:
            ctx.problem(path, line, f"synonyms[{i}]", "missing_field", "a group needs canonical and variants")
            continue
        clean = []
        for v in variants:
            text, marked = (v.get("text"), bool(v.get("marked"))) if isinstance(v, LineDict) else (v, False)
            text = nfc(str(text or "")).strip()
            key = text.lower() if marked else fold(text)
            if not text or fold(text) == fold(canonical):
                ctx.problem(
                    path, line, f"synonyms[{i}]", "bad_value", f"variant {text!r} is empty or the canonical"
                )
                continue
            if key in owner and owner[key] != canonical:
                ctx.problem(
                    path,
                    line,
                    f"synonyms[{i}]",
                    "duplicate_id",
                    f"{text!r} is a variant of {owner[key]!r} too",
                )
                continue
            owner[key] = canonical
            clean.append({"text": text, "marked": marked})
        if clean:
            groups.append({"canonical": canonical, "variants": clean})
    return groups


def _compounds(ctx: Context, path, data: LineDict) -> list[str]:
    items = data.get("compounds") or LineList()
    if not isinstance(items, LineList):
        ctx.problem(path, data.line_of("compounds"), "compounds", "bad_yaml", "expected a list of phrases")
        return []
    found = []
    for i, text in enumerate(items):
        text = nfc(str(text or "")).strip()
        if len(text.split()) < 2:
            ctx.problem(
                path, items.line_of(i), f"compounds[{i}]", "bad_value", "a compound has two words or more"
            )
            continue
        found.append(text)
    return found


KIND = Kind("search_words", load)
