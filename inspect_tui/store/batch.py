"""The batch writer of an import: many revisions, blobs and the bundle's record in a few statements.

``store.revisions`` writes one revision at a time (a local edit); this module writes a whole
import. Both use the same statements (``revisions.INSERT_CHANGE``, ``codec.upsert_sql``), so the
two paths reach the same database. The merge core in ``sync.merge`` decides what to write and
talks to the store only through the ``BatchWriter`` interface; ``SqliteBatchWriter`` is its
SQLite implementation (a central store implements the same methods over its own database).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database

from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.store import bundles, trust
from inspect_tui.store.blobs import store_blob
from inspect_tui.store.bundles import BundleRecord, SnapshotCopy
from inspect_tui.store.codec import row_values, upsert_sql
from inspect_tui.store.conflicts import refresh_conflict, winning_leaf
from inspect_tui.store.db import immediate_transaction
from inspect_tui.store.erasure import erase_deleted
from inspect_tui.store.held import CHILDREN
from inspect_tui.store.import_scratch import TEXTS_KEPT
from inspect_tui.store.revisions import INSERT_CHANGE, Revision, change_row, closed_by
from inspect_tui.store.sieve import Written

RecordKey = tuple[str, str]
"""(entity, record id)."""

Leaf = tuple[int, int, str]
"""(1 when not deleted, generation, rev): the store's head is the highest."""

_CHUNK = 500
"""Values per IN (...) list; well below SQLite's limit on parameters."""
_INSERT_SEGMENT_REV = "INSERT OR IGNORE INTO segment_revs(rev, segment_id) VALUES (?, ?)"
_STAGING_CACHE_KIB = 8 * 1024
"""The page cache of the staged segment rows' file; SQLite's sort of them keeps as much in memory."""
_STAGED_ROWS = 10_000
_HELD = ("changes", *MODEL_BY_TABLE)


