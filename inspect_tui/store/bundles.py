"""Bundle bookkeeping: which bundles went out of and came into this database, and by whom."""

from __future__ import annotations

import os
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


def snapshot_database(db: Database, target: Path) -> None:
    """Copy the database to target (replacing an older copy) with VACUUM INTO."""
    partial = target.with_name(f"{target.name}.part")
    partial.unlink(missing_ok=True)
    db.execute("VACUUM INTO ?", [str(partial)])
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
