"""A finding's life after it is recorded: its deadline extended with a reason, or withdrawn after signing.

Both are explicit actions on the one finding record (``extensions``, ``withdrawn_*``), so they
travel in bundles with it and two devices doing them differently meet as a conflict on it.
They are allowed on a signed (locked) inspection: that is when they are needed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import ValidationError

from inspect_tui.domain.base import describe_error
from inspect_tui.domain.enums import FindingStatus
from inspect_tui.domain.models import DeadlineExtension, Finding, Inspection
from inspect_tui.i18n import N_, _, format_date
from inspect_tui.i18n.zone import zoned
from inspect_tui.store.db import StoreError, device_id
from inspect_tui.store.records import get
from inspect_tui.store.revisions import record_local_revision
from inspect_tui.store.workflow._common import now_or
from inspect_tui.store.workflow.deletions import clean_reason, was_signed

if TYPE_CHECKING:
    from sqlite_utils import Database


def _who(by: str | None, inspection: Inspection) -> str:
    name = " ".join((by or "").split())[:100]
    return name or inspection.inspector


def _open_finding(db: Database, finding_id: str, refusal: str) -> tuple[Finding, Inspection]:
    finding = get(db, Finding, finding_id)
    if finding is None:
        raise StoreError(_("finding {id} does not exist").format(id=finding_id))
    inspection = get(db, Inspection, finding.inspection_id)
    if inspection is None:
        raise StoreError(_("inspection {id} does not exist").format(id=finding.inspection_id))
    if finding.status is not FindingStatus.OPEN:
        raise StoreError(_(refusal).format(status=_(finding.status.value)))
    later = db.execute(
        "SELECT i.started_at FROM findings g JOIN inspections i ON i.id = g.inspection_id WHERE g.origin_id = ? "
        "AND i.status IN ('completed', 'approved') ORDER BY i.started_at LIMIT 1",
        [finding.id],
    ).fetchone()
    if later is not None:  # a signed re-inspection's finding carries the defect, and its deadline, on
        raise StoreError(
            _(
                "a re-inspection of {day} took this finding over; extend or withdraw the finding there, "
                "which carries the defect on"
            ).format(day=format_date(zoned(dt.datetime.fromisoformat(str(later[0]))).date()))
        )
    return finding, inspection


def _write(db: Database, finding: Finding, update: dict[str, object]) -> Finding:
    try:
        changed = Finding.model_validate({**finding.model_dump(), **update})
    except ValidationError as exc:
        raise StoreError(describe_error(exc)) from None
    record_local_revision(db, changed, device_id(db))
    return changed


def extend_deadline(
    db: Database,
    finding_id: str,
    deadline: dt.date,
    reason: str,
    by: str | None = None,
    now: dt.datetime | None = None,
) -> Finding:
    """Move an open finding's deadline later, recording the old and new date, why, who and when.

    The new deadline lies after the current one and no earlier than today. This is the only way a
    deadline changes once the finding's inspection is signed or the finding was carried over.
    """
    why = clean_reason(reason, N_("the deadline is extended"))
    moment = now_or(now)
    with db.atomic():
        finding, inspection = _open_finding(
            db, finding_id, N_("only an open finding can be extended; this one is {status}")
        )
        if deadline <= finding.deadline:
            raise StoreError(
                _("the new deadline {new} is not after the current one ({current}); give a later date").format(
                    new=deadline.isoformat(), current=finding.deadline.isoformat()
                )
            )
        if deadline < moment.date():
            raise StoreError(
                _("the new deadline {new} lies in the past; give today or later").format(new=deadline.isoformat())
            )
        extension = DeadlineExtension(
            previous=finding.deadline, deadline=deadline, reason=why, by=_who(by, inspection), at=moment
        )
        return _write(db, finding, {"deadline": deadline, "extensions": [*(finding.extensions or []), extension]})


def withdraw_finding(
    db: Database,
    finding_id: str,
    reason: str,
    by: str | None = None,
    now: dt.datetime | None = None,
) -> Finding:
    """Withdraw an open finding of a signed inspection, with a reason; it stays visible as withdrawn.

    Before signing a finding is deleted instead (``delete_finding``).
    """
    why = clean_reason(reason, N_("the finding is withdrawn"))
    moment = now_or(now)
    with db.atomic():
        finding, inspection = _open_finding(
            db, finding_id, N_("only an open finding can be withdrawn; this one is {status}")
        )
        if not was_signed(db, inspection):
            raise StoreError(_("the inspection was not signed yet: delete the finding instead of withdrawing it"))
        return _write(
            db,
            finding,
            {
                "status": FindingStatus.WITHDRAWN,
                "withdrawn_reason": why,
                "withdrawn_by": _who(by, inspection),
                "withdrawn_at": moment,
            },
        )
