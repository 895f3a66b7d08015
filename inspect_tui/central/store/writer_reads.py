"""The central batch writer's plumbing: its state, its reads and writes over one pipeline, and lookups.

``central.store.writer.PgBatchWriter`` is made of this base and three parts beside it:
``writer_revisions`` (revision rows and leaves), ``writer_heads`` (head rows) and
``writer_bookkeeping`` (conflicts, blobs, bundles, trust, erasure). Why the writer reads ahead and
pipelines its writes is told in ``central.store.writer``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, cast

from inspect_tui.central.store.connect import CentralDb, translate
from inspect_tui.central.store.text_arrays import compact
from inspect_tui.store import trust
from inspect_tui.store.batch import RecordKey
from inspect_tui.store.revisions import Revision

if TYPE_CHECKING:
    from sqlite_utils import Database

MARK = (
    "SELECT (SELECT max(seq) FROM changes), "
    "(SELECT md5(string_agg(public_key || ' ' || device_id || ' ' || role, ',' ORDER BY public_key)) "
    "FROM trusted_keys), (SELECT md5(value) FROM meta WHERE key = %s)"
)
"""Where the store stands: the newest change, the trust decisions, the roster."""

_CHECKS_READ = (
    f"SELECT m.*, (SELECT json_object_agg(key, value) FROM meta), "
    "(SELECT json_agg(json_build_array(public_key, device_id, role)) FROM trusted_keys), "
    "(SELECT json_agg(DISTINCT jsonb_build_array(signer, device_id)) FROM bundles WHERE direction = 'in') "
    f"FROM ({MARK}) AS m"
)
"""Everything a bundle's checks read before its revisions, in one statement (one snapshot)."""

_META_READ = translate("SELECT value FROM meta WHERE key = ?")
_DEVICE_READ = translate("SELECT value FROM meta WHERE key = 'device_id'")


def each_key(table: str, key: str, columns: Sequence[str], condition: str = "") -> str:
    """Rows of table by a list of key values (sent as one array): one index probe per value.

    Written as a lateral join, so that the plan does not hang on the table's statistics: a table
    an intake is filling has none worth the name (no analyze has run yet), and with
    ``key = ANY(…)`` the planner then took a scan of the whole table or of a whole entity, a cost
    that grew with every bundle merged."""
    inner = ", ".join(columns)
    outer = ", ".join(f"x.{c}" for c in columns)
    return (
        f"SELECT {outer} FROM unnest(%b::text[]) AS k(v) CROSS JOIN LATERAL "
        f'(SELECT {inner} FROM "{table}" WHERE {key} = k.v{condition} OFFSET 0) AS x'
    )


def each_record(columns: Sequence[str], condition: str = "", *, first: bool = False, order: str = "") -> str:
    """Revisions in ``changes`` of one entity's records by a list of ids, sent as (ids, entity): the
    record id, then columns; one probe of the records' index per id (see ``each_key``). first: one
    row per record at most (whether it has any); order: what the rows are sorted by."""
    inner = ", ".join(columns) or "1"
    outer = "".join(f", x.{c}" for c in columns)
    return (
        f"SELECT k.v{outer} FROM unnest(%b::text[]) AS k(v) CROSS JOIN LATERAL "
        f"(SELECT {inner} FROM changes WHERE entity = %s AND record_id = k.v{condition} "
        f"{'LIMIT 1' if first else 'OFFSET 0'}) AS x{f' ORDER BY x.{order}' if order else ''}"
    )


DATA_CACHE = 20_000
"""At most this many revisions' data kept for ``revision_data`` (bounds memory on huge bundles)."""


def _prepared(sql: str) -> bool:
    """Whether a statement of the merge's transaction is prepared: planned once per connection,
    not at each of the some thirty statements of every bundle (a fifth of the server's work on
    an intake).

    Prepared are the lookups by key lists written as index probes (``each_key``,
    ``each_record``: the generic plan a prepared statement may settle on, made without the list,
    probes the same index) and the inserts (they read nothing but the rows they are given).
    Anything else is planned afresh each time, knowing its values: a lookup written
    ``= ANY(list)`` or a join with a list, planned without the list on a table an intake is
    filling, can be a scan of the whole table (a test checks the generic plans)."""
    return sql.startswith("INSERT ") or "CROSS JOIN LATERAL" in sql


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


def by_entity(keys: Iterable[RecordKey]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for entity, record_id in keys:
        grouped.setdefault(entity, []).append(record_id)
    return grouped


class PgWriterBase:
    """The state of a central batch writer and how it reads and writes (see the module docstring).

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
        before them, and their rows awaited; its statements are prepared (see ``_prepared``).
        Outside it, lookups by arrays are planned afresh each time.
        """
        queue, self._queue = self._queue, []
        raw = self.db.raw
        reads = tuple(compact(sql, params) for sql, params in reads)
        if self._piped:
            cursors = [raw.execute(cast(Any, sql), params, prepare=_prepared(sql)) for sql, params in reads]
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
        works on it while this process goes on; an error fails the transaction at the next read);
        prepared as the reads there are (see ``_prepared``)."""
        sql, params = compact(sql, params)
        if self._piped:
            self.db.raw.execute(cast(Any, sql), params, prepare=_prepared(sql))
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

    def atomic(self) -> AbstractContextManager[object]:
        """As the store's ``atomic`` (the importer reads and, once, records the device id)."""
        return self.db.atomic()

    def as_store(self) -> Database:
        """This writer where the importer expects a store (it reads meta through ``execute``)."""
        return cast("Database", self)

    def _stored_data(self, revs: Sequence[str]) -> dict[str, dict[str, Any]]:
        if not revs:
            return {}
        rows = self._rows("SELECT rev, data FROM changes WHERE rev = ANY(%b) AND data IS NOT NULL", [list(revs)])
        return {str(r[0]): json.loads(r[1]) for r in rows}

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
