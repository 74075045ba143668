import datetime as dt
import re
import sqlite3
import threading

import pytest
from support import SMALL_CONTENT

from kiosk.build import pipeline as builder
from kiosk.build import store
from kiosk.build.kind import ContentError

TODAY = dt.date(2026, 11, 25)


def problems_for(root):
    with pytest.raises(ContentError) as info:
        builder.validate(root, TODAY)
    return info.value.problems


def test_the_bundled_content_is_valid():
    builder.validate(builder.Path(__file__).parent.parent / "content")


def test_the_small_test_content_is_valid():
    """The tree the code tests break (tests/data/content): a change to a content format changes it too."""
    ctx = builder.load(SMALL_CONTENT, TODAY)
    assert ctx.problems == [], "tests/data/content no longer builds: see tests/data/content/README.md"


@pytest.mark.parametrize(
    ("edit", "file", "field", "code"),
    [
        (
            lambda m: re.sub(r"(?m)^version:.*$", "version: zero", m),
            "manifest.yaml",
            "version",
            "bad_manifest",
        ),
        (
            lambda m: re.sub(r"(?m)^issued_on:.*$", "issued_on: 2026-13-40", m),
            "manifest.yaml",
            "issued_on",
            "bad_date",
        ),
        (
            lambda m: re.sub(r"(?m)^issued_on:.*$", "issued_on: 2031-01-01", m),
            "manifest.yaml",
            "issued_on",
            "future_date",
        ),
        (lambda m: re.sub(r"(?m)^publisher:.*$", "", m), "manifest.yaml", "publisher", "bad_manifest"),
        (lambda m: re.sub(r"(?m)^sample:.*$", "sample: maybe", m), "manifest.yaml", "sample", "bad_manifest"),
        (lambda m: m + "status: reviewed\n", "manifest.yaml", "status", "bad_manifest"),
        (lambda m: m + "status: final\n", "manifest.yaml", "sample", "bad_manifest"),
        (lambda m: re.sub(r"(?m)^sample:.*$", "", m), "manifest.yaml", "status", "bad_manifest"),
        (lambda m: m + "\n  bad: [indent\n", "manifest.yaml", "file", "bad_yaml"),
    ],
)
def test_manifest_problems_name_file_line_and_field(small_content, edit, file, field, code):
    path = small_content / "manifest.yaml"
    path.write_text(edit(path.read_text()))
    found = [p for p in problems_for(small_content) if p.file == file]
    assert any(p.field == field and p.code == code for p in found), found
    assert all(p.line >= 0 for p in found)


SOURCE = """- id: {id}
  title: {title}
  publisher: Test
  verified_on: {verified}
  kind: {kind}
  label: {label}
"""
LABEL = "{vi: 'Báo Thử, 1/1/2026', en: 'Test News, 1 Jan 2026'}"


@pytest.mark.parametrize(
    ("entry", "field", "code", "line"),
    [
        (dict(id="general-x", title="T", verified="2026-01-01", kind="rumour"), "kind", "bad_value", 5),
        (
            dict(id="general-y", title="T", verified="2099-01-01", kind="news"),
            "verified_on",
            "future_date",
            4,
        ),
        (dict(id="general-z", title="T", verified="last week", kind="news"), "verified_on", "bad_date", 4),
        (
            dict(id="facts-compilation-2026", title="T", verified="2026-01-01", kind="news"),
            "id",
            "duplicate_id",
            1,
        ),
        (dict(id="general-w", title="''", verified="2026-01-01", kind="news"), "title", "missing_field", 2),
        (
            dict(id="general-v", title="T", verified="2026-01-01", kind="news", label="''"),
            "label",
            "missing_field",
            6,
        ),
        (
            dict(id="general-u", title="T", verified="2026-01-01", kind="news", label="{vi: 'Báo Thử'}"),
            "label.en",
            "missing_translation",
            6,
        ),
    ],
)
def test_bibliography_problems_are_reported_with_their_line(small_content, entry, field, code, line):
    entry = {"label": LABEL, **entry}
    (small_content / "sources" / "zz-test.yaml").write_text(SOURCE.format(**entry))
    found = [p for p in problems_for(small_content) if p.file == "sources/zz-test.yaml"]
    assert [(p.field, p.code, p.line) for p in found] == [(field, code, line)]


def test_every_problem_is_reported_not_just_the_first(small_content):
    (small_content / "sources" / "zz-test.yaml").write_text(
        SOURCE.format(id="a1", title="T", verified="2099-01-01", kind="rumour", label=LABEL)
        + SOURCE.format(id="a2", title="T", verified="nope", kind="news", label=LABEL)
    )
    manifest = small_content / "manifest.yaml"
    manifest.write_text(re.sub(r"(?m)^version:.*$", "version: -3", manifest.read_text()))
    codes = sorted(p.code for p in problems_for(small_content))
    assert (
        codes.count("bad_manifest") >= 1
        and "future_date" in codes
        and "bad_value" in codes
        and "bad_date" in codes
    )
    assert all(re.match(r"^[\w/.-]+:\d+: [\w.]+: .+ \[\w+\]$", str(p)) for p in problems_for(small_content))


