"""Bundle bookkeeping: which bundles went out of and came into this database, and by whom."""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database


@dataclass(frozen=True)
class BundleRecord:
    """A bundle this database exported ("out") or imported ("in")."""

    id: str
    sha256: str
    signer: str
    """The signer's public key, hex."""
    device_id: str
    direction: str
    created_at: str
    seq_from: int
    seq_to: int
    receipt: str
    """JSON: counts, files (and, for an export, the file name; for an import, when)."""


def bundle_seen(db: Database, bundle_id: str, signer: str) -> tuple[str, str, str] | None:
    """(sha256, direction, receipt) of a bundle known here by its id and signer (hex), or None.

    A bundle id is unique per signer only: another key's bundle with the same id is another bundle.
    """
    row = db.execute(
        "SELECT sha256, direction, receipt FROM bundles WHERE id = ? AND signer = ?", [bundle_id, signer]
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), str(row[2] or ""))


def signers_seen(db: Database) -> dict[bytes, set[str]]:
    """Every key that signed a bundle imported here, with the devices it signed for."""
    seen: dict[bytes, set[str]] = {}
    for signer, device in db.execute("SELECT signer, device_id FROM bundles WHERE direction = 'in'"):
        seen.setdefault(bytes.fromhex(str(signer)), set()).add(str(device))
    return seen


def record_bundle(db: Database, bundle: BundleRecord) -> None:
    """Remember a bundle exported or imported (inside the caller's transaction)."""
    db.execute(
        "INSERT INTO bundles(id, sha256, signer, device_id, direction, created_at, seq_from, seq_to, receipt) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            bundle.id,
            bundle.sha256,
            bundle.signer,
            bundle.device_id,
            bundle.direction,
            bundle.created_at,
            bundle.seq_from,
            bundle.seq_to,
            bundle.receipt,
        ],
    )


KEEP_SNAPSHOTS = 3
"""How many copies of the database from before an import are kept by default."""
MOST_SNAPSHOTS = 100
"""The most copies from before imports a database keeps (each is a whole copy of it)."""


def snapshot_names(target: Path, keep: int) -> list[Path]:
    """The snapshot files, newest first: target itself, then <name>.1.<suffix>, <name>.2.<suffix>, …"""
    return [target, *(target.with_name(f"{target.stem}.{n}{target.suffix}") for n in range(1, keep))]


STALE_COPY_SECONDS = 24 * 3600
"""A copy in progress (``*.part``) older than this was left by an import that never ended: removed
(where the system has no file locks; elsewhere a copy no running import holds is removed at once)."""

try:
    import fcntl
except ImportError:  # Windows: the age rule alone
    fcntl = None  # type: ignore[assignment]


def _hold(path: Path) -> int | None:
    """An open descriptor holding an exclusive lock on path (released when the process ends, also
    when it is killed); None where the system has no such locks."""
    if fcntl is None:
        return None
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise
    return handle


class SnapshotCopy:
    """The database as it was before an import, copied aside until the import is known to have
    changed it: ``keep`` puts it in place as the newest snapshot (older ones move up, the oldest
    beyond the kept number goes); ``discard`` removes it, so an import that was refused (nothing
    changed) pushes no earlier copy out."""

    def __init__(self, partial: Path, target: Path, keep: int, held: int | None = None) -> None:
        self.partial, self.target, self.kept = partial, target, min(max(1, keep), MOST_SNAPSHOTS)
        self.held = held
        """The descriptor locking the copy while the import runs (see ``_remove_stale_copies``)."""

    def _release(self) -> None:
        if self.held is not None:
            os.close(self.held)
            self.held = None

    def keep(self) -> None:
        names = snapshot_names(self.target, self.kept + 20)
        for stale in names[self.kept :]:  # beyond what is kept (keep was lowered): removed
            stale.unlink(missing_ok=True)
        names = names[: self.kept]
        names[-1].unlink(missing_ok=True)
        for newer, older in zip(reversed(names[:-1]), reversed(names[1:]), strict=True):
            with contextlib.suppress(FileNotFoundError):  # another import may be rotating at the same time
                os.replace(newer, older)
                os.chmod(older, 0o600)  # copies made by earlier versions were world-readable
        os.replace(self.partial, self.target)
        self._release()

    def discard(self) -> None:
        self.partial.unlink(missing_ok=True)
        self._release()


def copy_database(db: Database, target: Path, keep: int = KEEP_SNAPSHOTS) -> SnapshotCopy:
    """Copy the database beside target with VACUUM INTO, to be kept (or discarded) once the import
    it goes before has ended (``SnapshotCopy``).

    The copy is created owner-only (0600) before SQLite writes into it (it holds personal data).
    Copies in progress that an import left behind (killed) a day ago or more are removed first.
    """
    _remove_stale_copies(target)
    partial = target.with_name(f"{target.name}.{secrets.token_hex(4)}.part")  # own name: imports may race
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
    held = None
    try:
        held = _hold(partial)  # while this import runs, no other removes the copy as left behind
        db.execute("VACUUM INTO ?", [str(partial)])  # an empty file may be the target of VACUUM INTO
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        if held is not None:
            os.close(held)
        raise
    return SnapshotCopy(partial, target, keep, held)


def _remove_stale_copies(target: Path) -> None:
    """Remove the copies in progress an import left when it was killed: those no running import
    holds locked (a day old or more, where the system has no file locks)."""
    now = time.time()
    for left in target.parent.glob(f"{glob.escape(target.name)}.*.part"):
        with contextlib.suppress(OSError):
            if fcntl is None:
                if now - left.lstat().st_mtime > STALE_COPY_SECONDS:
                    left.unlink()
                continue
            if left.is_symlink() or not left.is_file():
                continue
            handle = _hold(left)  # OSError (locked): an import still running holds it
            try:
                left.unlink()
            finally:
                if handle is not None:
                    os.close(handle)
