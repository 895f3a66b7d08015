"""Give every stored time its zone: naive local times become RFC 3339 with the Amsterdam offset.

Older databases stored ``2026-10-12T08:30:00`` (local time of the device, which is always a
Dutch one). The migration rewrites those texts, in the entity tables and in the revision data
they were read from, as ``2026-10-12T08:30:00+02:00``. Revision ids are left as they are: they
name an edit, not its text, and every device migrates the same text the same way, so a revision
still has the same data everywhere (bundles of the old format are read the same way on import).
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from inspect_tui.i18n.zone import zoned_text
from inspect_tui.store.codec import canonical_json

TIME_FIELDS: dict[str, tuple[str, ...]] = {
    "inspections": ("started_at", "completed_at"),
    "reviews": ("created_at",),
}
"""The stored moments, by table (dates such as deadlines are days, not moments: they keep no zone)."""


def _needs_zone(text: object) -> bool:
    if not isinstance(text, str) or "T" not in text:
        return False
    clock = text.split("T", 1)[1]
    return not (clock.endswith("Z") or "+" in clock or "-" in clock)


def add_zones(db: Database) -> int:
    """Rewrite naive times in the entity tables and the revision data; returns the texts changed."""
    changed = 0
    for table, fields in TIME_FIELDS.items():
        if not db[table].exists():
            continue
        for field in fields:
            rows = db.execute(f"SELECT rowid, {field} FROM {table} WHERE {field} IS NOT NULL").fetchall()
            for rowid, text in rows:
                if _needs_zone(text):
                    db.execute(f"UPDATE {table} SET {field} = ? WHERE rowid = ?", [zoned_text(text), rowid])
                    changed += 1
    if db["changes"].exists():
        entities = list(TIME_FIELDS)
        marks = ",".join("?" * len(entities))
        rows = db.execute(
            f"SELECT rowid, entity, data FROM changes WHERE entity IN ({marks}) AND data IS NOT NULL", entities
        ).fetchall()
        for rowid, entity, text in rows:
            data: dict[str, Any] = json.loads(text)
            touched = False
            for field in TIME_FIELDS[entity]:
                if _needs_zone(data.get(field)):
                    data[field] = zoned_text(data[field])
                    touched = True
            if touched:
                db.execute("UPDATE changes SET data = ? WHERE rowid = ?", [canonical_json(data), rowid])
                changed += 1
    return changed