def test_invalid_content_changes_nothing_installed(small_content, tmp_path):
    instance = tmp_path / "instance"
    first = builder.build(small_content, instance, today=TODAY)
    before = sorted(p.name for p in store.content_root(instance).iterdir())
    (small_content / "sources" / "zz-bad.yaml").write_text("- id: [unclosed\n")
    with pytest.raises(ContentError):
        builder.build(small_content, instance, today=TODAY)
    assert store.current_dir(instance) == first.folder
    assert sorted(p.name for p in store.content_root(instance).iterdir()) == before


def test_building_twice_gives_the_same_data(small_content, tmp_path):
    instance = tmp_path / "instance"
    first = builder.build(small_content, instance, today=TODAY)
    dump_one = list(sqlite3.connect(first.folder / "content.db").iterdump())
    second = builder.build(small_content, instance, today=TODAY)
    dump_two = list(sqlite3.connect(second.folder / "content.db").iterdump())
    assert second.folder != first.folder and store.current_dir(instance) == second.folder
    assert dump_one == dump_two
    assert first.counts == second.counts


def test_a_version_going_backwards_is_refused(small_content, tmp_path):
    instance = tmp_path / "instance"
    manifest = small_content / "manifest.yaml"
    manifest.write_text(re.sub(r"(?m)^version:.*$", "version: 7", manifest.read_text()))
    builder.build(small_content, instance, today=TODAY)
    manifest.write_text(re.sub(r"(?m)^version:.*$", "version: 6", manifest.read_text()))
    with pytest.raises(builder.NotNewerError):
        builder.build(small_content, instance, today=TODAY)
    with pytest.raises(builder.NotNewerError):
        manifest.write_text(re.sub(r"(?m)^version:.*$", "version: 7", manifest.read_text()))
        builder.build(small_content, instance, today=TODAY, require_newer=True)
    assert store.installed_version(instance) == 7


@pytest.mark.slow
def test_a_reader_during_switches_always_sees_one_whole_version(small_content, tmp_path):
    instance = tmp_path / "instance"
    builder.build(small_content, instance, today=TODAY)
    seen, errors, stop = set(), [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                folder = store.current_dir(instance)
                info = store.read_info(folder)
                conn = sqlite3.connect(f"file:{folder / 'content.db'}?mode=ro", uri=True)
                version = conn.execute("select value from meta where key='version'").fetchone()[0]
                conn.close()
                assert int(version) == int(info["version"])
                seen.add(int(version))
            except Exception as exc:  # noqa: BLE001 - any failure counts
                errors.append(repr(exc))

    thread = threading.Thread(target=reader)
    thread.start()
    manifest = small_content / "manifest.yaml"
    for version in range(2, 7):
        manifest.write_text(re.sub(r"(?m)^version:.*$", f"version: {version}", manifest.read_text()))
        builder.build(small_content, instance, today=TODAY)
    stop.set()
    thread.join()
    assert errors == []
    assert len(seen) >= 2
    assert store.installed_version(instance) == 6
    assert len(store.versions(instance)) == store.KEEP


def _set_publisher(content, text):
    path = content / "manifest.yaml"
    manifest = path.read_text()
    manifest = re.sub(r"(?m)^publisher:.*\n(  .*\n)*", text, manifest)
    path.write_text(manifest)


def test_the_publisher_is_named_in_each_pages_language(small_content, tmp_path):
    from kiosk import create_app

    _set_publisher(
        small_content, 'publisher:\n  vi: "Trung tâm Dịch vụ việc làm"\n  en: "Employment Service Centre"\n'
    )
    builder.build(small_content, tmp_path / "instance")
    client = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "instance")}).test_client()
    vi = client.get("/vi/").get_data(as_text=True)
    en = client.get("/en/").get_data(as_text=True)
    assert "Trung tâm Dịch vụ việc làm" in vi and "Employment Service Centre" not in vi
    assert "Employment Service Centre" in en and "Trung tâm Dịch vụ việc làm" not in en
    # One text for what names the content as a whole (the bundle's manifest): both names.
    (db,) = {path.resolve() for path in (tmp_path / "instance").glob("content/*/content.db")}
    with sqlite3.connect(db) as conn:
        (publisher,) = conn.execute("select value from meta where key = 'publisher'").fetchone()
    assert publisher == "Trung tâm Dịch vụ việc làm / Employment Service Centre"


def test_a_publisher_in_one_language_only_is_refused(small_content, tmp_path):
    _set_publisher(small_content, 'publisher:\n  vi: "Trung tâm Dịch vụ việc làm"\n')
    with pytest.raises(ContentError) as caught:
        builder.build(small_content, tmp_path / "instance")
    assert any(p.code == "bad_manifest" and p.field == "publisher" for p in caught.value.problems)
