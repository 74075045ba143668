"""The install kit (`kiosk kit`) and its installer (deploy/kit/INSTALL.sh).

Kits here are made from small fake wheels and real but tiny .deb files (dpkg-deb), so no test downloads
for arm64; one slow test runs the real `pip download` for this machine. INSTALL.sh runs with `sh`, as from
a FAT stick, in its `--check` mode (it checks everything and changes nothing), with the machine's
architecture, Python, free space, memory controller and trusted keys given through its test variables.
The whole install from a kit, offline in a Debian 12 root, is benchmarks/kit_install.sh (needs root).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import SMALL_CONTENT

from kiosk.cli import cli
from kiosk.kit import make as kit
from kiosk.updates import keys

ARCHES = ("arm64", "amd64")
# INSTALL.sh verifies with the system's openssl where it has one, else with PyNaCl and the system's Python.
VERIFIERS = [
    pytest.param("openssl", marks=pytest.mark.skipif(not shutil.which("openssl"), reason="no openssl here")),
    "python",
]


def fake_wheels(root: Path) -> Path:
    """Valid zip files named as the kit's wheels are (the installer only unpacks pynacl and cffi)."""
    for arch, machine in kit.ARCHES.items():
        folder = root / f"{arch}-py3.11"
        folder.mkdir(parents=True)
        for name in (f"pynacl-1.6.2-cp38-abi3-manylinux_2_17_{machine}.whl", "flask-3.1.3-py3-none-any.whl"):
            with zipfile.ZipFile(folder / name, "w") as zf:
                zf.writestr(f"{name.split('-')[0]}/__init__.py", f"# {arch}\n")
    return root


def fake_debs(root: Path) -> Path:
    """Two real, tiny Debian packages per architecture, built by dpkg-deb."""
    for arch in ARCHES:
        (root / arch).mkdir(parents=True)
        for package in ("python3-venv", "nginx-light"):
            tree = root / "build" / f"{package}-{arch}"
            (tree / "DEBIAN").mkdir(parents=True)
            (tree / "DEBIAN" / "control").write_text(
                f"Package: {package}\nVersion: 1:1.0-1\nArchitecture: {arch}\nMaintainer: t <t@example.org>\n"
                f"Installed-Size: 2048\nDescription: test package\n"
            )
            target = root / arch / f"{package}_1%3a1.0-1_{arch}.deb"
            subprocess.run(
                ["dpkg-deb", "--build", "--root-owner-group", str(tree), str(target)],
                check=True,
                capture_output=True,
            )
    return root


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """One kit for arm64 and amd64, its secret key file and its maker's result."""
    base = tmp_path_factory.mktemp("kit")
    secret, public = keys.generate(base / "keys")
    result = kit.make(
        base / "KIT",
        secret,
        arches=ARCHES,
        content=SMALL_CONTENT,
        wheels_from=fake_wheels(base / "wheels"),
        debs_from=fake_debs(base / "debs"),
    )
    return result, secret, public


@pytest.fixture
def stick(made, tmp_path):
    """A copy of the kit as a stick holds it: no execute bit anywhere."""
    target = tmp_path / "KIOSK KIT"
    shutil.copytree(made[0].folder, target)
    for path in target.rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    return target


def sums_lines(folder: Path) -> dict[str, str]:
    return {
        name: digest
        for digest, name in (line.split("  ", 1) for line in (folder / "SHA256SUMS").read_text().splitlines())
    }


def test_sha256sums_lists_every_file_and_is_signed_by_the_publisher_key(made):
    result, _, public_file = made
    folder = result.folder
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert set(sums_lines(folder)) == files - {"SHA256SUMS", "SHA256SUMS.sig"}
    for part in (
        "INSTALL.sh",
        "README.txt",
        "kit.txt",
        "publisher.pub",
        "kiosk-src.tar.gz",
        "debs/arm64/Packages",
    ):
        assert part in files
    assert {f"wheels/{a}-py3.11/flask-3.1.3-py3-none-any.whl" for a in ARCHES} <= files
    public = keys.read_public(public_file)
    assert (folder / "publisher.pub").read_text() == public.line()
    assert keys.verify(
        [public], (folder / "SHA256SUMS").read_bytes(), (folder / "SHA256SUMS.sig").read_bytes()
    )
    assert kit.verify(folder, public) == []
    assert (folder / "INSTALL.sh").read_bytes() == (kit.KIT_FILES / "INSTALL.sh").read_bytes()


