"""The batched merge reaches exactly the database that apply_revision reaches one revision at a time."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from inspect_tui.store import open_db
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.revisions import MAX_ANCESTORS, Revision, apply_revision, make_rev
from inspect_tui.sync.merge import CONFLICT, NEW, UNCHANGED, apply_revisions

RECORDS = [
    ("sites", "00000000-0000-4000-8000-00000000000a"),
    ("sites", "00000000-0000-4000-8000-00000000000b"),
    ("answers", "00000000-0000-4000-8000-00000000000c"),
]


def _revision(
    entity: str,
    record_id: str,
    parent: Revision | None,
    merged: tuple[Revision, ...],
    name: str,
    deleted: bool,
    origin: str,
) -> Revision:
    data: dict[str, Any] = (
        {"id": record_id, "name": name}
        if entity == "sites"
        else {"id": record_id, "inspection_id": "i", "item_id": "snf.a.b", "value": name}
    )
    gen = max([parent.gen if parent else 0, *[m.gen for m in merged]]) + 1
    merged_revs = tuple(sorted(m.rev for m in merged))
    base = parent.rev if parent else None
    rev = make_rev(entity, record_id, gen, base, merged_revs, deleted, canonical_json(data))
    ancestors = tuple([parent.rev, *parent.ancestors][:MAX_ANCESTORS]) if parent else ()
    return Revision(entity, record_id, rev, gen, base, origin, data, deleted, merged_revs, ancestors)


@st.composite
def revision_sets(draw: st.DrawFn) -> list[Revision]:
    """Random revision trees for a few records: forks, deletions, merges, identical edits."""
    made: dict[str, Revision] = {}
    for entity, record_id in RECORDS[: draw(st.integers(1, len(RECORDS)))]:
        nodes: list[Revision] = []
        for _ in range(draw(st.integers(1, 7))):
            fork = bool(nodes) and bool(draw(st.integers(0, 5)))
            parent = draw(st.sampled_from([None, *nodes])) if fork else (nodes[-1] if nodes else None)
            others = [n for n in nodes if parent is None or (n.rev != parent.rev and n.rev not in parent.ancestors)]
            merged = (draw(st.sampled_from(others)),) if others and not draw(st.integers(0, 3)) else ()
            node = _revision(
                entity,
                record_id,
                parent,
                merged,
                draw(st.sampled_from(["a", "b", "c"])),
                draw(st.booleans()) and draw(st.booleans()),
                draw(st.sampled_from(["dev-a", "dev-b"])),
            )
            made.setdefault(node.rev, node)
            nodes.append(made[node.rev])
    return list(made.values())


def _dump(db: Database) -> str:
    tables = ("sites", "answers", "changes", "superseded", "conflicts")
    return json.dumps({t: sorted(json.dumps(list(r)) for r in db.execute(f"SELECT * FROM [{t}]")) for t in tables})


def _diverged(db: Database, entity: str, record_id: str) -> bool:
    """Two live leaves, or a live leaf beside a deleted one (an edit that did not see a deletion)."""
    live, deleted = db.execute(
        "SELECT COALESCE(SUM(deleted = 0), 0), COALESCE(SUM(deleted = 1), 0) FROM changes "
        "WHERE entity = ? AND record_id = ? AND leaf = 1",
        [entity, record_id],
    ).fetchone()
    return bool(live > 1 or (live == 1 and deleted > 0))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(revisions=revision_sets(), data=st.data())
def test_batched_merge_equals_one_by_one(revisions: list[Revision], data: st.DataObject) -> None:
    order = data.draw(st.permutations(revisions))
    repeats = [  # copies, some of the same edit made on another device
        replace(r, origin=data.draw(st.sampled_from(["dev-0", "dev-a", "dev-z"])))
        for r in data.draw(st.lists(st.sampled_from(revisions), max_size=4))
    ]
    stream = [*order, *repeats]
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=3)))
    batches = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    one, batch = open_db(None), open_db(None)
    for part in batches:
        before = {
            (r.entity, r.record_id)
            for r in part
            if one.execute(
                "SELECT 1 FROM changes WHERE entity = ? AND record_id = ?", [r.entity, r.record_id]
            ).fetchone()
        }
        with one.atomic():
            results = [(r, apply_revision(one, r)) for r in part]
        with batch.atomic():
            outcome = apply_revisions(batch, part)
        assert _dump(batch) == _dump(one)
        for key, result in outcome.items():
            mine = [res for r, res in results if (r.entity, r.record_id) == key]
            assert (result == UNCHANGED) == all(res == "unchanged" for res in mine)
            if result != UNCHANGED:
                assert (result == CONFLICT) == _diverged(one, *key)
                assert (result == NEW) == (key not in before and not _diverged(one, *key))


def test_a_late_ancestor_does_not_move_the_head() -> None:
    first = _revision("sites", RECORDS[0][1], None, (), "a", False, "dev-a")
    second = _revision("sites", RECORDS[0][1], first, (), "b", False, "dev-a")
    db = open_db(None)
    with db.atomic():
        assert apply_revisions(db, [second]) == {RECORDS[0]: NEW}
    with db.atomic():
        assert apply_revisions(db, [first]) == {RECORDS[0]: "updated"}
    assert db.execute("SELECT name, rev FROM sites").fetchall() == [("b", second.rev)]
    assert db.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0] == 0
