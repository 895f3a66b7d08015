"""The central system's batch writer: the merge core's reads and writes, done the PostgreSQL way.

``sync.merge`` decides what an import changes and talks to a store only through the
``store.batch.BatchWriter`` interface; ``store.batch.SqliteBatchWriter`` is the laptops' side and
this is the central one. Same decisions, two back ends.

A SQLite statement costs a function call; a PostgreSQL statement costs a round trip to the
server, and on a busy machine every round trip waits for the scheduler twice. So this writer
spends as few as it can, one bundle at a time:

* what a bundle's checks read (meta, trust decisions, signers seen, where the store stands) is
  read in one statement when the writer is made;
* the merge's transaction runs in one pipeline (psycopg's pipeline mode): BEGIN and the merge
  lock go with its first reads, COMMIT with its last writes, and writes whose result the merge
  core does not need (new revisions, superseded parents, head rows, conflicts cleared, the
  bundle's record) are sent at once and not waited for, so the server writes while this
  process goes on checking; a read waits for its own answer (and so for the writes before it);
* reads the merge core will make next are fetched ahead, together (which records have
  revisions, their leaves, the current head rows, which new revisions are already superseded),
  once per bundle, and kept up to date by the bundle's own writes (the merge lock is held:
  nobody else writes); the open conflicts and the data of the revisions just written are kept
  the same way, so no read waits for the revisions just sent;
* revisions go into ``changes`` in their order as one binary array per column (``unnest``);
  head rows travel the same way, as one binary text array per column cast to the column's type
  (no JSON for the server to parse row by row), and are upserted set-based with ``ON CONFLICT``;
  key lists are sent as binary arrays.

A statement that fails inside the pipeline fails the transaction: a refused bundle changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from inspect_tui.central.store.connect import INTAKE_LOCK, CentralDb, translate
from inspect_tui.domain.models import MODEL_BY_TABLE, Occupant
from inspect_tui.store import trust
from inspect_tui.store.batch import Leaf, RecordKey
from inspect_tui.store.bundles import BundleRecord
from inspect_tui.store.codec import canonical_json, data_to_row, row_values
from inspect_tui.store.conflicts import refresh_conflict
from inspect_tui.store.erasure import PERSONAL_FIELDS, erased_data
from inspect_tui.store.revisions import Revision, change_row, closed_by

if TYPE_CHECKING:
    from sqlite_utils import Database

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
_INSERT_CHANGES = (
    f"INSERT INTO changes ({_CHANGES}) SELECT {_CHANGES} "
    f"FROM unnest({', '.join(f'%b::{t}[]' for t in _CHANGE_TYPES)}) WITH ORDINALITY AS r({_CHANGES}, ord) "
    "ORDER BY ord"
)
"""Revisions into ``changes`` in their order: one array per column, sent in PostgreSQL's binary form
(a list of 500 strings costs Python a twentieth of its text form; no JSON inside JSON)."""

_MARK = (
    "SELECT (SELECT max(seq) FROM changes), "
    "(SELECT md5(string_agg(public_key || ' ' || device_id || ' ' || role, ',' ORDER BY public_key)) "
    "FROM trusted_keys), (SELECT md5(value) FROM meta WHERE key = %s)"
)
"""Where the store stands: the newest change, the trust decisions, the roster."""

_CHECKS_READ = (
    f"SELECT m.*, (SELECT json_object_agg(key, value) FROM meta), "
    "(SELECT json_agg(json_build_array(public_key, device_id, role)) FROM trusted_keys), "
    "(SELECT json_agg(DISTINCT jsonb_build_array(signer, device_id)) FROM bundles WHERE direction = 'in') "
    f"FROM ({_MARK}) AS m"
)
"""Everything a bundle's checks read before its revisions, in one statement (one snapshot)."""

_META_READ = translate("SELECT value FROM meta WHERE key = ?")
_DEVICE_READ = translate("SELECT value FROM meta WHERE key = 'device_id'")


DATA_CACHE = 20_000
"""At most this many revisions' data kept for ``revision_data`` (bounds memory on huge bundles)."""


class Recheck(Exception):
    """What merged since a bundle was checked bears on its checks: check it again (nothing was written)."""


