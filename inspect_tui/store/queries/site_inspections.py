"""The inspections of one site, for the site screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.store.queries.home import INSPECTION_ROWS, InspectionRow, inspection_row

if TYPE_CHECKING:
    from sqlite_utils import Database

SITE_INSPECTIONS_LIMIT = 200
"""At most this many (newest first): a site is inspected a few times a year."""


def site_inspections(db: Database, site_id: str, limit: int = SITE_INSPECTIONS_LIMIT) -> list[InspectionRow]:
    """The site's inspections, newest first, with their answers and open findings counted."""
    rows = db.execute(
        f"{INSPECTION_ROWS}WHERE i.site_id = ? ORDER BY i.started_at DESC, i.id DESC LIMIT ?", [site_id, limit]
    ).fetchall()
    return [inspection_row(r) for r in rows]
