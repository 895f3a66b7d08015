"""Open conflicts: records with more than one live leaf, and the fields that differ.

The table is derived from the revision tree alone, so every database that holds the
same revisions lists the same conflicts, whatever order they arrived in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True)
class Conflict:
    """A record whose versions diverged; `fields` are the ones whose values differ."""

    entity: str
    record_id: str
    leaves: list[str]
    fields: list[str]
    kind: str
    """"hard" when two versions changed the same field, "soft" when they changed different ones."""


def _lineage(db: Database, rev: str) -> list[str]:
    row = db.execute("SELECT ancestors FROM changes WHERE rev = ?", [rev]).fetchone()
    return [rev, *(json.loads(row[0]) if row else [])]


def _data(db: Database, rev: str) -> dict[str, Any] | None:
    row = db.execute("SELECT data FROM changes WHERE rev = ?", [rev]).fetchone()
    return json.loads(row[0]) if row and row[0] else None


def diff_fields(versions: list[dict[str, Any]]) -> list[str]:
    """Field names whose values are not the same in every version."""
    keys = sorted({k for v in versions for k in v})
    return [k for k in keys if len({json.dumps(v.get(k), sort_keys=True) for v in versions}) > 1]


def classify(db: Database, leaf_revs: list[str]) -> tuple[list[str], str]:
    """Differing fields and the conflict kind for a set of live leaves."""
    versions = [_data(db, r) or {} for r in leaf_revs]
    fields = diff_fields(versions)
    lineages = [_lineage(db, r) for r in leaf_revs]
    common = set(lineages[0]).intersection(*map(set, lineages[1:]))
    ancestor = next((r for r in lineages[0] if r in common and _data(db, r) is not None), None)
    if ancestor is None:
        return fields, "hard"
    base = _data(db, ancestor) or {}
    for name in fields:
        if sum(v.get(name) != base.get(name) for v in versions) > 1:
            return fields, "hard"
    return fields, "soft"


def refresh_conflict(db: Database, entity: str, record_id: str) -> None:
    """Recompute the conflict row of one record from its leaves."""
    live = [
        str(r[0])
        for r in db.execute(
            "SELECT rev FROM changes WHERE entity = ? AND record_id = ? AND leaf = 1 AND deleted = 0 "
            "ORDER BY gen DESC, rev DESC",
            [entity, record_id],
        ).fetchall()
    ]
    if len(live) <= 1:
        db.execute("DELETE FROM conflicts WHERE entity = ? AND record_id = ?", [entity, record_id])
        return
    fields, kind = classify(db, live)
    db.execute(
        "INSERT INTO conflicts(entity, record_id, leaves, fields, kind) VALUES (?,?,?,?,?) "
        "ON CONFLICT(entity, record_id) DO UPDATE SET leaves = excluded.leaves, "
        "fields = excluded.fields, kind = excluded.kind",
        [entity, record_id, json.dumps(live), json.dumps(fields), kind],
    )


def open_conflicts(db: Database, entity: str | None = None) -> list[Conflict]:
    """Every open conflict, optionally of one kind of record."""
    sql = "SELECT entity, record_id, leaves, fields, kind FROM conflicts"
    params: list[str] = []
    if entity:
        sql += " WHERE entity = ?"
        params.append(entity)
    sql += " ORDER BY entity, record_id"
    return [Conflict(r[0], r[1], json.loads(r[2]), json.loads(r[3]), r[4]) for r in db.execute(sql, params).fetchall()]
