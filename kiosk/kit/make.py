"""Make the install kit (``kiosk kit``) on the publisher's Debian or Ubuntu computer, which has internet.

Layout of the kit folder (copy it to the top of a USB stick as it is)::

    INSTALL.sh  README.txt  kit.txt  publisher.pub  content-v<N>.kbundle  kiosk-src.tar.gz
    wheels/<arch>-py<X.Y>/*.whl      every Python package, built for that machine and Python
    debs/<arch>/*.deb + Packages     Debian 12 packages the installer needs, and an index apt reads
    SHA256SUMS  SHA256SUMS.sig       every file's hash, signed with the publisher key (Ed25519)

The program travels as its source folder (``kiosk-src.tar.gz``), not as a wheel: the kiosk runs from
``/opt/kiosk/src`` with its ``content/`` and ``translations/`` beside the code (``config.ROOT``), as
``deploy/install.sh`` installs it; its build backend (setuptools) is among the wheels. Debian packages are
fetched by apt itself, with a private state folder and the target architecture, so the publisher's own
system is not changed; the kit holds each package's whole dependency set, and apt on the kiosk installs
only what that system lacks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ROOT
from ..updates import install as updates
from ..updates import keys
from ..version import __version__

# Debian architecture -> the machine name in manylinux wheel tags. 32-bit systems are not supported:
# several dependencies have no 32-bit ARM wheels, and Raspberry Pi OS 64-bit runs on every Pi 3B+ and later.
ARCHES = {"amd64": "x86_64", "arm64": "aarch64"}
PYTHONS = ("3.11",)  # Debian 12 and Raspberry Pi OS Bookworm; their Debian packages are in the kit
GLIBC_MINOR = 36  # Bookworm's glibc 2.36: wheels for manylinux_2_17 up to 2_36 run there
# What deploy/install.sh may install: the venv, the proxy in front of waitress, the system user, the
# icons beside words on the kiosk screen (--screen). apt adds every dependency.
DEBS = ("python3", "python3-venv", "nginx-light", "adduser", "fonts-noto-color-emoji")
DEBIAN_SOURCES = (
    "http://deb.debian.org/debian bookworm main",
    "http://deb.debian.org/debian bookworm-updates main",
    "http://deb.debian.org/debian-security bookworm-security main",
)
DEBIAN_KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
SOURCE_PARTS = ("pyproject.toml", "README.md", "kiosk", "content", "translations", "deploy")
KIT_FILES = ROOT / "deploy" / "kit"
SUMS, SIGNATURE = "SHA256SUMS", "SHA256SUMS.sig"


class KitError(Exception):
    """The kit cannot be made (a tool failed, a download failed, the output folder is not empty)."""


@dataclass
class Kit:
    folder: Path
    version: str
    content_version: int
    fingerprint: str
    arches: tuple[str, ...]
    pythons: tuple[str, ...]
    need_mb: int
    sizes: dict[str, int] = field(default_factory=dict)  # bytes the installer copies, per architecture
    seconds: dict[str, float] = field(default_factory=dict)  # per step


def make(
    out: Path,
    key_file: Path,
    *,
    arches: Iterable[str] = ("arm64", "amd64"),
    pythons: Iterable[str] = PYTHONS,
    content: Path | None = None,
    wheels_from: Path | None = None,
    debs_from: Path | None = None,
    today: dt.date | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> Kit:
    """Write the kit into ``out`` (absent or empty) and return what it holds.

    ``wheels_from`` (a folder of ``<arch>-py<X.Y>/`` wheel folders) and ``debs_from`` (``<arch>/`` folders of
    .deb files) take those parts as they are instead of downloading them: for a publisher whose computer
    has no internet, and for tests.

    :raise KitError: bad architecture or Python, output folder not empty, a download or tool failed.
    :raise KeyFileError: the key is not a readable secret key.
    :raise ContentError, BundleError: the content does not pass its checks (nothing is bundled).
    """
    arches, pythons = tuple(dict.fromkeys(arches)), tuple(dict.fromkeys(pythons))
    for arch in arches:
        if arch not in ARCHES:
            raise KitError(f"architecture {arch!r}: choose from {', '.join(ARCHES)} (64-bit only)")
    for py in pythons:
        if py not in PYTHONS:
            raise KitError(f"Python {py}: the kit's Debian packages are Bookworm's, which has Python 3.11")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise KitError(f"{out} is not empty: give a new or empty folder")
    secret = keys.read_secret(key_file)
    public = keys.public_of(secret, name=_key_name(key_file))
    out.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def step(name: str, what: str):
        log(f"{what} ...")
        started = time.monotonic()
        yield
        seconds[name] = round(time.monotonic() - started, 1)
        log(f"{what}: done in {seconds[name]:.1f} s")

    with step("bundle", "content bundle (signed)"):
        staging = out / ".content.kbundle"
        manifest = updates.make(Path(content or ROOT / "content"), key_file, staging, today=today)
        bundle_name = f"content-v{manifest.version}.kbundle"
        staging.rename(out / bundle_name)
    with step("program", "program source (kiosk-src.tar.gz)"):
        _source_tarball(out / "kiosk-src.tar.gz")
    installed_kb: dict[str, int] = {}
    for arch in arches:
        for py in pythons:
            with step(f"wheels {arch} py{py}", f"Python packages for {arch}, Python {py}"):
                target = out / "wheels" / f"{arch}-py{py}"
                if wheels_from:
                    _copy_files(Path(wheels_from) / target.name, target, "*.whl")
                else:
                    download_wheels(target, arch, py)
        with step(f"debs {arch}", f"Debian packages for {arch}"):
            target = out / "debs" / arch
            if debs_from:
                _copy_files(Path(debs_from) / arch, target, "*.deb")
            else:
                download_debs(target, arch)
            installed_kb[arch] = write_packages_index(target)
    with step("sign", "installer, README.txt, SHA256SUMS and its signature"):
        (out / "publisher.pub").write_text(public.line(), encoding="ascii")
        shutil.copyfile(KIT_FILES / "INSTALL.sh", out / "INSTALL.sh")
        need_mb = _need_mb(out, arches, pythons, installed_kb, bundle_name)
        made = (today or dt.date.today()).isoformat()
        facts = {
            "kiosk": __version__,
            "content": str(manifest.version),
            "made": made,
            "python": " ".join(pythons),
            "arches": " ".join(arches),
            "need_mb": str(need_mb),
            "bundle": bundle_name,
            "key": public.fingerprint,
        }
        (out / "kit.txt").write_text(
            "# What this kit holds; read by INSTALL.sh, covered by SHA256SUMS.\n"
            + "".join(f"{k}={v}\n" for k, v in facts.items()),
            encoding="ascii",
        )
        readme = (KIT_FILES / "README.txt").read_text(encoding="utf-8")
        for k, v in facts.items():
            readme = readme.replace("{" + k + "}", v)
        (out / "README.txt").write_text(readme.replace("\n", "\r\n"), encoding="utf-8")  # Windows shows it
        sums = checksums(out)
        (out / SUMS).write_text(sums, encoding="ascii")
        (out / SIGNATURE).write_bytes(keys.sign(secret, sums.encode("ascii")))
    sizes = {arch: _arch_bytes(out, arch, pythons) for arch in arches}
    return Kit(
        out, __version__, manifest.version, public.fingerprint, arches, pythons, need_mb, sizes, seconds
    )


def _key_name(key_file: Path) -> str:
    name = Path(key_file).stem
    return name if name.replace("-", "").replace("_", "").replace(".", "").isalnum() else "publisher"


def checksums(folder: Path) -> str:
    """``sha256sum`` lines for every file under ``folder`` except the sums and their signature, sorted."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel in (SUMS, SIGNATURE):
            continue
        lines.append(f"{_sha256(path)}  {rel}\n")
    return "".join(lines)


