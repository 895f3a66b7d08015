"""Figures that follow from a site's units and occupants changed: re-judge its inspections still open."""

from __future__ import annotations

from typing import Any

from inspect_tui.store.workflow import refresh_computed


def refresh_open_inspections(db: Any, site_id: str) -> None:
    """Re-judge the rule items of the site's inspections that are not locked (the domain decides which)."""
    rows = db.execute("SELECT id FROM inspections WHERE site_id = ? ORDER BY started_at, id", [site_id]).fetchall()
    for (inspection_id,) in rows:
        refresh_computed(db, inspection_id)
