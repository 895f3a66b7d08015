"""The figures of each dwelling and bedroom on a site, and the rules judged on them.

A dwelling is a top-level unit (building, caravan, chalet, or a room let as its own dwelling), or a
caravan or building recorded inside another unit (a field of caravans or chalets). Its persons are those recorded in it and
in every unit inside it that is not a dwelling itself; its living area, toilets,
showers, burners, fridge litres and sockets are its own (summed over the units inside it). A bedroom is a unit of kind ``bedroom`` at any depth, or a ``room`` inside
a dwelling; its persons are those who sleep in it (not those of a bedroom inside it).
"""

from __future__ import annotations

from collections import defaultdict

from sqlite_utils import Database

from inspect_tui.domain.dwellings import BedroomFigures, DwellingFigures
from inspect_tui.domain.numbers import exact_sum
from inspect_tui.domain.unit_names import shown_names
from inspect_tui.store.high_risk import effective_high_risk, high_risk_sectors, site_high_risk
from inspect_tui.store.occupancy import SLEEPING_KINDS, UnitOccupancy, occupancy

__all__ = [
    "dwellings",
    "dwellings_of",
    "effective_high_risk",
    "high_risk_sectors",
    "shown_names",
    "site_high_risk",
]


def is_dwelling(unit: UnitOccupancy) -> bool:
    """A unit at the top, or a caravan or building wherever it is recorded (a field or row grouping
    caravans or chalets is not the dwelling of the people in them: each caravan and chalet is)."""
    return unit.parent_id is None or unit.kind in ("caravan", "building")


def dwellings_of(units: list[UnitOccupancy]) -> tuple[DwellingFigures, ...]:
    """Every dwelling (``is_dwelling``) with its bedrooms, in tree order; a dwelling inside another
    keeps its persons and figures to itself."""
    children: dict[str, list[UnitOccupancy]] = defaultdict(list)
    parent_of = {u.unit_id: u.parent_id for u in units}
    names = shown_names([(u.unit_id, u.label, u.kind, u.parent_id) for u in units])
    for unit in units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit)
    result = []
    for top in (u for u in units if is_dwelling(u)):
        inside: list[UnitOccupancy] = []
        stack, seen = [top.unit_id], {top.unit_id}
        while stack:
            for child in children.get(stack.pop(), []):
                if child.unit_id not in seen and not is_dwelling(child):
                    seen.add(child.unit_id)
                    inside.append(child)
                    stack.append(child.unit_id)
        persons = top.own_persons + sum(u.own_persons for u in inside)
        sleeping = [u for u in inside if u.kind in SLEEPING_KINDS]
        if top.kind in SLEEPING_KINDS:
            sleeping.insert(0, top)  # a room let as its own dwelling is also the room its people sleep in
        sleeping_ids = {u.unit_id for u in sleeping}
        placed = sum(u.persons for u in sleeping if not _in_sleeping_unit(u, sleeping_ids, parent_of))
        bedrooms = tuple(
            BedroomFigures(names[b.unit_id], b.sleeping, b.floor_area_m2, b.couples_only) for b in sleeping
        )
        parts = (top, *inside)
        result.append(
            DwellingFigures(
                label=names[top.unit_id],
                persons=persons,
                living_area_m2=top.floor_area_m2,
                toilets=_count([u.toilets for u in parts]),
                showers=_count([u.showers for u in parts]),
                bedrooms=bedrooms,
                burners=_count([u.burners for u in parts]),
                fridge_litres=_amount([u.fridge_litres for u in parts]),
                sockets=_count([u.sockets for u in parts]),
                unplaced=max(persons - placed, 0),
            )
        )
    return tuple(result)


def _in_sleeping_unit(unit: UnitOccupancy, sleeping: set[str], parent_of: dict[str, str | None]) -> bool:
    """Whether ``unit`` lies inside one of the ``sleeping`` units (whose persons already count it)."""
    parent, seen = parent_of.get(unit.unit_id), {unit.unit_id}
    while parent is not None and parent not in seen:
        if parent in sleeping:
            return True
        seen.add(parent)
        parent = parent_of.get(parent)
    return False


def _count(figures: list[int | None]) -> int | None:
    """The sum of the recorded counts; None when no unit of the dwelling recorded one."""
    recorded = [f for f in figures if f is not None]
    return sum(recorded) if recorded else None


def _amount(figures: list[float | None]) -> float | None:
    """The sum of the recorded amounts as written (``exact_sum``: the same whatever the units'
    order); None when no unit of the dwelling recorded one."""
    recorded = [f for f in figures if f is not None]
    return exact_sum(recorded) if recorded else None


def dwellings(db: Database, site_id: str) -> tuple[DwellingFigures, ...]:
    """The site's dwellings with their own figures (empty when the site has no unit tree)."""
    return dwellings_of(occupancy(db, site_id))