def verify(folder: Path, public: keys.PublicKey) -> list[str]:
    """Check a kit as INSTALL.sh does: the signature of SHA256SUMS, then every file; return the problems."""
    folder = Path(folder)
    sums = (folder / SUMS).read_bytes()
    try:
        keys.verify([public], sums, (folder / SIGNATURE).read_bytes())
    except keys.SignatureError:
        return [f"{SUMS}: the signature does not match the publisher key"]
    problems, listed = [], set()
    for line in sums.decode("ascii").splitlines():
        digest, rel = line.split("  ", 1)
        listed.add(rel)
        path = folder / rel
        if not path.is_file():
            problems.append(f"{rel}: missing")
        elif _sha256(path) != digest:
            problems.append(f"{rel}: changed")
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in listed and rel not in (SUMS, SIGNATURE):
            problems.append(f"{rel}: not in {SUMS}")
    return problems


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _source_tarball(target: Path) -> None:
    def keep(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
        name = Path(info.name).name
        if name == "__pycache__" or name.endswith((".pyc", ".mo")) or name.endswith(".egg-info"):
            return None
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(target, "w:gz") as tar:
        for part in SOURCE_PARTS:
            tar.add(ROOT / part, arcname=part, filter=keep)


def _copy_files(source: Path, target: Path, pattern: str) -> None:
    found = sorted(source.glob(pattern)) if source.is_dir() else []
    if not found:
        raise KitError(f"no {pattern} files in {source}")
    target.mkdir(parents=True, exist_ok=True)
    for path in found:
        shutil.copyfile(path, target / path.name)


def requirements() -> list[str]:
    """The kiosk's dependencies (pyproject.toml) and its build backend (the install is editable)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [*project["project"]["dependencies"], *project["build-system"]["requires"]]


def constraints() -> list[str]:
    """The versions running here, so the kit installs what the publisher ran (pip and setuptools aside)."""
    pins = {}
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if name and name not in ("kiosk", "pip", "setuptools", "wheel"):
            pins[name] = f"{name}=={dist.version}"
    return sorted(pins.values())


def download_wheels(target: Path, arch: str, python: str) -> None:
    """``pip download`` every dependency as a binary wheel for ``arch`` and ``python``; nothing compiles."""
    platforms = [f"manylinux_2_{minor}_{ARCHES[arch]}" for minor in range(17, GLIBC_MINOR + 1)]
    platforms.append(f"manylinux2014_{ARCHES[arch]}")
    abi = "cp" + python.replace(".", "")
    with tempfile.TemporaryDirectory() as tmp:
        req, con = Path(tmp) / "requirements.txt", Path(tmp) / "constraints.txt"
        req.write_text("\n".join(requirements()) + "\n")
        con.write_text("\n".join(constraints()) + "\n")
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
        command += ["--only-binary=:all:", "--implementation", "cp", "--python-version", python]
        command += ["--abi", abi, "--abi", "abi3", "--abi", "none"]
        for platform in platforms:
            command += ["--platform", platform]
        command += ["--dest", str(target), "--requirement", str(req), "--constraint", str(con)]
        _run(command, f"pip download for {arch}, Python {python}")


def download_debs(target: Path, arch: str, *, keyring: Path = DEBIAN_KEYRING) -> None:
    """Fetch ``DEBS`` and all their dependencies for Debian 12 on ``arch`` with apt, in a private state
    folder (its own sources, lists, cache and an empty package database): the publisher's system is read
    by nothing and changed in nothing."""
    if not keyring.is_file():
        raise KitError(
            f"{keyring} is missing: install Debian's archive keys (apt install debian-archive-keyring)"
        )
    if not shutil.which("apt-get"):
        raise KitError("apt-get is missing: make the kit on Debian or Ubuntu")
    with tempfile.TemporaryDirectory(prefix="kiosk-kit-apt-") as tmp:
        state = Path(tmp)
        for sub in ("etc/apt/apt.conf.d", "etc/apt/preferences.d", "etc/apt/sources.list.d"):
            (state / sub).mkdir(parents=True)
        for sub in ("etc/apt/trusted.gpg.d", "var/lib/apt/lists/partial", "var/cache/apt/archives/partial"):
            (state / sub).mkdir(parents=True)
        (state / "var/lib/dpkg").mkdir(parents=True)
        (state / "var/lib/dpkg/status").touch()
        (state / "etc/apt/sources.list").write_text(
            "".join(f"deb [signed-by={keyring}] {line}\n" for line in DEBIAN_SOURCES)
        )
        apt = ["apt-get", "-q", "-o", f"Dir={state}", "-o", f"Dir::State::status={state}/var/lib/dpkg/status"]
        apt += ["-o", f"APT::Architecture={arch}", "-o", f"APT::Architectures={arch}"]
        apt += ["-o", "Acquire::Languages=none", "-o", "Debug::NoLocking=1"]
        if os.geteuid() == 0:
            apt += ["-o", "APT::Sandbox::User=root"]  # the private folder is not the _apt user's
        _run([*apt, "update"], f"apt-get update for {arch}")
        _run(
            [*apt, "install", "--download-only", "--no-install-recommends", "-y", *DEBS],
            f"apt-get download for {arch}",
        )
        _copy_files(state / "var/cache/apt/archives", target, "*.deb")


def write_packages_index(folder: Path) -> int:
    """Write ``folder/Packages`` (each .deb's control fields, file name, size and SHA-256) so that apt on
    the kiosk can use the folder as a repository with no network. Return the packages' installed size (kB)."""
    stanzas, installed_kb = [], 0
    for deb in sorted(folder.glob("*.deb")):
        control = _run(["dpkg-deb", "--field", str(deb)], f"reading {deb.name}").rstrip("\n")
        for line in control.splitlines():
            if line.startswith("Installed-Size:"):
                installed_kb += int(line.split(":", 1)[1])
        stanzas.append(
            f"{control}\nFilename: ./{deb.name}\nSize: {deb.stat().st_size}\nSHA256: {_sha256(deb)}\n"
        )
    (folder / "Packages").write_text("\n".join(stanzas), encoding="utf-8")
    return installed_kb


def _arch_bytes(out: Path, arch: str, pythons: tuple[str, ...]) -> int:
    """What the installer on an ``arch`` machine copies and reads: the common files and that arch's own."""
    total = 0
    for path in out.rglob("*"):
        rel = path.relative_to(out).parts
        if not path.is_file():
            continue
        if rel[0] == "debs" and rel[1] != arch:
            continue
        if rel[0] == "wheels" and rel[1] not in {f"{arch}-py{py}" for py in pythons}:
            continue
        total += path.stat().st_size
    return total


def _need_mb(out, arches, pythons, installed_kb: dict[str, int], bundle_name: str) -> int:
    """Free space the installer asks for: the copy of the kit it checks, the Debian packages unpacked
    (their Installed-Size, as if none were there yet), the venv (about 3x its wheels), the program, and
    two content versions built from the bundle (about 10x the bundle), plus 100 MB to spare."""
    src = (out / "kiosk-src.tar.gz").stat().st_size
    bundle = (out / bundle_name).stat().st_size
    needs = []
    for arch in arches:
        wheels = max(
            sum(p.stat().st_size for p in (out / "wheels" / f"{arch}-py{py}").glob("*.whl")) for py in pythons
        )
        copy = _arch_bytes(out, arch, pythons)
        needs.append(copy + installed_kb[arch] * 1024 + 3 * wheels + 3 * src + 10 * bundle)
    return max(needs) // (1 << 20) + 100


def _run(command: list[str], what: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise KitError(f"{what}: {exc}") from None
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise KitError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done.stdout