class BatchWriter(Protocol):
    """What the merge core needs from a store to merge an import (reads to decide, then writes)."""

    def transaction(self) -> AbstractContextManager[object]:
        """All writes of an import in one transaction: all of it or nothing."""
        ...

    def known_revisions(self, revs: Sequence[str]) -> dict[str, RecordKey]:
        """Which of revs the store holds, and the record each belongs to."""
        ...

    def records_with_revisions(self, keys: Iterable[RecordKey]) -> set[RecordKey]:
        """Which of these records have any revision stored."""
        ...

    def lower_origins(self, revisions: Iterable[Revision]) -> None:
        """For known revisions: keep the smaller of the stored and the given origin."""
        ...

    def write_revisions(self, fresh: Sequence[Revision]) -> set[str]:
        """Store new revisions; returns those of them that something stored already supersedes."""
        ...

    def stored_leaves(self, entity: str, ids: Sequence[str]) -> dict[str, list[Leaf]]:
        """Every leaf of records that had revisions before."""
        ...

    def show_heads(self, entity: str, leaves: Mapping[str, list[Leaf]], fresh: Mapping[str, Revision]) -> None:
        """Make the entity table show each record's winning leaf (or no row when it is deleted)."""
        ...

    def conflicted(self) -> set[RecordKey]:
        """Records with an open conflict."""
        ...

    def children_shown(self, entity: str, ids: Sequence[str]) -> set[str]:
        """Which of these records a record shown names as its parent (``store.held``)."""
        ...

    def mark_conflict(self, key: RecordKey) -> None:
        """Record (or refresh) the conflict of a record with more than one live leaf."""
        ...

    def clear_conflicts(self, keys: Sequence[RecordKey]) -> None:
        """The records' conflicts are resolved (one live leaf left)."""
        ...

    def has_blob(self, sha256: str) -> bool:
        """The store holds these bytes already."""
        ...

    def put_blob(self, data: bytes) -> str:
        """Store bytes under their SHA-256 (a no-op when they are there)."""
        ...

    def bundle_seen(self, bundle_id: str, signer: str) -> tuple[str, str, str] | None:
        """(sha256, direction, receipt) of a bundle known here by its id and signer (hex), or None."""
        ...

    def trusted_keys(self) -> dict[bytes, tuple[str, str]]:
        """Keys a person accepted (recorded decisions): (device id, role) per key."""
        ...

    def record_trust(self, key: bytes, device: str, role: str, how: str) -> None:
        """Record that key was accepted as device in role (how: "trust-new", ...)."""
        ...

    def pinned_roster(self) -> str | None:
        """The pinned roster document (JSON text), or None."""
        ...

    def pin_roster(self, text: str) -> None:
        """Pin a newer roster (already checked by sync.roster)."""
        ...

    def store_segments(self, segments: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        """Keep signed change-log segments (device, text, revs) to relay them with their revisions."""
        ...

    def record_owners(self, keys: Iterable[RecordKey]) -> dict[RecordKey, str]:
        """Per record, the origin device of its first version (records with no stored revision: absent)."""
        ...

    def revision_data(self, revs: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        """The stored data of these revisions (unknown revs absent)."""
        ...

    def signers_seen(self) -> dict[bytes, set[str]]:
        """Every key that signed an imported bundle, with its devices."""
        ...

    def record_bundle(self, bundle: BundleRecord) -> None:
        """Remember an imported bundle."""
        ...

    def snapshot(self, target: Path, keep: int) -> SnapshotCopy | None:
        """Copy the whole store aside before an import, to be kept at target (the keep newest copies)
        once the import changed it, or discarded when it was refused; None when there is no copy."""
        ...

    def erase_deleted(self, record_ids: Sequence[str]) -> int:
        """Erase the personal data of those occupants that are deleted here; returns revisions changed."""
        ...


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def _by_entity(keys: Iterable[RecordKey]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for entity, record_id in keys:
        grouped.setdefault(entity, []).append(record_id)
    return grouped


class SqliteBatchWriter:
    """The BatchWriter of a SQLite database (this app's file)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._segment_ids: dict[bytes, int] = {}
        """Segments stored in this transaction: their id by the SHA-256 of their text (a segment's
        text runs to hundreds of kilobytes; each batch of an import names it again)."""
        self._recent_segments: dict[str, int] = {}
        """The same for the first texts met, by the text itself (the import hands the same text
        object to every batch, whose hash Python keeps: no pass over the text at all)."""
        self._known: tuple[frozenset[str], dict[str, RecordKey]] | None = None
        self._held: tuple[frozenset[RecordKey], set[RecordKey]] | None = None
        """The last answers of known_revisions and records_with_revisions (what was asked, what was
        found), until the next write to ``changes``: an import's checks ask first, then its merge
        asks again of the same batch."""
        self._conflicts: set[RecordKey] | None = None
        """Records with an open conflict: read once per transaction, then kept as mark_conflict and
        clear_conflicts change the table (every batch of an import asks; a scan of the whole table
        each time grew with the database)."""
        self._keeping = False
        self._staged: sqlite3.Connection | None = None
        """Inside the transaction: the (rev, segment id) rows of ``segment_revs``, appended to a private
        temporary file as batches name them and written to the store in key order before the commit
        (one at a time they went to random places of its B-tree; nothing reads them before the end)."""
        self._expected = 0
        self._fresh: Written | None = None

    def expect(self, revisions: int) -> None:
        """The next transaction writes about this many revisions. If it begins on a store that holds nothing
        (a new database receiving everything), the look-ups of revisions, records and rows ask only for
        what sieves of what it wrote let through (``store.sieve.Written``), not all at random places."""
        self._expected = max(int(revisions), 0)

    def transaction(self) -> AbstractContextManager[object]:
        self._segment_ids.clear()
        self._recent_segments.clear()
        self._forget_reads()
        return self._kept_conflicts()

    @contextmanager
    def _kept_conflicts(self) -> Iterator[Database]:
        """The transaction, inside which conflicted() keeps what it read (outside: read every time)."""
        self._conflicts, self._keeping = None, True
        try:
            with immediate_transaction(self.db) as db:
                if self._expected and not any(db.execute(f"SELECT 1 FROM [{t}] LIMIT 1").fetchone() for t in _HELD):
                    self._fresh = Written(self._expected)  # the store holds nothing (see ``expect``)
                yield db
                self._write_staged()
        finally:
            self._conflicts, self._keeping, self._fresh, self._expected = None, False, None, 0
            if self._staged is not None:
                self._staged.close()
                self._staged = None

    def _may_hold(self, keys: Iterable[RecordKey], rows: bool = False) -> list[RecordKey]:
        """Those of keys the store may hold a revision (rows: a row) of; all of them without sieves."""
        return list(keys) if self._fresh is None else (self._fresh.rows if rows else self._fresh.records).among(keys)

    def known_revisions(self, revs: Sequence[str]) -> dict[str, RecordKey]:
        if self._known is not None and self._known[0].issuperset(revs):
            return {rev: self._known[1][rev] for rev in revs if rev in self._known[1]}
        found: dict[str, RecordKey] = {}
        asked = revs if self._fresh is None else self._fresh.revs.among(revs)
        for part in _chunks(asked):
            for rev, entity, record_id in self.db.execute(
                f"SELECT rev, entity, record_id FROM changes WHERE rev IN ({_marks(part)})", list(part)
            ).fetchall():
                found[str(rev)] = (str(entity), str(record_id))
        self._known = (frozenset(revs), found)
        return dict(found)

    def records_with_revisions(self, keys: Iterable[RecordKey]) -> set[RecordKey]:
        keys = list(keys)
        if self._held is not None and self._held[0].issuperset(keys):
            return self._held[1].intersection(keys)
        found: set[RecordKey] = set()
        for entity, ids in _by_entity(self._may_hold(keys)).items():
            for part in _chunks(ids):
                rows = self.db.execute(
                    f"SELECT DISTINCT record_id FROM changes WHERE entity = ? AND record_id IN ({_marks(part)})",
                    [entity, *part],
                ).fetchall()
                found.update((entity, str(r[0])) for r in rows)
        self._held = (frozenset(keys), found)
        return set(found)

    def lower_origins(self, revisions: Iterable[Revision]) -> None:
        self.db.conn.executemany(
            "UPDATE changes SET origin = ? WHERE rev = ? AND origin > ?",
            [(r.origin, r.rev, r.origin) for r in revisions],
        )

    def write_revisions(self, fresh: Sequence[Revision]) -> set[str]:
        self._forget_reads()
        closed = sorted({p for r in fresh for p in closed_by(r)})
        self.db.conn.executemany("INSERT OR IGNORE INTO superseded(rev) VALUES (?)", [(r,) for r in closed])
        superseded: set[str] = set()
        for part in _chunks([r.rev for r in fresh]):
            rows = self.db.execute(f"SELECT rev FROM superseded WHERE rev IN ({_marks(part)})", list(part)).fetchall()
            superseded.update(str(r[0]) for r in rows)
        self.db.conn.executemany(
            INSERT_CHANGE,
            [change_row(r, r.data_json, leaf=r.rev not in superseded) for r in fresh],
        )
        if self._fresh is not None:
            self._fresh.revs.add_all(r.rev for r in fresh)
            self._fresh.records.add_all((r.entity, r.record_id) for r in fresh)
        for part in _chunks(closed):
            self.db.execute(f"UPDATE changes SET leaf = 0 WHERE leaf = 1 AND rev IN ({_marks(part)})", list(part))
        return superseded

    def stored_leaves(self, entity: str, ids: Sequence[str]) -> dict[str, list[Leaf]]:
        leaves: dict[str, list[Leaf]] = {i: [] for i in ids}
        for part in _chunks(ids):
            for record_id, rev, gen, deleted in self.db.execute(
                f"SELECT record_id, rev, gen, deleted FROM changes WHERE entity = ? "
                f"AND record_id IN ({_marks(part)}) AND leaf = 1",
                [entity, *part],
            ).fetchall():
                leaves[record_id].append((0 if deleted else 1, gen, rev))
        return leaves

    def show_heads(self, entity: str, leaves: Mapping[str, list[Leaf]], fresh: Mapping[str, Revision]) -> None:
        current: dict[str, str] = {}
        held = [i for _, i in self._may_hold(((entity, i) for i in leaves), rows=True)]
        for part in _chunks(held):
            current.update(self.db.execute(f"SELECT id, rev FROM [{entity}] WHERE id IN ({_marks(part)})", list(part)))
        columns, upsert = upsert_sql(entity)
        model = MODEL_BY_TABLE[entity]
        winners: dict[str, str | None] = {}
        for record_id, candidates in leaves.items():
            winner = winning_leaf(entity, candidates)
            rev = winner[2] if winner is not None and winner[0] else None
            if rev is None or current.get(record_id) != rev:
                winners[record_id] = rev
        stored = self._stored_data(sorted({r for r in winners.values() if r is not None and r not in fresh}))
        upserts: list[list[Any]] = []
        removals: list[tuple[str]] = []
        for record_id, rev in winners.items():
            data = None if rev is None else fresh[rev].data if rev in fresh else stored.get(rev)
            if rev is None or data is None:
                if record_id in current:
                    removals.append((record_id,))
                continue
            upserts.append(row_values(model, columns, data, rev))
        self.db.conn.executemany(f"DELETE FROM [{entity}] WHERE id = ?", removals)
        self.db.conn.executemany(upsert, upserts)
        if self._fresh is not None:
            self._fresh.rows.add_all((entity, record_id) for record_id, rev in winners.items() if rev is not None)
            if self._fresh.full:  # more than expected: the sieves would let ever more through
                self._fresh = None

    def _stored_data(self, revs: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        """The stored data of these revisions, a query per 500."""
        found: dict[str, dict[str, Any] | None] = {}
        for part in _chunks(revs):
            for rev, data in self.db.execute(
                f"SELECT rev, data FROM changes WHERE rev IN ({_marks(part)})", list(part)
            ):
                found[str(rev)] = json.loads(data) if data else None
        return found

    def children_shown(self, entity: str, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for child, column in CHILDREN.get(entity, ()):
            for part in _chunks(ids):
                rows = self.db.execute(
                    f"SELECT DISTINCT [{column}] FROM [{child}] WHERE [{column}] IN ({_marks(part)})", list(part)
                )
                found.update(str(r[0]) for r in rows)
        return found

    def conflicted(self) -> set[RecordKey]:
        """The writer's own set (kept up to date by the writes below): read it, do not change it."""
        if self._conflicts is None:
            rows = self.db.execute("SELECT entity, record_id FROM conflicts")
            found = {(str(e), str(i)) for e, i in rows}
            if not self._keeping:
                return found
            self._conflicts = found
        return self._conflicts

    def mark_conflict(self, key: RecordKey) -> None:
        refresh_conflict(self.db, *key)
        if self._conflicts is not None:
            held = self.db.execute("SELECT 1 FROM conflicts WHERE entity = ? AND record_id = ?", list(key)).fetchone()
            if held is None:
                self._conflicts.discard(key)
            else:
                self._conflicts.add(key)

    def clear_conflicts(self, keys: Sequence[RecordKey]) -> None:
        self.db.conn.executemany("DELETE FROM conflicts WHERE entity = ? AND record_id = ?", list(keys))
        if self._conflicts is not None:
            self._conflicts.difference_update(keys)

    def has_blob(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", [sha256]).fetchone() is not None

    def put_blob(self, data: bytes) -> str:
        return store_blob(self.db, data)

    def bundle_seen(self, bundle_id: str, signer: str) -> tuple[str, str, str] | None:
        return bundles.bundle_seen(self.db, bundle_id, signer)

    def trusted_keys(self) -> dict[bytes, tuple[str, str]]:
        return trust.trusted_keys(self.db)

    def record_trust(self, key: bytes, device: str, role: str, how: str) -> None:
        trust.record_trust(self.db, key, device, role, how)

    def pinned_roster(self) -> str | None:
        return trust.pinned_roster(self.db)

    def pin_roster(self, text: str) -> None:
        trust.pin_roster(self.db, text)

    def store_segments(self, segments: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        for device, text, revs in segments:
            segment_id = self._recent_segments.get(text)
            if segment_id is None:
                digest = hashlib.sha256(text.encode()).digest()
                segment_id = self._segment_ids.get(digest)
                if segment_id is None:
                    self.db.execute("INSERT OR IGNORE INTO segments(device, body) VALUES (?, ?)", [device, text])
                    segment_id = int(self.db.execute("SELECT id FROM segments WHERE body = ?", [text]).fetchone()[0])
                    self._segment_ids[digest] = segment_id
                if len(self._recent_segments) < TEXTS_KEPT:
                    self._recent_segments[text] = segment_id
            if self._keeping:  # sorted once, all together, before the commit (``_write_staged``)
                self._staging().executemany("INSERT INTO staged VALUES (?, ?)", [(r, segment_id) for r in revs])
            else:  # in key order (the ids are hashes)
                self.db.conn.executemany(_INSERT_SEGMENT_REV, [(r, segment_id) for r in sorted(revs)])

    def _staging(self) -> sqlite3.Connection:
        if self._staged is None:
            self._staged = sqlite3.connect("", isolation_level=None)  # "": private, on disk, deleted on close
            for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{_STAGING_CACHE_KIB}"):
                self._staged.execute(f"PRAGMA {pragma}")
            # One transaction for the file's life: in autocommit each row was a transaction of its own,
            # whose cost grew with the file (13.5 µs a revision at 10,000 inspections, 1.9 at 1,000; now 0.6).
            self._staged.execute("BEGIN")
            self._staged.execute("CREATE TABLE staged (rev TEXT, segment_id INTEGER)")
        return self._staged

    def _write_staged(self) -> None:
        """The staged ``segment_revs`` rows into the store, sorted (in bounded memory), in key order."""
        if self._staged is None:
            return
        cursor = self._staged.execute("SELECT DISTINCT rev, segment_id FROM staged ORDER BY rev, segment_id")
        while rows := cursor.fetchmany(_STAGED_ROWS):
            self.db.conn.executemany(_INSERT_SEGMENT_REV, rows)

    def record_owners(self, keys: Iterable[RecordKey]) -> dict[RecordKey, str]:
        return trust.record_owners(self.db, self._may_hold(keys))

    def revision_data(self, revs: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        return trust.revision_data(self.db, revs)

    def signers_seen(self) -> dict[bytes, set[str]]:
        return bundles.signers_seen(self.db)

    def record_bundle(self, bundle: BundleRecord) -> None:
        bundles.record_bundle(self.db, bundle)

    def snapshot(self, target: Path, keep: int) -> SnapshotCopy | None:
        return bundles.copy_database(self.db, target, keep)

    def erase_deleted(self, record_ids: Sequence[str]) -> int:
        self._forget_reads()
        return erase_deleted(self.db, record_ids)

    def _forget_reads(self) -> None:
        """Something is written to ``changes``: what was read from it before may be out of date."""
        self._known = None
        self._held = None
