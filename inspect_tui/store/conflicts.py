"""Open conflicts: records whose versions diverged, and the fields that differ.

A record is in conflict when more than one of its leaves is live, or when a live leaf stands
beside a deleted one: a deletion and an edit that did not see it. The edit stays in effect
(nothing is lost) until a person keeps one of them. An occupant is the exception: removing a
person erases their data (AVG art. 17), and an erasure always wins, so an occupant with a deleted
leaf is removed and no conflict (``ERASED_BY_DELETION``, ``head_order``, ``winning_leaf``). The table is derived from the revision tree
alone, so every database that holds the same revisions lists the same conflicts, whatever order
they arrived in. A removal that records shown still name as their parent is held (``store.held``):
the record stays shown as the deletion left it, and that is a conflict too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

DELETED_FIELD = "deleted"
"""How a conflict between a deletion and an edit names what differs, before the fields."""

ERASED_BY_DELETION = frozenset({"occupants"})
"""Kinds whose deletion is an erasure: a deleted leaf is the head whatever else is live."""


def diverged(live: int, leaves: int, entity: str = "") -> bool:
    """Whether a record (of kind ``entity``) with this many live leaves among its leaves is in conflict.

    Two live leaves are two versions nobody merged; a live leaf beside a deleted one is an edit
    made without seeing the deletion. Deleted leaves alone agree: the record is gone. A person's
    erasure beside an edit is no conflict: the erasure wins.
    """
    if entity in ERASED_BY_DELETION and live < leaves:
        return False
    return live > 1 or 0 < live < leaves


def head_order(entity: str) -> str:
    """The ORDER BY of a record's leaves that puts its head first (deterministic, no clock)."""
    deleted = "DESC" if entity in ERASED_BY_DELETION else "ASC"
    return f"deleted {deleted}, gen DESC, rev DESC"


def winning_leaf(entity: str, leaves: Sequence[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """The head among leaves given as (1 when not deleted, generation, rev), as ``head_order`` sorts."""
    if entity in ERASED_BY_DELETION:
        return max(leaves, key=lambda leaf: (-leaf[0], leaf[1], leaf[2]), default=None)
    return max(leaves, default=None)


@dataclass(frozen=True)
class Conflict:
    """A record whose versions diverged; `fields` are the ones whose values differ."""

    entity: str
    record_id: str
    leaves: list[str]
    fields: list[str]
    kind: str
    """"hard" when two versions changed the same field or one deleted the record, "soft" when they
    changed different fields."""


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


def classify(db: Database, leaf_revs: list[str], deleted: int = 0) -> tuple[list[str], str]:
    """Differing fields and the conflict kind for a set of leaves, ``deleted`` of which are deletions."""
    versions = [_data(db, r) or {} for r in leaf_revs]
    fields = diff_fields(versions)
    if deleted:
        return [DELETED_FIELD, *fields], "hard"
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
    """Recompute the conflict row of one record from its leaves (live ones first, winner first)."""
    rows = db.execute(
        f"SELECT rev, deleted FROM changes WHERE entity = ? AND record_id = ? AND leaf = 1 ORDER BY {head_order(entity)}",
        [entity, record_id],
    ).fetchall()
    deleted = sum(1 for r in rows if r[1])
    if not diverged(len(rows) - deleted, len(rows), entity) and not held_removal(
        db, entity, record_id, len(rows), deleted
    ):
        db.execute("DELETE FROM conflicts WHERE entity = ? AND record_id = ?", [entity, record_id])
        return
    revs = [str(r[0]) for r in rows]
    fields, kind = classify(db, revs, deleted)
    db.execute(
        "INSERT INTO conflicts(entity, record_id, leaves, fields, kind) VALUES (?,?,?,?,?) "
        "ON CONFLICT(entity, record_id) DO UPDATE SET leaves = excluded.leaves, "
        "fields = excluded.fields, kind = excluded.kind",
        [entity, record_id, json.dumps(revs), json.dumps(fields), kind],
    )


def held_removal(db: Database, entity: str, record_id: str, leaves: int, deleted: int) -> bool:
    """A record with this many leaves, ``deleted`` of them deletions, is a held removal: every leaf a
    deletion, yet the record is shown (records under it keep it, ``store.held``)."""
    if not leaves or deleted < leaves or entity in ERASED_BY_DELETION:
        return False
    return db.execute(f"SELECT 1 FROM [{entity}] WHERE id = ?", [record_id]).fetchone() is not None


def refresh_deletion_conflicts(db: Database) -> int:
    """Every record where a live leaf stands beside a deleted one, as this release holds it: its
    conflict recorded, or, for a person (an erasure wins), no longer shown. Returns how many.

    For databases from before (a migration on both back ends): they showed the live leaf and
    recorded nothing.
    """
    rows = db.execute(
        "SELECT entity, record_id FROM changes WHERE leaf = 1 GROUP BY entity, record_id "
        "HAVING SUM(deleted) > 0 AND SUM(deleted) < COUNT(*) ORDER BY entity, record_id"
    ).fetchall()
    for entity, record_id in rows:
        if entity in ERASED_BY_DELETION:
            db.execute(f"DELETE FROM [{entity}] WHERE id = ?", [str(record_id)])
        refresh_conflict(db, str(entity), str(record_id))
    return len(rows)


def open_conflicts(db: Database, entity: str | None = None) -> list[Conflict]:
    """Every open conflict, optionally of one kind of record."""
    sql = "SELECT entity, record_id, leaves, fields, kind FROM conflicts"
    params: list[str] = []
    if entity:
        sql += " WHERE entity = ?"
        params.append(entity)
    sql += " ORDER BY entity, record_id"
    return [Conflict(r[0], r[1], json.loads(r[2]), json.loads(r[3]), r[4]) for r in db.execute(sql, params).fetchall()]
