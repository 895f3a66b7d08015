"""The central system's two keys, each in its own file (0600), never in the database.

* the signing key (Ed25519) signs what the central system hands out: pulls and shares;
* the sealing key (Curve25519) opens the personal data devices seal to the central system.

The database keeps only their public halves (in ``meta``), so a swapped key file is noticed.
"""

from __future__ import annotations

import errno
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PrivateKey
from nacl.signing import SigningKey

from inspect_tui.central.errors import CentralError
from inspect_tui.central.store.connect import CentralDb
from inspect_tui.i18n import N_, _
from inspect_tui.i18n.os_errors import REASONS, os_problem
from inspect_tui.store.db import get_meta, set_meta
from inspect_tui.sync.keys import META_CENTRAL_PUBLIC, META_SIGNING_PUBLIC, fingerprint

ENV_SIGNING_KEY = "INSPECT_TUI_CENTRAL_SIGNING_KEY"
ENV_SEALING_KEY = "INSPECT_TUI_CENTRAL_SEALING_KEY"


@dataclass(frozen=True)
class InitResult:
    """What ``central init`` did."""

    device_id: str
    signing_public: bytes
    sealing_public: bytes
    made: tuple[str, ...]
    """Key files written now (empty when both existed)."""


def _write_secret(path: Path, seed: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (seed.hex() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_seed(path: Path, what: str, shown: str | None = None, fix: str | None = None) -> bytes:
    """The key's 32 bytes; shown names the file in an error (path by default), fix is said after it
    (by default what ``central init`` can do: make the file readable, or give or make a key file)."""
    try:
        text = path.read_text(errors="replace").strip()
    except OSError as exc:
        raise CentralError(
            _("cannot read the {what} {path}: {reason}").format(
                what=_(what), path=shown or path, reason=os_problem(exc)
            )
            + "; "
            + (fix or _unreadable_fix(path, what, exc))
        ) from None
    try:
        seed = bytes.fromhex(text)
    except ValueError:
        seed = b""
    if len(seed) != 32:
        raise CentralError(
            _("{path} does not hold a {what} (expected 64 hex digits)").format(path=shown or path, what=_(what))
            + "; "
            + (fix or _other_file_fix(path, what))
        )
    if path.stat().st_mode & 0o077:
        raise CentralError(
            _("the {what} {path} can be read by others; run: chmod 600 {path}").format(what=_(what), path=path)
        )
    return seed


def _other_file_fix(path: Path, what: str) -> str:
    """What ``central init`` can do with a key file that holds no key: another file, or a new key."""
    return _(
        "give the {what} file central init wrote for this database, or, if the database has none yet, "
        "move {path} aside and init writes a new one"
    ).format(what=_(what), path=path)


def _unreadable_fix(path: Path, what: str, exc: OSError) -> str:
    """What makes a key file ``central init`` cannot read readable: chmod by its owner, or init run as its owner."""
    if not isinstance(exc, PermissionError):
        return _other_file_fix(path, what)
    try:
        owner = path.stat().st_uid
    except OSError:
        owner = None
    if owner is None or not hasattr(os, "getuid") or owner == os.getuid():
        return _("make it readable to you alone: chmod 600 {path}").format(path=path)
    return _("it belongs to another user; run central init as that user")


def _no_folder(path: Path, what: str) -> CentralError:
    return CentralError(
        _("the folder {folder} for the {what} does not exist; make it first: mkdir -p {folder}").format(
            folder=path.parent, what=_(what)
        )
    )


def _ensure_file(path: Path, what: str, made: list[str]) -> bytes:
    if path.exists():
        return _read_seed(path, what)
    if not path.parent.is_dir():
        raise _no_folder(path, what)
    seed = os.urandom(32)
    try:
        _write_secret(path, seed)
    except OSError as exc:
        raise _unwritable(path, what, os_problem(exc)) from None
    made.append(str(path))
    return seed


def _unwritable(path: Path, what: str, reason: str) -> CentralError:
    return CentralError(
        _("cannot write the {what} {path}: {reason}; give a file in a folder you can write to").format(
            what=_(what), path=path, reason=reason
        )
    )


def check_key_files(signing_path: Path, sealing_path: Path) -> None:
    """What init_keys would refuse about the files themselves, before the database is touched:
    one file for both, a folder that does not exist or cannot be written, a key file unreadable, malformed or
    open to others."""
    if signing_path.resolve() == sealing_path.resolve():
        raise CentralError(_("the signing key and the sealing key must be two different files"))
    for path, what in ((signing_path, N_("signing key")), (sealing_path, N_("sealing key"))):
        if path.exists():
            _read_seed(path, what)
        elif not path.parent.is_dir():
            raise _no_folder(path, what)
        elif not os.access(path.parent, os.W_OK | os.X_OK):  # before the schema is made: init writes it
            raise _unwritable(path, what, _(REASONS[errno.EACCES]))


def init_keys(db: CentralDb, signing_path: Path, sealing_path: Path) -> InitResult:
    """Make (or load) both key files and record their public halves; a different key is refused."""
    check_key_files(signing_path, sealing_path)
    recorded_signing = get_meta(db.as_store(), META_SIGNING_PUBLIC)
    recorded_sealing = get_meta(db.as_store(), META_CENTRAL_PUBLIC)
    if recorded_signing and not signing_path.exists():
        raise CentralError(
            _("this central database already has a signing key; give its file (not {signing_path})").format(
                signing_path=signing_path
            )
        )
    if recorded_sealing and not sealing_path.exists():
        raise CentralError(
            _("this central database already has a sealing key; give its file (not {sealing_path})").format(
                sealing_path=sealing_path
            )
        )
    made: list[str] = []
    signing = SigningKey(_ensure_file(signing_path, N_("signing key"), made))
    sealing = PrivateKey(_ensure_file(sealing_path, N_("sealing key"), made))
    signing_public = bytes(signing.verify_key)
    sealing_public = bytes(sealing.public_key)
    for recorded, public, path in (
        (recorded_signing, signing_public, signing_path),
        (recorded_sealing, sealing_public, sealing_path),
    ):
        if recorded and recorded != public.hex():
            raise CentralError(
                _("the key in {path} is not the one this central database was set up with ({fingerprint})").format(
                    path=path, fingerprint=fingerprint(bytes.fromhex(recorded))
                )
            )
    store = db.as_store()
    with db.atomic():
        device = get_meta(store, "device_id") or f"central-{uuid.uuid4()}"
        set_meta(store, "device_id", device)
        set_meta(store, META_SIGNING_PUBLIC, signing_public.hex())
        set_meta(store, META_CENTRAL_PUBLIC, sealing_public.hex())
    return InitResult(device, signing_public, sealing_public, tuple(made))


@dataclass(frozen=True)
class _KeyKind:
    """One of the two central keys, as the commands that load it name it."""

    what: str
    option: str
    env: str
    meta: str
    """Where the database keeps its public half."""


SIGNING = _KeyKind(N_("signing key"), "--signing-key", ENV_SIGNING_KEY, META_SIGNING_PUBLIC)
SEALING = _KeyKind(N_("sealing key"), "--sealing-key", ENV_SEALING_KEY, META_CENTRAL_PUBLIC)


def _load_seed(db: CentralDb, given: Path | None, kind: _KeyKind) -> tuple[bytes, str, str, str]:
    """The key file's seed, how an error names the file, the public half the database expects, and
    what to do when the file is not the one: every refusal one line naming the file and the fix."""
    recorded = get_meta(db.as_store(), kind.meta)
    file = _("FILE")
    named = given if given is not None else (Path(os.environ[kind.env]) if os.environ.get(kind.env) else None)
    if recorded is None:
        raise CentralError(
            _("this central database has no {what} yet; make both keys with: {command}").format(
                what=_(kind.what),
                command=f"inspect-tui central init --signing-key {named if kind is SIGNING and named else file} "
                f"--sealing-key {named if kind is SEALING and named else file}",
            )
        )
    fix = _("give the file with this central database's {what} ({fingerprint}) with {option} {file} or ${env}").format(
        what=_(kind.what), fingerprint=fingerprint(bytes.fromhex(recorded)), option=kind.option, file=file, env=kind.env
    )
    if named is None:
        raise CentralError(fix)
    shown = str(named) if given is not None else _("{path} (from ${env})").format(path=named, env=kind.env)
    if named.is_dir():
        raise CentralError(
            _("{path} is a folder, not a {what} file; {fix}").format(path=shown, what=_(kind.what), fix=fix)
        )
    if not named.is_file():
        raise CentralError(_("no {what} file at {path}; {fix}").format(what=_(kind.what), path=shown, fix=fix))
    return _read_seed(named, kind.what, shown, fix), shown, recorded, fix


def _wrong_key(kind: _KeyKind, shown: str, public: bytes, fix: str) -> CentralError:
    return CentralError(
        _("the key in {path} ({fingerprint}) is not this central database's {what}; {fix}").format(
            path=shown, fingerprint=fingerprint(public), what=_(kind.what), fix=fix
        )
    )


def load_signing_key(db: CentralDb, given: Path | None) -> SigningKey:
    """The central signing key from its file (given, else ``$INSPECT_TUI_CENTRAL_SIGNING_KEY``), checked against the database."""
    seed, shown, recorded, fix = _load_seed(db, given, SIGNING)
    key = SigningKey(seed)
    if recorded != bytes(key.verify_key).hex():
        raise _wrong_key(SIGNING, shown, bytes(key.verify_key), fix)
    return key


def load_sealing_key(db: CentralDb, given: Path | None) -> PrivateKey:
    """The key that opens sealed personal data (given, else ``$INSPECT_TUI_CENTRAL_SEALING_KEY``), checked against the database."""
    seed, shown, recorded, fix = _load_seed(db, given, SEALING)
    key = PrivateKey(seed)
    if recorded != bytes(key.public_key).hex():
        raise _wrong_key(SEALING, shown, bytes(key.public_key), fix)
    return key


def central_device(db: CentralDb) -> str:
    """The central system's device id (it signs pulls and shares as this device)."""
    value = get_meta(db.as_store(), "device_id")
    if value is None:
        raise CentralError(_("the central database has no identity yet; run: inspect-tui central init"))
    return value
