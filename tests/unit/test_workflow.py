"""The inspection's life, worked by hand: measure, answer, find, complete, reopen, review, re-inspect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pydantic import ValidationError
from sqlite_utils import Database

from inspect_tui.domain.checklist import AnswerType
from inspect_tui.domain.enums import (
    AnswerVerdict,
    FindingStatus,
    InspectionStatus,
    ReviewDecision,
    Sector,
    Severity,
    SnfHousingType,
    UnitKind,
)
from inspect_tui.domain.models import DeadlinePolicy, Finding, Inspection, Occupant, Review, Site, Unit
from inspect_tui.i18n.zone import AMSTERDAM
from inspect_tui.store import StoreError, delete, get, save
from inspect_tui.store import workflow as wf
from inspect_tui.store.occupancy import occupancy, site_figures
from tests.helpers.photo_bytes import jpeg_bytes

if TYPE_CHECKING:
    from tests.conftest import Populated

MONDAY = dt.datetime(2026, 11, 16, 9, 0)


def dwelling(db: Database, persons: int, area: float, housing_type: SnfHousingType) -> Site:
    """A site with one house of area m², one toilet and one shower, and persons living in it."""
    site = Site(name="Testwoning", housing_type=housing_type, sector=Sector.AGRICULTURE)
    save(db, site)
    house = Unit(site_id=site.id, label="Woning", kind=UnitKind.BUILDING, floor_area_m2=area, toilets=1, showers=1)
    save(db, house)
    for n in range(persons):
        save(db, Occupant(unit_id=house.id, name=f"Test Bewoner {n}"))
    return site


def answer(db: Database, inspection: Inspection, item_id: str) -> tuple[str | None, AnswerVerdict, float | None]:
    found = wf.answers_by_item(db, inspection.id).get(item_id)
    assert found is not None, f"{item_id} has no answer"
    return found.value, found.verdict, found.figure


def answer_everything(db: Database, inspection: Inspection) -> None:
    """Give every still-missing required item a plausible answer (rules: n.a. when undecidable)."""
    for item_id in wf.progress(db, inspection.id).missing_required:
        item = wf.find_item(inspection, item_id)
        value: str | None
        if item.answer_type is AnswerType.YES_NO_NA:
            value = "n.a." if item.rule is not None else item.expected
        elif item.answer_type is AnswerType.CHOICE:
            value = (item.choices or ())[0].value
        elif item.answer_type is AnswerType.DATE:
            value = "2026-01-01"
        elif item.answer_type is AnswerType.TEXT:
            value = "tekst"
        else:
            value = "40"
        if wf.progress(db, inspection.id).missing_required.count(item_id):
            wf.answer_item(db, inspection.id, item_id, value)
    assert wf.progress(db, inspection.id).missing_required == ()


@pytest.fixture
def snf_inspection(populated_db: Populated) -> Inspection:
    return wf.start_inspection(populated_db.db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)


# --- measurements and computed verdicts ---------------------------------------------------------


def test_nine_persons_in_100_m2_of_a_regular_dwelling_fail_snf(db: Database) -> None:
    site = dwelling(db, persons=9, area=100, housing_type=SnfHousingType.REGULAR_DWELLING)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    value, verdict, figure = answer(db, inspection, "snf.space.living_area_pp")
    assert (value, verdict) == ("no", AnswerVerdict.FAIL)
    assert figure == pytest.approx(100 / 9)  # 11.1 m² per person, SNF wants 12 for type a
    assert wf.side_by_side(db, inspection.id, "snf.space.living_area_pp") == (
        "Woning: 11.1 m²/p < 12 — certification norm · AKF n/a (no AKF category)"
    )
    # 9 persons on one toilet and one shower: more than 8 per facility.
    assert answer(db, inspection, "snf.sanitary.toilets_pp")[:2] == ("no", AnswerVerdict.FAIL)


def test_the_same_figures_pass_for_a_pension(db: Database) -> None:
    site = dwelling(db, persons=9, area=100, housing_type=SnfHousingType.HOTEL_OR_PENSION)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    assert answer(db, inspection, "snf.space.living_area_pp")[:2] == ("yes", AnswerVerdict.PASS)  # ≥ 10 m²


def test_measurements_come_from_the_site_unless_measured_on_site(db: Database) -> None:
    site = dwelling(db, persons=9, area=100, housing_type=SnfHousingType.REGULAR_DWELLING)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    sources = wf.measurement_sources(db, inspection)
    assert sources["persons"] == (9, "site") and sources["living_area_m2"] == (100.0, "site")
    assert sources["toilets"] == (1, "site")
    wf.answer_item(db, inspection.id, "snf.space.living_area", "120,5")
    assert wf.measurement_sources(db, inspection)["living_area_m2"] == (120.5, "answer")
    value, verdict, figure = answer(db, inspection, "snf.space.living_area_pp")
    assert (value, verdict) == ("yes", AnswerVerdict.PASS)  # re-judged in the same edit
    assert figure == pytest.approx(120.5 / 9)
    assert wf.measurements_for(db, inspection).living_area_m2 == 120.5


def test_rules_follow_changes_to_the_site(db: Database) -> None:
    site = dwelling(db, persons=9, area=100, housing_type=SnfHousingType.REGULAR_DWELLING)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    house_id = db.execute("SELECT id FROM units WHERE site_id = ?", [site.id]).fetchone()[0]
    for (occupant_id,) in db.execute("SELECT id FROM occupants WHERE unit_id = ? LIMIT 2", [house_id]).fetchall():
        delete(db, Occupant, occupant_id)  # two people moved out
    assert answer(db, inspection, "snf.space.living_area_pp")[2] == pytest.approx(100 / 9), "not yet re-judged"
    wf.refresh_computed(db, inspection.id)
    assert answer(db, inspection, "snf.space.living_area_pp")[2] == pytest.approx(100 / 7)
    assert answer(db, inspection, "snf.space.living_area_pp")[1] is AnswerVerdict.PASS


# --- answering ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored", "verdict"),
    [
        ("y", "yes", AnswerVerdict.PASS),
        ("ja", "yes", AnswerVerdict.PASS),
        ("n", "no", AnswerVerdict.FAIL),
        ("Nee", "no", AnswerVerdict.FAIL),
        ("n.a.", "n.a.", AnswerVerdict.NOT_APPLICABLE),
        ("n.v.t.", "n.a.", AnswerVerdict.NOT_APPLICABLE),
        ("", None, AnswerVerdict.UNKNOWN),
    ],
)
def test_yes_no_answers(
    populated_db: Populated, snf_inspection: Inspection, given: str, stored: str | None, verdict: AnswerVerdict
) -> None:
    result = wf.answer_item(populated_db.db, snf_inspection.id, "snf.fire.blanket", given)
    assert (result.value, result.verdict) == (stored, verdict)


def test_an_item_that_passes_on_no(populated_db: Populated, snf_inspection: Inspection) -> None:
    db = populated_db.db
    assert wf.answer_item(db, snf_inspection.id, "snf.management.locked_bedrooms", "no").verdict is AnswerVerdict.PASS
    assert wf.answer_item(db, snf_inspection.id, "snf.management.locked_bedrooms", "yes").verdict is AnswerVerdict.FAIL


def test_a_note_is_kept_when_the_answer_changes(populated_db: Populated, snf_inspection: Inspection) -> None:
    db = populated_db.db
    wf.note_item(db, snf_inspection.id, "snf.fire.blanket", "  Blusdeken hangt achter de deur  ")
    result = wf.answer_item(db, snf_inspection.id, "snf.fire.blanket", "yes")
    assert (result.value, result.note) == ("yes", "Blusdeken hangt achter de deur")


@pytest.mark.parametrize(
    ("item", "given", "message"),
    [
        ("snf.fire.blanket", "misschien", "answer yes, no or n.a."),
        ("snf.facilities.fridge_litres", "-5", "a measurement cannot be negative"),
        ("snf.facilities.fridge_litres", "veel", "is not a number"),
        ("snf.facilities.sockets", "2,5", "a count is a whole number"),
        ("snf.space.living_area_pp", "yes", "is computed from the measurements"),
        ("snf.space.living_area_pp", "no", "is computed from the measurements"),
        ("snf.nonexistent.item", "yes", "is not on this inspection's checklists"),
    ],
)
def test_bad_answers_are_refused(
    populated_db: Populated, snf_inspection: Inspection, item: str, given: str, message: str
) -> None:
    before = populated_db.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
    with pytest.raises(StoreError, match=message):
        wf.answer_item(populated_db.db, snf_inspection.id, item, given)
    assert populated_db.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == before


def test_numbers_are_parsed_the_dutch_way(populated_db: Populated, snf_inspection: Inspection) -> None:
    db = populated_db.db
    result = wf.answer_item(db, snf_inspection.id, "snf.facilities.fridge_litres", "12,5")
    assert (result.value, result.verdict) == ("12.5", AnswerVerdict.RECORDED)
    assert wf.answer_item(db, snf_inspection.id, "snf.facilities.sockets", "4,0").value == "4"
    # 12.5 l for 3 persons is below 30 l per person: the rule item is judged from it.
    assert answer(db, snf_inspection, "snf.facilities.fridge_pp")[:2] == ("no", AnswerVerdict.FAIL)


def test_a_computed_item_can_be_marked_not_applicable(populated_db: Populated, snf_inspection: Inspection) -> None:
    db = populated_db.db
    result = wf.answer_item(db, snf_inspection.id, "snf.space.living_area_pp", "n.a.")
    assert result.verdict is AnswerVerdict.NOT_APPLICABLE
    wf.answer_item(db, snf_inspection.id, "snf.space.living_area", "10")  # a rule re-judge leaves n.a. alone
    assert answer(db, snf_inspection, "snf.space.living_area_pp")[0] == "n.a."


# --- completing, locking, reopening ------------------------------------------------------------


def test_complete_lists_what_is_missing_then_signs_and_locks(
    populated_db: Populated, snf_inspection: Inspection
) -> None:
    db = populated_db.db
    missing = wf.progress(db, snf_inspection.id).missing_required
    assert "snf.fire.blanket" in missing and "snf.space.bedrooms" not in missing  # bedrooms come from the site
    with pytest.raises(StoreError) as refused:
        wf.complete(db, snf_inspection.id, "J. de Vries", now=MONDAY)
    assert str(refused.value) == (
        f"{len(missing)} required items are unanswered: {', '.join(missing[:8])} and {len(missing) - 8} more"
    )
    assert get(db, Inspection, snf_inspection.id).status is InspectionStatus.DRAFT  # type: ignore[union-attr]
    answer_everything(db, snf_inspection)
    with pytest.raises(StoreError, match="sign with your name"):
        wf.complete(db, snf_inspection.id, "  ")
    done = wf.complete(db, snf_inspection.id, " J. de Vries ", now=MONDAY.replace(hour=12))
    assert (done.status, done.signed_by, done.completed_at) == (
        InspectionStatus.COMPLETED,
        "J. de Vries",
        MONDAY.replace(hour=12, tzinfo=AMSTERDAM),  # stored with its zone
    )
    assert get(db, Inspection, snf_inspection.id) == done
    with pytest.raises(StoreError, match="completed and locked; reopen it"):
        wf.answer_item(db, snf_inspection.id, "snf.fire.blanket", "no")
    with pytest.raises(StoreError, match="locked"):
        wf.add_finding(db, snf_inspection.id, Severity.MINOR, "Te laat")
    with pytest.raises(StoreError, match="already completed"):
        wf.complete(db, snf_inspection.id, "J. de Vries")


def test_reopen_is_recorded_with_its_reason(populated_db: Populated, snf_inspection: Inspection) -> None:
    db = populated_db.db
    with pytest.raises(StoreError, match="only a completed inspection can be reopened"):
        wf.reopen(db, snf_inspection.id, "J. de Vries", "Meting fout")
    answer_everything(db, snf_inspection)
    wf.complete(db, snf_inspection.id, "J. de Vries", now=MONDAY)
    with pytest.raises(ValidationError, match="a reason is required to reopen"):
        wf.reopen(db, snf_inspection.id, "J. de Vries", "  ")
    opened = wf.reopen(
        db, snf_inspection.id, "J. de Vries", "Koelkast in de berging gemist", now=MONDAY.replace(hour=15)
    )
    assert (opened.status, opened.completed_at) == (InspectionStatus.DRAFT, None)
    [(decision, reason, created)] = db.execute(
        "SELECT decision, reason, created_at FROM reviews WHERE inspection_id = ?", [snf_inspection.id]
    ).fetchall()
    assert (decision, reason, created) == ("reopen", "Koelkast in de berging gemist", "2026-11-16T15:00:00+01:00")
    assert wf.answer_item(db, snf_inspection.id, "snf.fire.blanket", "no").verdict is AnswerVerdict.FAIL


# --- findings and attachments ---------------------------------------------------------------------


def test_findings_get_their_default_deadline_per_severity(populated_db: Populated, snf_inspection: Inspection) -> None:
    db = populated_db.db
    deadlines = {
        severity: wf.add_finding(
            db, snf_inspection.id, severity, "Bevinding", item_id="snf.fire.blanket", found_on=MONDAY.date()
        ).deadline
        for severity in Severity
    }
    assert deadlines == {
        Severity.CRITICAL: dt.date(2026, 11, 23),
        Severity.MAJOR: dt.date(2026, 12, 16),
        Severity.MINOR: dt.date(2027, 2, 14),
    }
    wf.set_deadline_policy(db, DeadlinePolicy(critical_days=1, major_days=10, minor_days=20))
    major = wf.add_finding(db, snf_inspection.id, Severity.MAJOR, "Bevinding", found_on=MONDAY.date())
    assert major.deadline == dt.date(2026, 11, 26)
    chosen = wf.add_finding(db, snf_inspection.id, Severity.MINOR, "Bevinding", deadline=dt.date(2026, 12, 1))
    assert chosen.deadline == dt.date(2026, 12, 1)
    assert get(db, Finding, chosen.id) == chosen
    with pytest.raises(StoreError, match="not on this inspection's checklists"):
        wf.add_finding(db, snf_inspection.id, Severity.MINOR, "Bevinding", item_id="akf.fire.blanket")


def test_the_same_file_is_stored_once(populated_db: Populated, snf_inspection: Inspection, tmp_path: Path) -> None:
    db = populated_db.db
    first = wf.add_finding(db, snf_inspection.id, Severity.MAJOR, "Douche kapot")
    second = wf.add_finding(db, snf_inspection.id, Severity.MINOR, "Schimmel")
    photo = tmp_path / "douche.jpg"
    photo.write_bytes(jpeg_bytes())
    copy = tmp_path / "kopie.jpg"
    copy.write_bytes(photo.read_bytes())
    one = wf.attach_file(db, first.id, photo)
    assert (one.file_name, one.media_type, one.size) == ("douche.jpg", "image/jpeg", photo.stat().st_size)
    assert wf.attach_file(db, first.id, copy) == one, "the same bytes on the same finding are one attachment"
    other = wf.attach_file(db, second.id, copy)
    assert other.sha256 == one.sha256 and other.id != one.id
    assert db.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 2


def test_attaching_a_missing_file_is_refused(
    populated_db: Populated, snf_inspection: Inspection, tmp_path: Path
) -> None:
    db = populated_db.db
    finding = wf.add_finding(db, snf_inspection.id, Severity.MAJOR, "Douche kapot")
    with pytest.raises(StoreError, match=r"no file at .*weg\.jpg; check the path"):
        wf.attach_file(db, finding.id, tmp_path / "weg.jpg")
    with pytest.raises(StoreError, match="is not a file"):
        wf.attach_file(db, finding.id, tmp_path)
    with pytest.raises(StoreError, match="finding nope does not exist"):
        (tmp_path / "a.png").write_bytes(jpeg_bytes())
        wf.attach_file(db, "nope", tmp_path / "a.png")
    assert db.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0


# --- re-inspection ---------------------------------------------------------------------------------


def test_reinspection_confirms_resolved_or_carries_over(populated_db: Populated, snf_inspection: Inspection) -> None:
    db, site = populated_db.db, populated_db.site
    blanket = wf.add_finding(db, snf_inspection.id, Severity.CRITICAL, "Geen blusdeken", item_id="snf.fire.blanket")
    mould = wf.add_finding(db, snf_inspection.id, Severity.MINOR, "Schimmel in de badkamer")
    answer_everything(db, snf_inspection)
    wf.complete(db, snf_inspection.id, "J. de Vries", now=MONDAY)

    later = MONDAY + dt.timedelta(days=28)
    again = wf.start_inspection(db, site.id, ["snf"], "A. El Amrani", now=later)
    assert again.previous_id == snf_inspection.id
    assert {f.id for f in wf.open_findings_of_site(db, site.id, again)} == {blanket.id, mould.id}
    assert wf.progress(db, again.id).pending_findings == 2
    answer_everything(db, again)
    with pytest.raises(StoreError, match="confirm first whether the 2 open findings"):
        wf.complete(db, again.id, "A. El Amrani", now=later)

    resolved = wf.confirm_finding(db, again.id, blanket.id, resolved=True)
    assert resolved.status is FindingStatus.RESOLVED
    assert get(db, Finding, blanket.id).status is FindingStatus.RESOLVED  # type: ignore[union-attr]
    carried = wf.confirm_finding(db, again.id, mould.id, resolved=False, now=later)
    assert (carried.inspection_id, carried.origin_id, carried.status) == (again.id, mould.id, FindingStatus.OPEN)
    assert carried.description == mould.description and carried.severity is Severity.MINOR
    assert carried.deadline == mould.deadline, "a carried finding keeps its deadline"
    earlier = get(db, Finding, mould.id)
    assert earlier is not None and earlier.status is FindingStatus.OPEN
    assert (earlier.confirmed_in, earlier.confirmed_by) == (again.id, again.inspector)

    assert wf.open_findings_of_site(db, site.id, again) == []
    assert wf.progress(db, again.id).pending_findings == 0
    assert wf.complete(db, again.id, "A. El Amrani", now=later).status is InspectionStatus.COMPLETED
    # The next visit sees only the carried-over finding.
    third = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=later + dt.timedelta(days=7))
    assert [f.id for f in wf.open_findings_of_site(db, site.id, third)] == [carried.id]


# --- review ----------------------------------------------------------------------------------------


def test_review_approve_and_send_back(populated_db: Populated, snf_inspection: Inspection) -> None:
    db, inspection_id = populated_db.db, snf_inspection.id
    with pytest.raises(StoreError, match="only a completed inspection can be approved"):
        wf.review(db, inspection_id, "M. Bakker", ReviewDecision.APPROVE, now=MONDAY)
    answer_everything(db, snf_inspection)
    wf.complete(db, inspection_id, "J. de Vries", now=MONDAY)

    with pytest.raises(ValidationError, match="a reason is required to send back"):
        wf.review(db, inspection_id, "M. Bakker", ReviewDecision.SEND_BACK, reason="  ", now=MONDAY)
    assert get(db, Inspection, inspection_id).status is InspectionStatus.COMPLETED  # type: ignore[union-attr]

    sent = wf.review(db, inspection_id, "M. Bakker", ReviewDecision.SEND_BACK, reason="Foto's ontbreken", now=MONDAY)
    assert get(db, Review, sent.id) == sent
    returned = get(db, Inspection, inspection_id)
    assert returned is not None and returned.status is InspectionStatus.RETURNED and not returned.locked
    wf.note_item(db, inspection_id, "snf.fire.blanket", "Foto toegevoegd")  # editable again

    wf.complete(db, inspection_id, "J. de Vries", now=MONDAY)
    wf.review(db, inspection_id, "M. Bakker", ReviewDecision.APPROVE, now=MONDAY)
    approved = get(db, Inspection, inspection_id)
    assert approved is not None and approved.status is InspectionStatus.APPROVED and approved.locked
    with pytest.raises(StoreError, match="only a completed inspection can be sent back"):
        wf.review(db, inspection_id, "M. Bakker", ReviewDecision.SEND_BACK, reason="Toch niet", now=MONDAY)
    with pytest.raises(StoreError, match="write the comment"):
        wf.review(db, inspection_id, "M. Bakker", ReviewDecision.COMMENT, now=MONDAY)
    with pytest.raises(StoreError, match="use reopen"):
        wf.review(db, inspection_id, "M. Bakker", ReviewDecision.REOPEN, reason="x", now=MONDAY)
    wf.review(db, inspection_id, "M. Bakker", ReviewDecision.COMMENT, reason="Mooi werk", now=MONDAY)
    decisions = [
        r[0]
        for r in db.execute(
            "SELECT decision FROM reviews WHERE inspection_id = ? ORDER BY rowid", [inspection_id]
        ).fetchall()
    ]
    assert decisions == ["send_back", "approve", "comment"]


# --- occupancy ----------------------------------------------------------------------------------


def test_occupancy_flags(db: Database) -> None:
    site = Site(name="Testpension", housing_type=SnfHousingType.HOTEL_OR_PENSION, high_risk=True)
    save(db, site)
    house = Unit(site_id=site.id, label="Pension", kind=UnitKind.BUILDING, floor_area_m2=60)
    save(db, house)

    def bedroom(label: str, beds: int, registered: int) -> Unit:
        unit = Unit(
            site_id=site.id,
            label=label,
            kind=UnitKind.BEDROOM,
            parent_id=house.id,
            floor_area_m2=10,
            beds=beds,
            registered_persons=registered,
        )
        save(db, unit)
        return unit

    crowded, colleagues, couple = bedroom("Kamer 1", 1, 2), bedroom("Kamer 2", 2, 3), bedroom("Kamer 3", 2, 2)
    for unit, count in ((crowded, 2), (colleagues, 2)):
        for n in range(count):
            save(db, Occupant(unit_id=unit.id, name=f"Test {unit.label} {n}"))
    one = Occupant(unit_id=couple.id, name="Test Partner Een")
    save(db, one)
    two = Occupant(unit_id=couple.id, name="Test Partner Twee", couple_with=one.id)
    save(db, two)
    save(db, one.model_copy(update={"couple_with": two.id}))

    flags = {u.label: u.flags for u in occupancy(db, site.id)}
    assert flags == {
        "Pension": (),
        "Kamer 1": ("overcrowded", "bedroom_shared_high_risk"),
        "Kamer 2": ("bedroom_shared_high_risk", "register_mismatch"),
        "Kamer 3": (),  # a couple may share a bedroom
    }
    assert [u.label for u in occupancy(db, site.id)] == ["Pension", "Kamer 1", "Kamer 2", "Kamer 3"]
    figures = site_figures(db, site.id)
    assert figures["persons"] == 6 and figures["bedrooms"] == 3 and figures["bedroom_area_m2"] == 30
    assert figures["max_persons_in_a_bedroom"] == 2 and figures["living_area_m2"] == 60

    save(db, site.model_copy(update={"high_risk": False}))
    assert {u.label: u.flags for u in occupancy(db, site.id)}["Kamer 2"] == ("register_mismatch",)


def test_progress_counts_answers_failures_and_derived_figures(db: Database) -> None:
    site = dwelling(db, persons=9, area=100, housing_type=SnfHousingType.REGULAR_DWELLING)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    state = wf.progress(db, inspection.id)
    assert state.total == 40
    # persons, living area, toilets and showers come from the site; three rules are already judged.
    assert state.answered == 7 and state.failed == 3
    assert "snf.space.persons" not in state.missing_required
    wf.answer_item(db, inspection.id, "snf.fire.blanket", "no")
    after = wf.progress(db, inspection.id)
    assert (after.answered, after.failed) == (8, 4)
