"""Content kind ``provinces``: the 34 units since 1 July 2025 with the 63 old names mapped to them.

The records are a :class:`kiosk.provinces.Directory`, so later kinds (agencies, services, return rules)
check a province name with ``ctx.records["provinces"].find(name)``.
"""

from __future__ import annotations

import json

from ..build.kind import Context, Kind
from ..build.yamlio import LineDict, LineList, load_file
from .provinces import Directory, Province, key

KINDS_OF_UNIT = ("city", "province")
CONFIDENCE = ("verified", "unverified")
CURRENT_UNITS = 34
OLD_UNITS = 63


def load(ctx: Context) -> Directory:
    path = ctx.root / "provinces.yaml"
    if not path.exists():
        ctx.problem("provinces.yaml", 0, "file", "missing_field", "provinces.yaml is missing")
        return Directory(())
    data = load_file(ctx, path)
    if data is None:
        return Directory(())
    if not isinstance(data, LineList):
        ctx.problem(path, getattr(data, "line", 1), "file", "bad_yaml", "expected a list of provinces")
        return Directory(())
    provinces: list[Province] = []
    ids: set[str] = set()
    owner: dict[str, str] = {}  # name key -> province id, to refuse a name given to two provinces
    old_count = 0
    for i, entry in enumerate(data):
        if not isinstance(entry, LineDict):
            ctx.problem(path, data.line_of(i), "entry", "bad_yaml", "each province is a mapping")
            continue
        province = _province(ctx, path, entry)
        if province is None:
            continue
        if province.id in ids:
            ctx.problem(
                path, entry.line_of("id"), "id", "duplicate_id", f"province id {province.id!r} is used twice"
            )
            continue
        ids.add(province.id)
        old_count += len(province.old_names)
        names = (province.name, province.name_en, *province.aliases, *province.old_names)
        names += tuple(a for a, _ in province.old_aliases)
        for name in names:
            other = owner.setdefault(key(name), province.id)
            if other != province.id:
                ctx.problem(
                    path, entry.line, "old_names", "duplicate_id", f"{name!r} is also a name of {other!r}"
                )
        provinces.append(province)
    if len(provinces) != CURRENT_UNITS:
        ctx.problem(path, 1, "file", "bad_value", f"{len(provinces)} provinces, expected {CURRENT_UNITS}")
    if old_count != OLD_UNITS:
        ctx.problem(path, 1, "old_names", "bad_value", f"{old_count} old provinces, expected {OLD_UNITS}")
    return Directory(provinces)


def _province(ctx: Context, path, entry: LineDict) -> Province | None:
    pid = str(entry.get("id") or "").strip()
    name = str(entry.get("name") or "").strip()
    name_en = str(entry.get("name_en") or "").strip()
    for fld, value in (("id", pid), ("name", name), ("name_en", name_en)):
        if not value:
            ctx.problem(path, entry.line_of(fld), fld, "missing_field", f"a province needs {fld}")
    kind = ctx.check_choice(path, entry.line_of("kind"), "kind", entry.get("kind"), KINDS_OF_UNIT)
    confidence = ctx.check_choice(
        path, entry.line_of("confidence"), "confidence", entry.get("confidence"), CONFIDENCE
    )
    source = ctx.check_sources(path, entry.line_of("source"), "source", entry.get("source"))
    verified = ctx.check_date(path, entry.line_of("verified_on"), "verified_on", entry.get("verified_on"))
    old_names, old_aliases = _old_names(ctx, path, entry)
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list):
        ctx.problem(path, entry.line_of("aliases"), "aliases", "bad_value", "aliases is a list of names")
        aliases = []
    if not (pid and name and name_en and kind and confidence and source and verified and old_names):
        return None
    centre = str(entry.get("centre") or "").strip() or None
    if centre and centre not in old_names:
        ctx.problem(
            path, entry.line_of("centre"), "centre", "unknown_province", f"{centre!r} is not merged here"
        )
    return Province(
        id=pid,
        name=name,
        name_en=name_en,
        kind=kind,
        old_names=tuple(old_names),
        aliases=tuple(str(a).strip() for a in aliases if str(a).strip()),
        old_aliases=tuple(old_aliases),
        centre=centre,
        confidence=confidence,
        source=tuple(source),
        verified_on=verified,
    )


def _old_names(ctx: Context, path, entry: LineDict) -> tuple[list[str], list[tuple[str, str]]]:
    """Old names are strings, or ``{name, also: [spellings]}`` for names written more than one way."""
    value = entry.get("old_names")
    if not isinstance(value, list) or not value:
        ctx.problem(path, entry.line_of("old_names"), "old_names", "missing_field", "list the old provinces")
        return [], []
    names: list[str] = []
    aliases: list[tuple[str, str]] = []
    for i, item in enumerate(value):
        if isinstance(item, LineDict):
            name = str(item.get("name") or "").strip()
            also = item.get("also") or []
            if not name or not isinstance(also, list):
                ctx.problem(
                    path, value.line_of(i), "old_names", "bad_value", "give {name, also: [spellings]}"
                )
                continue
            names.append(name)
            aliases.extend((str(a).strip(), name) for a in also if str(a).strip())
        elif isinstance(item, str) and item.strip():
            names.append(item.strip())
        else:
            ctx.problem(path, value.line_of(i), "old_names", "bad_value", "an old name is text")
    return names, aliases


def write(db, directory: Directory) -> None:
    db["provinces"].insert_all(
        (
            {
                "id": p.id,
                "name": p.name,
                "name_en": p.name_en,
                "kind": p.kind,
                "old_names": json.dumps(p.old_names, ensure_ascii=False),
                "aliases": json.dumps(p.aliases, ensure_ascii=False),
                "old_aliases": json.dumps(dict(p.old_aliases), ensure_ascii=False),
                "centre": p.centre or "",
                "confidence": p.confidence,
                "source": json.dumps(p.source),
                "verified_on": p.verified_on,
            }
            for p in directory.provinces
        ),
        pk="id",
    )


KIND = Kind("provinces", load, write)
