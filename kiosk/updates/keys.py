"""Ed25519 publisher keys: making a pair, reading key files, and the device's trusted keys.

A key file is one line of text, so it survives e-mail, Windows editors and FAT32 sticks:
``kiosk-ed25519-secret <base64 seed>`` (``DIR/<name>.key``, mode 600) and
``kiosk-ed25519-public <base64 key> <name>`` (``DIR/<name>.pub``). A device trusts the ``.pub`` files in
``<instance>/trusted_keys/``; more than one may be trusted at a time, so a publisher can rotate keys.
Signing and checking go through PyNaCl (libsodium); nothing here is hand-rolled crypto.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

SECRET_TAG = "kiosk-ed25519-secret"
PUBLIC_TAG = "kiosk-ed25519-public"
TRUSTED_DIR = "trusted_keys"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class KeyFileError(Exception):
    """A key file is missing, unreadable or not a kiosk Ed25519 key; or a key pair would be overwritten."""


class SignatureError(Exception):
    """Data is not signed by any trusted key (tampered, signed by a foreign key, or no key is trusted)."""


@dataclass(frozen=True)
class PublicKey:
    """A publisher's verify key and the name it was made under."""

    name: str
    raw: bytes

    @property
    def fingerprint(self) -> str:
        """A short, stable id for messages and manifests (not a secret, not used for trust)."""
        return hashlib.sha256(self.raw).hexdigest()[:16]

    def line(self) -> str:
        return f"{PUBLIC_TAG} {base64.b64encode(self.raw).decode()} {self.name}\n"


def generate(folder: Path, name: str = "publisher") -> tuple[Path, Path]:
    """Write ``folder/<name>.key`` (mode 600) and ``folder/<name>.pub``; never overwrite an existing key.

    :raise KeyFileError: the name is not a plain file name, or a key of that name already exists.
    """
    if not _NAME.match(name):
        raise KeyFileError(f"key name {name!r}: use letters, digits, '.', '_' or '-'")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    secret_path, public_path = folder / f"{name}.key", folder / f"{name}.pub"
    for path in (secret_path, public_path):
        if path.exists():
            raise KeyFileError(f"{path} already exists; choose another --name or folder")
    key = SigningKey.generate()
    _write_new(secret_path, f"{SECRET_TAG} {base64.b64encode(bytes(key)).decode()}\n", 0o600)
    _write_new(public_path, PublicKey(name, bytes(key.verify_key)).line(), 0o644)
    return secret_path, public_path


def _write_new(path: Path, text: str, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    # Exactly ``mode`` whatever the umask; a FAT32 stick has no modes and refuses, which is harmless there.
    with contextlib.suppress(OSError):
        os.fchmod(fd, mode)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _fields(path: Path, tag: str) -> list[str]:
    try:
        text = Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"{path}: cannot read the key file ({exc.__class__.__name__})") from None
    fields = text.split()
    if not fields or fields[0] != tag:
        kind = "secret (.key)" if tag == SECRET_TAG else "public (.pub)"
        raise KeyFileError(f"{path}: not a kiosk {kind} key file")
    return fields


def _decode32(path: Path, value: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise KeyFileError(f"{path}: the key is damaged (not 32 bytes of base64)")
    return raw


def read_secret(path: Path) -> SigningKey:
    """:raise KeyFileError: not a readable secret key file."""
    fields = _fields(path, SECRET_TAG)
    if len(fields) != 2:
        raise KeyFileError(f"{path}: the key is damaged")
    return SigningKey(_decode32(path, fields[1]))


def read_public(path: Path) -> PublicKey:
    """:raise KeyFileError: not a readable public key file."""
    fields = _fields(path, PUBLIC_TAG)
    if len(fields) not in (2, 3):
        raise KeyFileError(f"{path}: the key is damaged")
    name = fields[2] if len(fields) == 3 else Path(path).stem
    return PublicKey(name, _decode32(path, fields[1]))


def public_of(secret: SigningKey, name: str = "publisher") -> PublicKey:
    return PublicKey(name, bytes(secret.verify_key))


def trust(instance: Path, public_path: Path) -> Path:
    """Add a publisher key to ``<instance>/trusted_keys/``; trusting the same key twice changes nothing.

    :raise KeyFileError: not a public key file (a secret key given by mistake is refused, never copied).
    """
    key = read_public(public_path)
    folder = Path(instance) / TRUSTED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for existing in trusted_files(instance):
        if read_public(existing).raw == key.raw:
            return existing
    name = key.name if _NAME.match(key.name) else "publisher"
    target = folder / f"{name}.pub"
    if target.exists():
        target = folder / f"{name}-{key.fingerprint}.pub"
    _write_new(target, key.line(), 0o644)
    return target


def trusted_files(instance: Path) -> list[Path]:
    folder = Path(instance) / TRUSTED_DIR
    return sorted(folder.glob("*.pub")) if folder.is_dir() else []


def trusted(instance: Path) -> list[PublicKey]:
    """The keys this device accepts content from.

    :raise KeyFileError: a file in ``trusted_keys/`` is damaged (better refuse than silently trust less).
    """
    return [read_public(p) for p in trusted_files(instance)]


def sign(secret: SigningKey, data: bytes) -> bytes:
    """A detached Ed25519 signature (64 bytes) of ``data``."""
    return secret.sign(data).signature


def verify(keys: list[PublicKey], data: bytes, signature: bytes) -> PublicKey:
    """Return the trusted key that signed ``data``.

    :raise SignatureError: no key is trusted, or none of them made this signature.
    """
    if not keys:
        raise SignatureError("no publisher key is trusted on this device (run `kiosk trust PUBFILE`)")
    if len(signature) == 64:
        for key in keys:
            try:
                VerifyKey(key.raw).verify(data, signature)
            except BadSignatureError:
                continue
            return key
    raise SignatureError("the signature does not match any trusted publisher key")
