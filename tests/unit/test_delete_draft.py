"""Deleting a draft (never signed) with what is in it, a site without inspections, a unit, a finding;
undoing the last deletion. Every deletion is a revision with its reason; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest

from inspect_tui.domain.enums import FindingStatus, Severity
from inspect_tui.domain.models import Answer, Finding, Inspection, Occupant, Site, Unit, answer_id
from inspect_tui.store import StoreError, get, save
from inspect_tui.store import workflow as wf

if TYPE_CHECKING:
    from tests.conftest import Populated

MONDAY = dt.datetime(2026, 11, 16, 9, 0)


def snapshot(populated_db: Populated) -> list[tuple[object, ...]]:
    db = populated_db.db
    return [tuple(r) for r in db.execute("SELECT seq, entity, record_id, deleted FROM changes ORDER BY seq").fetchall()]


def draft(populated_db: Populated) -> Inspection:
    return wf.start_inspection(populated_db.db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)


def signed(populated_db: Populated) -> Inspection:
    db = populated_db.db
    inspection = draft(populated_db)
    for item_id in wf.progress(db, inspection.id).missing_required:
        item = wf.find_item(inspection, item_id)
        value = "n.a." if item.rule is not None else (item.expected or "2")
        try:
            wf.answer_item(db, inspection.id, item_id, value)
        except Exception:
            wf.answer_item(db, inspection.id, item_id, "2")
    return wf.complete(db, inspection.id, "J. de Vries", now=MONDAY)


def test_an_empty_draft_is_deleted_with_its_reason_as_a_revision(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = draft(populated_db)
    wf.set_resume_point(db, inspection.id, "snf.fire.blanket")
    gone = wf.delete_inspection(db, inspection.id, "Started by mistake")
    assert gone.kind == "inspection" and gone.removed[0].id == inspection.id
    assert get(db, Inspection, inspection.id) is None
    deleted, data = db.execute(
        "SELECT deleted, data FROM changes WHERE entity = 'inspections' AND record_id = ? ORDER BY seq DESC LIMIT 1",
        [inspection.id],
    ).fetchone()
    assert deleted == 1 and json.loads(data)["notes"] == "Deleted: Started by mistake"
    assert db.execute("SELECT value FROM meta WHERE key = 'tui.resume'").fetchone() in (None, (None,))


def test_a_draft_with_work_goes_with_its_answers_findings_and_comes_back_on_undo(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = draft(populated_db)
    wf.answer_item(db, inspection.id, "snf.fire.blanket", "no")
    wf.note_item(db, inspection.id, "snf.fire.blanket", "kijk hier nog naar")
    finding = wf.add_finding(db, inspection.id, Severity.MINOR, "Schimmel")
    assert wf.inspection_contents(db, inspection.id) == {"answers": 1, "notes": 1, "findings": 1, "photos": 0}
    deletion = wf.delete_inspection(db, inspection.id, "wrong site")
    assert get(db, Inspection, inspection.id) is None and get(db, Finding, finding.id) is None
    assert db.execute("SELECT COUNT(*) FROM answers WHERE inspection_id = ?", [inspection.id]).fetchone()[0] == 0
    wf.undo_deletion(db, deletion)
    back = get(db, Inspection, inspection.id)
    assert back is not None and back.notes is None  # as it was, not with the deletion note
    answer = get(db, Answer, answer_id(inspection.id, "snf.fire.blanket"))
    assert answer is not None and answer.value == "no" and answer.note == "kijk hier nog naar"
    assert get(db, Finding, finding.id) == finding
    with pytest.raises(StoreError, match="back already"):
        wf.undo_deletion(db, deletion)


def test_a_signed_inspection_is_refused_also_after_reopening(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = signed(populated_db)
    before = snapshot(populated_db)
    with pytest.raises(
        StoreError, match="only a draft that was never signed can be deleted; this inspection is completed"
    ):
        wf.delete_inspection(db, inspection.id, "mistake")
    assert snapshot(populated_db) == before
    wf.reopen(db, inspection.id, "J. de Vries", "typo", now=MONDAY)
    assert wf.removal_problem(db, "inspection", inspection.id) is not None
    with pytest.raises(StoreError, match="was signed before"):
        wf.delete_inspection(db, inspection.id, "mistake")


def test_a_reason_is_required_and_a_missing_inspection_is_named(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = draft(populated_db)
    before = snapshot(populated_db)
    with pytest.raises(StoreError, match="say why"):
        wf.delete_inspection(db, inspection.id, "   ")
    with pytest.raises(StoreError, match="under 200 characters"):
        wf.delete_inspection(db, inspection.id, "x" * 201)
    with pytest.raises(StoreError, match="does not exist"):
        wf.delete_inspection(db, "00000000-0000-4000-8000-000000000000", "mistake")
    assert snapshot(populated_db) == before


def test_deleting_a_draft_reopens_the_earlier_findings_it_confirmed(populated_db: Populated) -> None:
    db = populated_db.db
    first = signed(populated_db)
    wf.reopen(db, first.id, "J. de Vries", "add a finding", now=MONDAY)
    old = wf.add_finding(db, first.id, Severity.MAJOR, "Rookmelder ontbreekt", deadline=dt.date(2026, 12, 1))
    wf.complete(db, first.id, "J. de Vries", now=MONDAY)
    second = wf.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY + dt.timedelta(days=1))
    assert second.previous_id == first.id
    wf.confirm_finding(db, second.id, old.id, resolved=True, now=MONDAY + dt.timedelta(days=1))
    assert get(db, Finding, old.id).status is FindingStatus.RESOLVED  # type: ignore[union-attr]
    deletion = wf.delete_inspection(db, second.id, "wrong day")
    again = get(db, Finding, old.id)
    assert again is not None and again.status is FindingStatus.OPEN and again.confirmed_in is None
    wf.undo_deletion(db, deletion)
    assert get(db, Finding, old.id).confirmed_in == second.id  # type: ignore[union-attr]


def test_a_site_without_inspections_is_deleted_with_its_units_and_comes_back(populated_db: Populated) -> None:
    db = populated_db.db
    site = Site(name="Verkeerd aangemaakt", city="Venlo")
    save(db, site)
    hall = Unit(site_id=site.id, label="Hal")
    save(db, hall)
    room = Unit(site_id=site.id, label="Kamer", kind="bedroom", parent_id=hall.id)
    save(db, room)
    deletion = wf.delete_site(db, site.id, "twice entered")
    assert get(db, Site, site.id) is None and get(db, Unit, room.id) is None
    notes = json.loads(
        db.execute(
            "SELECT data FROM changes WHERE entity = 'sites' AND record_id = ? AND deleted = 1", [site.id]
        ).fetchone()[0]
    )["notes"]
    assert notes == "Deleted: twice entered"
    wf.undo_deletion(db, deletion)
    assert get(db, Site, site.id) == site and get(db, Unit, room.id) == room


def test_a_site_with_inspections_or_occupants_is_refused(populated_db: Populated) -> None:
    db = populated_db.db
    draft(populated_db)
    before = snapshot(populated_db)
    with pytest.raises(StoreError, match="the site has 1 inspection;"):
        wf.delete_site(db, populated_db.site.id, "mistake")
    with pytest.raises(StoreError, match="say why"):
        wf.delete_site(db, populated_db.workplace.id, "")
    assert snapshot(populated_db) == before
    lived_in = Site(name="Bewoond", city="Venlo")
    save(db, lived_in)
    unit = Unit(site_id=lived_in.id, label="Chalet 1")
    save(db, unit)
    save(db, Occupant(unit_id=unit.id, name="Test Persoon Vier"))
    with pytest.raises(StoreError, match="1 occupant lives on the site"):
        wf.delete_site(db, lived_in.id, "mistake")
    assert get(db, Site, lived_in.id) is not None


def test_a_unit_with_occupants_is_refused_before_asking_and_an_occupant_comes_back(populated_db: Populated) -> None:
    db = populated_db.db
    bedroom = populated_db.bedrooms[1]
    assert "1 occupant lives in this unit" in (wf.removal_problem(db, "unit", bedroom.id) or "")
    assert "inside this unit" in (wf.removal_problem(db, "unit", populated_db.house.id) or "")
    third = populated_db.occupants[2]
    deletion = wf.remove_unit_or_occupant(db, Occupant, third.id)
    assert wf.removal_problem(db, "unit", bedroom.id) is None
    (restored,) = wf.undo_deletion(db, deletion)
    back = get(db, Occupant, restored)
    assert back is not None and back.name == third.name and back.bsn == third.bsn and back.unit_id == bedroom.id


def test_a_finding_of_a_draft_is_deleted_one_of_a_signed_inspection_only_withdrawn(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = draft(populated_db)
    finding = wf.add_finding(db, inspection.id, Severity.MINOR, "Schimmel")
    with pytest.raises(StoreError, match="not signed yet: delete the finding"):
        wf.withdraw_finding(db, finding.id, "mistake")
    deletion = wf.delete_finding(db, finding.id)
    assert get(db, Finding, finding.id) is None
    wf.undo_deletion(db, deletion)
    assert get(db, Finding, finding.id) == finding
    wf.delete_inspection(db, inspection.id, "only a try")
    done = signed(populated_db)
    wf.reopen(db, done.id, "J. de Vries", "add", now=MONDAY)
    late = wf.add_finding(db, done.id, Severity.MAJOR, "Brandblusser verlopen")
    wf.complete(db, done.id, "J. de Vries", now=MONDAY)
    before = snapshot(populated_db)
    with pytest.raises(StoreError, match="only be withdrawn, with a reason"):
        wf.delete_finding(db, late.id)
    with pytest.raises(StoreError, match="say why"):
        wf.withdraw_finding(db, late.id, " ")
    assert snapshot(populated_db) == before
    out = wf.withdraw_finding(db, late.id, "Meetfout", by="A. Leider", now=MONDAY)
    assert (
        out.status is FindingStatus.WITHDRAWN and out.withdrawn_reason == "Meetfout" and out.withdrawn_by == "A. Leider"
    )
    assert (
        db.execute("SELECT COUNT(*) FROM findings WHERE inspection_id = ? AND status = 'open'", [done.id]).fetchone()[0]
        == 0
    )
    with pytest.raises(StoreError, match="only an open finding can be withdrawn"):
        wf.withdraw_finding(db, late.id, "again")