def test_kit_txt_and_readme_say_what_the_kit_holds(made):
    result, _, _ = made
    facts = dict(line.split("=", 1) for line in (result.folder / "kit.txt").read_text().splitlines()[1:])
    assert facts["arches"] == "arm64 amd64" and facts["python"] == "3.11"
    assert facts["bundle"] == f"content-v{result.content_version}.kbundle"
    assert (result.folder / facts["bundle"]).is_file()
    assert facts["key"] == result.fingerprint and int(facts["need_mb"]) == result.need_mb > 100
    readme = (result.folder / "README.txt").read_bytes().decode("utf-8")
    assert "\r\n" in readme and "{" not in readme  # shown by Windows too; every placeholder filled
    assert result.fingerprint in readme and "Tiếng Việt" in readme and "English" in readme
    assert "sudo sh /media/<user>/<STICK>/INSTALL.sh" in readme


def test_the_program_travels_with_its_content_and_translations_but_no_caches(made):
    import tarfile

    with tarfile.open(made[0].folder / "kiosk-src.tar.gz") as tar:
        names = tar.getnames()
    assert {
        "pyproject.toml",
        "kiosk/cli.py",
        "deploy/install.sh",
        "translations/vi/LC_MESSAGES/messages.po",
    } <= set(names)
    assert "content/manifest.yaml" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".mo"))]


def test_the_debian_package_index_matches_the_packages(made):
    folder = made[0].folder / "debs" / "amd64"
    stanzas = (folder / "Packages").read_text().split("\n\n")
    assert len(stanzas) == 2
    for stanza in stanzas:
        fields = dict(re.findall(r"^([\w-]+): (.*)$", stanza, re.M))
        deb = folder / fields["Filename"].removeprefix("./")
        assert fields["Architecture"] == "amd64"
        assert int(fields["Size"]) == deb.stat().st_size
        assert fields["SHA256"] == kit._sha256(deb)


def test_verify_names_a_changed_missing_or_extra_file(made, stick):
    public = keys.read_public(made[2])
    (stick / "wheels/amd64-py3.11/flask-3.1.3-py3-none-any.whl").write_bytes(b"evil")
    (stick / "debs/arm64/Packages").unlink()
    (stick / "wheels/amd64-py3.11/evil-9.9-py3-none-any.whl").write_bytes(b"evil")
    assert sorted(kit.verify(stick, public)) == [
        "debs/arm64/Packages: missing",
        "wheels/amd64-py3.11/evil-9.9-py3-none-any.whl: not in SHA256SUMS",
        "wheels/amd64-py3.11/flask-3.1.3-py3-none-any.whl: changed",
    ]


