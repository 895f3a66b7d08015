"""The core functions behind the TUI's actions, without the UI: one call per user action."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from sqlite_utils import Database

from inspect_tui.domain.enums import InspectionStatus, ReviewDecision, Severity
from inspect_tui.domain.models import Answer, Inspection, Occupant, Unit, answer_id
from inspect_tui.store import StoreError, queries, workflow
from inspect_tui.store.db import get_meta, set_meta
from inspect_tui.store.queries.resume import RESUME_KEY, REVIEWER_KEY
from inspect_tui.store.records import get, save

if TYPE_CHECKING:
    from tests.conftest import Populated

MONDAY = dt.datetime(2026, 11, 16, 9, 0)
PER_PERSON = "snf.space.living_area_pp"


def figure(db: Database, inspection_id: str, item_id: str = PER_PERSON) -> float | None:
    answer = get(db, Answer, answer_id(inspection_id, item_id))
    return None if answer is None else answer.figure


def set_status(db: Database, inspection_id: str, status: InspectionStatus) -> None:
    inspection = get(db, Inspection, inspection_id)
    assert inspection is not None
    save(db, inspection.model_copy(update={"status": status}))


def counts(db: Database) -> dict[str, int]:
    tables = ("sites", "units", "occupants", "inspections", "answers", "reviews", "changes", "meta")
    return {t: db.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0] for t in tables}


# --- re-judging a site's inspections ---------------------------------------------------------


def test_refresh_site_inspections_rejudges_only_those_not_locked(populated_db: Populated) -> None:
    db, site = populated_db.db, populated_db.site
    draft = workflow.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    signed = workflow.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY + dt.timedelta(hours=1))
    returned = workflow.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY + dt.timedelta(hours=2))
    set_status(db, signed.id, InspectionStatus.COMPLETED)
    set_status(db, returned.id, InspectionStatus.RETURNED)
    before = figure(db, signed.id)
    save(db, Occupant(unit_id=populated_db.bedrooms[1].id, name="Test Persoon Vier"))  # one more person
    assert workflow.refresh_site_inspections(db, site.id) == [draft.id, returned.id]
    assert figure(db, draft.id) == pytest.approx(100 / 4)
    assert figure(db, returned.id) == pytest.approx(100 / 4)
    assert figure(db, signed.id) == before  # signed with 3 persons: stays so


def test_refresh_of_a_site_without_inspections_does_nothing(populated_db: Populated) -> None:
    assert workflow.refresh_site_inspections(populated_db.db, populated_db.workplace.id) == []
    assert workflow.refresh_site_inspections(populated_db.db, "no-such-site") == []


# --- editing the site's records ----------------------------------------------------------------


def test_saving_an_occupant_links_the_partner_and_rejudges(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = workflow.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)
    third = populated_db.occupants[2]
    newcomer = Occupant(unit_id=third.unit_id, name="Test Persoon Vier", couple_with=third.id)
    assert workflow.save_site_record(db, newcomer) == newcomer.id
    partner = get(db, Occupant, third.id)
    assert partner is not None and partner.couple_with == newcomer.id
    assert figure(db, inspection.id) == pytest.approx(100 / 4)


def test_saving_a_unit_rejudges_and_a_refused_unit_changes_nothing(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = workflow.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)
    house = populated_db.house.model_copy(update={"floor_area_m2": 120.0})
    workflow.save_site_record(db, house)
    assert figure(db, inspection.id) == pytest.approx(120 / 3)
    before = counts(db)
    cycle = populated_db.house.model_copy(update={"parent_id": populated_db.bedrooms[0].id})
    with pytest.raises(StoreError):
        workflow.save_site_record(db, cycle)  # a unit inside its own room
    assert counts(db) == before


def test_removing_an_occupant_rejudges_and_a_unit_with_people_is_refused(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = workflow.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)
    workflow.remove_unit_or_occupant(db, Occupant, populated_db.occupants[2].id)
    assert get(db, Occupant, populated_db.occupants[2].id) is None
    assert figure(db, inspection.id) == pytest.approx(100 / 2)
    before = counts(db)
    with pytest.raises(StoreError, match="occupants"):
        workflow.remove_unit_or_occupant(db, Unit, populated_db.bedrooms[0].id)
    assert counts(db) == before


def test_resolving_by_editing_needs_a_conflict(populated_db: Populated) -> None:
    db = populated_db.db
    before = counts(db)
    with pytest.raises(StoreError, match="no open conflict"):
        workflow.resolve_site_record(db, populated_db.house.model_copy(update={"label": "Huis"}))
    assert counts(db) == before


def test_keep_version_refuses_unknown_kinds_and_bad_data(populated_db: Populated) -> None:
    db = populated_db.db
    before = counts(db)
    with pytest.raises(StoreError, match="no kind of record"):
        workflow.keep_version(db, "no_such_table", {})
    with pytest.raises(ValueError):
        workflow.keep_version(db, "units", {"id": populated_db.house.id, "label": ""})
    with pytest.raises(StoreError, match="no open conflict"):
        workflow.keep_version(db, "units", populated_db.house.model_dump(mode="json"))
    assert counts(db) == before


# --- several review decisions at once --------------------------------------------------------------


def test_review_many_decides_what_it_may_and_says_what_it_skipped(populated_db: Populated) -> None:
    db, site = populated_db.db, populated_db.site
    done = workflow.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    draft = workflow.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY + dt.timedelta(hours=1))
    set_status(db, done.id, InspectionStatus.COMPLETED)
    outcome = workflow.review_many(db, [draft.id, "gone", done.id], " Teamleider ", ReviewDecision.APPROVE, now=MONDAY)
    assert outcome.results == ((draft.id, "not completed"), ("gone", "missing"), (done.id, "decided"))
    assert outcome.decided == (done.id,) and outcome.skipped == (draft.id, "gone")
    approved = get(db, Inspection, done.id)
    assert approved is not None and approved.status is InspectionStatus.APPROVED
    assert get_meta(db, REVIEWER_KEY) == "Teamleider"
    assert queries.last_reviewer(db) == "Teamleider"


def test_review_many_with_nothing_to_decide_writes_nothing(populated_db: Populated) -> None:
    db, site = populated_db.db, populated_db.site
    draft = workflow.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    before = counts(db)
    outcome = workflow.review_many(db, [draft.id], "Teamleider", ReviewDecision.SEND_BACK, "waarom", now=MONDAY)
    assert outcome.decided == () and outcome.skipped == (draft.id,)
    assert counts(db) == before and get_meta(db, REVIEWER_KEY) is None


def test_review_many_comments_on_any_status_and_needs_a_reviewer(populated_db: Populated) -> None:
    db, site = populated_db.db, populated_db.site
    draft = workflow.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    before = counts(db)
    with pytest.raises(StoreError, match="reviewer"):
        workflow.review_many(db, [draft.id], "  ", ReviewDecision.COMMENT, "let op")
    with pytest.raises(StoreError, match="comment"):
        workflow.review_many(db, [draft.id], "Teamleider", ReviewDecision.COMMENT, "  ")
    assert counts(db) == before
    outcome = workflow.review_many(db, [draft.id], "Teamleider", ReviewDecision.COMMENT, "let op", now=MONDAY)
    assert outcome.decided == (draft.id,)
    assert db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1
    assert get(db, Inspection, draft.id).status is InspectionStatus.DRAFT  # type: ignore[union-attr]


# --- where work stopped ------------------------------------------------------------------------------


def test_answer_at_remembers_the_place_in_the_same_transaction(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = workflow.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)
    workflow.answer_at(db, inspection.id, "snf.space.bed", "yes")
    assert queries.resumable(db) == queries.ResumePoint(inspection.id, "snf.space.bed")
    workflow.note_at(db, inspection.id, "snf.space.chair", "wobbly", remember=False)
    assert get_meta(db, RESUME_KEY) == f"{inspection.id} snf.space.bed"
    before = counts(db)
    with pytest.raises((StoreError, ValueError)):
        workflow.answer_at(db, inspection.id, "snf.space.bed", "maybe")
    assert counts(db) == before and get_meta(db, RESUME_KEY) == f"{inspection.id} snf.space.bed"


def test_resume_point_set_and_forgotten_and_not_for_locked(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = workflow.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)
    workflow.set_resume_point(db, inspection.id)
    assert queries.resumable(db) == queries.ResumePoint(inspection.id, None)
    for status, expected in [
        (InspectionStatus.RETURNED, queries.ResumePoint(inspection.id, None)),
        (InspectionStatus.COMPLETED, None),
        (InspectionStatus.APPROVED, None),
    ]:
        set_status(db, inspection.id, status)
        assert queries.resumable(db) == expected, status
    workflow.set_resume_point(db, None)
    assert get_meta(db, RESUME_KEY) is None and queries.resumable(db) is None
    with db.atomic():
        set_meta(db, RESUME_KEY, "no-such-inspection snf.space.bed")
    assert queries.resumable(db) is None


# --- read models ----------------------------------------------------------------------------------


def test_occupancy_view_finds_the_newest_inspection_still_open(populated_db: Populated) -> None:
    db, site = populated_db.db, populated_db.site
    assert queries.occupancy_view(db, site.id).inspection_id is None
    older = workflow.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    newer = workflow.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY + dt.timedelta(days=1))
    assert queries.occupancy_view(db, site.id).inspection_id == newer.id
    set_status(db, newer.id, InspectionStatus.COMPLETED)
    view = queries.occupancy_view(db, site.id)
    assert view.inspection_id == older.id
    assert {u.label for u in view.units} >= {"Woning", "Slaapkamer 1", "Slaapkamer 2"}
    assert queries.occupancy_view(db, site.id, newer.id).inspection_id == newer.id  # asked for: kept


def test_possible_partners_are_the_others_in_the_unit(populated_db: Populated) -> None:
    db = populated_db.db
    first, second, _third = populated_db.occupants
    room = populated_db.bedrooms[0].id
    assert queries.possible_partners(db, room, first.id) == [("Test Persoon Twee", second.id)]
    assert [name for name, _id in queries.possible_partners(db, room)] == ["Test Persoon Een", "Test Persoon Twee"]
    assert queries.possible_partners(db, "no-such-unit") == []


def test_finding_detail_names_the_people_of_the_unit(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = workflow.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)
    finding = workflow.add_finding(
        db,
        inspection.id,
        Severity.MAJOR,
        "Te veel bedden",
        unit_id=populated_db.bedrooms[0].id,
        deadline=MONDAY.date(),
    )
    detail = queries.finding_detail(db, finding.id)
    assert detail is not None
    assert [o.name for o in detail.occupants] == ["Test Persoon Een", "Test Persoon Twee"]
    assert detail.unit_label == "Slaapkamer 1" and detail.item is None and detail.attachments == []
    assert queries.finding_detail(db, "no-such-finding") is None
    assert queries.attachment_bytes(db, "0" * 64) is None


def test_conflicts_overview_of_a_database_without_conflicts(populated_db: Populated) -> None:
    overview = queries.conflicts_overview(populated_db.db)
    assert overview.rows == [] and overview.device_id
    assert queries.open_conflict_count(populated_db.db) == 0
    assert queries.describe("units", {"label": "Kamer 1"}) == "Kamer 1"
    assert queries.describe("occupants", {"name": "X", "bsn": "111222333"}) == "X"


def test_open_reader_refuses_an_unmigrated_file(tmp_path: object) -> None:
    import sqlite3
    from pathlib import Path

    path = Path(str(tmp_path)) / "other.db"
    sqlite3.connect(path).close()
    assert queries.open_reader(path) is None


@pytest.mark.parametrize("package", [queries, workflow], ids=["queries", "workflow"])
def test_every_exported_name_survives_its_modules_being_imported(package: object) -> None:
    import importlib
    import pkgutil
    import types

    for info in pkgutil.iter_modules(package.__path__):  # type: ignore[attr-defined]
        importlib.import_module(f"{package.__name__}.{info.name}")  # type: ignore[attr-defined]
    shadowed = [n for n in package.__all__ if isinstance(getattr(package, n), types.ModuleType)]  # type: ignore[attr-defined]
    assert shadowed == [], "a module shadows the function of the same name"
