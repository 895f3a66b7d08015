"""Keys: this device's Ed25519 signing key, the central system's sealing key, trusted signers.

The signing key pair is made when the database is created. The private half lives in a file
next to the database (``<db>.signing-key``, mode 0600) and never goes into a bundle or the
database; the public half is also kept in the database's meta table so a lost or swapped key
file is noticed instead of silently signing as somebody else.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import os
import stat
from pathlib import Path

from nacl.public import PrivateKey, PublicKey
from nacl.signing import SigningKey
from sqlite_utils import Database

from inspect_tui.i18n import N_, _, format_number
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.store.db import get_meta, set_meta
from inspect_tui.store.sealing import META_CENTRAL_PUBLIC as META_CENTRAL_PUBLIC
from inspect_tui.store.sealing import META_LAST_EXPORT, seal_unexported
from inspect_tui.sync.errors import KeyProblem

META_SIGNING_PUBLIC = "signing_public_key"
META_SIGNING_SEED = "signing_seed"
"""Only for in-memory databases (tests): they have no folder to keep a key file in."""


def signing_key_path(db_path: str | os.PathLike[str]) -> Path:
    """Where the signing key of the database at db_path is kept."""
    return Path(f"{os.fspath(db_path)}.signing-key")


def fingerprint(public_key: bytes) -> str:
    """A short, readable name for a public key: the first 16 hex digits of its SHA-256, in fours."""
    digest = hashlib.sha256(public_key).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def _write_secret(path: Path, text: str) -> None:
    """Create path readable by its owner only; never overwrite a key that is there.

    A file that cannot be made or written (a read-only or full disk) is a KeyProblem naming it;
    a half-written key is removed."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyProblem(_("{out} already exists; choose another file name").format(out=path)) from None
    except OSError as exc:
        raise KeyProblem(_("cannot write {path}: {problem}").format(path=path, problem=os_problem(exc))) from None
    try:
        os.write(fd, text.encode())
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise KeyProblem(_("cannot write {path}: {problem}").format(path=path, problem=os_problem(exc))) from None
    os.close(fd)


def _seed_from_text(text: str, where: str) -> bytes:
    try:
        seed = bytes.fromhex(text.strip())
    except ValueError:
        seed = b""
    if len(seed) != 32:
        raise KeyProblem(_("{where} does not hold a key (expected 64 hex digits)").format(where=where))
    return seed


def _set(db: Database, key: str, value: str | None) -> None:
    with db.atomic():
        set_meta(db, key, value)


def ensure_signing_key(db: Database, db_path: str | os.PathLike[str] | None) -> SigningKey:
    """This device's signing key: loaded from its file, or made when the database has none yet.

    db_path None means an in-memory database; its key is kept in the meta table.
    """
    recorded = get_meta(db, META_SIGNING_PUBLIC)
    if db_path is None:
        seed_hex = get_meta(db, META_SIGNING_SEED)
        key = SigningKey(_seed_from_text(seed_hex, "meta") if seed_hex else os.urandom(32))
        if seed_hex is None:
            _set(db, META_SIGNING_SEED, bytes(key).hex())
            _set(db, META_SIGNING_PUBLIC, bytes(key.verify_key).hex())
        return key
    path = signing_key_path(db_path)
    if path.exists():
        key = SigningKey(_seed_from_text(path.read_text(errors="replace"), str(path)))
        public = bytes(key.verify_key).hex()
        if recorded is None:
            _set(db, META_SIGNING_PUBLIC, public)
        elif recorded != public:
            raise KeyProblem(
                _(
                    "the signing key in {path} does not belong to this database (it expects {fingerprint}); "
                    "put its own key file back"
                ).format(path=path, fingerprint=fingerprint(bytes.fromhex(recorded)))
            )
        return key
    if recorded is not None:
        raise KeyProblem(
            _(
                "this database's signing key {path} is missing; restore it from a backup, or make a new one "
                "with: inspect-tui --db {db} keys rotate (receivers will see a new signer)"
            ).format(path=path, db=os.fspath(db_path))
        )
    key = SigningKey.generate()
    _install_key(db, path, key)
    return key


def rotate_signing_key(db: Database, db_path: str | os.PathLike[str] | None) -> SigningKey:
    """Make a new signing key (the old key file, if any, is kept beside it with a date suffix)."""
    key = SigningKey.generate()
    if db_path is None:
        with db.atomic():
            set_meta(db, META_SIGNING_SEED, bytes(key).hex())
            set_meta(db, META_SIGNING_PUBLIC, bytes(key.verify_key).hex())
        return key
    _install_key(db, signing_key_path(db_path), key)
    return key


