"""`kiosk update` against a hostile world: a tamper corpus refused with the installed tree byte-identical,
a broker's extra agency row, replayed older versions, and kill -9 at named steps and at random moments.

One module past the usual size on purpose: the corpus and the crash tests share one installed instance
(built once per module), and the corpus reads best as one table."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import itertools
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import SMALL_CONTENT, in_namespace

from kiosk import create_app
from kiosk.build import freshness, store
from kiosk.build.kind import ContentError
from kiosk.build.pipeline import NotNewerError
from kiosk.updates import bundle, keys
from kiosk.updates import install as updates
from kiosk.updates.bundle import BundleError, FileEntry, Manifest

# The small test tree (tests/data/content): bundles and installs of it are quick, and content/ edits do not
# change the tamper corpus.
CONTENT = SMALL_CONTENT
FILES = [rel for rel, _ in bundle.collect(CONTENT)]
BROKER_ROW = (
    "bao-an-nhan-luc,Công ty TNHH Nhân lực Quốc tế Bảo An,Bảo An,999/LĐTBXH-GPHĐDVVL,licensed,2025-01,,,"
    'reported,verified,Hà Nội,"quận Cầu Giấy, Hà Nội",0900000000,JP,ag-nld-2017-revoke-2,2025-01,2026-11-23,\n'
)
STEPS = ["extracted", "staged", "renamed", "switched", "pruned"]
REFUSED = (BundleError, ContentError, NotNewerError)
_serial = itertools.count()


@dataclass
class Kit:
    """A trusted publisher, a foreign one, an instance at version ``base`` and a good bundle of ``base + 1``."""

    root: Path
    source: Path
    secret: keys.SigningKey
    public: keys.PublicKey
    foreign: keys.SigningKey
    instance: Path
    base: int
    good: bytes

    def bundle_of(self, version: int, secret=None, edit=None) -> Path:
        """A bundle of the real content at ``version``, optionally edited (``edit(tree)``) before signing."""
        tree = self.root / f"tree-{version}-{next(_serial)}"
        shutil.copytree(self.source, tree)
        manifest = tree / "manifest.yaml"
        manifest.write_text(re.sub(r"(?m)^version:.*$", f"version: {version}", manifest.read_text()))
        if edit:
            edit(tree)
        out = self.root / f"{tree.name}.kbundle"
        bundle.create(
            tree, secret or self.secret, out, version=version, issued_on="2026-11-25", publisher="t"
        )
        shutil.rmtree(tree)
        return out

    def copy_instance(self, target: Path) -> Path:
        shutil.copytree(self.instance, target, symlinks=True)
        return target


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Kit:
    """Installed at the content's version + 1, so that both N and N-1 exist as valid older versions."""
    root = tmp_path_factory.mktemp("trust")
    source = root / "content"  # a snapshot: the tests must not see edits made to content/ while they run
    shutil.copytree(CONTENT, source)
    secret_file, public_file = keys.generate(root / "keys")
    foreign_file, _ = keys.generate(root / "broker")
    instance = root / "instance"
    keys.trust(instance, public_file)
    base = int(re.search(r"(?m)^version:\s*(\d+)", (CONTENT / "manifest.yaml").read_text()).group(1)) + 1
    made = Kit(
        root,
        source,
        keys.read_secret(secret_file),
        keys.read_public(public_file),
        keys.read_secret(foreign_file),
        instance,
        base,
        b"",
    )
    updates.install(instance, made.bundle_of(base))
    made.good = made.bundle_of(base + 1).read_bytes()
    return made