def test_the_maker_refuses_32_bit_another_python_and_a_full_folder(tmp_path, made):
    secret = made[1]
    with pytest.raises(kit.KitError, match="64-bit only"):
        kit.make(tmp_path / "a", secret, arches=["armhf"])
    with pytest.raises(kit.KitError, match="Python 3.11"):
        kit.make(tmp_path / "b", secret, pythons=["3.12"])
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "photo.jpg").write_bytes(b"x")
    with pytest.raises(kit.KitError, match="not empty"):
        kit.make(tmp_path / "c", secret)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_the_command_makes_a_kit_and_says_its_size(made, tmp_path):
    base = made[0].folder.parent
    result = CliRunner().invoke(
        cli,
        [
            "kit",
            "--key",
            str(made[1]),
            "--out",
            str(tmp_path / "K"),
            "--arch",
            "amd64",
            "--content",
            str(SMALL_CONTENT),
            "--wheels-from",
            str(base / "wheels"),
            "--debs-from",
            str(base / "debs"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Debian packages for amd64: done in" in result.output
    assert re.search(r"read per machine: amd64 \d+ MB; a kiosk needs \d+ MB free", result.output)
    assert not (tmp_path / "K" / "debs" / "arm64").exists()
    again = CliRunner().invoke(cli, ["kit", "--key", str(made[1]), "--out", str(tmp_path / "K")])
    assert again.exit_code == 1 and "no kit made:" in again.output and "not empty" in again.output


# --- INSTALL.sh -------------------------------------------------------------------------------------


def fake_python(tmp_path: Path, version: str) -> str:
    script = tmp_path / f"python{version}"
    script.write_text(f"#!/bin/sh\necho {version}\n")
    script.chmod(0o755)
    return str(script)


def installer(stick: Path, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`sh INSTALL.sh --check` as on a healthy 64-bit Debian 12 with 10 GB free, unless ``env`` says else."""
    cgroup = tmp_path / "cgroup.controllers"
    if not cgroup.exists():
        cgroup.write_text("cpuset cpu io memory pids\n")
    (tmp_path / "trusted").mkdir(exist_ok=True)
    (tmp_path / "work").mkdir(exist_ok=True)
    settings = {
        "KIOSK_KIT_ARCH": "amd64",
        "KIOSK_KIT_PYTHON": sys.executable,  # 3.11 with PyNaCl, like the kit's wheels unpacked
        "KIOSK_KIT_FREE_MB": "10000",
        "KIOSK_KIT_CGROUP": str(cgroup),
        "KIOSK_KIT_TRUSTED": str(tmp_path / "trusted"),
        "KIOSK_KIT_WORK": str(tmp_path / "work"),
    }
    settings.update(env)
    return subprocess.run(
        ["sh", str(stick / "INSTALL.sh"), "--check", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **settings},
        timeout=60,
    )


@pytest.mark.parametrize("verifier", VERIFIERS)
def test_installer_accepts_a_good_kit_and_changes_nothing(stick, tmp_path, verifier, made):
    done = installer(stick, tmp_path, KIOSK_KIT_VERIFIER=verifier)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "== 1/4 Checking this computer" in out and "== 2/4 Checking the kit" in out
    assert f"signature: good ({verifier}), publisher key {made[0].fingerprint}" in out
    assert re.search(r"files: \d+ match SHA256SUMS", out)
    assert "memory limit: in force" in out and "nothing was changed" in out
    assert list((tmp_path / "work").iterdir()) == []  # its checked copy is gone


def test_installer_checks_only_this_machines_files(stick, tmp_path):
    (stick / "wheels/arm64-py3.11/flask-3.1.3-py3-none-any.whl").write_bytes(b"damaged")
    assert installer(stick, tmp_path).returncode == 0  # an amd64 machine reads no arm64 file
    refused = installer(stick, tmp_path, KIOSK_KIT_ARCH="arm64")
    assert refused.returncode == 1
    assert (
        "1 file(s) do not match SHA256SUMS, first wheels/arm64-py3.11/flask-3.1.3-py3-none-any.whl"
        in refused.stderr
    )


def refusal(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "KHÔNG CÀI ĐẶT:" in done.stderr
    return done.stderr.split("NOT INSTALLED: ", 1)[1]


@pytest.mark.parametrize("arch", ["armhf", "i386", "armv7l"])
def test_installer_refuses_a_32_bit_system(stick, tmp_path, arch):
    reason = refusal(installer(stick, tmp_path, KIOSK_KIT_ARCH=arch))
    assert f"this is a 32-bit system ({arch})" in reason and "64-bit Raspberry Pi OS (Bookworm)" in reason


def test_installer_refuses_an_architecture_the_kit_lacks(stick, tmp_path):
    reason = refusal(installer(stick, tmp_path, KIOSK_KIT_ARCH="riscv64"))
    assert "this kit holds packages for: arm64 amd64. This computer is riscv64" in reason


@pytest.mark.parametrize("version", ["3.12", "3.9"])
def test_installer_refuses_another_python_and_names_the_supported_one(stick, tmp_path, version):
    reason = refusal(installer(stick, tmp_path, KIOSK_KIT_PYTHON=fake_python(tmp_path, version)))
    assert f"this system has Python {version}; this kit supports Python 3.11" in reason


def test_installer_refuses_a_system_without_python(stick, tmp_path):
    reason = refusal(installer(stick, tmp_path, KIOSK_KIT_PYTHON=str(tmp_path / "no-python")))
    assert "this system has no Python 3; this kit supports Python 3.11" in reason


def test_installer_refuses_too_little_disk_space(stick, tmp_path, made):
    reason = refusal(installer(stick, tmp_path, KIOSK_KIT_FREE_MB="50"))
    assert f"too little free disk space: 50 MB free, the install needs {made[0].need_mb} MB" in reason


@pytest.mark.parametrize("verifier", VERIFIERS)
def test_installer_refuses_a_changed_file(stick, tmp_path, verifier):
    (stick / "wheels/amd64-py3.11/flask-3.1.3-py3-none-any.whl").write_bytes(b"evil")
    reason = refusal(installer(stick, tmp_path, KIOSK_KIT_VERIFIER=verifier))
    assert "damaged or was changed (1 file(s) do not match SHA256SUMS" in reason


def test_installer_refuses_a_missing_file(stick, tmp_path):
    (stick / "debs/amd64/Packages").unlink()
    assert "(debs/amd64/Packages is missing)" in refusal(installer(stick, tmp_path))


@pytest.mark.parametrize("verifier", VERIFIERS)
def test_installer_refuses_sums_rewritten_without_the_publisher_key(stick, tmp_path, verifier):
    """Changing a file and its line in SHA256SUMS leaves a signature that no longer matches."""
    target = stick / "wheels/amd64-py3.11/flask-3.1.3-py3-none-any.whl"
    target.write_bytes(b"evil")
    (stick / "SHA256SUMS").write_text(kit.checksums(stick))
    reason = refusal(installer(stick, tmp_path, KIOSK_KIT_VERIFIER=verifier))
    assert "SHA256SUMS is not signed by the key in publisher.pub" in reason


def test_installer_refuses_a_kit_resigned_with_another_key_on_a_kiosk_that_trusts_the_first(
    stick, tmp_path, made
):
    other_secret, other_public = keys.generate(tmp_path / "other")
    shutil.copyfile(other_public, stick / "publisher.pub")
    (stick / "SHA256SUMS").write_text(kit.checksums(stick))
    (stick / "SHA256SUMS.sig").write_bytes(
        keys.sign(keys.read_secret(other_secret), (stick / "SHA256SUMS").read_bytes())
    )
    assert installer(stick, tmp_path).returncode == 0  # a fresh machine: the key is shown, then trusted
    shutil.copyfile(made[2], tmp_path / "trusted" / "publisher.pub")  # this kiosk trusts the first key
    reason = refusal(installer(stick, tmp_path))
    assert "this kiosk trusts other publisher keys" in reason and "--new-key" in reason
    assert installer(stick, tmp_path, "--new-key").returncode == 0


def test_installer_refuses_a_name_that_leaves_the_kit(stick, tmp_path):
    with open(stick / "SHA256SUMS", "a") as fh:
        fh.write(f"{'0' * 64}  wheels/amd64-py3.11/../../../etc/passwd\n")
    reason = refusal(installer(stick, tmp_path))
    assert "SHA256SUMS has 1 line(s) that are not a file's hash and name" in reason


def test_installer_says_the_memory_limit_is_off_and_how_to_turn_it_on(stick, tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io pids\n")
    done = installer(stick, tmp_path)
    assert done.returncode == 0
    assert "memory limit: NOT in force" in done.stdout
    assert "cgroup_enable=memory" in done.stdout and "/boot/firmware/cmdline.txt" in done.stdout
    assert "memory limit: in force" not in done.stdout


def test_installer_without_check_needs_root(stick, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("runs as root here")
    done = subprocess.run(["sh", str(stick / "INSTALL.sh")], capture_output=True, text=True)
    assert "run it as root: sudo sh" in refusal(done)


@pytest.mark.slow
def test_real_pip_download_for_this_machine_gets_every_dependency_as_a_binary_wheel(tmp_path):
    """The real `pip download` (PyPI) for amd64 and Python 3.11: every requirement comes as a wheel."""
    kit.download_wheels(tmp_path, "amd64", "3.11")
    names = {re.sub(r"[-_.]+", "-", w.name.split("-")[0]).lower() for w in tmp_path.glob("*.whl")}
    wanted = {re.split(r"[<>=!~ ]", r, maxsplit=1)[0].lower() for r in kit.requirements()}
    assert wanted <= names, wanted - names
    assert not list(tmp_path.glob("*.tar.gz")) and not list(tmp_path.glob("*.zip"))
    native = [w.name for w in tmp_path.glob("*.whl") if not w.name.endswith("-none-any.whl")]
    assert native and all("x86_64" in name for name in native)
