"""Changing a finding already recorded: while its inspection is open; after signing, only through reopen."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import Finding
from inspect_tui.i18n import _
from inspect_tui.store.db import StoreError
from inspect_tui.store.records import get, save
from inspect_tui.store.workflow._common import load_inspection, require_editable

if TYPE_CHECKING:
    from sqlite_utils import Database


def update_finding(
    db: Database,
    finding_id: str,
    severity: Severity,
    description: str,
    deadline: dt.date,
    partner: str | None = None,
) -> Finding:
    """Change a finding's severity, description, deadline and partner (one transaction).

    Refused when the finding does not exist or its inspection is locked (completed or
    approved: reopen it first); the model's rules apply as when it was made. The deadline of a
    finding carried over from an earlier inspection, or extended before, changes only through
    ``extend_deadline`` (with a reason).
    """
    with db.atomic():
        finding = get(db, Finding, finding_id)
        if finding is None:
            raise StoreError(_("finding {id} does not exist").format(id=finding_id))
        require_editable(load_inspection(db, finding.inspection_id))
        if deadline != finding.deadline and (finding.origin_id is not None or finding.extensions):
            raise StoreError(
                _("the deadline of a finding carried over or extended changes only by extending it, with a reason")
            )
        changed = Finding.model_validate(
            {
                **finding.model_dump(),
                "severity": severity,
                "description": description,
                "deadline": deadline,
                "partner": partner,
            }
        )
        save(db, changed)
        return changed
