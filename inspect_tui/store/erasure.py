"""Erasing an occupant's personal data from history when the occupant is removed (AVG art. 17).

Removing an occupant is an erasure: the deletion revision carries no personal data, and every
earlier revision of that occupant in ``changes`` on this device has its personal fields blanked
(BSN, date of birth, phone, e-mail, their sealed forms, and the name). The erasure travels with
the deletion: a receiver that stores a deletion of an occupant erases that occupant's history
too, and keeps doing so for revisions of it that arrive later (from a device that had not seen
the deletion yet). An erasure always wins: it is never undone by a merge.

An erased revision keeps its id, but its data no longer hashes to it; the export therefore
carries only the deletion revision of an erased occupant (and its personal fields never leave
the device again). SQLite's ``secure_delete`` is switched on for the erasure, so the old bytes
do not linger in free pages of the database file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Final

from sqlite_utils import Database

from inspect_tui.domain.models import SEALABLE_FIELDS, Occupant
from inspect_tui.store.codec import canonical_json, data_to_row, upsert_sql

ERASED_NAME: Final = "(erased)"
"""What an erased occupant's name reads."""

PERSONAL_FIELDS: Final = (*SEALABLE_FIELDS, "sealed", "name")
"""Fields an erasure blanks."""


def erased_data(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of occupant data with every personal field blanked."""
    result = dict(data)
    for name in (*SEALABLE_FIELDS, "sealed"):
        if name in result:
            result[name] = None
    if "name" in result:
        result["name"] = ERASED_NAME
    return result


def erased_occupant(occupant: Occupant) -> Occupant:
    """The occupant as its deletion revision records it: no personal data."""
    return Occupant.model_validate(erased_data(occupant.model_dump(mode="json")))


def erase_history(db: Database, record_ids: Iterable[str]) -> int:
    """Blank the personal fields of every revision of these occupants (inside a transaction).

    Returns how many revisions changed. The occupants table is brought in line when a live
    version of an occupant is shown (a concurrent edit that outlived the deletion).
    """
    ids = sorted(set(record_ids))
    if not ids:
        return 0
    db.execute("PRAGMA secure_delete = ON")
    changed = 0
    columns, upsert = upsert_sql(Occupant.table)
    for record_id in ids:
        rows = db.execute(
            "SELECT rev, data FROM changes WHERE entity = 'occupants' AND record_id = ? AND data IS NOT NULL",
            [record_id],
        ).fetchall()
        for rev, text in rows:
            data = json.loads(text)
            erased = erased_data(data)
            if erased != data:
                db.execute("UPDATE changes SET data = ? WHERE rev = ?", [canonical_json(erased), rev])
                changed += 1
        shown = db.execute("SELECT rev FROM occupants WHERE id = ?", [record_id]).fetchone()
        if shown is not None:
            row = db.execute("SELECT data FROM changes WHERE rev = ?", [shown[0]]).fetchone()
            if row is not None and row[0]:
                values = data_to_row(Occupant, json.loads(row[0]), str(shown[0]))
                db.execute(upsert, [values.get(c) for c in columns])
    return changed


def erased_occupants(db: Database, record_ids: Iterable[str] | None = None) -> set[str]:
    """Occupants (of record_ids, or all) that have a deletion revision here: their history is erased."""
    if record_ids is None:
        rows = db.execute("SELECT DISTINCT record_id FROM changes WHERE entity = 'occupants' AND deleted = 1")
        return {str(r[0]) for r in rows}
    wanted = sorted(set(record_ids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        marks = ",".join("?" * len(part))
        rows = db.execute(
            f"SELECT DISTINCT record_id FROM changes WHERE entity = 'occupants' AND deleted = 1 "
            f"AND record_id IN ({marks})",
            part,
        )
        found.update(str(r[0]) for r in rows)
    return found


def erase_deleted(db: Database, record_ids: Iterable[str]) -> int:
    """After a merge: erase the history of those of record_ids that are deleted here. Returns revisions changed."""
    return erase_history(db, erased_occupants(db, record_ids))
