"""Who may write what, per revision, tried with whole bundles (the rules as pure functions are in test_trust).

An inspector's device that writes a review, removes a colleague's finding or resolves a conflict
has its bundle refused, naming the record and the rule, and the receiver stays as it was; the
same action by the team lead is accepted.
"""

from __future__ import annotations

import datetime as dt

import pytest

from inspect_tui.domain.enums import InspectionStatus, ReviewDecision
from inspect_tui.domain.models import Answer, Finding, Inspection, Review, Site, answer_id
from inspect_tui.store import StoreError, delete, get, save
from inspect_tui.store.blobs import store_blob
from inspect_tui.store.conflicts import open_conflicts
from inspect_tui.store.records import resolve
from inspect_tui.store.workflow.inspections import reopen
from inspect_tui.sync.importer import import_bundles
from tests.helpers.bundles import PHOTO, SNF_ITEMS, photo_on_answer
from tests.sync.test_trust import Team, _inspection, _refused, team

__all__ = ["team"]


def test_an_inspector_cannot_write_a_review_but_the_lead_can(team: Team) -> None:
    _, inspection, _ = _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    import_bundles(team.receiver.db, [genuine])
    review = Review(
        inspection_id=inspection.id,
        reviewer="Eva",
        decision=ReviewDecision.APPROVE,
        created_at=dt.datetime(2025, 3, 4, 8, 0),
    )
    save(team.a.db, review)
    _refused(team, team.bundle(team.a, "own-review"), "only a team lead writes reviews")
    assert team.receiver.db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
    import_bundles(team.lead.db, [genuine])
    save(team.lead.db, review.model_copy(update={"reviewer": "Lotte"}))
    import_bundles(team.receiver.db, [team.bundle(team.lead, "lead-review")])
    assert team.receiver.db.execute("SELECT reviewer FROM reviews").fetchall() == [("Lotte",)]


def test_a_colleague_cannot_remove_a_finding_of_an_inspection_it_did_not_make(team: Team) -> None:
    _, _, finding = _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    import_bundles(team.b.db, [genuine])
    import_bundles(team.receiver.db, [genuine])
    delete(team.b.db, Finding, finding.id)
    attack = team.bundle(team.b, "removal")
    _refused(team, attack, f"findings {finding.id}: device inspector-b (inspector) may not write")
    _refused(team, attack, "an inspector writes only the inspections it made")
    assert get(team.receiver.db, Finding, finding.id) is not None


def test_only_the_lead_resolves_a_conflict(team: Team) -> None:
    site, _, _ = _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    for device in (team.b, team.lead, team.receiver):
        import_bundles(device.db, [genuine])
    save(team.a.db, site.model_copy(update={"notes": "Eva: kachel"}))
    save(team.b.db, site.model_copy(update={"notes": "Bas: lek"}))
    edits = [team.bundle(team.a, "a-edit"), team.bundle(team.b, "b-edit")]
    for device in (team.b, team.lead, team.receiver):
        import_bundles(device.db, edits)
    assert [c.record_id for c in open_conflicts(team.receiver.db, "sites")] == [site.id]
    with pytest.raises(StoreError, match="only a team lead resolves conflicts"):  # B's laptop says so at once
        resolve(team.b.db, site.model_copy(update={"notes": "Bas wins"}))
    with team.b.db.atomic():  # a laptop without its roster does not know: the receiver refuses the bundle
        team.b.db.execute("DELETE FROM meta WHERE key = 'roster'")
    resolve(team.b.db, site.model_copy(update={"notes": "Bas wins"}))
    _refused(team, team.bundle(team.b, "b-resolves"), "only a team lead resolves conflicts")
    assert [c.record_id for c in open_conflicts(team.receiver.db, "sites")] == [site.id]
    resolve(team.lead.db, site.model_copy(update={"notes": "both: kachel and lek"}))
    import_bundles(team.receiver.db, [team.bundle(team.lead, "lead-resolves")])
    assert open_conflicts(team.receiver.db, "sites") == []
    shown = get(team.receiver.db, Site, site.id)
    assert shown is not None and shown.notes == "both: kachel and lek"


