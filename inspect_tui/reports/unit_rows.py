"""The units and occupancy table of a report: one row per unit, its area per person never shown across its norm.

The verdict lines show a figure rounded half up but never across its threshold (``11.9 m²/p < 12``);
the units table shows the same figure, and must not say 12 beside that line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from inspect_tui.domain.area_limits import area_limits
from inspect_tui.domain.checklist import ChecklistTemplate
from inspect_tui.domain.norms import SiteContext
from inspect_tui.reports.model import ReportUnit
from inspect_tui.store.dwelling_figures import is_dwelling
from inspect_tui.store.occupancy import FLAG_TEXT, SLEEPING_KINDS, UnitOccupancy, beds_and_register


def unit_rows(
    units: list[UnitOccupancy], templates: Sequence[ChecklistTemplate], context: SiteContext
) -> tuple[ReportUnit, ...]:
    """Occupancy per unit; a unit's persons include those sleeping in its rooms. Each row carries the
    area thresholds that judge it (``area_limits``), so its area per person is never shown across one."""
    known = {u.unit_id for u in units}
    children: dict[str | None, list[UnitOccupancy]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id if unit.parent_id in known else None].append(unit)

    def below(unit: UnitOccupancy) -> list[UnitOccupancy]:
        found = []
        for child in children.get(unit.unit_id, []):
            found.append(child)
            found.extend(below(child))
        return found

    recorded = beds_and_register(units)
    depth: dict[str, int] = {}
    rows = []
    for unit in units:  # occupancy() lists every parent before its rooms
        parent = unit.parent_id if unit.parent_id in known else None
        depth[unit.unit_id] = 0 if parent is None else depth[parent] + 1
        inner = below(unit)
        persons = unit.persons  # occupancy() already counts the people of the units inside
        # The most persons sleeping in one bedroom (as the per-bedroom verdicts judge them): of a
        # bedroom its own, of a dwelling its fullest bedroom's. An average (4.5 for bedrooms of 3 and
        # 6) would hide the bedroom that fails.
        sleeping = [u.sleeping for u in inner if u.kind in SLEEPING_KINDS]
        per_bedroom: float | None = None
        if unit.kind == "bedroom":
            per_bedroom = float(unit.sleeping)
        elif sleeping:
            per_bedroom = float(max(sleeping))
        rows.append(
            ReportUnit(
                label=unit.label,
                kind=unit.kind,
                depth=depth[unit.unit_id],
                persons=persons,
                beds=recorded[unit.unit_id][0],
                registered=recorded[unit.unit_id][1],
                floor_area_m2=unit.floor_area_m2,
                area_per_person=unit.area_per_person,
                persons_per_bedroom=per_bedroom,
                flags=tuple(FLAG_TEXT.get(flag, flag) for flag in unit.flags),
                area_limits=area_limits(templates, context, unit.kind, is_dwelling(unit), unit.area_persons),
            )
        )
    return tuple(rows)
