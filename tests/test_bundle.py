"""Signed bundles and publisher keys on their own: making, reading and refusing, without an instance."""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.updates import bundle, keys
from kiosk.updates.bundle import BundleError, Limits


def small_tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


TREE = {
    "manifest.yaml": b"version: 3\n",
    "sources/general.yaml": "- id: x\n  title: Lu\xe1\xba\xadt\n".encode(),
    "agencies.csv": b"id,name\na,An\n",
    "empty.txt": b"",
}


@pytest.fixture
def signer(tmp_path):
    secret_file, public_file = keys.generate(tmp_path / "keys")
    return keys.read_secret(secret_file), keys.read_public(public_file)


def make(tmp_path, secret, files=TREE, name="b.kbundle", version=3, **kwargs):
    tree = small_tree(tmp_path / f"tree-{name}", files)
    out = tmp_path / name
    bundle.create(tree, secret, out, version=version, issued_on="2026-11-25", publisher="Test", **kwargs)
    return out


# Keys


def test_keygen_writes_a_private_key_readable_only_by_its_owner(tmp_path):
    secret_file, public_file = keys.generate(tmp_path / "k", "ngo-2026")
    assert (secret_file.name, public_file.name) == ("ngo-2026.key", "ngo-2026.pub")
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert keys.read_public(public_file).raw == bytes(keys.read_secret(secret_file).verify_key)


def test_keygen_never_overwrites_an_existing_key(tmp_path):
    secret_file, _ = keys.generate(tmp_path)
    before = secret_file.read_bytes()
    with pytest.raises(keys.KeyFileError, match="already exists"):
        keys.generate(tmp_path)
    assert secret_file.read_bytes() == before


@pytest.mark.parametrize("name", ["../evil", "a/b", "", ".hidden", "x" * 65])
def test_keygen_refuses_a_name_that_is_not_a_plain_file_name(tmp_path, name):
    with pytest.raises(keys.KeyFileError):
        keys.generate(tmp_path, name)


def test_trust_is_idempotent_and_keeps_two_keys_of_the_same_name(tmp_path):
    _, first = keys.generate(tmp_path / "a")
    _, second = keys.generate(tmp_path / "b")
    instance = tmp_path / "instance"
    assert keys.trust(instance, first) == keys.trust(instance, first)
    keys.trust(instance, second)
    assert len(keys.trusted(instance)) == 2


def test_trust_refuses_a_secret_key_given_by_mistake(tmp_path):
    secret_file, _ = keys.generate(tmp_path)
    with pytest.raises(keys.KeyFileError, match="public"):
        keys.trust(tmp_path / "instance", secret_file)
    assert not (tmp_path / "instance" / keys.TRUSTED_DIR).exists() or not keys.trusted_files(
        tmp_path / "instance"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "kiosk-ed25519-public",
        "kiosk-ed25519-public !!!",
        "kiosk-ed25519-public AAAA",
        "ssh-ed25519 AAAA x",
    ],
)
def test_a_damaged_public_key_file_is_refused(tmp_path, text):
    path = tmp_path / "bad.pub"
    path.write_text(text)
    with pytest.raises(keys.KeyFileError):
        keys.read_public(path)


def test_a_key_file_written_on_windows_still_reads(tmp_path):
    _, public_file = keys.generate(tmp_path)
    crlf = tmp_path / "crlf.pub"
    crlf.write_bytes(public_file.read_bytes().replace(b"\n", b"\r\n"))
    assert keys.read_public(crlf).raw == keys.read_public(public_file).raw


def test_verify_names_the_missing_trust_when_no_key_is_trusted(signer):
    secret, _ = signer
    with pytest.raises(keys.SignatureError, match="kiosk trust"):
        keys.verify([], b"data", keys.sign(secret, b"data"))


# Bundles


