"""Signed content bundles (``.kbundle``): the ``content/`` tree in one zip file an NGO can carry on a stick.

Members: ``bundle.json`` (the manifest: format, content version, issue date, publisher, the signing key's
fingerprint, and the path, size and SHA-256 of every content file), ``bundle.sig`` (a detached Ed25519
signature of the manifest's exact bytes) and ``content/<path>`` for each file. Checking trusts nothing in
the archive until the signature verifies against the device's keys, and then nothing beyond the signed
manifest: the member names must be exactly the manifest's, each member must measure and hash as signed,
and no member is ever read past its signed size, so a lying zip header or a zip bomb cannot make the
device read more than :class:`Limits` allows. Links, absolute paths and ``..`` are refused outright.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nacl.signing import SigningKey

from . import jsonlimits, keys

FORMAT = "kiosk-bundle-1"
MANIFEST = "bundle.json"
SIGNATURE = "bundle.sig"
PREFIX = "content/"
SUFFIX = ".kbundle"
CONTENT_MANIFEST = "manifest.yaml"
_MIB = 1024 * 1024
MANIFEST_DEPTH = 8  # a manifest is nested 3 deep: {"files": [{...}]}
_CHUNK = 256 * 1024
_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed member dates: the same content always makes the same bytes
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f:\\]")  # control characters, drive letters, Windows separators
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What reading a damaged archive can raise (a bad offset gives OSError or ValueError from a seek). Only
# reads are wrapped, so a full disk while unpacking stays an OSError rather than "not a bundle".
_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    OSError,
    ValueError,
)


@dataclass(frozen=True)
class Limits:
    """Upper bounds a bundle must stay within; far above real content (a few MB), far below a Pi's card."""

    bundle_bytes: int = 256 * _MIB
    files: int = 20_000
    file_bytes: int = 64 * _MIB
    total_bytes: int = 512 * _MIB
    manifest_bytes: int = 8 * _MIB
    directory_bytes: int = 4 * _MIB  # the zip's central directory: ~100 bytes a file


DEFAULT_LIMITS = Limits()


class BundleError(Exception):
    """A bundle cannot be made or is refused. ``code`` names the reason for tools and tests:

    ``not_a_bundle``, ``unsafe_path``, ``symlink``, ``unsupported``, ``duplicate_member``, ``too_large``,
    ``bad_signature``, ``bad_manifest``, ``not_newer``, ``missing_file``, ``extra_file``, ``size_mismatch``,
    ``hash_mismatch``, ``rolled_back`` (the version was rolled back on this kiosk).
    """

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to content/, POSIX separators
    size: int  # bytes
    sha256: str  # lowercase hex


