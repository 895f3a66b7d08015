"""Occupants' personal fields sealed in the change log itself, so revision ids hash what travels.

When the database has the central system's sealing key, an occupant revision is sealed when it is
made: ``changes.data`` holds (and the revision id hashes) BSN, date of birth, phone and e-mail
sealed to the central key, field by field (``record["sealed"][field]``, the plain field null).
An export sends exactly those bytes, so every receiver can recompute every id. The occupants
table keeps the plain values of the version made here, for the inspector's own screens.

Versions made before the key was set and never exported are sealed in place (``seal_unexported``:
their ids, and those of the later versions built on them, are recomputed); nobody else knows
those ids yet. Versions that left this device in plain, or came in plain from a device without
the key, are never sent on while a central key is set (see ``sync.export``).
"""

from __future__ import annotations

import base64
import json
from typing import Any, Final

from nacl.public import PublicKey, SealedBox
from sqlite_utils import Database

from inspect_tui.domain.models import SEALABLE_FIELDS, Occupant
from inspect_tui.store.codec import canonical_json, data_to_row, row_to_data, upsert_sql
from inspect_tui.store.db import device_id, get_meta

META_CENTRAL_PUBLIC: Final = "central_public_key"
"""Where the central system's Curve25519 public key is kept (hex)."""
META_LAST_EXPORT: Final = "last_export_seq"
"""The last change an export carried: later ones have not left this device."""


def has_personal_data(record: dict[str, Any]) -> bool:
    """The occupant record carries at least one sealable field in plain text."""
    return any(record.get(name) is not None for name in SEALABLE_FIELDS)


def seal_record(record: dict[str, Any], central: PublicKey) -> dict[str, Any]:
    """A copy of an occupant record with every plain personal field sealed to central.

    Fields that were sealed already (the record came sealed from elsewhere) stay as they are.
    """
    box = SealedBox(central)
    sealed: dict[str, str] = dict(record.get("sealed") or {})
    result = dict(record)
    for name in SEALABLE_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        plain = json.dumps(value, ensure_ascii=False).encode()
        sealed[name] = base64.b64encode(box.encrypt(plain)).decode("ascii")
        result[name] = None
    result["sealed"] = sealed or None
    return result


def sealing_key(db: Database) -> PublicKey | None:
    """The central system's sealing key, when one is set."""
    value = get_meta(db, META_CENTRAL_PUBLIC)
    return PublicKey(bytes.fromhex(value)) if value else None


def stored_form(db: Database, entity: str, data: dict[str, Any]) -> dict[str, Any]:
    """What the change log stores (and the id hashes) for a new local version: data itself, or sealed."""
    if entity != Occupant.table or not has_personal_data(data):
        return data
    central = sealing_key(db)
    return data if central is None else seal_record(data, central)


def shows_plain(db: Database, record_id: str, rev: str, plain: dict[str, Any]) -> bool:
    """The occupants table shows version rev of the record with exactly these plain values."""
    cursor = db.execute("SELECT * FROM occupants WHERE id = ? AND rev = ?", [record_id, rev])
    row = cursor.fetchone()
    if row is None:
        return False
    shown = row_to_data(Occupant, dict(zip([c[0] for c in cursor.description], row, strict=True)))
    return canonical_json(shown) == canonical_json(plain)


def show_plain(db: Database, record_id: str, rev: str, plain: dict[str, Any]) -> None:
    """Let the occupants table show the plain values of version rev (when it shows that version)."""
    if db.execute("SELECT 1 FROM occupants WHERE id = ? AND rev = ?", [record_id, rev]).fetchone() is None:
        return
    columns, upsert = upsert_sql(Occupant.table)
    values = data_to_row(Occupant, plain, rev)
    db.execute(upsert, [values.get(c) for c in columns])


def seal_unexported(db: Database, since: int) -> int:
    """Seal, in place, the plain occupant versions made here after change since (inside a transaction).

    Their ids (and those of later versions of the same records made here, which name them as
    parents) are recomputed over the sealed form. Returns how many versions got a new id.
    """
    central = sealing_key(db)
    if central is None:
        return 0
    from inspect_tui.store.conflicts import refresh_conflict
    from inspect_tui.store.revisions import make_rev, stamp_of

    origin = device_id(db)
    rows = db.execute(
        "SELECT seq, record_id, rev, gen, base_rev, merged, ancestors, deleted, data, made_at, made_by FROM changes "
        "WHERE entity = 'occupants' AND origin = ? AND seq > ? ORDER BY seq",
        [origin, since],
    ).fetchall()
    touched = {str(r[1]) for r in rows if r[8] and has_personal_data(json.loads(r[8]))}
    renamed: dict[str, str] = {}
    for seq, record_id, rev, gen, base_rev, merged, ancestors, deleted, text, made_at, made_by in rows:
        if record_id not in touched:
            continue
        data = json.loads(text) if text else None
        if data is not None and has_personal_data(data):
            data = seal_record(data, central)
        base = renamed.get(base_rev, base_rev) if base_rev else None
        parents = tuple(sorted(renamed.get(m, m) for m in json.loads(merged)))
        older = [renamed.get(a, a) for a in json.loads(ancestors)]
        data_json = canonical_json(data) if data is not None else None
        new_rev = make_rev(
            "occupants", record_id, gen, base, parents, bool(deleted), data_json or "", stamp_of(made_at, made_by)
        )
        if new_rev == rev and data_json == text:
            continue
        db.execute(
            "UPDATE changes SET rev = ?, base_rev = ?, merged = ?, ancestors = ?, data = ? WHERE seq = ?",
            [new_rev, base, json.dumps(list(parents)), json.dumps(older), data_json, seq],
        )
        if new_rev != rev:
            renamed[rev] = new_rev
            db.execute("UPDATE OR IGNORE superseded SET rev = ? WHERE rev = ?", [new_rev, rev])
            db.execute("DELETE FROM superseded WHERE rev = ?", [rev])
            db.execute("UPDATE occupants SET rev = ? WHERE id = ? AND rev = ?", [new_rev, record_id, rev])
    for record_id in sorted(touched):
        refresh_conflict(db, "occupants", record_id)
    return len(renamed)