def test_a_bundle_round_trips_every_byte(tmp_path, signer):
    secret, public = signer
    out = make(tmp_path, secret)
    verified = bundle.unpack(out, [public], tmp_path / "out")
    assert verified.key == public
    assert verified.manifest.version == 3
    for rel, data in TREE.items():
        assert (tmp_path / "out" / rel).read_bytes() == data


def test_the_manifest_lists_size_and_sha256_of_every_file(tmp_path, signer):
    secret, public = signer
    manifest = bundle.unpack(make(tmp_path, secret), [public]).manifest
    assert {f.path: f.size for f in manifest.files} == {k: len(v) for k, v in TREE.items()}
    assert all(len(f.sha256) == 64 for f in manifest.files)
    assert manifest.key == public.fingerprint


def test_the_same_content_makes_the_same_bundle_bytes(tmp_path, signer):
    secret, _ = signer
    assert make(tmp_path, secret, name="a.kbundle").read_bytes() == make(tmp_path, secret).read_bytes()


def test_a_bundle_is_one_plain_zip_with_manifest_signature_and_content(tmp_path, signer):
    secret, _ = signer
    with zipfile.ZipFile(make(tmp_path, secret)) as zf:
        names = set(zf.namelist())
    assert names == {"bundle.json", "bundle.sig"} | {f"content/{p}" for p in TREE}


def test_hidden_files_and_caches_are_left_out(tmp_path, signer):
    secret, public = signer
    files = dict(TREE, **{".git/config": b"x", "sources/.DS_Store": b"x", "__pycache__/a.pyc": b"x"})
    manifest = bundle.unpack(make(tmp_path, secret, files), [public]).manifest
    assert {f.path for f in manifest.files} == set(TREE)


def test_a_content_tree_with_a_link_is_not_bundled(tmp_path, signer):
    secret, _ = signer
    tree = small_tree(tmp_path / "tree", TREE)
    os.symlink("/etc/passwd", tree / "sources" / "passwd.yaml")
    with pytest.raises(BundleError) as err:
        bundle.create(tree, secret, tmp_path / "x.kbundle", version=1, issued_on="2026-01-01", publisher="")
    assert err.value.code == "symlink"
    assert not (tmp_path / "x.kbundle").exists() and not (tmp_path / "x.kbundle.part").exists()


def test_a_linked_folder_in_the_content_tree_is_not_bundled(tmp_path, signer):
    secret, _ = signer
    tree = small_tree(tmp_path / "tree", TREE)
    os.symlink(tmp_path, tree / "elsewhere")
    with pytest.raises(BundleError, match="link"):
        bundle.create(tree, secret, tmp_path / "x.kbundle", version=1, issued_on="2026-01-01", publisher="")


def test_a_special_file_in_the_content_tree_is_not_bundled(tmp_path, signer):
    secret, _ = signer
    tree = small_tree(tmp_path / "tree", TREE)
    os.mkfifo(tree / "sources" / "pipe.yaml")
    with pytest.raises(BundleError) as err:
        bundle.create(tree, secret, tmp_path / "x.kbundle", version=1, issued_on="2026-01-01", publisher="")
    assert err.value.code == "unsafe_path"


def test_content_over_the_limits_is_not_bundled(tmp_path, signer):
    secret, _ = signer
    with pytest.raises(BundleError) as err:
        make(tmp_path, secret, limits=Limits(file_bytes=10))
    assert err.value.code == "too_large"


def test_unpack_refuses_to_overwrite_anything_in_its_target(tmp_path, signer):
    secret, public = signer
    target = tmp_path / "out"
    target.mkdir()
    os.symlink("/tmp/e1-should-never-exist", target / "agencies.csv")
    with pytest.raises(FileExistsError):
        bundle.unpack(make(tmp_path, secret), [public], target)
    assert not Path("/tmp/e1-should-never-exist").exists()


