"""Merging many revisions at once: the batched form of ``store.revisions.apply_revision``.

Importing a bundle of 60,000 revisions one ``apply_revision`` at a time costs a dozen statements
each. This module reaches exactly the same database — the same ``changes`` rows in the same
``seq`` order, the same leaves, heads and conflicts — with a few statements per batch. That is
possible because the store is built to be order-independent: a revision is a leaf when nothing
stored supersedes it, the head is the winning leaf, a conflict is a record with more than one
live leaf. A property test checks the two paths against each other on random revision trees.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from sqlite_utils import Database

from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.store.codec import canonical_json, data_to_row
from inspect_tui.store.conflicts import refresh_conflict
from inspect_tui.store.revisions import Revision

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
CONFLICT = "conflict"
OUTCOMES = (NEW, UPDATED, UNCHANGED, CONFLICT)

_CHUNK = 500
"""Values per IN (...) list; well below SQLite's limit on parameters."""

RecordKey = tuple[str, str]


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(values: Sequence[str]) -> str:
    return ",".join("?" * len(values))


def known_revisions(db: Database, revs: Sequence[str]) -> dict[str, RecordKey]:
    """Which of revs the database holds, and the record each belongs to."""
    found: dict[str, RecordKey] = {}
    for part in _chunks(revs):
        for rev, entity, record_id in db.execute(
            f"SELECT rev, entity, record_id FROM changes WHERE rev IN ({_marks(part)})", list(part)
        ).fetchall():
            found[str(rev)] = (str(entity), str(record_id))
    return found


def _records_by_entity(keys: Iterable[RecordKey]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for entity, record_id in keys:
        grouped.setdefault(entity, []).append(record_id)
    return grouped


def _records_with_revisions(db: Database, keys: Iterable[RecordKey]) -> set[RecordKey]:
    found: set[RecordKey] = set()
    for entity, ids in _records_by_entity(keys).items():
        for part in _chunks(ids):
            rows = db.execute(
                f"SELECT DISTINCT record_id FROM changes WHERE entity = ? AND record_id IN ({_marks(part)})",
                [entity, *part],
            ).fetchall()
            found.update((entity, str(r[0])) for r in rows)
    return found


@cache
def _upsert_sql(entity: str) -> tuple[tuple[str, ...], str]:
    """Every column of the entity table (the model's fields, then rev) and an upsert over them."""
    columns = (*MODEL_BY_TABLE[entity].model_fields, "rev")
    names = ", ".join(f"[{c}]" for c in columns)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
    sql = f"INSERT INTO [{entity}] ({names}) VALUES ({_marks(columns)}) ON CONFLICT(id) DO UPDATE SET {updates}"
    return columns, sql


def _json_list(values: Sequence[str]) -> str:
    """The store's text for merged / ancestors (as ``json.dumps`` writes it)."""
    return json.dumps(list(values)) if values else "[]"


def _insert_revisions(db: Database, fresh: list[Revision]) -> set[str]:
    """Store the revisions; returns those of them that something stored already supersedes."""
    closed = sorted({p for r in fresh for p in (r.base_rev, *r.merged, *r.ancestors) if p})
    db.conn.executemany("INSERT OR IGNORE INTO superseded(rev) VALUES (?)", [(r,) for r in closed])
    superseded: set[str] = set()
    for part in _chunks([r.rev for r in fresh]):
        rows = db.execute(f"SELECT rev FROM superseded WHERE rev IN ({_marks(part)})", list(part)).fetchall()
        superseded.update(str(r[0]) for r in rows)
    db.conn.executemany(
        "INSERT INTO changes(entity, record_id, rev, gen, base_rev, merged, ancestors, origin, "
        "deleted, leaf, data) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                r.entity,
                r.record_id,
                r.rev,
                r.gen,
                r.base_rev,
                _json_list(sorted(r.merged)),
                _json_list(r.ancestors),
                r.origin,
                int(r.deleted),
                0 if r.rev in superseded else 1,
                canonical_json(r.data) if r.data is not None else None,
            )
            for r in fresh
        ],
    )
    for part in _chunks(closed):
        db.execute(f"UPDATE changes SET leaf = 0 WHERE leaf = 1 AND rev IN ({_marks(part)})", list(part))
    return superseded


Leaf = tuple[int, int, str]
"""(1 when not deleted, generation, rev): the store's head is the highest."""


def _leaves_stored(db: Database, entity: str, ids: list[str]) -> dict[str, list[Leaf]]:
    """Every leaf of records that had revisions before, read from the database."""
    leaves: dict[str, list[Leaf]] = {i: [] for i in ids}
    for part in _chunks(ids):
        for record_id, rev, gen, deleted in db.execute(
            f"SELECT record_id, rev, gen, deleted FROM changes WHERE entity = ? AND record_id IN ({_marks(part)}) "
            "AND leaf = 1",
            [entity, *part],
        ).fetchall():
            leaves[record_id].append((0 if deleted else 1, gen, rev))
    return leaves