class _Rows:
    """A cursor's answer, served from what was read ahead."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self.rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)


def _by_entity(keys: Iterable[RecordKey]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for entity, record_id in keys:
        grouped.setdefault(entity, []).append(record_id)
    return grouped


class PgBatchWriter:
    """The BatchWriter of the central PostgreSQL database (see the module docstring).

    One writer serves one bundle's import: made before its checks, used by its merge.
    """

    def __init__(self, db: CentralDb) -> None:
        self.db = db
        row = db.pg(_CHECKS_READ, [trust.META_ROSTER], prepare=True).fetchone()
        assert row is not None
        self._mark: tuple[Any, ...] = tuple(row[:3])
        self._meta: dict[str, str] = dict(row[3] or {})
        self._trusted = {bytes.fromhex(k): (str(d), str(r)) for k, d, r in row[4] or []}
        self._signers: dict[bytes, set[str]] = {}
        for signer, device in row[5] or []:
            self._signers.setdefault(bytes.fromhex(signer), set()).add(str(device))
        self._asked: set[str] = set()
        """Revisions the checks looked up (outside the merge's transaction)."""
        self._known: dict[str, RecordKey] = {}
        """Of those, the ones stored, with their record (kept up to date inside the transaction)."""
        self._unowned: set[RecordKey] = set()
        """Records whose owner the checks asked for and found none."""
        self._arrived: dict[str, RecordKey] = {}
        """Revisions the checks did not find that another bundle merged before this one's turn."""
        self._bundle: tuple[str, str] | None = None
        self._queue: list[tuple[str, Sequence[Any]]] = []
        """Writes of the merge not sent yet; they go, in order, before the next read."""
        self._ahead: dict[str, Any] = {}
        """Answers read ahead inside the merge's transaction."""
        self._piped = False
        """Inside the merge's transaction, which runs in one pipeline."""
        self._data: dict[str, dict[str, Any] | None] = {}
        """The data of revisions this transaction wrote (what ``revision_data`` would read back)."""

    # -- reading and writing -----------------------------------------------------------------------

    def _in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self.db.raw.info.transaction_status != TransactionStatus.IDLE)

    def _read(self, *reads: tuple[str, Sequence[Any]]) -> list[list[tuple[Any, ...]]]:
        """The queued writes, then these reads, in one round trip; the reads' rows.

        Inside the merge's transaction (one pipeline) the reads are sent behind the writes sent
        before them, and their rows awaited. Lookups by arrays are planned afresh each time (a
        cached generic plan can scan a whole table).
        """
        queue, self._queue = self._queue, []
        raw = self.db.raw
        if self._piped:
            cursors = [raw.execute(cast(Any, sql), params, prepare=False) for sql, params in reads]
            return [list(cursor.fetchall()) for cursor in cursors]
        if not queue and len(reads) == 1:
            return [list(raw.execute(cast(Any, reads[0][0]), reads[0][1], prepare=False).fetchall())]
        with raw.pipeline():
            for sql, params in queue:
                raw.execute(cast(Any, sql), params, prepare=False)
            cursors = [raw.execute(cast(Any, sql), params, prepare=False) for sql, params in reads]
            return [list(cursor.fetchall()) for cursor in cursors]

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return self._read((sql, params))[0]

    def _write(self, sql: str, params: Sequence[Any]) -> None:
        """A write inside the merge's transaction: sent at once, its result not awaited (the server
        works on it while this process goes on; an error fails the transaction at the next read)."""
        if self._piped:
            self.db.raw.execute(cast(Any, sql), params, prepare=False)
        elif self._in_transaction():
            self._queue.append((sql, params))
        else:
            self.db.pg(sql, params, prepare=False)

    def flush(self) -> None:
        """Send the queued writes (before anything reads the database another way)."""
        if self._queue:
            with self.db.raw.pipeline():
                queue, self._queue = self._queue, []
                for sql, params in queue:
                    self.db.raw.execute(cast(Any, sql), params, prepare=False)

    # The importer also reads the store's meta table through the database interface.
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        text = translate(sql)
        if not self._in_transaction():
            key = str(params[0]) if text == _META_READ and len(params) == 1 else None
            if text == _DEVICE_READ and not params and "device_id" in self._meta:
                key = "device_id"  # made once, never changed: as read when the writer was made
            if key is not None:
                value = self._meta.get(key)
                return _Rows([] if value is None else [(value,)])
        if self._piped:
            with self.db.raw.pipeline():  # a nested block: its end awaits the answer (and what went before)
                return self.db.execute(sql, params)
        if not self._queue:
            return self.db.execute(sql, params)
        queue, self._queue = self._queue, []
        raw = self.db.raw
        with raw.pipeline():  # the queued writes and this statement in one round trip
            for queued, values in queue:
                raw.execute(cast(Any, queued), values, prepare=False)
            return raw.execute(cast(Any, text), list(params))

    def transaction(self) -> AbstractContextManager[object]:
        return self._merging()

    def atomic(self) -> AbstractContextManager[object]:
        """As the store's ``atomic`` (the importer reads and, once, records the device id)."""
        return self.db.atomic()

    def as_store(self) -> Database:
        """This writer where the importer expects a store (it reads meta through ``execute``)."""
        return cast("Database", self)

    # -- the merge's transaction -------------------------------------------------------------------

    @contextmanager
    def _merging(self) -> Iterator[None]:
        """The merge's transaction, holding the merge lock; first makes sure the checks still hold.

        The checks ran before the lock was taken, so another bundle may have merged meanwhile (a
        concurrent intake, or the bundle before this one in a pipelined intake). When nothing merged,
        the checks' lookups stand. Otherwise, what merged is compared with what the checks relied
        on: a changed trust decision or roster, an owner found for a record that had none, or a
        revision the checks did not find that arrived for another record, means the bundle is
        checked again (``Recheck``), as if it had been checked after the bundles before it.
        """
        self._queue.clear()
        self._ahead.clear()
        self._data.clear()
        locking = self.db.lock_merges
        # One pipeline for the whole transaction: BEGIN goes with the first reads, COMMIT with the
        # last writes, and writes are sent without waiting for their results.
        with self.db.raw.pipeline(), self.db.atomic(lock=False):
            self._piped = True
            try:
                reads: list[tuple[str, Sequence[Any]]] = [
                    *([("SELECT pg_advisory_xact_lock(%s)", [INTAKE_LOCK])] if locking else []),
                    (_MARK, [trust.META_ROSTER]),
                    ("SELECT entity, record_id FROM conflicts", []),
                ]
                if self._bundle is not None:
                    reads.append(
                        (
                            "SELECT sha256, direction, receipt FROM bundles WHERE id = %s AND signer = %s",
                            list(self._bundle),
                        )
                    )
                answers = self._read(*reads)[1 if locking else 0 :]
                now = tuple(answers[0][0])
                self._ahead["conflicts"] = {(str(e), str(i)) for e, i in answers[1]}
                if self._bundle is not None:
                    self._ahead["bundle"] = (self._bundle, answers[2][0] if answers[2] else None)
                if now != self._mark:
                    self._catch_up(now)
                yield
                self.flush()
            finally:
                self._piped = False
                self._queue.clear()
                self._ahead.clear()
                self._data.clear()  # rolled back or committed: read from the database from now on

    def _catch_up(self, now: tuple[Any, ...]) -> None:
        if now[1:] != self._mark[1:]:
            raise Recheck("the trust decisions or the roster changed")
        if not self._asked and not self._unowned:
            # The checks before the transaction looked nothing up in the revisions (the lines are
            # checked inside it): what merged meanwhile cannot bear on them.
            self._mark = now
            return
        since = self._mark[0] if self._mark[0] is not None else 0
        missing = self._asked - self._known.keys()
        for rev, entity, record_id, first in self._rows(
            "SELECT rev, entity, record_id, base_rev IS NULL FROM changes WHERE seq > %s", [since]
        ):
            key = (str(entity), str(record_id))
            if first and key in self._unowned:
                raise Recheck(f"{entity} {record_id} has an owner now")
            if rev in missing:
                self._arrived[str(rev)] = key
        self._known.update(self._arrived)
        self._mark = now

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
        grouped = _by_entity(k for k in keys if k not in has)
        entities = list(grouped)
        reads: list[tuple[str, Sequence[Any]]] = [
            ("SELECT DISTINCT record_id FROM changes WHERE entity = %s AND record_id = ANY(%b)", [e, grouped[e]])
            for e in entities
        ]
        batch = self._ahead.get("batch") if inside else None
        candidates: list[str] = []
        heads: list[tuple[str, list[str]]] = []
        if batch is not None:
            # Read ahead for write_revisions and show_heads: which new revisions something stored
            # supersedes already, and the head rows these records show now (what is not known yet).
            asked, _ = self._ahead.setdefault("superseded", (set(), set()))
            candidates = [rev for rev in batch if rev not in self._known and rev not in asked]
            if candidates:
                reads.append(("SELECT rev FROM superseded WHERE rev = ANY(%b)", [candidates]))
            current = self._ahead.setdefault("current", {})
            for e, ids in _by_entity(keys).items():
                known = current.get(e, (set(), {}))[0]
                unread = [i for i in ids if i not in known]
                if unread:
                    heads.append((e, unread))
                    reads.append((f'SELECT id, rev FROM "{e}" WHERE id = ANY(%b)', [unread]))
            leafset = self._leafset()
            unleafed = _by_entity(k for k in keys if k not in leafset[0])
            reads.extend(
                (
                    "SELECT record_id, rev, gen, deleted FROM changes WHERE entity = %s AND record_id = ANY(%b) "
                    "AND leaf = 1",
                    [e, ids],
                )
                for e, ids in unleafed.items()
            )
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
            stored = {str(r[0]) for r in self._rows("SELECT rev FROM superseded WHERE rev = ANY(%b)", [revs])}
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
        wanted = _by_entity(existed) if existed is not None else {}
        wanted[entity] = sorted(set(wanted.get(entity, [])) | set(ids))
        entities = list(wanted)
        answers = self._read(
            *(
                (
                    "SELECT record_id, rev, gen, deleted FROM changes "
                    "WHERE entity = %s AND record_id = ANY(%b) AND leaf = 1",
                    [e, wanted[e]],
                )
                for e in entities
            )
        )
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

    def _stored_data(self, revs: Sequence[str]) -> dict[str, dict[str, Any]]:
        if not revs:
            return {}
        rows = self._rows("SELECT rev, data FROM changes WHERE rev = ANY(%b) AND data IS NOT NULL", [list(revs)])
        return {str(r[0]): json.loads(r[1]) for r in rows}

    def show_heads(self, entity: str, leaves: Mapping[str, list[Leaf]], fresh: Mapping[str, Revision]) -> None:
        ahead = self._ahead.get("current", {}).get(entity)
        if ahead is not None and ahead[0].issuperset(leaves):
            current = {i: rev for i, rev in ahead[1].items() if i in leaves}
        else:
            current = dict(self._rows(f'SELECT id, rev FROM "{entity}" WHERE id = ANY(%b)', [list(leaves)]))
        winners: dict[str, str | None] = {}
        for record_id, candidates in leaves.items():
            winner = max(candidates, default=None)
            winners[record_id] = winner[2] if winner is not None and winner[0] else None
        wanted = [rev for record_id, rev in winners.items() if rev is not None and current.get(record_id) != rev]
        stored = self._stored_data([rev for rev in wanted if rev not in fresh])
        model = MODEL_BY_TABLE[entity]
        columns = (*model.model_fields, "rev")
        removals: list[str] = []
        shown: list[tuple[str, str]] = []
        texts: list[list[str | None]] = [[] for _ in columns]
        for record_id, rev in winners.items():
            if rev is not None and current.get(record_id) == rev:
                continue
            data = None if rev is None else fresh[rev].data if rev in fresh else stored.get(rev)
            if rev is None or data is None:
                if record_id in current:
                    removals.append(record_id)
                continue
            shown.append((record_id, rev))
            for column, value in zip(texts, row_values(model, columns, data, rev), strict=True):
                column.append(value if value is None or isinstance(value, str) else str(value))
        if ahead is not None:
            for record_id in removals:
                ahead[1].pop(record_id, None)
            ahead[1].update(shown)
        if removals:
            self._write(f'DELETE FROM "{entity}" WHERE id = ANY(%b)', [removals])
        if not shown:
            return
        self._write(self._upsert_heads(entity, columns), texts)

    def _upsert_heads(self, entity: str, columns: tuple[str, ...]) -> str:
        """The upsert of head rows sent as one text array per column, each cast to its column's type.

        The values are the head table's row as ``data_to_row`` makes it (lists as JSON text,
        booleans as 0/1), in their text form, which the column type reads as it would read the
        same value from JSON."""
        types = self.db.column_types.get(entity)
        if types is None:
            rows = self._rows(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [f'"{entity}"'],
            )
            types = self.db.column_types[entity] = {str(name): str(kind) for name, kind in rows}
        names = ", ".join(f'"{c}"' for c in columns)
        casts = ", ".join(f'r."{c}"::{types.get(c, "text")}' for c in columns)
        arrays = ", ".join("%b::text[]" for _ in columns)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
        return (
            f'INSERT INTO "{entity}" ({names}) SELECT {casts} FROM unnest({arrays}) AS r({names}) '
            f"ON CONFLICT (id) DO UPDATE SET {updates}"
        )

    # -- conflicts -----------------------------------------------------------------------------------

    def conflicted(self) -> set[RecordKey]:
        ahead = self._ahead.get("conflicts")
        if ahead is not None:
            return set(ahead)
        return {(str(e), str(i)) for e, i in self._rows("SELECT entity, record_id FROM conflicts", [])}

    def mark_conflict(self, key: RecordKey) -> None:
        self.flush()
        self._ahead.pop("conflicts", None)  # read again should the merge core ask once more
        refresh_conflict(self.db.as_store(), *key)

    def clear_conflicts(self, keys: Sequence[RecordKey]) -> None:
        ahead = self._ahead.get("conflicts")
        if ahead is not None:
            ahead.difference_update(keys)  # as the database has them once these deletes are sent
        for entity, ids in _by_entity(keys).items():
            self._write("DELETE FROM conflicts WHERE entity = %s AND record_id = ANY(%b)", [entity, ids])

    # -- blobs and bundles ---------------------------------------------------------------------------

    def has_blob(self, sha256: str) -> bool:
        return bool(self._rows("SELECT 1 FROM blobs WHERE sha256 = %s", [sha256]))

    def put_blob(self, data: bytes) -> str:
        import hashlib

        sha = hashlib.sha256(data).hexdigest()
        self._write(
            "INSERT INTO blobs(sha256, size, data) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", [sha, len(data), data]
        )
        return sha

    def bundle_seen(self, bundle_id: str, signer: str) -> tuple[str, str, str] | None:
        ahead = self._ahead.get("bundle")
        if ahead is not None and ahead[0] == (bundle_id, signer) and not self._queue:
            row = ahead[1]
        else:
            if not self._in_transaction():
                self._bundle = (bundle_id, signer)
            found = self._rows(
                "SELECT sha256, direction, receipt FROM bundles WHERE id = %s AND signer = %s", [bundle_id, signer]
            )
            row = found[0] if found else None
        return None if row is None else (str(row[0]), str(row[1]), str(row[2] or ""))

    # -- trust (decisions, roster, segments, owners) ----------------------------------------------------
    # The checks' reads come from what the writer read when it was made; the writes run the SQLite
    # statements of ``store.trust`` through the connection's dialect translation (migration 003_trust).

    def trusted_keys(self) -> dict[bytes, tuple[str, str]]:
        if not self._in_transaction():
            return dict(self._trusted)
        self.flush()
        return trust.trusted_keys(self.db.as_store())

    def record_trust(self, key: bytes, device: str, role: str, how: str) -> None:
        self.flush()
        trust.record_trust(self.db.as_store(), key, device, role, how)

    def pinned_roster(self) -> str | None:
        if not self._in_transaction():
            return self._meta.get(trust.META_ROSTER)
        self.flush()
        return trust.pinned_roster(self.db.as_store())

    def pin_roster(self, text: str) -> None:
        self.flush()
        trust.pin_roster(self.db.as_store(), text)

    def store_segments(self, segments: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        segments = list(segments)
        if not segments:
            return
        found = self._read(
            *(
                (
                    "INSERT INTO segments(device, body) VALUES (%s, %s) "
                    "ON CONFLICT (body) DO UPDATE SET body = excluded.body RETURNING id",
                    [device, text],
                )
                for device, text, _ in segments
            )
        )
        for (_, _, revs), rows in zip(segments, found, strict=True):
            if rows and revs:
                self._write(
                    "INSERT INTO segment_revs(rev, segment_id) SELECT unnest(%b::text[]), %s ON CONFLICT DO NOTHING",
                    [list(revs), rows[0][0]],
                )

    def record_owners(self, keys: Iterable[RecordKey]) -> dict[RecordKey, str]:
        keys = list(keys)
        grouped = _by_entity(keys)
        entities = list(grouped)
        answers = self._read(
            *(
                (
                    "SELECT record_id, origin FROM changes WHERE entity = %s AND base_rev IS NULL "
                    "AND record_id = ANY(%b) ORDER BY rev",
                    [e, grouped[e]],
                )
                for e in entities
            )
        )
        owners: dict[RecordKey, str] = {}
        for entity, rows in zip(entities, answers, strict=True):
            for record_id, origin in rows:
                owners.setdefault((entity, str(record_id)), str(origin))
        if not self._in_transaction():
            self._unowned.update(k for k in keys if k not in owners)
        return owners

    def _remember_data(self, fresh: Sequence[Revision]) -> None:
        """Keep the data of revisions just written, for the checks that read them back (bounded)."""
        room = DATA_CACHE - len(self._data)
        for r in fresh[: max(room, 0)]:
            self._data[r.rev] = r.data

    def revision_data(self, revs: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        found: dict[str, dict[str, Any] | None] = {}
        missing: list[str] = []
        for rev in revs:
            if rev in self._data:
                found[rev] = self._data[rev]
            else:
                missing.append(rev)
        if missing:
            rows = self._rows("SELECT rev, data FROM changes WHERE rev = ANY(%b)", [missing])
            found.update((str(r[0]), json.loads(r[1]) if r[1] else None) for r in rows)
        return found

    def erase_deleted(self, record_ids: Sequence[str]) -> int:
        """Blank the personal fields of every revision of those occupants that are deleted here.

        The same erasure as ``store.erasure.erase_deleted`` on a laptop (AVG art. 17), written for
        PostgreSQL: an erasure that arrives in a bundle is carried out here too.
        """
        ids = sorted(set(record_ids))
        if not ids:
            return 0
        self._data.clear()  # what is erased must be read back erased
        deleted = [
            str(r[0])
            for r in self._rows(
                "SELECT DISTINCT record_id FROM changes WHERE entity = 'occupants' AND deleted = 1 "
                "AND record_id = ANY(%b)",
                [ids],
            )
        ]
        if not deleted:
            return 0
        changed = 0
        for rev, text in self._rows(
            "SELECT rev, data FROM changes WHERE entity = 'occupants' AND record_id = ANY(%b) AND data IS NOT NULL",
            [deleted],
        ):
            data = json.loads(text)
            erased = erased_data(data)
            if erased != data:
                self._write("UPDATE changes SET data = %s WHERE rev = %s", [canonical_json(erased), rev])
                changed += 1
        columns = [c for c in PERSONAL_FIELDS if c in Occupant.model_fields]
        for record_id, shown in self._rows("SELECT id, rev FROM occupants WHERE id = ANY(%b)", [deleted]):
            stored = self._stored_data([str(shown)]).get(str(shown))
            if stored is None:
                continue
            values = data_to_row(Occupant, stored, str(shown))
            sets = ", ".join(f'"{c}" = %s' for c in columns)
            self._write(f"UPDATE occupants SET {sets} WHERE id = %s", [*(values.get(c) for c in columns), record_id])
        return changed

    def signers_seen(self) -> dict[bytes, set[str]]:
        if not self._in_transaction():
            return {key: set(devices) for key, devices in self._signers.items()}
        seen: dict[bytes, set[str]] = {}
        for signer, device in self._rows("SELECT signer, device_id FROM bundles WHERE direction = 'in'", []):
            seen.setdefault(bytes.fromhex(str(signer)), set()).add(str(device))
        return seen

    def record_bundle(self, bundle: BundleRecord) -> None:
        self._write(
            "INSERT INTO bundles(id, sha256, signer, device_id, direction, created_at, seq_from, seq_to, receipt) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                bundle.id,
                bundle.sha256,
                bundle.signer,
                bundle.device_id,
                bundle.direction,
                bundle.created_at,
                bundle.seq_from,
                bundle.seq_to,
                bundle.receipt,
            ],
        )

    def snapshot(self, target: Path, keep: int) -> None:
        """Nothing to do: a laptop copies its SQLite file before an import so a person can go back;
        the central database is one transaction per bundle (a refused bundle changes nothing) and
        is backed up with PostgreSQL's own tools (pg_dump, WAL archiving), not by intake.
        Intake never asks for a snapshot; should a caller do so, no file is written."""


if TYPE_CHECKING:
    from inspect_tui.store.batch import BatchWriter

    def _implements_the_interface(writer: PgBatchWriter) -> BatchWriter:
        return writer  # mypy checks that PgBatchWriter has every method of BatchWriter
