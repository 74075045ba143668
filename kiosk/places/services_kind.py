"""Content kind ``services``: hotlines and offices from ``content/services.yaml``.

A province entry may name an old province ("Hải Dương"); it is stored under the current one with the
old name kept, so the directory shows "Hải Phòng (formerly Hải Dương)".
"""

from __future__ import annotations

import re

from ..build.kind import Context, Kind
from ..build.yamlio import LineDict, LineList, load_file
from .provinces import Directory
from .services import GROUPS, Phone, Service, to_row

CONFIDENCE = ("verified", "unverified")
_CODE = re.compile(r"[A-Z]{2}")


def load(ctx: Context) -> list[Service]:
    path = ctx.root / "services.yaml"
    if not path.exists():
        ctx.problem("services.yaml", 0, "file", "missing_field", "services.yaml is missing")
        return []
    data = load_file(ctx, path)
    if data is None:
        return []
    if not isinstance(data, LineList):
        ctx.problem(path, getattr(data, "line", 1), "file", "bad_yaml", "expected a list of services")
        return []
    services: list[Service] = []
    seen: set[str] = set()
    for i, entry in enumerate(data):
        if not isinstance(entry, LineDict):
            ctx.problem(path, data.line_of(i), "entry", "bad_yaml", "each service is a mapping")
            continue
        service = _service(ctx, path, entry)
        if service is None:
            continue
        if service.id in seen:
            ctx.problem(
                path, entry.line_of("id"), "id", "duplicate_id", f"service id {service.id!r} is used twice"
            )
            continue
        seen.add(service.id)
        services.append(service)
    return services


def _service(ctx: Context, path, entry: LineDict) -> Service | None:
    sid = str(entry.get("id") or "").strip()
    if not sid:
        ctx.problem(path, entry.line, "id", "missing_field", "a service needs an id")
    group = ctx.check_choice(path, entry.line_of("group"), "group", entry.get("group"), GROUPS)
    name = ctx.check_text(path, entry.line_of("name"), "name", entry.get("name"))
    what = ctx.check_text(path, entry.line_of("what"), "what", entry.get("what"))
    hours = ctx.check_text(path, entry.line_of("hours"), "hours", entry.get("hours"), required=False)
    not_known = ctx.check_text(
        path, entry.line_of("not_known"), "not_known", entry.get("not_known"), required=False
    )
    address = entry.get("address")
    if isinstance(address, str):
        address = {"vi": address.strip(), "en": address.strip()}
    elif address is not None:
        address = ctx.check_text(path, entry.line_of("address"), "address", address)
    phones = _phones(ctx, path, entry)
    as_of = entry.get("as_of")
    if as_of != "undated":  # the source shows no date; said in words rather than guessed
        as_of = ctx.check_date(path, entry.line_of("as_of"), "as_of", as_of, partial=True)
    confidence = ctx.check_choice(
        path, entry.line_of("confidence"), "confidence", entry.get("confidence"), CONFIDENCE
    )
    source = ctx.check_sources(path, entry.line_of("source"), "source", entry.get("source"))
    verified = ctx.check_date(path, entry.line_of("verified_on"), "verified_on", entry.get("verified_on"))
    province_id = old_province = destination = None
    if group == "province":
        directory: Directory = ctx.records.get("provinces") or Directory(())
        match = directory.find(entry.get("province"))
        if match is None:
            ctx.problem(
                path,
                entry.line_of("province"),
                "province",
                "unknown_province",
                f"{entry.get('province')!r} is neither a current nor an old province",
            )
            return None
        province_id, old_province = match.province.id, match.old_name
    if group == "abroad":
        destination = str(entry.get("destination") or "")
        if not _CODE.fullmatch(destination):
            ctx.problem(
                path,
                entry.line_of("destination"),
                "destination",
                "unknown_destination",
                "give an ISO code like JP",
            )
            return None
    if (
        not (sid and group and name and what and as_of and confidence and source and verified)
        or phones is None
    ):
        return None
    if not phones and not entry.get("web") and not entry.get("email") and not address and not not_known:
        ctx.problem(path, entry.line, "not_known", "missing_field", "no contact given: say what is not known")
        return None
    return Service(
        id=sid,
        group=group,
        name=name,
        what=what,
        phones=tuple(phones),
        web=str(entry.get("web") or "").strip(),
        email=str(entry.get("email") or "").strip(),
        address=address,
        province_id=province_id,
        old_province=old_province,
        destination=destination,
        hours=hours,
        not_known=not_known,
        as_of=as_of,
        confidence=confidence,
        source=tuple(source),
        verified_on=verified,
    )


def _phones(ctx: Context, path, entry: LineDict) -> list[Phone] | None:
    value = entry.get("phones") or []
    if not isinstance(value, list):
        ctx.problem(
            path, entry.line_of("phones"), "phones", "bad_value", "phones is a list of {number, label}"
        )
        return None
    phones = []
    for i, item in enumerate(value):
        line = value.line_of(i)
        number = str(item.get("number") or "").strip() if isinstance(item, dict) else ""
        if not re.fullmatch(r"\+?[0-9][0-9 .\-]{1,20}", number):
            ctx.problem(path, line, "phones.number", "bad_value", f"{number!r} is not a phone number")
            return None
        label = ctx.check_text(path, line, "phones.label", item.get("label"), required=False)
        phones.append(Phone(number, label))
    return phones


def write(db, services: list[Service]) -> None:
    db["services"].insert_all((to_row(s) for s in services), pk="id")


def documents(services: list[Service]):
    """One search document per service and language; the body holds numbers, web and province."""
    for s in services:
        for lang in ("vi", "en"):
            parts = [s.what[lang], " ".join(p.number for p in s.phones), s.web, s.email]
            if s.address:
                parts.append(s.address[lang])
            if s.old_province:
                parts.append(s.old_province)
            yield {
                "id": f"service:{s.id}:{lang}",
                "type": "service",
                "lang": lang,
                "title": s.name[lang],
                "body": " ".join(p for p in parts if p),
                "path": f"services#{s.id}",
            }


KIND = Kind("services", load, write, documents)
