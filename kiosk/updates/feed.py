"""Content updates over the network: a static feed any web server can host, and the kiosk side that pulls.

A feed folder holds signed bundles (``kiosk bundle`` files, named by version and hash so they never change
once written) and ``index.json``: a small document naming the latest bundle, its size and SHA-256, signed
with the publisher's Ed25519 key. A kiosk trusts only its own keys, never the transport: the index must be
signed by a trusted key, the bundle must have the size and hash the index names, the bundle's own signature
is checked again on install, and a version is installed only when it is newer than the installed one.
An index older than one this kiosk already accepted (a mirror replaying an old feed) is refused.

Bandwidth: a check is one conditional GET of the index (a few hundred bytes, or a bare 304); a download
resumes from where it stopped (HTTP Range, see :mod:`kiosk.updates.fetch`), so a dropped mobile connection costs
no bytes twice. Nothing here imports Flask.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import shutil
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from nacl.signing import SigningKey

from ..build import freshness, store
from . import bundle, jsonlimits, keys
from .fetch import Client, FeedError, FeedTamperedError, download, hash_file

INDEX = "index.json"
FORMAT = "kiosk-feed/1"
# Domain separation: an index signature can never be replayed as a bundle-manifest signature, or back.
SIGNING_CONTEXT = b"kiosk-feed-index/1\n"
KEEP_BUNDLES = 3  # the latest and two before it, so a kiosk mid-download when a new one lands can finish
MAX_INDEX_BYTES = 64 * 1024
LOCK_WAIT = 60.0  # seconds a second `update --from` waits for one already running before it gives up
MAX_INDEX_DEPTH = 8  # an index is nested 3 deep: {"signed": {"previous": [...]}}
_BUNDLE_NAME = re.compile(r"^content-v\d+-[0-9a-f]{12}\.kbundle$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FeedRollbackError(FeedError):
    """The index is older than one this kiosk already accepted: a mirror replaying an old feed."""


class FeedBusyError(FeedError):
    """Another update of this kiosk (the timer's or a person's) was still running after :data:`LOCK_WAIT`."""


class PublishError(Exception):
    """``kiosk publish`` refused: e.g. the version is not newer than the one the feed already offers."""


@dataclass(frozen=True)
class FeedIndex:
    """What the signed index says. ``published_at`` orders indexes of the same version."""

    version: int
    issued_on: str
    published_at: str
    bundle: str
    size: int
    sha256: str
    previous: tuple[str, ...] = ()


@dataclass(frozen=True)
class UpdateOutcome:
    """``status``: ``installed``, ``up_to_date``, ``installed_is_newer`` (content came another way) or
    ``rolled_back`` (the feed offers a version rolled back on this kiosk: it waits for a newer one)."""

    status: str
    version: int
    index: FeedIndex
    requests: int
    bytes_downloaded: int


# --- the index: signing and checking --------------------------------------------------------------------


def _canonical(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_index(index: FeedIndex, key: SigningKey) -> bytes:
    """The bytes of ``index.json``: the fields and a detached signature over their canonical form."""
    fields = asdict(index) | {"format": FORMAT, "previous": list(index.previous)}
    signature = keys.sign(key, SIGNING_CONTEXT + _canonical(fields))
    document = {"signed": fields, "signature": base64.b64encode(signature).decode("ascii")}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def read_index(data: bytes, trusted: list[keys.PublicKey]) -> FeedIndex:
    """Check an ``index.json`` against the trusted keys and return what it says.

    The signature covers the canonical form of the fields, so the document is parsed first: its size and
    depth are bounded before that (a hostile feed serving ``[`` × 60000 is refused, not a traceback).

    :raise FeedTamperedError: not JSON, not signed by a trusted key, or fields out of shape.
    """
    try:
        document = jsonlimits.loads(data, max_bytes=MAX_INDEX_BYTES, max_depth=MAX_INDEX_DEPTH)
        fields = document["signed"]
        signature = base64.b64decode(document["signature"], validate=True)
    except jsonlimits.JSONLimitError as exc:
        raise FeedTamperedError(f"the feed index is not a kiosk index ({exc})") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise FeedTamperedError("the feed index is not a signed kiosk index") from exc
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise FeedTamperedError(f"the feed index is not in the {FORMAT} format")
    try:
        keys.verify(trusted, SIGNING_CONTEXT + _canonical(fields), signature)
    except keys.SignatureError as exc:
        raise FeedTamperedError(f"the feed index is refused: {exc}") from exc
    return _index_from(fields)


def _index_from(fields: dict) -> FeedIndex:
    try:
        index = FeedIndex(
            version=fields["version"],
            issued_on=fields["issued_on"],
            published_at=fields["published_at"],
            bundle=fields["bundle"],
            size=fields["size"],
            sha256=fields["sha256"],
            previous=tuple(fields.get("previous", ())),
        )
    except (KeyError, TypeError) as exc:
        raise FeedTamperedError("the feed index lacks a field") from exc
    names = (index.bundle, *index.previous)
    if not (
        all(isinstance(n, str) and _BUNDLE_NAME.match(n) for n in names)
        and isinstance(index.version, int)
        and isinstance(index.size, int)
        and index.size > 0
        and isinstance(index.sha256, str)
        and _SHA256.match(index.sha256)
    ):
        raise FeedTamperedError("the feed index has a field out of shape")
    return index


# --- publishing -----------------------------------------------------------------------------------------


def publish(content: Path, key_file: Path, out: Path, *, now: dt.datetime | None = None) -> FeedIndex:
    """Add the content as a new signed bundle to the feed folder ``out`` and point ``index.json`` at it.

    The bundle is written before the index (each atomically), so a web server or a mirror synced in
    name order never offers an index naming a file it does not have. Bundles beyond :data:`KEEP_BUNDLES`
    are removed.

    :raise PublishError: the version is not newer than the feed's latest.
    :raise KeyFileError, ContentError, BundleError: as :func:`updates.make` (nothing is published).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    key = keys.read_secret(Path(key_file))
    current = _published_index(out, keys.public_of(key))
    tmp = out / f".publishing-{os.getpid()}.kbundle"
    try:
        from . import install as updates  # the build side: loaded only when publishing or installing

        manifest = updates.make(Path(content), Path(key_file), tmp)
        version = manifest.version
        if current and version <= current.version:
            raise PublishError(
                f"the feed already offers version {current.version}; raise `version` in manifest.yaml "
                f"above it to publish (this content is version {version})"
            )
        sha256, size = hash_file(tmp)
        name = f"content-v{version}-{sha256[:12]}.kbundle"
        os.replace(tmp, out / name)
    finally:
        tmp.unlink(missing_ok=True)
    kept = ((current.bundle, *current.previous) if current else ())[: KEEP_BUNDLES - 1]
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    index = FeedIndex(version, manifest.issued_on, stamp, name, size, sha256, tuple(kept))
    _write_atomic(out / INDEX, sign_index(index, key))
    _prune_bundles(out, {name, *kept})
    return index


def _published_index(out: Path, key: keys.PublicKey) -> FeedIndex | None:
    path = out / INDEX
    if not path.exists():
        return None
    try:
        return read_index(path.read_bytes(), [key])
    except FeedTamperedError as exc:
        raise PublishError(
            f"{path} is not an index signed with this key; publish into an empty folder"
        ) from exc


def _prune_bundles(out: Path, keep: set[str]) -> None:
    for path in out.glob("content-v*.kbundle"):
        if path.name not in keep:
            path.unlink()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# --- fetching ---------------------------------------------------------------------------------------------


def index_url(url: str) -> str:
    """The index's URL from a feed URL: the folder (with or without a trailing slash) or the file itself."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FeedError(f"{url!r} is not an http:// or https:// address of a feed")
    if parts.path.endswith(".json"):
        return url
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/" + INDEX))


@dataclass(frozen=True)
class _State:
    """What a kiosk remembers of its feed: the newest index it accepted, the index's HTTP validators, and
    when the feed last answered (UTC, ISO 8601)."""

    index: bytes | None = None
    url: str = ""
    etag: str = ""
    last_modified: str = ""
    checked_at: str = ""


def _feed_dir(instance: Path) -> Path:
    return Path(instance) / "feed"


def _load_state(instance: Path) -> _State:
    try:
        data = json.loads((_feed_dir(instance) / "state.json").read_text(encoding="utf-8"))
        index = data["index"].encode("utf-8")
        return _State(index, data["url"], data["etag"], data["last_modified"], data.get("checked_at", ""))
    except (OSError, ValueError, KeyError, AttributeError):
        return _State()


def _save_state(instance: Path, state: _State) -> None:
    folder = _feed_dir(instance)
    folder.mkdir(parents=True, exist_ok=True)
    data = asdict(state) | {"index": state.index.decode("utf-8") if state.index else None}
    _write_atomic(folder / "state.json", json.dumps(data, indent=1).encode("utf-8"))


def fetch_index(url: str, instance: Path, trusted: list, client: Client) -> FeedIndex:
    """Fetch (or revalidate) the index and check it; remember it when it is the newest seen.

    :raise FeedRollbackError: the index is older than one accepted before.
    :raise FeedTamperedError: it is not signed by a trusted key or is out of shape.
    """
    state = _load_state(instance)
    remembered = _remembered(state, trusted)
    headers = {"Cache-Control": "no-cache"}
    if state.url == url and remembered:
        headers |= {"If-None-Match": state.etag} if state.etag else {}
        headers |= {"If-Modified-Since": state.last_modified} if state.last_modified else {}

    def get():
        with client.open(url, headers) as response:
            if response.status == 304:
                return None, response.headers
            data = response.read(MAX_INDEX_BYTES + 1)
            client.bytes_read += len(data)
            return data, response.headers

    data, got = client.retrying("fetching the feed index", get)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if data is None:
        _save_state(instance, replace(state, checked_at=now))
        return remembered
    if len(data) > MAX_INDEX_BYTES:
        raise FeedTamperedError("the feed index is far larger than an index can be")
    index = read_index(data, trusted)
    if remembered and (index.version, index.published_at) < (remembered.version, remembered.published_at):
        raise FeedRollbackError(
            f"the feed offers version {index.version} published {index.published_at}, older than version "
            f"{remembered.version} published {remembered.published_at} already seen: a mirror may be "
            "replaying an old feed"
        )
    _save_state(instance, _State(data, url, got.get("ETag", ""), got.get("Last-Modified", ""), now))
    freshness.note_issued_on(instance, index.issued_on)  # signed: a lower bound for "now" on this kiosk
    return index


def last_check(instance: Path) -> dict | None:
    """When the feed last answered this kiosk and the version it offered, or None if it never did.

    For the health route: a kiosk whose feed is unreachable, or frozen by a mirror, shows an old date.
    """
    state = _load_state(instance)
    if not state.checked_at:
        return None
    try:
        offered = json.loads(state.index)["signed"]["version"]
    except (TypeError, ValueError, KeyError):
        offered = None
    return {"checked_at": state.checked_at, "offered_version": offered}


def _remembered(state: _State, trusted: list) -> FeedIndex | None:
    if not state.index:
        return None
    try:
        return read_index(state.index, trusted)
    except FeedTamperedError:
        return None  # signed by a key no longer trusted: forget it


def update_from(
    url: str,
    instance: Path,
    *,
    client: Client | None = None,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> UpdateOutcome:
    """Install the feed's latest version when it is newer than the installed one; else change nothing.

    When another update of this kiosk is running, ``on_wait`` is told and this one waits up to ``wait``
    seconds (default :data:`LOCK_WAIT`) for it, then gives up (:class:`FeedBusyError`).

    :raise FeedError: (and subclasses) the feed was unreachable, tampered with, replayed, or busy.
    :raise BundleError, ContentError, NotNewerError: as :func:`updates.install` (nothing changed).
    """
    client = client or Client()
    instance = Path(instance)
    trusted = keys.trusted(instance)
    if not trusted:
        raise FeedError("this kiosk trusts no publisher key yet: run `kiosk trust PUBFILE` first")
    url = index_url(url)
    with _one_at_a_time(instance, LOCK_WAIT if wait is None else wait, on_wait):
        index = fetch_index(url, instance, trusted, client)
        installed = store.serving_version(instance)
        if installed is not None and index.version <= installed:
            status = "up_to_date" if index.version == installed else "installed_is_newer"
            return UpdateOutcome(status, installed, index, client.requests, client.bytes_read)
        if index.version <= max(store.rolled_back(instance), default=0):
            return UpdateOutcome("rolled_back", installed, index, client.requests, client.bytes_read)
        if index.size > bundle.Limits().bundle_bytes:
            raise FeedTamperedError(
                f"the feed offers a {index.size}-byte bundle, beyond what a kiosk accepts"
            )
        folder = _feed_dir(instance) / "downloads"
        path = download(
            urllib.parse.urljoin(url, index.bundle), index.size, index.sha256, folder / index.bundle, client
        )
        try:
            from . import install as updates  # the build side: loaded only when installing

            version = updates.install(instance, path).version
        finally:
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)
    return UpdateOutcome("installed", version, index, client.requests, client.bytes_read)


@contextlib.contextmanager
def _one_at_a_time(instance: Path, wait: float, on_wait: Callable[[str], None] | None):
    """Serialise feed updates on one instance (the timer and a person may start one at the same moment),
    so two never write the same partial download or state file. The second one says it waits, and gives
    up after ``wait`` seconds rather than hang behind a slow download."""
    folder = _feed_dir(instance)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        if not _try_lock(lock):
            if on_wait:
                on_wait(f"another update of this kiosk is running; waiting up to {wait:g} s for it to finish")
            give_up = time.monotonic() + wait
            while not _try_lock(lock):
                if time.monotonic() >= give_up:
                    raise FeedBusyError(
                        f"another update of this kiosk was still running after {wait:g} s (started by the "
                        "timer or by a person); try again once it has finished"
                    )
                time.sleep(min(0.2, max(0.0, give_up - time.monotonic())))
        yield


def _try_lock(lock) -> bool:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