def _install_key(db: Database, path: Path, key: SigningKey) -> None:
    """Record key's public half in the database and write key to path, the file before it (if any)
    kept beside it with a date suffix: both or neither. The database is written first, so a
    database that cannot be written (read-only) is refused before a key file is touched; when its
    commit fails after all, the files are put back as they were."""
    old: Path | None = None
    written = False
    try:
        with db.atomic():
            set_meta(db, META_SIGNING_PUBLIC, bytes(key.verify_key).hex())
            if path.exists():
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                old = path.with_name(f"{path.name}.old-{stamp}")
                path.rename(old)
            _write_secret(path, bytes(key).hex() + "\n")
            written = True
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        if old is not None:
            old.rename(path)
        raise


def signing_public_key(db: Database) -> bytes | None:
    """This device's public signing key as recorded in the database."""
    value = get_meta(db, META_SIGNING_PUBLIC)
    return bytes.fromhex(value) if value else None


def parse_public_key(text: str, what: str = N_("the key")) -> bytes:
    """A 32-byte public key written as 64 hex digits or as base64."""
    compact = "".join(text.split())
    raw = b""
    if len(compact) == 64:
        try:
            raw = bytes.fromhex(compact)
        except ValueError:
            raw = b""
    if not raw:
        try:
            raw = base64.b64decode(compact, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
    if len(raw) != 32:
        raise KeyProblem(
            _("{what} is not a public key: give 64 hex digits or 44 base64 characters").format(what=_(what))
        )
    if raw == bytes(32):
        raise KeyProblem(_("{what} is all zeros, which is not a usable public key").format(what=_(what)))
    return raw


def set_central_key(db: Database, text: str) -> bytes:
    """Record the central system's Curve25519 public key; from now on exports seal personal data."""
    raw = parse_public_key(text, N_("the central key"))
    with db.atomic():
        set_meta(db, META_CENTRAL_PUBLIC, raw.hex())
        # versions made here and not exported yet are sealed now, under recomputed ids
        seal_unexported(db, int(get_meta(db, META_LAST_EXPORT) or 0))
    return raw


def central_key(db: Database) -> PublicKey | None:
    """The central system's public key, when one is set."""
    value = get_meta(db, META_CENTRAL_PUBLIC)
    return PublicKey(bytes.fromhex(value)) if value else None


def new_central_keypair(out: Path) -> bytes:
    """Make a key pair for the central system: the private key goes to out (0600), the public is returned."""
    if out.exists():
        raise KeyProblem(_("{out} already exists; choose another file name").format(out=out))
    key = PrivateKey.generate()
    _write_secret(out, bytes(key).hex() + "\n")
    return bytes(key.public_key)


def load_private_key(path: Path) -> PrivateKey:
    """The central system's private key from a file written by new_central_keypair."""
    if not path.is_file():
        raise KeyProblem(_("no key file at {path}").format(path=path))
    return PrivateKey(_seed_from_text(path.read_text(errors="replace"), str(path)))


_MAX_TRUSTED_KEYS_BYTES = 1024 * 1024


def read_small_text(path: Path, what: str, limit: int) -> str:
    """A small UTF-8 text file, refused at once when it is a pipe or device, or too large."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise KeyProblem(
            _("cannot read {what} {path}: {reason}").format(what=_(what), path=path, reason=os_problem(exc))
        ) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise KeyProblem(
                _("{what} {path} is not a regular file; give a text file with one key per line").format(
                    what=_(what), path=path
                )
            )
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise KeyProblem(
            _("{what} {path} is larger than {limit} bytes; give a text file with one key per line").format(
                what=_(what), path=path, limit=format_number(limit, 0)
            )
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise KeyProblem(
            _("{what} {path} is not UTF-8 text; give a text file with one key per line").format(what=_(what), path=path)
        ) from None


def read_trusted_keys(path: Path) -> frozenset[bytes]:
    """Public keys allowed to sign imported bundles: one per line (hex or base64), # starts a comment."""
    text = read_small_text(path, N_("the trusted keys file"), _MAX_TRUSTED_KEYS_BYTES)
    keys: set[bytes] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if content:
            keys.add(parse_public_key(content, _("{path} line {number}").format(path=path, number=number)))
    if not keys:
        raise KeyProblem(_("{path} lists no keys; add one hex public key per line").format(path=path))
    return frozenset(keys)