def test_a_colleague_cannot_move_a_finding_into_an_inspection_of_its_own(team: Team) -> None:
    """The finding's new inspection is B's, but the finding was A's: both owners are asked."""
    _, inspection, finding = _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    import_bundles(team.b.db, [genuine])
    import_bundles(team.receiver.db, [genuine])
    site = Site(name="De Kempen")
    save(team.b.db, site)
    own = Inspection(site_id=site.id, templates=["snf"], inspector="Bas", started_at=dt.datetime(2025, 3, 3))
    save(team.b.db, own)
    taken = get(team.b.db, Finding, finding.id)
    assert taken is not None
    save(team.b.db, taken.model_copy(update={"inspection_id": own.id}))
    attack = team.bundle(team.b, "move")
    _refused(team, attack, f"findings {finding.id}: device inspector-b (inspector) may not write")
    _refused(team, attack, "device inspector-a's")
    kept = get(team.receiver.db, Finding, finding.id)
    assert kept is not None and kept.inspection_id == inspection.id


def test_a_colleague_cannot_put_a_photo_on_an_item_of_an_inspection_it_did_not_make(team: Team) -> None:
    _, inspection, _ = _inspection(team.a)
    answer = Answer(
        id=answer_id(inspection.id, SNF_ITEMS[0]), inspection_id=inspection.id, item_id=SNF_ITEMS[0], value="yes"
    )
    save(team.a.db, answer)
    genuine = team.bundle(team.a, "genuine")
    import_bundles(team.b.db, [genuine])
    import_bundles(team.receiver.db, [genuine])
    photo = photo_on_answer(team.b.db, answer.id)
    _refused(team, team.bundle(team.b, "photo"), "an inspector writes only the inspections it made")
    assert team.receiver.db.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0
    store_blob(team.a.db, PHOTO)
    save(team.a.db, photo)  # the inspection's own inspector may
    import_bundles(team.receiver.db, [team.bundle(team.a, "own-photo")])
    assert team.receiver.db.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 1


def test_an_inspector_cannot_take_back_the_leads_approval(team: Team) -> None:
    _, inspection, _ = _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    for device in (team.lead, team.receiver):
        import_bundles(device.db, [genuine])
    held = get(team.lead.db, Inspection, inspection.id)
    assert held is not None
    approved = held.model_copy(
        update={"status": InspectionStatus.APPROVED, "completed_at": dt.datetime(2025, 3, 4), "signed_by": "Eva"}
    )
    save(team.lead.db, approved)
    decision = team.bundle(team.lead, "approval")
    for device in (team.a, team.receiver):
        import_bundles(device.db, [decision])
    save(team.a.db, approved.model_copy(update={"status": InspectionStatus.DRAFT, "completed_at": None}))
    _refused(team, team.bundle(team.a, "unapprove"), "only a team lead takes back the approval of an inspection")
    shown = get(team.receiver.db, Inspection, inspection.id)
    assert shown is not None and shown.status is InspectionStatus.APPROVED


def test_a_colleague_cannot_take_over_an_inspection_with_another_first_version_of_it(team: Team) -> None:
    """B never saw A's inspection and makes a record under its id, edited to a higher generation:
    the record's stored first version is A's, so B's does not make B its owner."""
    site, inspection, _ = _inspection(team.a)
    import_bundles(team.receiver.db, [team.bundle(team.a, "genuine")])
    save(team.b.db, site)
    taken = inspection.model_copy(update={"inspector": "Bas"})
    for notes in ("overgenomen", "overgenomen door Bas"):
        taken = taken.model_copy(update={"notes": notes})
        save(team.b.db, taken)
    _refused(team, team.bundle(team.b, "second-root"), "an inspector writes only the inspections it made")
    shown = get(team.receiver.db, Inspection, inspection.id)
    assert shown is not None and shown.inspector == "Eva"


