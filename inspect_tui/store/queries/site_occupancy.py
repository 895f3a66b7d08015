"""The occupancy screen's read model: persons against beds and the register per unit, and where findings go."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from inspect_tui.domain.area_limits import area_limits
from inspect_tui.domain.models import Inspection
from inspect_tui.store.dwelling_figures import is_dwelling
from inspect_tui.store.occupancy import UnitOccupancy, occupancy
from inspect_tui.store.records import get
from inspect_tui.store.signed import context_for, frozen_units, signed_freeze
from inspect_tui.store.workflow import templates_of

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class OccupancyView:
    """The site's units with their figures and flags, and the inspection a finding would be added to."""

    units: list[UnitOccupancy]
    inspection_id: str | None
    """The inspection findings go to: the one asked for, else the site's newest that may still change."""
    signed: bool = False
    """The units are as a signed inspection was judged on (its snapshot), not today's."""
    now: dict[str, int] = field(default_factory=dict)
    """Of a signed view: today's persons per unit, where they differ from the signed ones."""
    now_total: int | None = None
    """Of a signed view: today's persons on the site, when the total differs from the signed one."""
    limits: dict[str, tuple[float, ...]] = field(default_factory=dict)
    """Per unit, the area-per-person thresholds the inspection judges it by (``domain.area_limits``):
    its m²/p is never shown across one of them (``norms.shown_at_least``), as the verdicts say."""


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
    """Occupancy per unit of a site; findings go to ``inspection_id`` or the site's open inspection.

    For a signed inspection (with its snapshot) the units are as signed, with today's persons beside them.
    """
    units = occupancy(db, site_id)
    inspection_id = inspection_id or open_inspection_of_site(db, site_id)
    inspection = get(db, Inspection, inspection_id) if inspection_id else None
    freeze = signed_freeze(inspection) if inspection is not None else None
    if freeze is None:
        return OccupancyView(units, inspection_id, limits=_limits(db, inspection, units))
    signed = frozen_units(freeze)
    today = {u.unit_id: u.persons for u in units}
    now = {u.unit_id: today[u.unit_id] for u in signed if u.unit_id in today and today[u.unit_id] != u.persons}
    total, signed_total = sum(u.own_persons for u in units), sum(u.own_persons for u in signed)
    limits = _limits(db, inspection, signed)
    return OccupancyView(signed, inspection_id, True, now, total if total != signed_total else None, limits)


def _limits(db: Database, inspection: Inspection | None, units: list[UnitOccupancy]) -> dict[str, tuple[float, ...]]:
    """The area thresholds of each unit under the inspection's checklists and site context (as
    signed for a signed one); none without an inspection."""
    if inspection is None:
        return {}
    templates, context = templates_of(inspection), context_for(db, inspection)
    return {u.unit_id: area_limits(templates, context, u.kind, is_dwelling(u), u.area_persons) for u in units}
