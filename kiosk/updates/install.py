"""Signed content updates on the build side: make a bundle from a content tree, and install one.

Installing never touches the serving content until the very end: the bundle is checked and unpacked
into ``<instance>/.update/``, then built by the same path as ``kiosk build`` (its own staging folder and
atomic switch of ``current``). One update runs at a time (``<instance>/.update.lock``), and each starts by
removing whatever an interrupted one left behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..build import freshness, store
from ..build import pipeline as build
from . import bundle, keys

WORK_DIR = ".update"
LOCK_FILE = ".update.lock"


def make(content: Path, key_file: Path, out: Path, *, today: dt.date | None = None) -> bundle.Manifest:
    """Check ``content`` as ``kiosk build`` would, then write it signed to ``out``.

    :raise KeyFileError: the key file is not a readable secret key.
    :raise ContentError: the content has problems (nothing is written).
    :raise BundleError: the tree holds links or unsafe names, or is too large.
    """
    secret = keys.read_secret(key_file)
    manifest = build.validate(Path(content), today).records["manifest"]
    return bundle.create(
        Path(content),
        secret,
        Path(out),
        version=manifest["version"],
        issued_on=manifest["issued_on"],
        publisher=manifest["publisher"],
    )


def install(instance: Path, bundle_file: Path, *, today: dt.date | None = None) -> build.BuildResult:
    """Verify ``bundle_file`` against the instance's trusted keys and install it as the current content.

    :raise KeyFileError: a trusted key file is damaged.
    :raise BundleError: the bundle is refused (``code`` says why), including ``not_newer``.
    :raise ContentError: the signed content does not pass validation.
    :raise NotNewerError: a newer version was installed while this one was being checked.
    :raise StoreError: the instance cannot be written (read-only, disk full); nothing changed.

    A date in the signed content that is after the device's clock is no reason to refuse it: a Pi's clock
    may be years behind (see :mod:`kiosk.build.freshness`); the signed issue date is recorded as a lower
    bound for "now" instead.
    """
    instance = Path(instance)
    trusted = keys.trusted(instance)
    try:
        with workspace(instance) as work:
            tree = work / "content"
            newer_than = store.serving_version(instance)
            verified = bundle.unpack(bundle_file, trusted, tree, newer_than=newer_than)
            freshness.note_issued_on(instance, verified.manifest.issued_on)
            undone = max(store.rolled_back(instance), default=0)
            if verified.manifest.version <= undone:
                raise bundle.BundleError(
                    "rolled_back",
                    f"version {verified.manifest.version} was rolled back on this kiosk (`kiosk rollback`); "
                    f"only a version newer than {undone} is installed",
                )
            store.checkpoint("extracted")
            return build.build(tree, instance, today=today, require_newer=True, trust_dates=today is None)
    except OSError as exc:  # unpacking (the bundle's own reads are BundleErrors): a full or read-only disk
        raise store.StoreError(build.write_failure(instance, "the update", exc)) from exc


@contextlib.contextmanager
def workspace(instance: Path) -> Iterator[Path]:
    """An empty ``<instance>/.update/`` held under the update lock, removed afterwards."""
    instance.mkdir(parents=True, exist_ok=True)
    with open(instance / LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        work = instance / WORK_DIR
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        try:
            yield work
        finally:
            shutil.rmtree(work, ignore_errors=True)