def _completed(team: Team) -> Inspection:
    _, inspection, _ = _inspection(team.a)
    signed = inspection.model_copy(
        update={"status": InspectionStatus.COMPLETED, "completed_at": dt.datetime(2025, 3, 4), "signed_by": "Eva"}
    )
    save(team.a.db, signed)
    genuine = team.bundle(team.a, "genuine")
    for device in (team.b, team.lead, team.receiver):
        import_bundles(device.db, [genuine])
    return signed


def test_an_inspector_reopening_a_completed_inspection_of_its_own_is_taken_in(team: Team) -> None:
    """The app's `R` on a locked checklist records the reopening as a review: the inspector's own is
    taken in (it used to refuse the bundle, and every later one built on it)."""
    signed = _completed(team)
    reopen(team.a.db, signed.id, "Eva", "meterkast vergeten")
    import_bundles(team.receiver.db, [team.bundle(team.a, "reopened")])
    shown = get(team.receiver.db, Inspection, signed.id)
    assert shown is not None and shown.status is InspectionStatus.DRAFT
    assert team.receiver.db.execute("SELECT decision, reviewer FROM reviews").fetchall() == [("reopen", "Eva")]


def test_a_colleague_cannot_record_a_reopening_of_an_inspection_it_did_not_make(team: Team) -> None:
    signed = _completed(team)
    save(
        team.b.db,
        Review(
            inspection_id=signed.id,
            reviewer="Bas",
            decision=ReviewDecision.REOPEN,
            reason="ik wil het anders",
            created_at=dt.datetime(2025, 3, 5, 8, 0),
        ),
    )
    _refused(team, team.bundle(team.b, "reopen-of-another"), "only a team lead writes reviews")
    assert team.receiver.db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0


def test_an_inspector_reopening_an_approved_inspection_needs_the_lead(team: Team) -> None:
    signed = _completed(team)
    approve = get(team.lead.db, Inspection, signed.id)
    assert approve is not None
    save(team.lead.db, approve.model_copy(update={"status": InspectionStatus.APPROVED}))
    decision = team.bundle(team.lead, "approval")
    for device in (team.a, team.receiver):
        import_bundles(device.db, [decision])
    reopen(team.a.db, signed.id, "Eva", "toch nog iets")
    _refused(team, team.bundle(team.a, "reopen-approved"), "only a team lead takes back the approval of an inspection")


def test_an_inspector_photographs_an_item_its_lead_answered_first(team: Team) -> None:
    """An answer's id follows from its inspection and item, so the lead's answer is the one the
    inspector's photo names: the lead answering first does not make the lead the inspection's maker."""
    _, inspection, _ = _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    for device in (team.lead, team.receiver):
        import_bundles(device.db, [genuine])
    answer = Answer(
        id=answer_id(inspection.id, SNF_ITEMS[0]), inspection_id=inspection.id, item_id=SNF_ITEMS[0], value="yes"
    )
    save(team.lead.db, answer)
    by_lead = team.bundle(team.lead, "lead-answer")
    for device in (team.a, team.receiver):
        import_bundles(device.db, [by_lead])
    photo_on_answer(team.a.db, answer.id)
    import_bundles(team.receiver.db, [team.bundle(team.a, "photo")])
    assert team.receiver.db.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 1


def test_an_inspectors_edit_arriving_before_the_one_it_builds_on_is_taken_in(team: Team) -> None:
    """Out of order: the receiver holds Eva's first version but not her second; her third, built on
    the second, is judged against the version held here and taken in (her own draft, notes only)."""
    _, inspection, _ = _inspection(team.a)
    import_bundles(team.receiver.db, [team.bundle(team.a, "first")])
    save(team.a.db, inspection.model_copy(update={"notes": "tweede bezoek"}))
    second = team.bundle(team.a, "second")
    save(team.a.db, inspection.model_copy(update={"notes": "derde bezoek"}))
    import_bundles(team.receiver.db, [team.bundle(team.a, "third")])
    import_bundles(team.receiver.db, [second])
    shown = get(team.receiver.db, Inspection, inspection.id)
    assert shown is not None and shown.notes == "derde bezoek"
    assert open_conflicts(team.receiver.db) == []