def _leaves_new(ids: list[str], revisions: dict[str, list[Revision]], superseded: set[str]) -> dict[str, list[Leaf]]:
    """Every leaf of records seen for the first time: all their revisions are in this batch."""
    return {i: [(0 if r.deleted else 1, r.gen, r.rev) for r in revisions[i] if r.rev not in superseded] for i in ids}


def _stored_data(db: Database, rev: str) -> dict[str, Any] | None:
    row = db.execute("SELECT data FROM changes WHERE rev = ?", [rev]).fetchone()
    return json.loads(row[0]) if row and row[0] else None


def _show_heads(db: Database, entity: str, leaves: dict[str, list[Leaf]], fresh: dict[str, Revision]) -> None:
    """Make the entity table show each record's winning leaf (or no row when it is deleted)."""
    current: dict[str, str] = {}
    ids = list(leaves)
    for part in _chunks(ids):
        current.update(db.execute(f"SELECT id, rev FROM [{entity}] WHERE id IN ({_marks(part)})", list(part)))
    columns, upsert = _upsert_sql(entity)
    model = MODEL_BY_TABLE[entity]
    upserts: list[list[Any]] = []
    removals: list[tuple[str]] = []
    for record_id, candidates in leaves.items():
        winner = max(candidates, default=None)
        rev = winner[2] if winner is not None and winner[0] else None
        if rev is not None and current.get(record_id) == rev:
            continue
        data = None if rev is None else fresh[rev].data if rev in fresh else _stored_data(db, rev)
        if rev is None or data is None:
            if record_id in current:
                removals.append((record_id,))
            continue
        values = data_to_row(model, data, rev)
        upserts.append([values.get(c) for c in columns])
    db.conn.executemany(f"DELETE FROM [{entity}] WHERE id = ?", removals)
    db.conn.executemany(upsert, upserts)


def apply_revisions(db: Database, revisions: Iterable[Revision]) -> dict[RecordKey, str]:
    """Merge revisions from elsewhere (inside a transaction), as ``apply_revision`` would one by one.

    Returns, per record the revisions touch: "unchanged" (every revision was known), "new" (the
    record was not here before), "updated" (it was) or "conflict" (it now has more than one
    live leaf).
    """
    touched: dict[RecordKey, None] = {}
    batch: dict[str, Revision] = {}
    for revision in revisions:
        touched[(revision.entity, revision.record_id)] = None
        first = batch.get(revision.rev)
        if first is None:
            batch[revision.rev] = revision
        elif revision.origin < first.origin:  # the same edit made on two devices: keep the smallest origin
            batch[revision.rev] = replace(first, origin=revision.origin)
    known = known_revisions(db, list(batch))
    db.conn.executemany(
        "UPDATE changes SET origin = ? WHERE rev = ? AND origin > ?",
        [(r.origin, r.rev, r.origin) for r in batch.values() if r.rev in known],
    )
    fresh = [r for r in batch.values() if r.rev not in known]
    by_record: dict[RecordKey, list[Revision]] = {}
    for revision in fresh:
        by_record.setdefault((revision.entity, revision.record_id), []).append(revision)
    existed = _records_with_revisions(db, by_record)
    superseded = _insert_revisions(db, fresh)
    fresh_by_rev = {r.rev: r for r in fresh}
    outcome = {key: UNCHANGED for key in touched}
    conflicted = {(str(e), str(i)) for e, i in db.execute("SELECT entity, record_id FROM conflicts")}
    for entity, ids in _records_by_entity(by_record).items():
        new_ids = [i for i in ids if (entity, i) not in existed]
        mine = {i: by_record[(entity, i)] for i in new_ids}
        leaves = {
            **_leaves_stored(db, entity, [i for i in ids if (entity, i) in existed]),
            **_leaves_new(new_ids, mine, superseded),
        }
        _show_heads(db, entity, leaves, fresh_by_rev)
        stale: list[RecordKey] = []
        for record_id, candidates in leaves.items():
            key = (entity, record_id)
            if sum(c[0] for c in candidates) > 1:
                refresh_conflict(db, entity, record_id)
                outcome[key] = CONFLICT
            else:
                if key in conflicted:
                    stale.append(key)
                outcome[key] = UPDATED if key in existed else NEW
        db.conn.executemany("DELETE FROM conflicts WHERE entity = ? AND record_id = ?", stale)
    return outcome
