"""The central system's batch writer: the merge core's reads and writes, done the PostgreSQL way.

``sync.merge`` decides what an import changes and talks to a store only through the
``store.batch.BatchWriter`` interface; ``store.batch.SqliteBatchWriter`` is the laptops' side and
this is the central one. Same decisions, two back ends: PostgreSQL gets arrays instead of long
``IN (…)`` lists and ``COPY`` for the bulk of the rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from inspect_tui.central.store.connect import CentralDb
from inspect_tui.domain.models import MODEL_BY_TABLE, Occupant
from inspect_tui.store import trust
from inspect_tui.store.batch import Leaf, RecordKey
from inspect_tui.store.bundles import BundleRecord
from inspect_tui.store.codec import canonical_json, data_to_row
from inspect_tui.store.conflicts import refresh_conflict
from inspect_tui.store.erasure import PERSONAL_FIELDS, erased_data
from inspect_tui.store.revisions import Revision, change_row, closed_by

if TYPE_CHECKING:
    from sqlite_utils import Database

_CHANGE_COLUMNS = (
    "entity, record_id, rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, data, made_at, made_by"
)


def _by_entity(keys: Iterable[RecordKey]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for entity, record_id in keys:
        grouped.setdefault(entity, []).append(record_id)
    return grouped


class PgBatchWriter:
    """The BatchWriter of the central PostgreSQL database (see the module docstring)."""

    def __init__(self, db: CentralDb) -> None:
        self.db = db

    # The importer also reads the store's meta table through the database interface.
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.db.execute(sql, params)

    def transaction(self) -> AbstractContextManager[object]:
        return self.db.atomic()

    def atomic(self) -> AbstractContextManager[object]:
        """As the store's ``atomic`` (the importer reads and, once, records the device id)."""
        return self.db.atomic()

    def as_store(self) -> Database:
        """This writer where the importer expects a store (it reads meta through ``execute``)."""
        return cast("Database", self)

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return list(self.db.pg(sql, params, prepare=False).fetchall())

    def known_revisions(self, revs: Sequence[str]) -> dict[str, RecordKey]:
        rows = self._rows("SELECT rev, entity, record_id FROM changes WHERE rev = ANY(%s)", [list(revs)])
        return {str(r[0]): (str(r[1]), str(r[2])) for r in rows}

    def records_with_revisions(self, keys: Iterable[RecordKey]) -> set[RecordKey]:
        found: set[RecordKey] = set()
        for entity, ids in _by_entity(keys).items():
            rows = self._rows(
                "SELECT DISTINCT record_id FROM changes WHERE entity = %s AND record_id = ANY(%s)", [entity, ids]
            )
            found.update((entity, str(r[0])) for r in rows)
        return found

    def lower_origins(self, revisions: Iterable[Revision]) -> None:
        pairs = [(r.rev, r.origin) for r in revisions]
        if pairs:
            self.db.pg(
                "UPDATE changes c SET origin = v.origin FROM unnest(%s::text[], %s::text[]) AS v(rev, origin) "
                "WHERE c.rev = v.rev AND c.origin > v.origin",
                [[p[0] for p in pairs], [p[1] for p in pairs]],
            )

    def write_revisions(self, fresh: Sequence[Revision]) -> set[str]:
        closed = sorted({p for r in fresh for p in closed_by(r)})
        if closed:
            self.db.pg("INSERT INTO superseded(rev) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING", [closed])
        superseded = {
            str(r[0]) for r in self._rows("SELECT rev FROM superseded WHERE rev = ANY(%s)", [[r.rev for r in fresh]])
        }
        with self.db.raw.cursor() as cursor, cursor.copy(f"COPY changes ({_CHANGE_COLUMNS}) FROM STDIN") as copy:
            for r in fresh:
                copy.write_row(
                    change_row(r, canonical_json(r.data) if r.data is not None else None, leaf=r.rev not in superseded)
                )
        if closed:
            self.db.pg("UPDATE changes SET leaf = 0 WHERE leaf = 1 AND rev = ANY(%s)", [closed], prepare=False)
        return superseded

    def stored_leaves(self, entity: str, ids: Sequence[str]) -> dict[str, list[Leaf]]:
        leaves: dict[str, list[Leaf]] = {i: [] for i in ids}
        for record_id, rev, gen, deleted in self._rows(
            "SELECT record_id, rev, gen, deleted FROM changes WHERE entity = %s AND record_id = ANY(%s) AND leaf = 1",
            [entity, list(ids)],
        ):
            leaves[record_id].append((0 if deleted else 1, int(gen), str(rev)))
        return leaves

    def _stored_data(self, revs: Sequence[str]) -> dict[str, dict[str, Any]]:
        rows = self._rows("SELECT rev, data FROM changes WHERE rev = ANY(%s) AND data IS NOT NULL", [list(revs)])
        return {str(r[0]): json.loads(r[1]) for r in rows}

    def show_heads(self, entity: str, leaves: Mapping[str, list[Leaf]], fresh: Mapping[str, Revision]) -> None:
        current = dict(self._rows(f'SELECT id, rev FROM "{entity}" WHERE id = ANY(%s)', [list(leaves)]))
        winners: dict[str, str | None] = {}
        for record_id, candidates in leaves.items():
            winner = max(candidates, default=None)
            winners[record_id] = winner[2] if winner is not None and winner[0] else None
        wanted = [rev for record_id, rev in winners.items() if rev is not None and current.get(record_id) != rev]
        stored = self._stored_data([rev for rev in wanted if rev not in fresh])
        model = MODEL_BY_TABLE[entity]
        columns = (*model.model_fields, "rev")
        removals: list[str] = []
        rows: list[list[Any]] = []
        for record_id, rev in winners.items():
            if rev is not None and current.get(record_id) == rev:
                continue
            data = None if rev is None else fresh[rev].data if rev in fresh else stored.get(rev)
            if rev is None or data is None:
                if record_id in current:
                    removals.append(record_id)
                continue
            values = data_to_row(model, data, rev)
            rows.append([values.get(c) for c in columns])
        if removals:
            self.db.pg(f'DELETE FROM "{entity}" WHERE id = ANY(%s)', [removals])
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        stage = f"stage_{entity}"
        self.db.pg(f'CREATE TEMP TABLE IF NOT EXISTS "{stage}" (LIKE "{entity}") ON COMMIT DELETE ROWS')
        self.db.pg(f'TRUNCATE "{stage}"')
        with self.db.raw.cursor() as cursor, cursor.copy(f'COPY "{stage}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
        self.db.pg(
            f'INSERT INTO "{entity}" ({names}) SELECT {names} FROM "{stage}" ON CONFLICT (id) DO UPDATE SET {updates}'
        )

    def conflicted(self) -> set[RecordKey]:
        return {(str(e), str(i)) for e, i in self._rows("SELECT entity, record_id FROM conflicts", [])}

    def mark_conflict(self, key: RecordKey) -> None:
        refresh_conflict(self.db.as_store(), *key)

    def clear_conflicts(self, keys: Sequence[RecordKey]) -> None:
        for entity, ids in _by_entity(keys).items():
            self.db.pg("DELETE FROM conflicts WHERE entity = %s AND record_id = ANY(%s)", [entity, ids])

    def has_blob(self, sha256: str) -> bool:
        return self.db.pg("SELECT 1 FROM blobs WHERE sha256 = %s", [sha256]).fetchone() is not None

    def put_blob(self, data: bytes) -> str:
        import hashlib

        sha = hashlib.sha256(data).hexdigest()
        self.db.pg(
            "INSERT INTO blobs(sha256, size, data) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", [sha, len(data), data]
        )
        return sha

    def bundle_seen(self, bundle_id: str, signer: str) -> tuple[str, str, str] | None:
        row = self.db.pg(
            "SELECT sha256, direction, receipt FROM bundles WHERE id = %s AND signer = %s", [bundle_id, signer]
        ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]), str(row[2] or ""))

    # Trust (decisions, roster, segments, owners): the SQLite statements of ``store.trust`` run
    # here through the connection's dialect translation, against the tables of migration 003_trust.
    def trusted_keys(self) -> dict[bytes, tuple[str, str]]:
        return trust.trusted_keys(self.db.as_store())

    def record_trust(self, key: bytes, device: str, role: str, how: str) -> None:
        trust.record_trust(self.db.as_store(), key, device, role, how)

    def pinned_roster(self) -> str | None:
        return trust.pinned_roster(self.db.as_store())

    def pin_roster(self, text: str) -> None:
        trust.pin_roster(self.db.as_store(), text)

    def store_segments(self, segments: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        for device, text, revs in segments:
            row = self.db.pg(
                "INSERT INTO segments(device, body) VALUES (%s, %s) ON CONFLICT (body) DO UPDATE SET body = excluded.body "
                "RETURNING id",
                [device, text],
            ).fetchone()
            if row is not None and revs:
                self.db.pg(
                    "INSERT INTO segment_revs(rev, segment_id) SELECT unnest(%s::text[]), %s ON CONFLICT DO NOTHING",
                    [list(revs), row[0]],
                )

    def record_owners(self, keys: Iterable[RecordKey]) -> dict[RecordKey, str]:
        owners: dict[RecordKey, str] = {}
        for entity, ids in _by_entity(keys).items():
            for record_id, origin in self._rows(
                "SELECT record_id, origin FROM changes WHERE entity = %s AND base_rev IS NULL "
                "AND record_id = ANY(%s) ORDER BY rev",
                [entity, ids],
            ):
                owners.setdefault((entity, str(record_id)), str(origin))
        return owners

    def revision_data(self, revs: Sequence[str]) -> dict[str, dict[str, Any] | None]:
        rows = self._rows("SELECT rev, data FROM changes WHERE rev = ANY(%s)", [list(revs)])
        return {str(r[0]): json.loads(r[1]) if r[1] else None for r in rows}

    def erase_deleted(self, record_ids: Sequence[str]) -> int:
        """Blank the personal fields of every revision of those occupants that are deleted here.

        The same erasure as ``store.erasure.erase_deleted`` on a laptop (AVG art. 17), written for
        PostgreSQL: an erasure that arrives in a bundle is carried out here too.
        """
        ids = sorted(set(record_ids))
        if not ids:
            return 0
        deleted = [
            str(r[0])
            for r in self._rows(
                "SELECT DISTINCT record_id FROM changes WHERE entity = 'occupants' AND deleted = 1 "
                "AND record_id = ANY(%s)",
                [ids],
            )
        ]
        if not deleted:
            return 0
        changed = 0
        for rev, text in self._rows(
            "SELECT rev, data FROM changes WHERE entity = 'occupants' AND record_id = ANY(%s) AND data IS NOT NULL",
            [deleted],
        ):
            data = json.loads(text)
            erased = erased_data(data)
            if erased != data:
                self.db.pg("UPDATE changes SET data = %s WHERE rev = %s", [canonical_json(erased), rev])
                changed += 1
        columns = [c for c in PERSONAL_FIELDS if c in Occupant.model_fields]
        for record_id, shown in self._rows("SELECT id, rev FROM occupants WHERE id = ANY(%s)", [deleted]):
            stored = self._stored_data([str(shown)]).get(str(shown))
            if stored is None:
                continue
            values = data_to_row(Occupant, stored, str(shown))
            sets = ", ".join(f'"{c}" = %s' for c in columns)
            self.db.pg(f"UPDATE occupants SET {sets} WHERE id = %s", [*(values.get(c) for c in columns), record_id])
        return changed

    def signers_seen(self) -> dict[bytes, set[str]]:
        seen: dict[bytes, set[str]] = {}
        for signer, device in self._rows("SELECT signer, device_id FROM bundles WHERE direction = 'in'", []):
            seen.setdefault(bytes.fromhex(str(signer)), set()).add(str(device))
        return seen

    def record_bundle(self, bundle: BundleRecord) -> None:
        self.db.pg(
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
