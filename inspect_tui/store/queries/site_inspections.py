"""The inspections of one site, for the site screen."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from inspect_tui.store.open_findings import STILL_OPEN
from inspect_tui.store.queries.home import InspectionRow

if TYPE_CHECKING:
    from sqlite_utils import Database

SITE_INSPECTIONS_LIMIT = 200
"""At most this many (newest first): a site is inspected a few times a year."""


def site_inspections(db: Database, site_id: str, limit: int = SITE_INSPECTIONS_LIMIT) -> list[InspectionRow]:
    """The site's inspections, newest first, with their answers and open findings counted."""
    rows = db.execute(
        "SELECT i.id, i.site_id, s.name, s.city, i.started_at, i.status, i.inspector, i.templates, "
        "(SELECT COUNT(*) FROM answers a WHERE a.inspection_id = i.id AND a.value IS NOT NULL), "
        f"(SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id AND {STILL_OPEN}) "
        "FROM inspections i JOIN sites s ON s.id = i.site_id WHERE i.site_id = ? "
        "ORDER BY i.started_at DESC, i.id DESC LIMIT ?",
        [site_id, limit],
    ).fetchall()
    return [
        InspectionRow(
            id=r[0],
            site_id=r[1],
            site_name=r[2],
            city=r[3],
            started_at=dt.datetime.fromisoformat(r[4]),
            status=r[5],
            inspector=r[6],
            templates=json.loads(r[7]) if r[7] else [],
            answered=int(r[8]),
            open_findings=int(r[9]),
        )
        for r in rows
    ]
