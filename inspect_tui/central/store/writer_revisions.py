"""The central batch writer's revision rows: which revisions and records are stored, new revisions, leaves.

Part of ``central.store.writer.PgBatchWriter`` (see there for the reads ahead these keep up to date).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from inspect_tui.central.store.writer_reads import PgWriterBase, Recheck, by_entity, each_key, each_record
from inspect_tui.store.batch import Leaf, RecordKey
from inspect_tui.store.revisions import Revision, change_row, closed_by

_CHANGE_COLUMNS = (
    "entity",
    "record_id",
    "rev",
    "gen",
    "base_rev",
    "merged",
    "ancestors",
    "origin",
    "deleted",
    "leaf",
    "data",
    "made_at",
    "made_by",
)
_CHANGES = ", ".join(_CHANGE_COLUMNS)
_CHANGE_TYPES = (
    "text",
    "text",
    "text",
    "bigint",
    "text",
    "text",
    "text",
    "text",
    "integer",
    "integer",
    "text",
    "text",
    "text",
)
_HAS_REVISIONS = each_record((), first=True)
_LEAVES = each_record(("rev", "gen", "deleted"), " AND leaf = 1")
_SUPERSEDED = each_key("superseded", "rev", ("rev",))

_INSERT_CHANGES = (
    f"INSERT INTO changes ({_CHANGES}) SELECT {_CHANGES} "
    f"FROM unnest({', '.join(f'%b::{t}[]' for t in _CHANGE_TYPES)}) WITH ORDINALITY AS r({_CHANGES}, ord) "
    "ORDER BY ord"
)
"""Revisions into ``changes`` in their order: one array per column (each sent as one text the server
splits, see ``text_arrays``; no JSON inside JSON)."""


class PgRevisionsMixin(PgWriterBase):
    """Revision rows of the central batch writer: lookups, new revisions, superseded parents, leaves."""

    def _check_arrived(self, revision: Revision, refs: Iterable[str]) -> None:
        """A revision arrived meanwhile that this bundle refers to for another record: check it again."""
        key = (revision.entity, revision.record_id)
        for ref in refs:
            held = self._arrived.get(ref)
            if held is not None and held != key:
                raise Recheck(f"revision {ref} arrived for another record")

    # -- revisions -----------------------------------------------------------------------------------

    def known_revisions(self, revs: Sequence[str]) -> dict[str, RecordKey]:
        inside = self._in_transaction()
        if inside:
            self._ahead["batch"] = list(revs)
        missing = [rev for rev in revs if rev not in self._asked]
        if inside and not missing:
            # Asked before: the transaction's start brought the checks' answers up to date, and
            # inside it (the merge lock held) only this writer adds revisions, which it notes.
            return {rev: self._known[rev] for rev in revs if rev in self._known}
        wanted = missing if inside else list(revs)
        rows = self._rows("SELECT rev, entity, record_id FROM changes WHERE rev = ANY(%b)", [wanted])
        found = {str(r[0]): (str(r[1]), str(r[2])) for r in rows}
        self._asked.update(wanted)
        self._known.update(found)
        if not inside:
            return found
        return {rev: self._known[rev] for rev in revs if rev in self._known}

    def records_with_revisions(self, keys: Iterable[RecordKey]) -> set[RecordKey]:
        keys = list(dict.fromkeys(keys))
        inside = self._in_transaction()
        has: dict[RecordKey, bool] = self._ahead.setdefault("has", {}) if inside else {}
        grouped = by_entity(k for k in keys if k not in has)
        entities = list(grouped)
        reads: list[tuple[str, Sequence[Any]]] = [(_HAS_REVISIONS, [grouped[e], e]) for e in entities]
        batch = self._ahead.get("batch") if inside else None
        candidates: list[str] = []
        heads: list[tuple[str, list[str]]] = []
        if batch is not None:
            # Read ahead for write_revisions and show_heads: which new revisions something stored
            # supersedes already, and the head rows these records show now (what is not known yet).
            asked, _ = self._ahead.setdefault("superseded", (set(), set()))
            candidates = [rev for rev in batch if rev not in self._known and rev not in asked]
            if candidates:
                reads.append((_SUPERSEDED, [candidates]))
            current = self._ahead.setdefault("current", {})
            for e, ids in by_entity(keys).items():
                known = current.get(e, (set(), {}))[0]
                unread = [i for i in ids if i not in known]
                if unread:
                    heads.append((e, unread))
                    reads.append((each_key(e, "id", ("id", "rev")), [unread]))
            leafset = self._leafset()
            unleafed = by_entity(k for k in keys if k not in leafset[0])
            reads.extend((_LEAVES, [ids, e]) for e, ids in unleafed.items())
        answers = self._read(*reads) if reads else []
        found = {(e, str(r[0])) for e, rows in zip(entities, answers, strict=False) for r in rows}
        if not inside:
            return found
        has.update((k, k in found) for e in entities for k in ((e, i) for i in grouped[e]))
        if batch is not None:
            rest = answers[len(entities) :]
            if candidates:
                asked, stored = self._ahead["superseded"]
                asked.update(candidates)
                stored.update(str(r[0]) for r in rest[0])
                rest = rest[1:]
            current = self._ahead["current"]
            for (e, unread), rows in zip(heads, rest[: len(heads)], strict=True):
                ids, shown = current.setdefault(e, (set(), {}))
                ids.update(unread)
                shown.update((str(i), str(v)) for i, v in rows)
            asked, leaves, owner = self._leafset()
            for (e, ids), rows in zip(unleafed.items(), rest[len(heads) :], strict=True):
                asked.update((e, i) for i in ids)
                for record_id, rev, gen, deleted in rows:
                    key = (e, str(record_id))
                    leaves.setdefault(key, []).append((0 if deleted else 1, int(gen), str(rev)))
                    owner[str(rev)] = key
        existed = {k for k in keys if has[k]}
        self._ahead["existed"] = existed
        return existed

    def lower_origins(self, revisions: Iterable[Revision]) -> None:
        revisions = list(revisions)
        if self._arrived:
            for r in revisions:
                self._check_arrived(r, [r.rev])
        pairs = [(r.rev, r.origin) for r in revisions]
        if pairs:
            self._write(
                "UPDATE changes c SET origin = v.origin FROM unnest(%b::text[], %b::text[]) AS v(rev, origin) "
                "WHERE c.rev = v.rev AND c.origin > v.origin",
                [[p[0] for p in pairs], [p[1] for p in pairs]],
            )

    def write_revisions(self, fresh: Sequence[Revision]) -> set[str]:
        if self._arrived:
            for r in fresh:
                self._check_arrived(r, closed_by(r))
        revs = [r.rev for r in fresh]
        closed = sorted({p for r in fresh for p in closed_by(r)})
        ahead = self._ahead.get("superseded")
        if ahead is not None and ahead[0].issuperset(revs):
            stored = ahead[1]
        else:
            stored = {str(r[0]) for r in self._rows(_SUPERSEDED, [revs])}
        superseded = {rev for rev in revs if rev in stored} | set(closed).intersection(revs)
        if ahead is not None:
            ahead[1].update(closed)  # the superseded table as it is once the writes below are sent
        has = self._ahead.get("has")
        if has is not None:
            has.update(((r.entity, r.record_id), True) for r in fresh)
        if closed:
            self._write("INSERT INTO superseded(rev) SELECT unnest(%b::text[]) ON CONFLICT DO NOTHING", [closed])
        self._ahead.pop("leaves", None)  # read again after these writes
        if "leafset" in self._ahead:
            # The leaves read ahead, as they are once these writes are done: the revisions closed
            # stop being leaves, the new ones nothing supersedes become leaves.
            asked, leaves, owner = self._leafset()
            for rev in closed:
                key = owner.pop(rev, None)
                if key is not None:
                    leaves[key] = [leaf for leaf in leaves[key] if leaf[2] != rev]
            for r in fresh:
                key = (r.entity, r.record_id)
                if key in asked and r.rev not in superseded:
                    leaves.setdefault(key, []).append((0 if r.deleted else 1, r.gen, r.rev))
                    owner[r.rev] = key
        self._known.update((r.rev, (r.entity, r.record_id)) for r in fresh)
        if fresh:
            rows = [change_row(r, r.data_json, leaf=r.rev not in superseded) for r in fresh]
            self._write(_INSERT_CHANGES, [list(column) for column in zip(*rows, strict=True)])
            self._remember_data(fresh)
        if closed:
            self._write("UPDATE changes SET leaf = 0 WHERE leaf = 1 AND rev = ANY(%b)", [closed])
        return superseded

    def _leafset(self) -> tuple[set[RecordKey], dict[RecordKey, list[Leaf]], dict[str, RecordKey]]:
        """Leaves read ahead inside the transaction: records asked, their leaves, each leaf's record."""
        found: tuple[set[RecordKey], dict[RecordKey, list[Leaf]], dict[str, RecordKey]]
        found = self._ahead.setdefault("leafset", (set(), {}, {}))
        return found

    def stored_leaves(self, entity: str, ids: Sequence[str]) -> dict[str, list[Leaf]]:
        if "leafset" in self._ahead and self._in_transaction():
            asked, kept, _ = self._leafset()
            if all((entity, i) in asked for i in ids):
                # Read before this batch's writes and kept up to date by them: nothing to wait for.
                return {i: list(kept.get((entity, i), [])) for i in ids}
        cached = self._ahead.get("leaves", {}).get(entity)
        if cached is not None and cached[0].issuperset(ids):
            return {i: list(cached[1].get(i, [])) for i in ids}
        existed = self._ahead.get("existed") if self._in_transaction() else None
        wanted = by_entity(existed) if existed is not None else {}
        wanted[entity] = sorted(set(wanted.get(entity, [])) | set(ids))
        entities = list(wanted)
        answers = self._read(*((_LEAVES, [wanted[e], e]) for e in entities))
        every: dict[str, tuple[set[str], dict[str, list[Leaf]]]] = {}
        for e, rows in zip(entities, answers, strict=True):
            leaves: dict[str, list[Leaf]] = {}
            for record_id, rev, gen, deleted in rows:
                leaves.setdefault(str(record_id), []).append((0 if deleted else 1, int(gen), str(rev)))
            every[e] = (set(wanted[e]), leaves)
        if self._in_transaction():
            # Valid until the next revisions are written: heads and conflicts do not change leaves.
            self._ahead["leaves"] = every
        return {i: list(every[entity][1].get(i, [])) for i in ids}