def test_checking_without_a_target_writes_nothing(tmp_path, signer):
    secret, public = signer
    out = make(tmp_path, secret)
    before = sorted(p.name for p in tmp_path.iterdir())
    bundle.unpack(out, [public])
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_bundle_signed_by_a_rotated_key_is_accepted_while_both_are_trusted(tmp_path, signer):
    secret, public = signer
    new_secret_file, new_public_file = keys.generate(tmp_path / "new")
    out = make(tmp_path, keys.read_secret(new_secret_file))
    assert bundle.unpack(out, [public, keys.read_public(new_public_file)]).key.raw != public.raw
    with pytest.raises(BundleError, match="does not match"):
        bundle.unpack(out, [public])


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/etc/passwd",
        "../x",
        "a/../../x",
        "a/./b",
        "a//b",
        "a/",
        "C:/x",
        "a\\..\\x",
        "a\x00b",
        "a\nb",
        "x" * 256,
    ],
)
def test_unsafe_paths_are_refused(path):
    with pytest.raises(BundleError) as err:
        bundle.check_path(path)
    assert err.value.code == "unsafe_path"


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_an_accepted_path_never_leaves_the_target_folder(path):
    try:
        bundle.check_path(path)
    except BundleError:
        return
    joined = posixpath.normpath(posixpath.join("/target", path))
    assert joined.startswith("/target/") and joined == "/target/" + path


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"not json", "bad_manifest"),
        (b"[]", "bad_manifest"),
        (b'{"format": "other"}', "bad_manifest"),
        (
            b'{"format": "kiosk-bundle-1", "version": true, "issued_on": "2026-01-01", "files": []}',
            "bad_manifest",
        ),
        (b'{"format": "kiosk-bundle-1", "version": 2, "issued_on": "soon", "files": []}', "bad_manifest"),
        (
            b'{"format": "kiosk-bundle-1", "version": 2, "issued_on": "2026-01-01", "files": []}',
            "bad_manifest",
        ),
    ],
)
def test_a_malformed_manifest_is_refused_by_name(raw, code):
    with pytest.raises(BundleError) as err:
        bundle.Manifest.parse(raw)
    assert err.value.code == code


def entry(path, size=1):
    return {"path": path, "size": size, "sha256": "0" * 64}


@pytest.mark.parametrize(
    ("files", "code"),
    [
        ([entry("manifest.yaml"), entry("manifest.yaml")], "bad_manifest"),
        ([entry("sources/a.yaml")], "bad_manifest"),
        ([entry("manifest.yaml"), entry("../x")], "unsafe_path"),
        ([entry("manifest.yaml", 65 * 1024 * 1024)], "too_large"),
        ([entry("manifest.yaml", -1)], "bad_manifest"),
        ([dict(entry("manifest.yaml"), mode=0o777)], "bad_manifest"),
    ],
)
def test_manifest_file_lists_are_checked(files, code):
    raw = json.dumps({"format": bundle.FORMAT, "version": 1, "issued_on": "2026-01-01", "files": files})
    with pytest.raises(BundleError) as err:
        bundle.Manifest.parse(raw.encode())
    assert err.value.code == code


@settings(max_examples=25, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["a.csv", "b/c.yaml", "d/e/f.md"]), st.binary(max_size=3000), max_size=3)
)
def test_any_small_tree_round_trips(tmp_path_factory, files):
    tmp = tmp_path_factory.mktemp("rt")
    secret_file, public_file = keys.generate(tmp / "k")
    out = make(tmp, keys.read_secret(secret_file), dict(files, **{"manifest.yaml": b"version: 1\n"}))
    bundle.unpack(out, [keys.read_public(public_file)], tmp / "out")
    for rel, data in files.items():
        assert (tmp / "out" / rel).read_bytes() == data


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    secret_file, public_file = keys.generate(tmp / "k")
    out = make(tmp, keys.read_secret(secret_file))
    return out.read_bytes(), keys.read_public(public_file), tmp


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_damaged_bundle_is_refused_by_name_or_yields_exactly_the_signed_files(fuzz_target, data):
    good, public, tmp = fuzz_target
    damaged = bytearray(good)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(good) - 1))
        damaged[at] ^= data.draw(st.integers(1, 255))
    path = tmp / "damaged.kbundle"
    path.write_bytes(bytes(damaged))
    target = Path(tempfile.mkdtemp(dir=tmp)) / "out"
    try:
        bundle.unpack(path, [public], target)
        unpacked = {
            p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()
        }
    except BundleError:
        return
    finally:
        shutil.rmtree(target.parent)
    assert unpacked == TREE


