"""The occupancy screen's read model: persons against beds and the register per unit, and where findings go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspect_tui.domain.models import Inspection
from inspect_tui.store.occupancy import UnitOccupancy, occupancy
from inspect_tui.store.records import get

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class OccupancyView:
    """The site's units with their figures and flags, and the inspection a finding would be added to."""

    units: list[UnitOccupancy]
    inspection_id: str | None
    """The inspection findings go to: the one asked for, else the site's newest that may still change."""


def open_inspection_of_site(db: Database, site_id: str) -> str | None:
    """The site's newest inspection that may still change (the domain's ``Inspection.locked`` decides)."""
    rows = db.execute(
        "SELECT id FROM inspections WHERE site_id = ? ORDER BY started_at DESC, id DESC", [site_id]
    ).fetchall()
    for (inspection_id,) in rows:
        inspection = get(db, Inspection, inspection_id)
        if inspection is not None and not inspection.locked:
            return inspection.id
    return None


def occupancy_view(db: Database, site_id: str, inspection_id: str | None = None) -> OccupancyView:
    """Occupancy per unit of a site; findings go to ``inspection_id`` or the site's open inspection."""
    units = occupancy(db, site_id)
    return OccupancyView(units, inspection_id or open_inspection_of_site(db, site_id))
