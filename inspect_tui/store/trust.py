"""What the trust checks of an import read and write in SQLite: decisions, roster, segments."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from inspect_tui.store.db import device_id, get_meta, set_meta

META_ROSTER = "roster"
_CHUNK = 500


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def trusted_keys(db: Database) -> dict[bytes, tuple[str, str]]:
    """Keys a person accepted (or that signed bundles before trust was recorded): (device, role)."""
    return {
        bytes.fromhex(str(k)): (str(d), str(r))
        for k, d, r in db.execute("SELECT public_key, device_id, role FROM trusted_keys")
    }


def trust_decisions(db: Database) -> list[tuple[str, str, str, str, str]]:
    """(public key hex, device id, role, when, how) of every recorded decision, oldest first."""
    rows = db.execute(
        "SELECT public_key, device_id, role, decided_at, how FROM trusted_keys ORDER BY decided_at, public_key"
    )
    return [(str(a), str(b), str(c), str(d), str(e)) for a, b, c, d, e in rows]


def record_trust(db: Database, key: bytes, device: str, role: str, how: str) -> None:
    """Remember that a person accepted key as device in role (inside the caller's transaction)."""
    db.execute(
        "INSERT OR IGNORE INTO trusted_keys(public_key, device_id, role, decided_at, how) VALUES (?, ?, ?, ?, ?)",
        [key.hex(), device, role, dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), how],
    )


def pinned_roster(db: Database) -> str | None:
    """The pinned roster document, or None."""
    return get_meta(db, META_ROSTER)


def own_role(db: Database) -> str | None:
    """This device's role in the pinned roster (checked when it was pinned), or None without one."""
    text = pinned_roster(db)
    if text is None:
        return None
    here = device_id(db)
    for entry in json.loads(text)["body"]["devices"]:
        if entry.get("device_id") == here:
            return str(entry.get("role"))
    return None


def pin_roster(db: Database, text: str) -> None:
    """Pin a (checked) roster document (inside the caller's transaction)."""
    set_meta(db, META_ROSTER, text)


def segments_for(db: Database, revs: Sequence[str]) -> list[str]:
    """The stored segments vouching for any of revs."""
    found: dict[int, str] = {}
    for part in _chunks(revs):
        marks = ",".join("?" * len(part))
        for segment_id, body in db.execute(
            f"SELECT DISTINCT s.id, s.body FROM segment_revs r JOIN segments s ON s.id = r.segment_id "
            f"WHERE r.rev IN ({marks})",
            list(part),
        ):
            found[int(segment_id)] = str(body)
    return [found[k] for k in sorted(found)]


def record_owners(db: Database, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Per record, the device that made its first version (the origin of its root revision)."""
    owners: dict[tuple[str, str], str] = {}
    grouped: dict[str, list[str]] = {}
    for entity, record_id in keys:
        grouped.setdefault(entity, []).append(record_id)
    for entity, ids in grouped.items():
        for part in _chunks(ids):
            marks = ",".join("?" * len(part))
            for record_id, origin in db.execute(
                f"SELECT record_id, origin FROM changes WHERE entity = ? AND base_rev IS NULL "
                f"AND record_id IN ({marks}) ORDER BY rev",
                [entity, *part],
            ):
                owners.setdefault((entity, str(record_id)), str(origin))
    return owners


def revision_data(db: Database, revs: Sequence[str]) -> dict[str, dict[str, Any] | None]:
    """The stored data of these revisions."""
    found: dict[str, dict[str, Any] | None] = {}
    for part in _chunks(revs):
        marks = ",".join("?" * len(part))
        for rev, data in db.execute(f"SELECT rev, data FROM changes WHERE rev IN ({marks})", list(part)):
            found[str(rev)] = json.loads(data) if data else None
    return found
