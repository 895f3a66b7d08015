"""The team lead's review of a completed inspection: approve, send back, comment."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from inspect_tui.domain.enums import InspectionStatus, ReviewDecision
from inspect_tui.domain.models import Review
from inspect_tui.i18n import N_, _
from inspect_tui.store.authorship import remember_person
from inspect_tui.store.db import StoreError
from inspect_tui.store.records import save
from inspect_tui.store.workflow._common import load_inspection, now_or


def review(
    db: Database,
    inspection_id: str,
    reviewer: str,
    decision: ReviewDecision,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> Review:
    """A team lead's decision: approve, send back (reason required) or comment."""
    with db.atomic():
        inspection = load_inspection(db, inspection_id)
        remember_person(db, reviewer)
        record = Review(
            inspection_id=inspection_id,
            reviewer=reviewer,
            decision=decision,
            reason=(reason or "").strip() or None,
            created_at=now_or(now),
        )
        if decision in (ReviewDecision.APPROVE, ReviewDecision.SEND_BACK):
            if inspection.status is not InspectionStatus.COMPLETED:
                refusal = (
                    N_("only a completed inspection can be approved (this one is {status})")
                    if decision is ReviewDecision.APPROVE
                    else N_("only a completed inspection can be sent back (this one is {status})")
                )
                raise StoreError(_(refusal).format(status=_(inspection.status.value)))
            status = InspectionStatus.APPROVED if decision is ReviewDecision.APPROVE else InspectionStatus.RETURNED
            save(db, record)
            save(db, inspection.model_copy(update={"status": status}))
        elif decision is ReviewDecision.REOPEN:
            raise StoreError(_("use reopen() to reopen an inspection"))
        else:
            if not record.reason:
                raise StoreError(_("write the comment"))
            save(db, record)
        return record
