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
* revisions go into ``changes`` in their order as one array per column (``unnest``);
  head rows travel the same way, as one text array per column cast to the column's type
  (no JSON for the server to parse row by row), and are upserted set-based with ``ON CONFLICT``;
  key lists are sent as arrays too. Each list travels as one text the server splits
  (``text_arrays``), not element by element;
* the transaction's statements are prepared, planned once per connection rather than once per
  use (its lookups by key lists are index probes whatever the plan, see ``writer_reads._prepared``).

A statement that fails inside the pipeline fails the transaction: a refused bundle changes nothing.

The writer is made of parts beside this module: ``writer_reads`` (state, pipeline, lookups),
``writer_revisions`` (revision rows, leaves), ``writer_heads`` (head rows) and
``writer_bookkeeping`` (conflicts, blobs, bundles, trust, erasure); this module holds the merge's
transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from inspect_tui.central.store.connect import INTAKE_LOCK
from inspect_tui.central.store.writer_bookkeeping import PgBookkeepingMixin
from inspect_tui.central.store.writer_heads import PgHeadsMixin
from inspect_tui.central.store.writer_reads import MARK, Recheck
from inspect_tui.central.store.writer_revisions import PgRevisionsMixin
from inspect_tui.store import trust


class PgBatchWriter(PgRevisionsMixin, PgHeadsMixin, PgBookkeepingMixin):
    """The BatchWriter of the central PostgreSQL database (see the module docstring).

    One writer serves one bundle's import: made before its checks, used by its merge.
    """

    def transaction(self) -> AbstractContextManager[object]:
        return self._merging()

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
                    (MARK, [trust.META_ROSTER]),
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


if TYPE_CHECKING:
    from inspect_tui.store.batch import BatchWriter

    def _implements_the_interface(writer: PgBatchWriter) -> BatchWriter:
        return writer  # mypy checks that PgBatchWriter has every method of BatchWriter
