"""The merge core reaches the store only through the BatchWriter interface."""

from __future__ import annotations

import inspect
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_tui.store import open_db
from inspect_tui.store.batch import BatchWriter, SqliteBatchWriter
from inspect_tui.store.revisions import Revision
from inspect_tui.sync.merge import apply_revisions
from tests.sync.test_bundle_apply import _dump, revision_sets

INTERFACE = {name for name, _ in inspect.getmembers(BatchWriter, inspect.isfunction) if not name.startswith("_")}


class Recording:
    """A BatchWriter that forwards to another and remembers which methods were called."""

    def __init__(self, inner: SqliteBatchWriter) -> None:
        self.inner = inner
        self.called: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        assert name in INTERFACE, f"the merge core asked for {name}, which is not in the interface"
        self.called.add(name)
        return getattr(self.inner, name)


def test_the_sqlite_writer_implements_every_method_of_the_interface() -> None:
    writer: BatchWriter = SqliteBatchWriter(open_db(None))
    assert all(callable(getattr(writer, name)) for name in INTERFACE)
    assert {"known_revisions", "write_revisions", "put_blob", "record_bundle"} <= INTERFACE


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(revisions=revision_sets())
def test_merging_through_the_interface_reaches_the_same_database(revisions: list[Revision]) -> None:
    direct, through = open_db(None), open_db(None)
    recording = Recording(SqliteBatchWriter(through))
    with direct.atomic():
        expected = apply_revisions(direct, revisions)
    with through.atomic():
        outcome = apply_revisions(recording, revisions)
    assert outcome == expected
    assert _dump(through) == _dump(direct)
    assert {"known_revisions", "write_revisions", "show_heads"} <= recording.called


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(revisions=revision_sets(), size=st.integers(1, 4))
def test_the_conflicts_a_transaction_keeps_are_those_of_the_table(revisions: list[Revision], size: int) -> None:
    kept, fresh = open_db(None), open_db(None)
    writer = SqliteBatchWriter(kept)
    parts = [revisions[n : n + size] for n in range(0, len(revisions), size)]
    with writer.transaction():
        for part in parts:
            outcome = apply_revisions(writer, part)
            with fresh.atomic():
                assert apply_revisions(fresh, part) == outcome  # a writer of its own for each batch
            table = {(str(e), str(i)) for e, i in kept.execute("SELECT entity, record_id FROM conflicts")}
            assert writer.conflicted() == table
    assert _dump(kept) == _dump(fresh)


def _site(rev: str, base: str | None, merged: tuple[str, ...] = ()) -> Revision:
    data = {"id": "y", "name": f"Locatie {rev}"}
    return Revision("sites", "y", rev, int(rev[0]), base, "dev", data, False, merged, (base,) if base else ())


def test_a_conflict_made_and_resolved_in_one_transaction_leaves_what_it_keeps_equal_to_the_table() -> None:
    db = open_db(None)
    writer = SqliteBatchWriter(db)
    batches = [
        [_site("1-y1", None), _site("2-y2a", "1-y1")],
        [_site("2-y2b", "1-y1")],
        [_site("3-y3", "2-y2a", ("2-y2b",))],
    ]
    seen = []
    with writer.transaction():
        for batch in batches:
            apply_revisions(writer, batch)
            seen.append(set(writer.conflicted()))
            assert seen[-1] == {(str(e), str(i)) for e, i in db.execute("SELECT entity, record_id FROM conflicts")}
    assert seen == [set(), {("sites", "y")}, set()]
