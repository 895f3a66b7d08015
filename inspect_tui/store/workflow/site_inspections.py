"""A site's units or occupants changed: the figures that follow from them change in its open inspections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.store.workflow._common import load_inspection
from inspect_tui.store.workflow.answers import recompute_rules

if TYPE_CHECKING:
    from sqlite_utils import Database


def refresh_site_inspections(db: Database, site_id: str) -> list[str]:
    """Re-judge the rule items of the site's inspections that may still change; their ids, oldest first.

    Which may change is the domain's rule (``Inspection.locked``): a signed or approved
    inspection keeps the figures it was signed with.
    """
    refreshed: list[str] = []
    with db.atomic():
        rows = db.execute("SELECT id FROM inspections WHERE site_id = ? ORDER BY started_at, id", [site_id]).fetchall()
        for (inspection_id,) in rows:
            inspection = load_inspection(db, inspection_id)
            if not inspection.locked:
                recompute_rules(db, inspection)
                refreshed.append(inspection_id)
    return refreshed
