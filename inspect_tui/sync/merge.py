"""Merging many revisions at once: the batched form of ``store.revisions.apply_revision``.

Importing a bundle of 60,000 revisions one ``apply_revision`` at a time costs a dozen statements
each. This module reaches exactly the same database — the same ``changes`` rows in the same
``seq`` order, the same leaves, heads and conflicts — with a few statements per batch. That is
possible because the store is built to be order-independent: a revision is a leaf when nothing
stored supersedes it, the head is the winning leaf, a conflict is a record with more than one
live leaf or a live leaf beside a deleted one (``store.conflicts.diverged``). A property test
checks the two paths against each other on random revision trees.

This module decides; it writes nothing itself. Every read and write goes through a
``store.batch.BatchWriter`` (SQLite here, any store that implements the interface elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from sqlite_utils import Database

from inspect_tui.store import held
from inspect_tui.store.batch import BatchWriter, Leaf, RecordKey, SqliteBatchWriter
from inspect_tui.store.conflicts import diverged, winning_leaf
from inspect_tui.store.revisions import Revision

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
CONFLICT = "conflict"
OUTCOMES = (NEW, UPDATED, UNCHANGED, CONFLICT)


def _by_entity(keys: Iterable[RecordKey]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for entity, record_id in keys:
        grouped.setdefault(entity, []).append(record_id)
    return grouped


def _leaves_new(ids: list[str], revisions: dict[str, list[Revision]], superseded: set[str]) -> dict[str, list[Leaf]]:
    """Every leaf of records seen for the first time: all their revisions are in this batch."""
    return {i: [(0 if r.deleted else 1, r.gen, r.rev) for r in revisions[i] if r.rev not in superseded] for i in ids}


def writer_of(target: Database | BatchWriter) -> BatchWriter:
    """The batch writer of a SQLite database, or the writer given."""
    return SqliteBatchWriter(target) if isinstance(target, Database) else target


def apply_revisions(target: Database | BatchWriter, revisions: Iterable[Revision]) -> dict[RecordKey, str]:
    """Merge revisions from elsewhere (inside a transaction), as ``apply_revision`` would one by one.

    Returns, per record the revisions touch: "unchanged" (every revision was known), "new" (the
    record was not here before), "updated" (it was) or "conflict" (its versions now diverge:
    more than one live leaf, or a live leaf beside a deleted one).
    """
    writer = writer_of(target)
    touched: dict[RecordKey, None] = {}
    batch: dict[str, Revision] = {}
    for revision in revisions:
        touched[(revision.entity, revision.record_id)] = None
        first = batch.get(revision.rev)
        if first is None:
            batch[revision.rev] = revision
        elif revision.origin < first.origin:  # the same edit made on two devices: keep the smallest origin
            batch[revision.rev] = replace(first, origin=revision.origin)
    known = writer.known_revisions(list(batch))
    writer.lower_origins(r for r in batch.values() if r.rev in known)
    fresh = [r for r in batch.values() if r.rev not in known]
    by_record: dict[RecordKey, list[Revision]] = {}
    for revision in fresh:
        by_record.setdefault((revision.entity, revision.record_id), []).append(revision)
    existed = writer.records_with_revisions(by_record)
    superseded = writer.write_revisions(fresh)
    fresh_by_rev = {r.rev: r for r in fresh}
    outcome = {key: UNCHANGED for key in touched}
    conflicted = writer.conflicted()
    shown: dict[str, dict[str, list[Leaf]]] = {}
    for entity, ids in _by_entity(by_record).items():
        new_ids = [i for i in ids if (entity, i) not in existed]
        mine = {i: by_record[(entity, i)] for i in new_ids}
        leaves = {
            **writer.stored_leaves(entity, [i for i in ids if (entity, i) in existed]),
            **_leaves_new(new_ids, mine, superseded),
        }
        writer.show_heads(entity, leaves, fresh_by_rev)
        shown[entity] = leaves
        stale: list[RecordKey] = []
        for record_id, candidates in leaves.items():
            key = (entity, record_id)
            if diverged(sum(c[0] for c in candidates), len(candidates), entity):
                writer.mark_conflict(key)
                outcome[key] = CONFLICT
            else:
                if key in conflicted:
                    stale.append(key)
                outcome[key] = UPDATED if key in existed else NEW
        writer.clear_conflicts(stale)
    for key in settle_held(writer, shown, fresh_by_rev):
        outcome[key] = CONFLICT  # a record this batch held by putting one under it: the receipt says so
    return outcome


def settle_held(
    writer: BatchWriter, shown: Mapping[str, Mapping[str, list[Leaf]]], fresh: Mapping[str, Revision]
) -> set[RecordKey]:
    """Show the removals that records shown hold (``store.held``), and no longer those nothing holds.

    The records looked at: those just merged, the parents their new versions name and the records
    in conflict (a held removal is one), then the parents of any whose state changed, children
    before parents until nothing changes. Returns the records held."""
    candidates: dict[str, set[str]] = {kind: set() for kind in held.ORDER}
    for entity, leaves in shown.items():
        if held.holds(entity):
            candidates[entity].update(leaves)
    for revision in fresh.values():
        for kind, record_id in held.parents_named(revision.entity, revision.data):
            candidates[kind].add(record_id)
    for kind, record_id in writer.conflicted():
        if held.holds(kind):
            candidates[kind].add(record_id)
    # The leaves do not change while removals are settled: each record's are read once (those
    # merged just now are known already: a bundle without removals reads nothing more).
    leaves_of: dict[str, dict[str, list[Leaf]]] = {kind: dict(shown.get(kind, {})) for kind in held.ORDER}
    state: dict[RecordKey, bool] = {}
    changed = True
    while changed:
        changed = False
        for kind in held.ORDER:
            unread = sorted(candidates[kind] - leaves_of[kind].keys())
            if unread:
                leaves_of[kind].update(writer.stored_leaves(kind, unread))
            removed: dict[str, Leaf] = {}
            for record_id in candidates[kind]:
                winner = winning_leaf(kind, leaves_of[kind].get(record_id, []))
                if winner is not None and not winner[0]:
                    removed[record_id] = winner
            kept = writer.children_shown(kind, sorted(removed)) if removed else set()
            data = writer.revision_data([w[2] for w in removed.values() if w[2] not in fresh])
            for record_id, (_live, gen, rev) in sorted(removed.items()):
                key, now = (kind, record_id), record_id in kept
                if state.get(key) == now:
                    continue
                # A flip, or a unit shown or hidden (its parent unit, decided in this pass from the
                # state before, may hold or release with it): look again.
                changed = changed or key in state or kind in held.SELF_PARENTED
                state[key] = now
                writer.show_heads(kind, {record_id: [(1, gen, rev)] if now else [(0, gen, rev)]}, fresh)
                writer.mark_conflict(key)
                version = fresh[rev].data if rev in fresh else data.get(rev)
                for parent, parent_id in held.parents_named(kind, version):
                    if parent_id not in candidates[parent]:
                        candidates[parent].add(parent_id)
                        changed = True
    return {key for key, now in state.items() if now}
