"""The central batch writer's head rows: each record's winning revision shown in its entity's table.

Part of ``central.store.writer.PgBatchWriter``: head rows are upserted set-based, one text array
per column cast to the column's type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inspect_tui.central.store.writer_reads import PgWriterBase, each_key
from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.store.batch import Leaf
from inspect_tui.store.codec import column_texts
from inspect_tui.store.conflicts import winning_leaf
from inspect_tui.store.revisions import Revision


class PgHeadsMixin(PgWriterBase):
    """Head rows of the central batch writer: which revision each record shows, upserted in bulk."""

    def show_heads(self, entity: str, leaves: Mapping[str, list[Leaf]], fresh: Mapping[str, Revision]) -> None:
        ahead = self._ahead.get("current", {}).get(entity)
        if ahead is not None and ahead[0].issuperset(leaves):
            current = {i: rev for i, rev in ahead[1].items() if i in leaves}
        else:
            current = dict(self._rows(each_key(entity, "id", ("id", "rev")), [list(leaves)]))
        winners: dict[str, str | None] = {}
        for record_id, candidates in leaves.items():
            winner = winning_leaf(entity, candidates)
            winners[record_id] = winner[2] if winner is not None and winner[0] else None
        wanted = [rev for record_id, rev in winners.items() if rev is not None and current.get(record_id) != rev]
        stored = self._stored_data([rev for rev in wanted if rev not in fresh])
        model = MODEL_BY_TABLE[entity]
        columns = (*model.model_fields, "rev")
        removals: list[str] = []
        shown: list[tuple[str, str]] = []
        rows: list[tuple[dict[str, Any], str]] = []
        for record_id, rev in winners.items():
            if rev is not None and current.get(record_id) == rev:
                continue
            data = None if rev is None else fresh[rev].data if rev in fresh else stored.get(rev)
            if rev is None or data is None:
                if record_id in current:
                    removals.append(record_id)
                continue
            shown.append((record_id, rev))
            rows.append((data, rev))
        if ahead is not None:
            for record_id in removals:
                ahead[1].pop(record_id, None)
            ahead[1].update(shown)
        if removals:
            self._write(f'DELETE FROM "{entity}" WHERE id = ANY(%b)', [removals])
        if not shown:
            return
        self._write(self._upsert_heads(entity, columns), column_texts(model, columns, rows))

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
