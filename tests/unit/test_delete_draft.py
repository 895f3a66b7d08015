"""Deleting a draft started by mistake: only an empty one; the deletion is a revision with its reason."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest

from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import Inspection
from inspect_tui.store import StoreError, get
from inspect_tui.store import workflow as wf

if TYPE_CHECKING:
    from tests.conftest import Populated

MONDAY = dt.datetime(2026, 11, 16, 9, 0)


def snapshot(populated_db: Populated) -> list[tuple[object, ...]]:
    db = populated_db.db
    return [tuple(r) for r in db.execute("SELECT seq, entity, record_id, deleted FROM changes ORDER BY seq").fetchall()]


def draft(populated_db: Populated) -> Inspection:
    return wf.start_inspection(populated_db.db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)


def test_an_empty_draft_is_deleted_with_its_reason_as_a_revision(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = draft(populated_db)
    wf.set_resume_point(db, inspection.id, "snf.fire.blanket")
    gone = wf.delete_draft_inspection(db, inspection.id, "Started by mistake")
    assert gone.notes == "Deleted: Started by mistake"
    assert get(db, Inspection, inspection.id) is None
    deleted, data = db.execute(
        "SELECT deleted, data FROM changes WHERE entity = 'inspections' AND record_id = ? ORDER BY seq DESC LIMIT 1",
        [inspection.id],
    ).fetchone()
    assert deleted == 1 and "Started by mistake" in json.loads(data)["notes"]
    assert db.execute("SELECT value FROM meta WHERE key = 'tui.resume'").fetchone() in (None, (None,))


def test_a_draft_whose_answer_was_cleared_again_is_empty(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = draft(populated_db)
    wf.answer_item(db, inspection.id, "snf.fire.blanket", "yes")
    wf.answer_item(db, inspection.id, "snf.fire.blanket", None)
    wf.delete_draft_inspection(db, inspection.id, "wrong site")
    assert get(db, Inspection, inspection.id) is None
    assert db.execute("SELECT COUNT(*) FROM answers WHERE inspection_id = ?", [inspection.id]).fetchone()[0] == 0


@pytest.mark.parametrize("what", ["answer", "note", "finding"])
def test_a_draft_with_work_in_it_is_refused_and_nothing_changes(populated_db: Populated, what: str) -> None:
    db = populated_db.db
    inspection = draft(populated_db)
    if what == "answer":
        wf.answer_item(db, inspection.id, "snf.fire.blanket", "no")
    elif what == "note":
        wf.note_item(db, inspection.id, "snf.fire.blanket", "kijk hier nog naar")
    else:
        wf.add_finding(db, inspection.id, Severity.MINOR, "Schimmel")
    before = snapshot(populated_db)
    with pytest.raises(StoreError, match="only an empty draft can be deleted; this one has 1 "):
        wf.delete_draft_inspection(db, inspection.id, "mistake")
    assert snapshot(populated_db) == before
    assert get(db, Inspection, inspection.id) is not None


def test_a_completed_inspection_is_refused(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = draft(populated_db)
    for item_id in wf.progress(db, inspection.id).missing_required:
        item = wf.find_item(inspection, item_id)
        value = "n.a." if item.rule is not None else (item.expected or "2")
        try:
            wf.answer_item(db, inspection.id, item_id, value)
        except Exception:
            wf.answer_item(db, inspection.id, item_id, "2")
    wf.complete(db, inspection.id, "J. de Vries", now=MONDAY)
    with pytest.raises(StoreError, match="only a draft can be deleted; this inspection is completed"):
        wf.delete_draft_inspection(db, inspection.id, "mistake")


def test_a_reason_is_required_and_a_missing_inspection_is_named(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = draft(populated_db)
    with pytest.raises(StoreError, match="say why"):
        wf.delete_draft_inspection(db, inspection.id, "   ")
    with pytest.raises(StoreError, match="does not exist"):
        wf.delete_draft_inspection(db, "00000000-0000-4000-8000-000000000000", "mistake")
    assert get(db, Inspection, inspection.id) is not None
