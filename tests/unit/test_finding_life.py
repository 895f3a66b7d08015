"""A finding's deadline extended only explicitly, with a reason; a withdrawn finding; who may write them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from inspect_tui.domain.enums import FindingStatus, Severity
from inspect_tui.domain.models import Finding
from inspect_tui.i18n import using
from inspect_tui.store import StoreError, get
from inspect_tui.store import workflow as wf
from inspect_tui.store.revisions import Revision
from inspect_tui.sync.trust import Context, authorization_problem
from tests.helpers.checklist import answer_required

if TYPE_CHECKING:
    from tests.conftest import Populated

MONDAY = dt.datetime(2026, 11, 16, 9, 0)
LATER = dt.datetime(2026, 11, 20, 10, 0)


def changes(populated_db: Populated) -> int:
    return int(populated_db.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0])


def signed_with_finding(populated_db: Populated) -> Finding:
    db = populated_db.db
    inspection = wf.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)
    finding = wf.add_finding(db, inspection.id, Severity.CRITICAL, "Geen rookmelder", found_on=MONDAY.date())
    for item_id in wf.progress(db, inspection.id).missing_required:
        item = wf.find_item(inspection, item_id)
        try:
            wf.answer_item(db, inspection.id, item_id, "n.a." if item.rule is not None else (item.expected or "2"))
        except Exception:
            wf.answer_item(db, inspection.id, item_id, "2")
    wf.complete(db, inspection.id, "J. de Vries", now=MONDAY)
    return finding


def test_extending_a_signed_finding_keeps_the_old_date_the_reason_who_and_when(populated_db: Populated) -> None:
    db = populated_db.db
    finding = signed_with_finding(populated_db)
    assert finding.deadline == dt.date(2026, 11, 23)
    with pytest.raises(StoreError, match="locked"):
        wf.update_finding(db, finding.id, finding.severity, finding.description, dt.date(2026, 12, 31))
    extended = wf.extend_deadline(db, finding.id, dt.date(2026, 12, 7), "Onderdeel besteld", by="A. Leider", now=LATER)
    assert extended.deadline == dt.date(2026, 12, 7)
    (step,) = extended.extensions or []
    assert (step.previous, step.deadline, step.reason, step.by) == (
        dt.date(2026, 11, 23),
        dt.date(2026, 12, 7),
        "Onderdeel besteld",
        "A. Leider",
    )
    assert step.at.isoformat() == "2026-11-20T10:00:00+01:00"
    again = wf.extend_deadline(db, finding.id, dt.date(2026, 12, 21), "Levering vertraagd", now=LATER)
    assert [e.deadline for e in again.extensions or []] == [dt.date(2026, 12, 7), dt.date(2026, 12, 21)]
    assert again.extensions and again.extensions[1].by == "J. de Vries"  # defaults to the inspector
    assert get(db, Finding, finding.id) == again


def test_an_extension_without_reason_earlier_or_in_the_past_is_refused(populated_db: Populated) -> None:
    db = populated_db.db
    finding = signed_with_finding(populated_db)
    before = changes(populated_db)
    with pytest.raises(StoreError, match="say why the deadline is extended"):
        wf.extend_deadline(db, finding.id, dt.date(2026, 12, 7), "  ", now=LATER)
    with pytest.raises(StoreError, match="is not after the current one"):
        wf.extend_deadline(db, finding.id, dt.date(2026, 11, 23), "reden", now=LATER)
    with pytest.raises(StoreError, match="lies in the past"):
        wf.extend_deadline(db, finding.id, dt.date(2026, 11, 24), "reden", now=dt.datetime(2026, 11, 30, 9, 0))
    with pytest.raises(StoreError, match="does not exist"):
        wf.extend_deadline(db, "00000000-0000-4000-8000-000000000000", dt.date(2026, 12, 7), "reden", now=LATER)
    wf.withdraw_finding(db, finding.id, "Dubbel opgenomen", now=LATER)
    with pytest.raises(StoreError, match="only an open finding can be extended; this one is withdrawn"):
        wf.extend_deadline(db, finding.id, dt.date(2026, 12, 7), "reden", now=LATER)
    assert changes(populated_db) == before + 1  # only the withdrawal


def test_a_carried_finding_changes_its_deadline_only_by_extending(populated_db: Populated) -> None:
    db = populated_db.db
    first = signed_with_finding(populated_db)
    second = wf.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=LATER)
    carried = wf.confirm_finding(db, second.id, first.id, resolved=False, now=LATER)
    assert carried.deadline == first.deadline
    with pytest.raises(StoreError, match="changes only by extending it"):
        wf.update_finding(db, carried.id, carried.severity, carried.description, dt.date(2026, 12, 31))
    same = wf.update_finding(db, carried.id, Severity.MAJOR, carried.description, carried.deadline)
    assert same.deadline == first.deadline
    extended = wf.extend_deadline(db, carried.id, dt.date(2026, 12, 31), "Aannemer ingepland", now=LATER)
    assert extended.deadline == dt.date(2026, 12, 31)
    assert get(db, Finding, first.id).deadline == first.deadline  # type: ignore[union-attr]
    # Once the re-inspection is signed, the finding it took over is no longer the one to extend or
    # withdraw: its report would have shown the defect with the earlier finding's new deadline, or
    # "withdrawn since" beside the same defect still open.
    answer_required(db, second.id)
    wf.complete(db, second.id, "J. de Vries", now=LATER)
    before = changes(populated_db)
    said = "a re-inspection of 20-11-2026 took this finding over; extend or withdraw the finding there"
    with pytest.raises(StoreError, match=said):
        wf.extend_deadline(db, first.id, dt.date(2027, 1, 31), "Aannemer ingepland", now=LATER)
    with pytest.raises(StoreError, match=said):
        wf.withdraw_finding(db, first.id, "Dubbel opgenomen", now=LATER)
    assert changes(populated_db) == before


def test_withdrawn_findings_are_not_open_and_need_a_reason_in_the_model() -> None:
    for lang, said in (("en", "withdrawn with a reason"), ("nl", "ingetrokken met een reden")):
        with using(lang), pytest.raises(ValueError, match=said):
            Finding(
                inspection_id="00000000-0000-4000-8000-000000000000",
                severity=Severity.MINOR,
                description="x",
                deadline=dt.date(2026, 1, 1),
                status=FindingStatus.WITHDRAWN,
            )


def _rev(entity: str, data: dict[str, object], *, deleted: bool = False) -> Revision:
    return Revision(entity, "r1", "2-" + "0" * 32, 2, "1-" + "1" * 32, "dev", data, deleted=deleted)


def test_who_may_write_extensions_withdrawals_and_deletions() -> None:
    one = {
        "previous": "2026-11-23",
        "deadline": "2026-12-07",
        "reason": "r",
        "by": "x",
        "at": "2026-11-20T10:00:00+01:00",
    }
    two = {**one, "previous": "2026-12-07", "deadline": "2026-12-21"}
    base = {"status": "open", "extensions": [one]}
    inspector = Context("inspector", base, "dev")
    lead = Context("lead", base, "lead-dev")
    # An inspector adds an extension or withdraws its own finding.
    assert authorization_problem(_rev("findings", {"status": "open", "extensions": [one, two]}), inspector) is None
    assert authorization_problem(_rev("findings", {"status": "withdrawn", "extensions": [one]}), inspector) is None
    # … but cannot drop or rewrite one, nor take a withdrawal back; a lead can.
    dropped = _rev("findings", {"status": "open", "extensions": []})
    assert "extensions are kept" in str(authorization_problem(dropped, inspector))
    assert authorization_problem(dropped, lead) is None
    back = _rev("findings", {"status": "open", "extensions": [one]})
    assert "takes back the withdrawal" in str(
        authorization_problem(back, Context("inspector", {"status": "withdrawn", "extensions": [one]}, "dev"))
    )
    # A finding of another inspector's inspection is not its to extend.
    assert "only the inspections it made" in str(
        authorization_problem(_rev("findings", {"status": "open"}), Context("inspector", base, "other"))
    )
    # An inspector deletes its draft, never a signed inspection.
    draft = Context("inspector", {"status": "draft"}, "dev")
    assert authorization_problem(_rev("inspections", {"status": "draft"}, deleted=True), draft) is None
    completed = Context("inspector", {"status": "completed"}, "dev")
    refused = authorization_problem(_rev("inspections", {"status": "completed"}, deleted=True), completed)
    assert "only a team lead deletes a signed inspection" in str(refused)
    assert authorization_problem(_rev("inspections", {"status": "completed"}, deleted=True), lead) is None


def test_the_review_lists_a_withdrawn_finding_as_withdrawn_and_does_not_count_it(populated_db: Populated) -> None:
    from inspect_tui.store import queries

    db = populated_db.db
    finding = signed_with_finding(populated_db)
    (row,) = queries.review_inspections(db, MONDAY.date())
    assert row.critical == 1
    wf.withdraw_finding(db, finding.id, "Rookmelder hing er wel", now=LATER)
    (row,) = queries.review_inspections(db, MONDAY.date())
    assert row.critical == 0
    listed = queries.review_findings_page(db, queries.FindingFilter(day=MONDAY.date())).rows
    assert [(f.id, f.status) for f in listed] == [(finding.id, "withdrawn")]