@dataclass(frozen=True)
class Manifest:
    version: int
    issued_on: str  # YYYY-MM-DD, from the content's own manifest
    publisher: str
    key: str  # fingerprint of the signing key, so a refusal can say which key signed
    files: tuple[FileEntry, ...]

    def to_bytes(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": self.version,
            "issued_on": self.issued_on,
            "publisher": self.publisher,
            "key": self.key,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def parse(cls, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> Manifest:
        """:raise BundleError: ``bad_manifest``, ``unsafe_path`` or ``too_large``."""
        try:
            raw.decode("utf-8")
            data = jsonlimits.loads(raw, max_bytes=limits.manifest_bytes, max_depth=MANIFEST_DEPTH)
        except jsonlimits.JSONLimitError as exc:
            raise BundleError(
                "bad_manifest", f"the bundle manifest is not in the {FORMAT} format ({exc})"
            ) from None
        except (UnicodeDecodeError, ValueError):
            raise BundleError("bad_manifest", "the bundle manifest is not valid JSON") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BundleError("bad_manifest", f"the bundle manifest is not in the {FORMAT} format")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise BundleError("bad_manifest", "the bundle manifest has no whole-number version")
        issued = data.get("issued_on")
        if not isinstance(issued, str) or not _DATE.match(issued):
            raise BundleError("bad_manifest", "the bundle manifest has no issue date (YYYY-MM-DD)")
        files = data.get("files")
        if not isinstance(files, list) or not files:
            raise BundleError("bad_manifest", "the bundle manifest lists no files")
        entries = tuple(_entry(item) for item in files)
        check_entries(entries, limits)
        return cls(version, issued, str(data.get("publisher", "")), str(data.get("key", "")), entries)


@dataclass(frozen=True)
class Verified:
    """A bundle that passed every check: what it holds and which trusted key signed it."""

    manifest: Manifest
    key: keys.PublicKey


def _entry(item: object) -> FileEntry:
    if not isinstance(item, dict) or set(item) != {"path", "size", "sha256"}:
        raise BundleError("bad_manifest", "each file in the manifest has exactly path, size and sha256")
    path, size, digest = item["path"], item["size"], item["sha256"]
    if not isinstance(path, str) or not isinstance(digest, str) or not _SHA256.match(digest):
        raise BundleError("bad_manifest", f"file {path!r}: bad path or sha256 in the manifest")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise BundleError("bad_manifest", f"file {path!r}: bad size in the manifest")
    return FileEntry(path, size, digest)


def check_entries(entries: tuple[FileEntry, ...], limits: Limits) -> None:
    """Paths safe and unique, the content manifest present, and every size within the limits."""
    seen: set[str] = set()
    for entry in entries:
        check_path(entry.path)
        if entry.path in seen:
            raise BundleError("bad_manifest", f"{entry.path} is listed twice in the manifest")
        seen.add(entry.path)
        if entry.size > limits.file_bytes:
            raise BundleError("too_large", f"{entry.path} is {entry.size} bytes (limit {limits.file_bytes})")
    if CONTENT_MANIFEST not in seen:
        raise BundleError("bad_manifest", f"the bundle holds no {CONTENT_MANIFEST}")
    if len(entries) > limits.files:
        raise BundleError("too_large", f"the bundle holds {len(entries)} files (limit {limits.files})")
    total = sum(e.size for e in entries)
    if total > limits.total_bytes:
        raise BundleError("too_large", f"the bundle unpacks to {total} bytes (limit {limits.total_bytes})")


def check_path(path: str) -> str:
    """A relative POSIX path with plain parts; anything that could escape the target folder is refused."""
    parts = path.split("/")
    if (
        not path
        or len(path) > 1024
        or path.startswith("/")
        or _BAD_CHARS.search(path)
        or any(p in ("", ".", "..") or len(p.encode("utf-8")) > 255 for p in parts)
    ):
        raise BundleError("unsafe_path", f"unsafe path in the bundle: {path!r}")
    return path


def collect(content: Path) -> list[tuple[str, Path]]:
    """The files of a content tree, sorted, skipping hidden names and ``__pycache__``.

    :raise BundleError: a link or special file in the tree (a bundle carries regular files only).
    """
    content = Path(content)
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(content):  # never follows linked folders
        dirnames[:] = [d for d in dirnames if not _skipped(d)]
        for name in dirnames + [f for f in filenames if not _skipped(f)]:
            path = Path(dirpath) / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise BundleError("symlink", f"{path} is a link; a bundle carries regular files only")
            if stat.S_ISREG(mode):
                found.append((check_path(path.relative_to(content).as_posix()), path))
            elif not stat.S_ISDIR(mode):
                raise BundleError("unsafe_path", f"{path} is not a regular file")
    return sorted(found)


def _skipped(name: str) -> bool:
    return name.startswith(".") or name == "__pycache__"


def create(
    content: Path,
    secret: SigningKey,
    out: Path,
    *,
    version: int,
    issued_on: str,
    publisher: str,
    limits: Limits = DEFAULT_LIMITS,
) -> Manifest:
    """Write a signed bundle of ``content`` to ``out`` (via a ``.part`` file, renamed when complete).

    Each file is hashed while it is copied, so the manifest describes exactly the bytes in the archive.
    :raise BundleError: the tree holds links or unsafe names, or exceeds ``limits``.
    """
    files = collect(content)
    out = Path(out)
    part = out.with_name(out.name + ".part")
    entries = []
    try:
        with zipfile.ZipFile(part, "w") as zf:
            for rel, path in files:
                entries.append(_add_file(zf, rel, path))
            signer = keys.public_of(secret)
            manifest = Manifest(version, issued_on, publisher, signer.fingerprint, tuple(entries))
            check_entries(manifest.files, limits)
            raw = manifest.to_bytes()
            _add_bytes(zf, MANIFEST, raw)
            _add_bytes(zf, SIGNATURE, keys.sign(secret, raw))
        if part.stat().st_size > limits.bundle_bytes:
            raise BundleError("too_large", f"the bundle would be {part.stat().st_size} bytes")
        _fsync(part)
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
    return manifest


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def _add_file(zf: zipfile.ZipFile, rel: str, path: Path) -> FileEntry:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as src, zf.open(_info(PREFIX + rel), "w") as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    return FileEntry(rel, size, digest.hexdigest())


def _add_bytes(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    zf.writestr(_info(name), data)


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def unpack(
    bundle: Path,
    trusted: list[keys.PublicKey],
    dest: Path | None = None,
    *,
    newer_than: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Verified:
    """Check ``bundle`` completely and, with ``dest`` (a new, empty folder), write its content tree there.

    The version is checked against ``newer_than`` as soon as the signature holds, before any file is read.
    On any refusal ``dest`` may hold part of the tree; the caller discards it.
    :raise BundleError: the reason is in ``code`` (see :class:`BundleError`).
    """
    bundle = Path(bundle)
    with _open_regular(bundle) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limits.bundle_bytes:
            raise BundleError("too_large", f"the bundle is {size} bytes (limit {limits.bundle_bytes})")
        check_directory(fh, size, limits)
        try:
            zf = zipfile.ZipFile(fh)
        except _READ_ERRORS as exc:
            raise BundleError("not_a_bundle", f"the file is damaged or not a kiosk bundle ({exc})") from None
        with zf:
            return _unpack(zf, trusted, dest, newer_than, limits)


def _open_regular(path: Path):
    """Open ``path`` for reading only if it is a regular file: ``/dev/zero`` never ends and a named pipe
    blocks for ever, so both are refused at once (checked before opening, and again on what was opened,
    without blocking on a pipe).

    :raise BundleError: ``not_a_bundle``.
    """
    try:
        before = os.stat(path)
        if stat.S_ISREG(before.st_mode):
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise BundleError("not_a_bundle", f"cannot read {path}: {exc.strerror}") from None
    if not stat.S_ISREG(before.st_mode):
        raise BundleError("not_a_bundle", f"{path} is not a regular file; a bundle is a .kbundle file")
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        fh.close()
        raise BundleError("not_a_bundle", f"{path} is not a regular file; a bundle is a .kbundle file")
    return fh


_EOCD = struct.Struct("<4s4H2LH")  # end of central directory: signature ... entries, size, offset, comment
_EOCD_SIGNATURE = b"PK\x05\x06"
_LOCATOR = struct.Struct("<4sLQL")  # zip64 end of central directory locator
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # zip64 end of central directory record
_TAIL = _EOCD.size + 0xFFFF  # the record and the longest comment a zip may have


def check_directory(fh, size: int, limits: Limits) -> None:
    """Refuse a zip whose central directory (as its end record says) lists more members or takes more bytes
    than a bundle may, before anything reads that directory: Python's zipfile keeps an object for every
    entry, and 2.6 million entries took 1.36 GiB and 13 s. Reads at most the last 64 KiB and one zip64
    record; a damaged record is left to zipfile to refuse.

    :raise BundleError: ``too_large``.
    """
    try:
        fh.seek(max(0, size - _TAIL))
        tail = fh.read(_TAIL)
        at = tail.rfind(_EOCD_SIGNATURE, 0, max(0, len(tail) - _EOCD.size + 4))
        if at < 0:
            return
        entries, directory = _EOCD.unpack_from(tail, at)[4:6]
        if at >= _LOCATOR.size:
            signature, _disk, offset, _disks = _LOCATOR.unpack_from(tail, at - _LOCATOR.size)
            if signature == b"PK\x06\x07" and offset + _EOCD64.size <= size:
                fh.seek(offset)
                record = fh.read(_EOCD64.size)
                if len(record) == _EOCD64.size and record[:4] == b"PK\x06\x06":
                    count64, directory64 = _EOCD64.unpack(record)[7:9]
                    # 0xFFFF and 0xFFFFFFFF in the short record only say "see the zip64 record"
                    entries = count64 if entries == 0xFFFF else max(entries, count64)
                    directory = directory64 if directory == 0xFFFFFFFF else max(directory, directory64)
    except OSError:
        return
    if entries > limits.files + 2 or directory > limits.directory_bytes:
        raise BundleError(
            "too_large",
            f"the bundle's directory lists {entries} members in {directory} bytes "
            f"(limit {limits.files} files, {limits.directory_bytes} bytes): refused before reading it",
        )


def _unpack(zf, trusted, dest, newer_than, limits) -> Verified:
    members = _members(zf, limits)
    for name in (MANIFEST, SIGNATURE):
        if name not in members:
            raise BundleError("not_a_bundle", f"the file is not a kiosk bundle (no {name})")
    raw = _read_all(zf, members[MANIFEST], limits.manifest_bytes)
    signature = _read_all(zf, members[SIGNATURE], 64)
    try:
        key = keys.verify(trusted, raw, signature)
    except keys.SignatureError as exc:
        raise BundleError("bad_signature", str(exc)) from None
    manifest = Manifest.parse(raw, limits)
    if newer_than is not None and manifest.version <= newer_than:
        raise BundleError(
            "not_newer",
            f"bundle version {manifest.version} is not newer than the installed version {newer_than}",
        )
    expected = {PREFIX + f.path: f for f in manifest.files}
    _same_names(set(expected), set(members) - {MANIFEST, SIGNATURE})
    for name, entry in expected.items():
        _copy(zf, members[name], entry, None if dest is None else Path(dest) / entry.path)
    return Verified(manifest, key)


def _members(zf: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > limits.files + 2:
        raise BundleError("too_large", f"the bundle holds {len(infos)} members (limit {limits.files})")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.orig_filename  # zipfile rewrites '\\' to '/' in .filename on some systems
        check_path(name)
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            raise BundleError("symlink", f"{name} is a link; a bundle carries regular files only")
        if kind not in (0, stat.S_IFREG):
            raise BundleError("unsafe_path", f"{name} is not a regular file")
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError("unsupported", f"{name} is encrypted or compressed in an unsupported way")
        if name in members:
            raise BundleError("duplicate_member", f"{name} appears twice in the bundle")
        members[name] = info
    return members


def _same_names(expected: set[str], present: set[str]) -> None:
    missing, extra = sorted(expected - present), sorted(present - expected)
    parts = [f"missing {_few(missing)}"] if missing else []
    parts += [f"not in the signed manifest: {_few(extra)}"] if extra else []
    if parts:
        raise BundleError("missing_file" if missing else "extra_file", "; ".join(parts))


def _few(names: list[str]) -> str:
    return ", ".join(names[:3]) + (" …" if len(names) > 3 else "")


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> Iterator[bytes]:
    """The member's bytes, refusing before reading more than ``cap`` (its header may lie)."""
    if info.file_size > cap:
        raise BundleError("too_large", f"{info.orig_filename} is {info.file_size} bytes, over the limit")
    read = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(min(_CHUNK, cap + 1 - read)):
                read += len(chunk)
                if read > cap:
                    raise BundleError("too_large", f"{info.orig_filename} is larger than allowed")
                yield chunk
    except _READ_ERRORS as exc:
        raise BundleError("not_a_bundle", f"{info.orig_filename} is damaged ({exc})") from None


def _read_all(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    return b"".join(_chunks(zf, info, cap))


def _copy(zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: FileEntry, target: Path | None) -> None:
    if info.file_size != entry.size:
        raise BundleError(
            "size_mismatch",
            f"{entry.path} was changed after it was signed ({info.file_size} bytes, signed as {entry.size})",
        )
    digest, size = hashlib.sha256(), 0
    out = None
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644), "wb")
    try:
        for chunk in _chunks(zf, info, entry.size):
            digest.update(chunk)
            size += len(chunk)
            if out:
                out.write(chunk)
    finally:
        if out:
            out.close()
    if size != entry.size:
        raise BundleError(
            "size_mismatch",
            f"{entry.path} was changed after it was signed ({size} bytes, signed as {entry.size})",
        )
    if digest.hexdigest() != entry.sha256:
        raise BundleError("hash_mismatch", f"{entry.path} was changed after it was signed")