# Hostile files and archives refused before they cost time or memory (issue 18, items 9, 10 and 13)


def finishes(call, seconds: float = 10.0):
    """Run ``call`` in a thread; return what it raised, or fail if it is still running after ``seconds``
    (a named pipe once blocked ``kiosk update`` for ever)."""
    import threading

    box = {}

    def run():
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["exc"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    return box.get("exc")


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder"])
def test_only_a_regular_file_is_a_bundle_and_anything_else_is_refused_at_once(tmp_path, signer, kind):
    path = {"dev-zero": Path("/dev/zero"), "fifo": tmp_path / "pipe.kbundle", "folder": tmp_path / "d"}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    try:
        exc = finishes(lambda: bundle.unpack(path, [signer[1]], tmp_path / "out"))
    finally:
        if kind == "fifo":
            path.unlink()  # a pipe left in the temporary folder would hang whatever reads it later
    assert isinstance(exc, BundleError) and exc.code == "not_a_bundle", exc
    assert "not a regular file" in str(exc)


def raw_zip(count: int) -> bytes:
    """A real zip of ``count`` empty stored members, written directly (zipfile takes minutes for this)."""
    import struct

    local, central = bytearray(), bytearray()
    for i in range(count):
        name = f"content/{i:07d}".encode()
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, len(local)
        )
        central += name
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
    count16 = min(count, 0xFFFF)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count16, count16, len(central), len(local), 0)
    return bytes(local + central + end)


def test_a_zip_listing_60000_members_is_refused_by_its_end_record_before_its_directory_is_read(
    tmp_path, signer
):
    import tracemalloc

    path = tmp_path / "many.kbundle"
    path.write_bytes(raw_zip(60_000))
    assert len(zipfile.ZipFile(path).infolist()) == 60_000  # a real zip, as zipfile reads it
    tracemalloc.start()
    try:
        with pytest.raises(BundleError) as err:
            bundle.unpack(path, [signer[1]])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.code == "too_large"
    assert "refused before reading it" in str(err.value)
    assert peak < 2 * 1024 * 1024, f"{peak} bytes held while refusing"


def test_a_zip64_end_record_claiming_millions_of_members_is_refused_without_reading_them(tmp_path, signer):
    import struct

    small = raw_zip(3)
    cd_start = small.index(b"PK\x01\x02")
    directory = small[cd_start : small.index(b"PK\x05\x06")]
    eocd64_at = len(small) - 22
    record = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 2_600_000, 2_600_000, 130_000_000, cd_start
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, eocd64_at, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    path = tmp_path / "claims.kbundle"
    path.write_bytes(small[:cd_start] + directory + record + locator + end)
    with pytest.raises(BundleError) as err:
        bundle.unpack(path, [signer[1]])
    assert err.value.code == "too_large" and "2600000 members in 130000000 bytes" in str(err.value)


@pytest.mark.parametrize(
    "nested", [b"[" * 60_000, b'{"a":' * 60_000, b'{"format": ' + b"[" * 5000 + b"]" * 5000 + b"}"]
)
def test_a_deeply_nested_signed_manifest_is_refused_cleanly(tmp_path, signer, nested):
    """Signed by a trusted key (the signature is checked before the manifest is parsed), yet no
    RecursionError traceback: a clean refusal."""
    secret, public = signer
    path = tmp_path / "nested.kbundle"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(bundle.MANIFEST, nested)
        zf.writestr(bundle.SIGNATURE, keys.sign(secret, nested))
    exc = finishes(lambda: bundle.unpack(path, [public]))
    assert isinstance(exc, BundleError) and exc.code == "bad_manifest", repr(exc)
