"""The central batch writer's shortcuts: what it keeps in memory or sends unawaited must not change the result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from inspect_tui.central.store.writer import PgBatchWriter
from inspect_tui.domain.models import Site
from inspect_tui.store import get, open_db, save
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.revisions import Revision, change_row
from inspect_tui.sync import streaming
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device, populate
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, state, trusting_intake


@pytest.mark.parametrize(
    ("merged", "ancestors", "data", "deleted"),
    [
        ((), (), {"id": "s1", "name": 'Één "aanhalingsteken"'}, False),
        ((), ("1-aa",), {"id": "s1", "b": 2, "a": [1, None]}, False),
        (("3-cc", "2-bb"), ("2-bb", "1-aa"), None, True),
    ],
)
def test_the_data_the_row_carries_is_its_canonical_json(
    merged: tuple[str, ...], ancestors: tuple[str, ...], data: dict[str, Any] | None, deleted: bool
) -> None:
    revision = Revision(
        "sites", "s1", "4-dd", 4, ancestors[0] if ancestors else None, "dev-a", data, deleted, merged, ancestors
    )
    assert revision.data_json == (None if data is None else canonical_json(data))
    for leaf in (True, False):
        expected = change_row(revision, None if data is None else canonical_json(data), leaf=leaf)
        assert change_row(revision, revision.data_json, leaf=leaf) == expected


def _history(tmp_path: Path) -> list[Path]:
    """Three bundles: everything of one device, then edits on two devices of the same site (a conflict)."""
    a = make_device(tmp_path / "a.db", device_id="dev-a")
    ids = populate(a.db)
    first = export_bundle(a.db, tmp_path / "1.zip", a.key, everything=True)
    assert first is not None
    b = make_device(tmp_path / "b.db", device_id="dev-b")
    import_bundles(b.db, [first.path])
    for n in range(3):
        site = get(b.db, Site, ids["site"])
        assert site is not None
        save(b.db, site.model_copy(update={"notes": f"b{n}"}))
    save(b.db, Site(name="Nieuw"))
    site = get(a.db, Site, ids["site"])
    assert site is not None
    save(a.db, site.model_copy(update={"notes": "a"}))
    second = export_bundle(b.db, tmp_path / "2.zip", b.key)
    third = export_bundle(a.db, tmp_path / "3.zip", a.key)
    assert second is not None and third is not None
    return [first.path, second.path, third.path, first.path]


def test_bundles_merged_a_few_lines_at_a_time_reach_the_state_of_the_sqlite_import(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _history(tmp_path)
    lite = open_db(None)
    for path in paths:
        import_bundles(lite, [path])
    # Batches of two lines: what the writer remembers between batches (which records have
    # revisions, head rows, superseded revisions, conflicts) is used again and again.
    monkeypatch.setattr(streaming, "BATCH_LINES", 2)
    for path in paths:
        assert trusting_intake(central.db, path).error is None
    assert state(central.db) == state(lite)
    assert central.db.pg("SELECT COUNT(*) FROM conflicts").fetchone() == (1,)


def test_data_kept_in_memory_is_what_the_database_answers(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = PgBatchWriter.revision_data
    compared: list[int] = []

    def checked(self: PgBatchWriter, revs: Any) -> Any:
        answer = original(self, revs)
        rows = self.db.pg("SELECT rev, data FROM changes WHERE rev = ANY(%s)", [list(revs)]).fetchall()
        stored = {str(rev): None if data is None else json.loads(data) for rev, data in rows}
        assert answer == stored
        compared.append(len(self._data))
        return answer

    monkeypatch.setattr(PgBatchWriter, "revision_data", checked)
    monkeypatch.setattr(streaming, "BATCH_LINES", 3)
    for path in _history(tmp_path):
        assert trusting_intake(central.db, path).error is None
    assert compared and max(compared) > 0  # answered from memory at least once


def test_a_write_the_server_refuses_at_the_end_leaves_the_database_as_it_was(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bundle's own record, the last write (sent without waiting for its answer), goes in twice:
    # the key refuses the second, and everything the bundle wrote before is rolled back.
    original = PgBatchWriter.record_bundle

    def twice(self: PgBatchWriter, bundle: Any) -> None:
        original(self, bundle)
        original(self, bundle)

    monkeypatch.setattr(PgBatchWriter, "record_bundle", twice)
    before = state(central.db)
    result = trusting_intake(central.db, _history(tmp_path)[0])
    assert result.receipt is None and result.error is not None and "nothing was merged" in result.error
    assert state(central.db) == before
    assert central.db.pg("SELECT COUNT(*) FROM changes").fetchone() == (0,)
    assert central.db.pg("SELECT COUNT(*) FROM bundles").fetchone() == (0,)


def _site(record_id: str, rev: str, base: str | None, notes: str) -> Revision:
    gen = int(rev.split("-")[0])
    data = {"id": record_id, "name": f"Locatie {record_id}", "notes": notes}
    return Revision("sites", record_id, rev, gen, base, "dev-a", data, False, (), (base,) if base else ())


BATCHES = [
    # x: a child before its parent; y: new here, then a sibling of its second version (a conflict);
    # z: a stored leaf superseded in a later batch.
    [_site("x", "2-x2", "1-x1", "x2"), _site("y", "1-y1", None, "y1"), _site("y", "2-y2a", "1-y1", "a")],
    [_site("x", "1-x1", None, "x1"), _site("y", "2-y2b", "1-y1", "b"), _site("z", "1-z1", None, "z1")],
    [_site("z", "2-z2", "1-z1", "z2"), _site("x", "3-x3", "2-x2", "x3")],
]
RESOLVED = Revision(
    "sites", "y", "3-y3", 3, "2-y2a", "dev-a", {"id": "y", "name": "Locatie y"}, False, ("2-y2b",), ("2-y2a", "1-y1")
)
"""A version of y that merges both of its versions: the conflict is resolved."""


@pytest.mark.parametrize("resolve", [False, True])
def test_batches_of_one_transaction_give_the_leaves_heads_and_conflicts_of_sqlite(
    central: Central, resolve: bool
) -> None:
    from inspect_tui.store.batch import SqliteBatchWriter
    from inspect_tui.sync.merge import apply_revisions

    lite = open_db(None)
    # The resolution comes in a transaction of its own: the conflict it clears was there before it.
    transactions = [BATCHES, [[RESOLVED]]] if resolve else [BATCHES]
    outcomes: list[list[dict[Any, str]]] = []
    for writer in (SqliteBatchWriter(lite), PgBatchWriter(central.db)):
        outcomes.append([])
        for batches in transactions:
            with writer.transaction():
                for batch in batches:
                    # As the streaming import does: the checks look up the revisions and their parents first.
                    asked = {r.rev for r in batch} | {r.base_rev for r in batch if r.base_rev}
                    writer.known_revisions(sorted(asked))
                    writer.records_with_revisions({(r.entity, r.record_id) for r in batch})
                    outcomes[-1].append(apply_revisions(writer, batch))
                assert writer.conflicted() == (set() if batches[0] == [RESOLVED] else {("sites", "y")})
    assert outcomes[1] == outcomes[0]  # new, updated, unchanged or conflict: the same per record
    assert state(central.db) == state(lite)
    leaves = [r[0] for r in central.db.pg("SELECT rev FROM changes WHERE leaf = 1 ORDER BY rev").fetchall()]
    assert leaves == (["2-z2", "3-x3", "3-y3"] if resolve else ["2-y2a", "2-y2b", "2-z2", "3-x3"])
