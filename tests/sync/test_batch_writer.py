"""The merge core reaches the store only through the BatchWriter interface."""

from __future__ import annotations

import inspect
from typing import Any

from hypothesis import HealthCheck, given, settings
from test_bundle_apply import _dump, revision_sets

from inspect_tui.store import open_db
from inspect_tui.store.batch import BatchWriter, SqliteBatchWriter
from inspect_tui.store.revisions import Revision
from inspect_tui.sync.merge import apply_revisions

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
        outcome = apply_revisions(recording, revisions)  # type: ignore[arg-type]
    assert outcome == expected
    assert _dump(through) == _dump(direct)
    assert {"known_revisions", "write_revisions", "show_heads"} <= recording.called