def snapshot(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` with its kind and bytes (links by target), to prove nothing changed."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            seen[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            seen[rel] = "file:" + hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            seen[rel] = "dir"
    return seen


# Building bad bundles


def members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def rezip(items) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicate name is one of the cases
        with zipfile.ZipFile(buf, "w") as zf:
            for info, data in items:
                zf.writestr(info, data)
    return buf.getvalue()


def member(name: str, mode: int = 0o100644, compress=zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("x", date_time=(1980, 1, 1, 0, 0, 0))
    info.filename = info.orig_filename = name  # bypass ZipInfo's own clean-up: the corpus needs raw names
    info.external_attr = mode << 16
    info.compress_type = compress
    return info


def edit(data: bytes, name: str, change) -> bytes:
    items = members(data)
    assert name in {i.filename for i, _ in items}, f"{name} vanished: was content/ edited during the run?"
    return rezip([(i, change(d) if i.filename == name else d) for i, d in items])


def drop(data: bytes, name: str) -> bytes:
    items = members(data)
    assert name in {i.filename for i, _ in items}, f"{name} vanished: was content/ edited during the run?"
    return rezip([(i, d) for i, d in items if i.filename != name])


def add(data: bytes, info: zipfile.ZipInfo, payload: bytes) -> bytes:
    return rezip([*members(data), (info, payload)])


def rename(data: bytes, name: str, new: str) -> bytes:
    info = copy.copy(next(i for i, _ in members(data) if i.filename == name))
    info.filename = info.orig_filename = new
    return rezip([(info, d) if i.filename == name else (i, d) for i, d in members(data)])


def flip(d: bytes) -> bytes:
    if not d:
        return b"\x00"
    i = len(d) // 2
    return d[:i] + bytes([d[i] ^ 0x01]) + d[i + 1 :]


def manifest_of(items, version: int, key_of: keys.SigningKey) -> bytes:
    files = sorted(
        (
            FileEntry(i.filename[len(bundle.PREFIX) :], len(d), hashlib.sha256(d).hexdigest())
            for i, d in items
            if i.filename.startswith(bundle.PREFIX)
        ),
        key=lambda f: f.path,
    )
    return Manifest(version, "2026-11-25", "t", keys.public_of(key_of).fingerprint, tuple(files)).to_bytes()


def resign(items, secret, version: int, signature: bytes | None = None, raw: bytes | None = None) -> bytes:
    """The content members with a new manifest and a signature by ``secret`` (or the ``signature`` given)."""
    content = [(i, d) for i, d in items if i.filename not in (bundle.MANIFEST, bundle.SIGNATURE)]
    raw = raw if raw is not None else manifest_of(content, version, secret)
    sig = signature if signature is not None else keys.sign(secret, raw)
    return rezip([*content, (member(bundle.MANIFEST), raw), (member(bundle.SIGNATURE), sig)])


def old_signature(kit: Kit) -> bytes:
    return dict((i.filename, d) for i, d in members(kit.good))[bundle.SIGNATURE]


def broker(d: bytes) -> bytes:
    return d + BROKER_ROW.encode()


def patch_central(data: bytes, name: str, offset: int, value: bytes) -> bytes:
    """Overwrite a field of ``name``'s central-directory entry (the sizes and flags zipfile trusts)."""
    out = bytearray(data)
    pos = out.find(b"PK\x01\x02")
    while pos >= 0:
        length = int.from_bytes(out[pos + 28 : pos + 30], "little")
        if out[pos + 46 : pos + 46 + length] == name.encode():
            out[pos + offset : pos + offset + len(value)] = value
            return bytes(out)
        pos = out.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(f"{name} not in the central directory")


def zeros_member(name: str, size: int) -> bytes:
    """A zip holding ``name`` as ``size`` zero bytes: megabytes that deflate to almost nothing."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf, zf.open(member(name), "w") as out:
        chunk = bytes(1024 * 1024)
        for _ in range(size // len(chunk)):
            out.write(chunk)
    return buf.getvalue()


def with_bomb(kit: Kit, name: str, size: int, *, replace: bool) -> bytes:
    bomb = members(zeros_member(name, size))[0]
    items = [(i, d) for i, d in members(kit.good) if not (replace and i.filename == name)]
    return rezip([*items, bomb])


def lying_bomb(kit: Kit) -> bytes:
    """manifest.yaml followed by 80 MB of zeros, its central-directory size patched to the signed size."""
    name = bundle.PREFIX + "manifest.yaml"
    original = dict((i.filename, d) for i, d in members(kit.good))[name]
    items = [(i, d + bytes(80 * 1024 * 1024) if i.filename == name else d) for i, d in members(kit.good)]
    return patch_central(rezip(items), name, 24, len(original).to_bytes(4, "little"))


def sparse(kit: Kit) -> Path:
    path = kit.root / "huge.kbundle"
    path.write_bytes(kit.good)
    with open(path, "r+b") as fh:
        fh.truncate(300 * 1024 * 1024)
    return path


def many_members(kit: Kit) -> bytes:
    return rezip([*members(kit.good), *((member(f"content/m/{n}.txt"), b"") for n in range(20_010))])


def invalid_but_signed(kit: Kit) -> Path:
    def break_source(tree: Path):
        path = tree / "sources" / "general.yaml"
        path.write_text(path.read_text().replace("title:", "titel:", 1))

    return kit.bundle_of(kit.base + 1, edit=break_source)


def corpus() -> list[tuple[str, object, set[str]]]:
    """(name, make(kit) -> bytes or a Path, codes it may be refused with); ContentError is code 'content'."""
    cases: list[tuple[str, object, set[str]]] = []
    for rel in FILES:
        name = bundle.PREFIX + rel
        cases.append(
            (f"flip {rel}", lambda k, n=name: edit(k.good, n, flip), {"hash_mismatch", "size_mismatch"})
        )
        cases.append((f"missing {rel}", lambda k, n=name: drop(k.good, n), {"missing_file"}))
        cases.append((f"renamed {rel}", lambda k, n=name: rename(k.good, n, n + "~"), {"missing_file"}))
    signature = {"bad_signature"}
    agencies = bundle.PREFIX + "agencies.csv"
    cases += [
        ("flip bundle.json", lambda k: edit(k.good, bundle.MANIFEST, flip), signature | {"bad_manifest"}),
        ("flip bundle.sig", lambda k: edit(k.good, bundle.SIGNATURE, flip), signature),
        ("no manifest", lambda k: drop(k.good, bundle.MANIFEST), {"not_a_bundle"}),
        ("no signature", lambda k: drop(k.good, bundle.SIGNATURE), {"not_a_bundle"}),
        ("empty signature", lambda k: edit(k.good, bundle.SIGNATURE, lambda d: b""), signature),
        ("short signature", lambda k: edit(k.good, bundle.SIGNATURE, lambda d: d[:63]), signature),
        ("zero signature", lambda k: edit(k.good, bundle.SIGNATURE, lambda d: bytes(64)), signature),
        ("random signature", lambda k: edit(k.good, bundle.SIGNATURE, lambda d: os.urandom(64)), signature),
        (
            "long signature",
            lambda k: edit(k.good, bundle.SIGNATURE, lambda d: d + d),
            signature | {"too_large"},
        ),
        ("foreign key", lambda k: resign(members(k.good), k.foreign, k.base + 1), signature),
        (
            "manifest re-hashed, signature kept",
            lambda k: resign(members(edit(k.good, agencies, broker)), k.secret, k.base + 1, old_signature(k)),
            signature,
        ),
        (
            "version raised, signature kept",
            lambda k: resign(members(k.good), k.secret, k.base + 7, old_signature(k)),
            signature,
        ),
        ("broker row, signature kept", lambda k: edit(k.good, agencies, broker), {"size_mismatch"}),
        (
            "broker row, signed by the broker",
            lambda k: resign(members(edit(k.good, agencies, broker)), k.foreign, k.base + 1),
            signature,
        ),
        (
            "broker file added",
            lambda k: add(k.good, member("content/agencies2.csv"), BROKER_ROW.encode()),
            {"extra_file"},
        ),
        ("extra file", lambda k: add(k.good, member("content/extra.yaml"), b"x: 1\n"), {"extra_file"}),
        ("extra top-level file", lambda k: add(k.good, member("evil.sh"), b"rm -rf /\n"), {"extra_file"}),
        ("folder entry", lambda k: add(k.good, member("content/new/", 0o40755), b""), {"unsafe_path"}),
        ("../ path", lambda k: add(k.good, member("../evil.yaml"), b"x"), {"unsafe_path"}),
        ("deep ../ path", lambda k: add(k.good, member("content/../../evil"), b"x"), {"unsafe_path"}),
        ("absolute path", lambda k: add(k.good, member("/etc/cron.d/evil"), b"x"), {"unsafe_path"}),
        ("dot path", lambda k: add(k.good, member("content/./manifest.yaml"), b"x"), {"unsafe_path"}),
        ("double slash", lambda k: add(k.good, member("content//evil"), b"x"), {"unsafe_path"}),
        ("drive letter", lambda k: add(k.good, member("C:/evil"), b"x"), {"unsafe_path"}),
        ("backslash path", lambda k: add(k.good, member("content\\..\\..\\evil"), b"x"), {"unsafe_path"}),
        (
            "signed ../ path",
            lambda k: resign([*members(k.good), (member("content/../evil"), b"x")], k.secret, k.base + 1),
            {"unsafe_path"},
        ),
        (
            "symlink replaces a file",
            lambda k: rezip(
                [
                    (member(i.filename, 0o120777), b"/etc/passwd") if i.filename == agencies else (i, d)
                    for i, d in members(k.good)
                ]
            ),
            {"symlink"},
        ),
        ("extra symlink", lambda k: add(k.good, member("content/root", 0o120777), b"/"), {"symlink"}),
        (
            "signed symlink",
            lambda k: resign(
                [*members(k.good), (member("content/link", 0o120777), b"/etc")], k.secret, k.base + 1
            ),
            {"symlink"},
        ),
        ("device file", lambda k: add(k.good, member("content/dev", 0o020644), b""), {"unsafe_path"}),
        (
            "duplicate member",
            lambda k: add(k.good, member(agencies), broker(b"")),
            {"duplicate_member"},
        ),
        (
            "lzma member",
            lambda k: rezip(
                [
                    (member(i.filename, compress=zipfile.ZIP_LZMA), d) if i.filename == agencies else (i, d)
                    for i, d in members(k.good)
                ]
            ),
            {"unsupported"},
        ),
        (
            "encrypted flag",
            lambda k: patch_central(k.good, agencies, 8, b"\x01\x00"),
            {"unsupported", "not_a_bundle"},
        ),
        ("lying size header (zip bomb)", lying_bomb, {"not_a_bundle", "size_mismatch", "hash_mismatch"}),
        (
            "bomb replaces a file",
            lambda k: with_bomb(k, agencies, 32 << 20, replace=True),
            {"size_mismatch"},
        ),
        (
            "bomb as an extra file",
            lambda k: with_bomb(k, "content/b.csv", 32 << 20, replace=False),
            {"extra_file"},
        ),
        (
            "signed bomb",
            lambda k: resign(
                members(with_bomb(k, "content/b.csv", 65 << 20, replace=False)), k.secret, k.base + 1
            ),
            {"too_large"},
        ),
        ("20,000 members", many_members, {"too_large"}),
        ("300 MB file", sparse, {"too_large"}),
        ("random bytes", lambda k: random.Random(1).randbytes(5000), {"not_a_bundle"}),
        ("empty file", lambda k: b"", {"not_a_bundle"}),
        (
            "unsigned zip of content",
            lambda k: drop(drop(k.good, bundle.MANIFEST), bundle.SIGNATURE),
            {"not_a_bundle"},
        ),
        ("signed but invalid content", invalid_but_signed, {"content"}),
        ("same version, signed", lambda k: k.bundle_of(k.base), {"not_newer"}),
        ("older version, signed", lambda k: k.bundle_of(k.base - 1), {"not_newer"}),
    ]
    for fraction in (0.0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99):
        cases.append(
            (
                f"truncated at {fraction:.1%}",
                lambda k, f=fraction: k.good[: int(len(k.good) * f)],
                {"not_a_bundle"},
            )
        )
    cases += [
        ("truncated by 1 byte", lambda k: k.good[:-1], {"not_a_bundle"}),
        ("end record cut", lambda k: k.good[:-22], {"not_a_bundle"}),
    ]
    return cases


CORPUS = corpus()


def test_the_tamper_corpus_has_at_least_60_bad_bundles():
    assert len(CORPUS) >= 60
    assert len({name for name, _, _ in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("case", "make", "codes"), CORPUS, ids=[c[0] for c in CORPUS])
def test_a_tampered_bundle_is_refused_and_the_installed_tree_stays_byte_identical(kit, case, make, codes):
    made = make(kit)
    path = made if isinstance(made, Path) else kit.root / "bad.kbundle"
    if not isinstance(made, Path):
        path.write_bytes(made)
    before = snapshot(kit.instance)
    with pytest.raises(REFUSED) as refused:
        updates.install(kit.instance, path)
    code = getattr(
        refused.value, "code", "content" if isinstance(refused.value, ContentError) else "not_newer"
    )
    assert code in codes, f"{case}: refused as {code}: {refused.value}"
    assert snapshot(kit.instance) == before
    assert store.installed_version(kit.instance) == kit.base


def agency_rows(instance: Path) -> int:
    path = store.current_dir(instance) / "content.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM agencies").fetchone()[0]


def test_a_broker_who_adds_one_agency_row_is_refused_by_kiosk_update(kit, cli, tmp_path, monkeypatch):
    instance = kit.copy_instance(tmp_path / "instance")
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    rows = agency_rows(instance)
    forged = tmp_path / "forged.kbundle"
    forged.write_bytes(edit(kit.good, bundle.PREFIX + "agencies.csv", broker))
    result = cli("update", forged)
    assert result.exit_code == 1
    assert "agencies.csv was changed after it was signed" in result.output
    assert f"content version {kit.base} still serving" in result.output
    assert agency_rows(instance) == rows
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    assert "Bảo An" not in client.get("/api/v1/agencies?q=bao+an").get_data(as_text=True)


def test_versions_n_and_n_minus_1_are_refused_after_n(kit, cli, tmp_path, monkeypatch):
    instance = kit.copy_instance(tmp_path / "instance")
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    newer = tmp_path / "n.kbundle"
    newer.write_bytes(kit.good)
    assert cli("update", newer).exit_code == 0
    before = snapshot(instance)
    for replay in (newer, kit.bundle_of(kit.base)):
        result = cli("update", replay)
        assert result.exit_code == 1
        assert "[not_newer]" in result.output
    assert snapshot(instance) == before
    assert store.installed_version(instance) == kit.base + 1


def test_update_installs_live_keeps_the_last_good_version_and_rollback_returns_to_it(
    kit, cli, tmp_path, monkeypatch
):
    instance = kit.copy_instance(tmp_path / "instance")
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    assert client.get("/api/v1/health").get_json()["content_version"] == kit.base
    newer = tmp_path / "n.kbundle"
    newer.write_bytes(kit.good)
    assert "installed content version" in cli("update", newer).output
    assert client.get("/api/v1/health").get_json()["content_version"] == kit.base + 1
    assert cli("rollback").exit_code == 0
    assert client.get("/api/v1/health").get_json()["content_version"] == kit.base
    assert "no earlier content version" in cli("rollback").output
    again = cli("update", newer)  # the same stick plugged in again does not undo the rollback
    assert again.exit_code == 1 and "[rolled_back]" in again.output
    assert client.get("/api/v1/health").get_json()["content_version"] == kit.base


@pytest.mark.parametrize("clock", [dt.date(1970, 1, 1), dt.date(2026, 11, 20)], ids=["1970", "before-issue"])
def test_a_signed_bundle_installs_whatever_the_clock_says_and_the_pages_say_check_the_clock(
    kit, cli, tmp_path, monkeypatch, clock
):
    """A Pi with no battery clock boots in 1970 or at its last shutdown: the signed content's dates are
    then "in the future", which is no reason to refuse it (issue 18, item 5)."""
    monkeypatch.setattr(freshness, "today", lambda: clock)
    instance = kit.copy_instance(tmp_path / "instance")
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    newer = tmp_path / "n.kbundle"
    newer.write_bytes(kit.good)
    result = cli("update", newer)
    assert result.exit_code == 0, result.output
    assert store.installed_version(instance) == kit.base + 1
    assert freshness.seen_issued_on(instance) == "2026-11-25"
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    health = client.get("/api/v1/health").get_json()
    assert health["clock"] == {"today": clock.isoformat(), "behind": True, "at_least": "2026-11-25"}
    assert health["stale"] is False
    assert "The clock on this kiosk looks wrong." in client.get("/en/").get_data(as_text=True)


@pytest.mark.parametrize("free_kib", [700, 150])
def test_a_full_disk_during_an_update_is_one_line_leaves_nothing_behind_and_the_old_content_serves(
    kit, tmp_path, free_kib
):
    """The instance on a small file system of its own with ``free_kib`` left (700 KB: the unpacked tree
    fits and the database does not; 150 KB: not even the tree fits) (issue 18, item 12)."""
    fs = tmp_path / "card"
    fs.mkdir()
    newer = tmp_path / "n.kbundle"
    newer.write_bytes(kit.good)
    done = in_namespace(
        f"""mount -t tmpfs -o size=64m kiosk-test '{fs}' && cp -a '{kit.instance}/.' '{fs}/' || exit 90
used=$(df -k --output=used '{fs}' | tail -n 1)
mount -o remount,size=$((used + {free_kib}))k '{fs}' || exit 91
KIOSK_INSTANCE='{fs}' $KIOSK update '{newer}'; echo "rc=$?"
echo "left: $(ls -A '{fs}' '{fs}/content' | tr '\\n' ' ')"
KIOSK_INSTANCE='{fs}' $KIOSK serve --get /api/v1/health
"""
    )
    out, err = done.stdout, done.stderr
    assert "rc=1" in out, out + err
    assert "Traceback" not in err, err
    refusal = [line for line in err.splitlines() if line.startswith("Error:")]
    what = f"content version {kit.base + 1}" if free_kib > 400 else "the update"
    assert refusal == [
        f"Error: update refused (content version {kit.base} still serving): {what} could not be written: "
        "the device's storage is full; nothing changed"
    ], err
    assert ".staging-" not in out and ".update " not in out and ".update\n" not in out, out
    assert f'"content_version": {kit.base}' in out.replace(
        f'"content_version":{kit.base}', f'"content_version": {kit.base}'
    )


def test_a_damaged_current_version_is_repaired_by_installing_the_same_bundle_again(
    kit, cli, tmp_path, monkeypatch
):
    """The card damaged the newest version: the kiosk serves the one before, and plugging the same stick in
    again installs that version afresh (issue 18, item 8)."""
    instance = kit.copy_instance(tmp_path / "instance")
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    newer = tmp_path / "n.kbundle"
    newer.write_bytes(kit.good)
    assert cli("update", newer).exit_code == 0
    (store.current_dir(instance) / "content.db").write_bytes(b"")
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    health = client.get("/api/v1/health").get_json()
    assert (health["status"], health["content_version"]) == ("degraded", kit.base)
    again = cli("update", newer)
    assert again.exit_code == 0, again.output
    health = client.get("/api/v1/health").get_json()
    assert (health["status"], health["content_version"], health["damaged"]) == ("ok", kit.base + 1, None)
    assert [p.name for p in store.versions(instance)] == [str(kit.base), f"{kit.base + 1}.1"]


def test_an_update_with_no_trusted_key_says_how_to_trust_one(kit, cli, tmp_path, monkeypatch):
    instance = kit.copy_instance(tmp_path / "instance")
    shutil.rmtree(instance / keys.TRUSTED_DIR)
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    newer = tmp_path / "n.kbundle"
    newer.write_bytes(kit.good)
    result = cli("update", newer)
    assert result.exit_code == 1 and "kiosk trust" in result.output


def test_keygen_trust_bundle_update_from_the_command_line(cli, instance, tmp_path):
    assert cli("keygen", tmp_path / "keys", "--name", "mrc").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == ["mrc.key", "mrc.pub"]
    assert cli("trust", tmp_path / "keys" / "mrc.pub").exit_code == 0
    out = tmp_path / "c.kbundle"
    made = cli("bundle", "--key", tmp_path / "keys" / "mrc.key", "--content", CONTENT, "--out", out)
    assert made.exit_code == 0, made.output
    assert cli("update", out).exit_code == 0
    assert store.installed_version(instance) is not None


def test_bundle_refuses_invalid_content_and_writes_nothing(cli, tmp_path, small_content):
    cli("keygen", tmp_path / "keys")
    (small_content / "manifest.yaml").write_text("version: x\n")
    result = cli(
        "bundle",
        "--key",
        tmp_path / "keys" / "publisher.key",
        "--content",
        small_content,
        "--out",
        tmp_path / "x.kbundle",
    )
    assert result.exit_code == 1 and "manifest.yaml" in result.output
    assert list(tmp_path.glob("x.kbundle*")) == []


# kill -9


def update_process(instance: Path, path: Path, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "update", str(path)],
        env=dict(os.environ, KIOSK_INSTANCE=str(instance), **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def serving_problems(instance: Path, client, allowed: set[int]) -> list[str]:
    """What is wrong with the instance after a kill: `current` incomplete, a damaged database, no answer."""
    folder = store.current_dir(instance)
    if folder is None:
        return ["current does not point at a complete version"]
    problems = []
    with sqlite3.connect(f"file:{folder / 'content.db'}?mode=ro", uri=True) as conn:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append(f"{folder.name}: integrity_check failed")
    conn.close()
    health = client.get("/api/v1/health")
    if health.status_code != 200 or health.get_json()["content_version"] not in allowed:
        problems.append(f"health {health.status_code} {health.get_data(as_text=True)[:100]}")
    if client.get("/vi/").status_code != 200 or client.get("/api/v1/search?q=visa").status_code != 200:
        problems.append("a page or search did not answer 200")
    return problems


def leftovers(instance: Path) -> list[str]:
    root = store.content_root(instance)
    names = [p.name for p in root.iterdir() if p.name.startswith((".staging-", ".current-"))]
    return names + ([updates.WORK_DIR] if (instance / updates.WORK_DIR).exists() else [])


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_kill_9_at_a_named_step_leaves_a_complete_version_and_the_next_update_cleans_up(kit, tmp_path, step):
    instance = kit.copy_instance(tmp_path / "instance")
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    newer = tmp_path / "n.kbundle"
    newer.write_bytes(kit.good)
    proc = update_process(instance, newer, **{store.PAUSE_ENV: step})
    _, status = os.waitpid(proc.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"the update never reached {step}"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    switched = STEPS.index(step) >= STEPS.index("switched")
    assert serving_problems(instance, client, {kit.base + 1 if switched else kit.base}) == []
    if not switched:
        updates.install(instance, newer)
    else:
        updates.install(instance, kit.bundle_of(kit.base + 2))
    assert leftovers(instance) == []
    assert serving_problems(instance, client, {kit.base + 1, kit.base + 2}) == []


@pytest.mark.slow
def test_two_updates_at_once_install_once_and_the_other_is_refused(kit, tmp_path):
    instance = kit.copy_instance(tmp_path / "instance")
    newer = tmp_path / "n.kbundle"
    newer.write_bytes(kit.good)
    procs = [update_process(instance, newer) for _ in range(2)]
    assert sorted(p.wait() for p in procs) == [0, 1]
    assert store.installed_version(instance) == kit.base + 1
    assert leftovers(instance) == []


def kill_rounds(kit: Kit, instance: Path, rounds: int, seed: int) -> tuple[list[str], dict[str, int], float]:
    """Start `kiosk update`, kill -9 it after a random delay, check the instance; ``rounds`` times."""
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    version = kit.base + 1
    path = instance.parent / f"{instance.name}.kbundle"
    path.write_bytes(kit.good)
    started = time.monotonic()
    assert update_process(instance, path).wait() == 0
    span = (time.monotonic() - started) * 1.3  # the switch is near the end: leave room to land after it
    rng = random.Random(seed)
    problems, outcomes = [], {"old": 0, "new": 0}
    for n in range(rounds):
        installed = store.installed_version(instance)
        if installed == version:
            version += 1
            path = kit.bundle_of(version)
        proc = update_process(instance, path)
        time.sleep(rng.uniform(0, span))
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Keep about a quarter of the moments past the end of an update, however the machine's load drifts.
        span *= 0.97 if finished else 1.01
        outcomes["new" if store.installed_version(instance) == version else "old"] += 1
        problems += [f"round {n}: {p}" for p in serving_problems(instance, client, {installed, version})]
    updates.install(instance, kit.bundle_of(version + 1))
    problems += [f"left behind: {name}" for name in leftovers(instance)]
    return problems, outcomes, span


@pytest.mark.slow
def test_kill_9_at_100_random_moments_always_leaves_a_complete_serving_version(kit, tmp_path):
    rounds = int(os.environ.get("KIOSK_KILL_ROUNDS", "100"))
    instances = [kit.copy_instance(tmp_path / f"instance-{i}") for i in range(2)]
    with ThreadPoolExecutor(2) as pool:  # two instances at once: one per core
        results = list(
            pool.map(kill_rounds, [kit] * 2, instances, [rounds // 2, rounds - rounds // 2], [8, 9])
        )
    problems = [p for r in results for p in r[0]]
    outcomes = {k: sum(r[1][k] for r in results) for k in ("old", "new")}
    print(
        f"kill -9 at {rounds} random moments (window ~{results[0][2]:.1f}s): {outcomes}, {len(problems)} problems"
    )
    assert problems == []
    assert outcomes["old"] and outcomes["new"], "the kills should land both before and after the switch"
