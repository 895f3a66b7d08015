"""The central batch writer's bookkeeping: conflicts, blobs, bundles, trust, owners, erasure.

Part of ``central.store.writer.PgBatchWriter``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from inspect_tui.central.store.writer_reads import PgWriterBase, by_entity, each_key, each_record
from inspect_tui.domain.models import Occupant
from inspect_tui.store import trust
from inspect_tui.store.batch import RecordKey
from inspect_tui.store.bundles import BundleRecord
from inspect_tui.store.codec import canonical_json, data_to_row
from inspect_tui.store.conflicts import refresh_conflict
from inspect_tui.store.erasure import PERSONAL_FIELDS, erased_data
from inspect_tui.store.held import CHILDREN


class PgBookkeepingMixin(PgWriterBase):
    """Conflicts, blobs, bundles, trust and erasure for the central batch writer."""

    # -- conflicts -----------------------------------------------------------------------------------

    def conflicted(self) -> set[RecordKey]:
        ahead = self._ahead.get("conflicts")
        if ahead is not None:
            return set(ahead)
        return {(str(e), str(i)) for e, i in self._rows("SELECT entity, record_id FROM conflicts", [])}

    def first_versions(self, entity: str, ids: Sequence[str]) -> list[tuple[str, str | None]]:
        """(record id, data) of the first versions of these records, one index probe per record
        (``each_record``): the import checks' ``RecordIndex.held_versions`` read it so, where a list
        of ids written into the statement was planned as a scan of ``changes``."""
        condition = " AND base_rev IS NULL AND deleted = 0"
        return [(str(r[0]), r[1]) for r in self._rows(each_record(("data",), condition), [list(ids), entity])]

    def children_shown(self, entity: str, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for child, column in CHILDREN.get(entity, ()):
            found.update(str(r[0]) for r in self._rows(each_key(child, column, (column,)), [list(ids)]))
        return found

    def mark_conflict(self, key: RecordKey) -> None:
        self.flush()
        self._ahead.pop("conflicts", None)  # read again should the merge core ask once more
        refresh_conflict(self.db.as_store(), *key)

    def clear_conflicts(self, keys: Sequence[RecordKey]) -> None:
        ahead = self._ahead.get("conflicts")
        if ahead is not None:
            ahead.difference_update(keys)  # as the database has them once these deletes are sent
        for entity, ids in by_entity(keys).items():
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
                    "INSERT INTO segments(device, body, digest) VALUES (%s, %s, %s) "
                    "ON CONFLICT (digest) DO UPDATE SET digest = excluded.digest RETURNING id",
                    [device, text, hashlib.sha256(text.encode()).hexdigest()],
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
        grouped = by_entity(keys)
        entities = list(grouped)
        owned = each_record(("origin", "rev"), " AND base_rev IS NULL", order="rev")
        answers = self._read(*((owned, [grouped[e], e]) for e in entities))
        owners: dict[RecordKey, str] = {}
        for entity, rows in zip(entities, answers, strict=True):
            for record_id, origin, _ in rows:
                owners.setdefault((entity, str(record_id)), str(origin))
        if not self._in_transaction():
            self._unowned.update(k for k in keys if k not in owners)
        return owners

    def erase_deleted(self, record_ids: Sequence[str]) -> int:
        """Blank the personal fields of every revision of those occupants that are deleted here.

        The same erasure as ``store.erasure.erase_deleted`` on a laptop (AVG art. 17), written for
        PostgreSQL: an erasure that arrives in a bundle is carried out here too.
        """
        ids = sorted(set(record_ids))
        if not ids:
            return 0
        self._data.clear()  # what is erased must be read back erased
        deleted = [str(r[0]) for r in self._rows(each_record((), " AND deleted = 1", first=True), [ids, "occupants"])]
        if not deleted:
            return 0
        changed = 0
        for _, rev, text in self._rows(each_record(("rev", "data"), " AND data IS NOT NULL"), [deleted, "occupants"]):
            data = json.loads(text)
            erased = erased_data(data)
            if erased != data:
                self._write("UPDATE changes SET data = %s WHERE rev = %s", [canonical_json(erased), rev])
                changed += 1
        columns = [c for c in PERSONAL_FIELDS if c in Occupant.model_fields]
        for record_id, shown in self._rows(each_key("occupants", "id", ("id", "rev")), [deleted]):
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
