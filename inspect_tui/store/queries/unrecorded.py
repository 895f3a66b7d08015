"""Failed critical items that have no finding yet: what the sign dialog lists before signing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.store.workflow._common import checklist_items

if TYPE_CHECKING:
    from sqlite_utils import Database

    from inspect_tui.domain.models import Inspection


def failed_critical_without_finding(db: Database, inspection: Inspection) -> list[str]:
    """Ids of the inspection's failed items whose failure is critical and that no finding records,
    in checklist order."""
    failed = {
        str(row[0])
        for row in db.execute(
            "SELECT item_id FROM answers WHERE inspection_id = ? AND verdict = 'fail'", [inspection.id]
        ).fetchall()
    }
    if not failed:
        return []
    recorded = {
        str(row[0])
        for row in db.execute(
            "SELECT DISTINCT item_id FROM findings WHERE inspection_id = ? AND item_id IS NOT NULL", [inspection.id]
        ).fetchall()
    }
    return [
        item.id
        for item in checklist_items(inspection)
        if item.id in failed and item.id not in recorded and item.severity_if_failed.value == "critical"
    ]
