"""Who sleeps where: per-unit occupancy, its flags, and the site figures it yields."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlite_utils import Database

from inspect_tui.domain.norms import exact_ratio
from inspect_tui.domain.numbers import exact_sum
from inspect_tui.store.high_risk import site_high_risk


@dataclass(frozen=True)
class UnitOccupancy:
    """Occupancy of one unit: persons found against beds and the provider's register."""

    unit_id: str
    label: str
    kind: str
    parent_id: str | None
    persons: int
    """Persons sleeping in this unit and every unit inside it (a house counts its bedrooms' people)."""
    beds: int | None
    registered: int | None
    floor_area_m2: float | None
    couples_only: bool
    """Every person sharing this unit shares it with their own partner (a couple)."""
    flags: tuple[str, ...] = field(default=())
    """overcrowded, bedroom_shared_high_risk, register_mismatch."""
    own_persons: int = 0
    """Persons recorded in this unit itself, not in a unit inside it."""
    sleepers: int | None = None
    """Of a room or bedroom: persons who sleep in it, those of a room or bedroom inside it not
    counted (None in a snapshot signed before this was kept: its persons then)."""
    toilets: int | None = None
    showers: int | None = None
    burners: int | None = None
    fridge_litres: float | None = None
    sockets: int | None = None

    @property
    def sleeping(self) -> int:
        """Persons who sleep in this room or bedroom itself (``sleepers``, else its persons)."""
        return self.persons if self.sleepers is None else self.sleepers

    @property
    def area_persons(self) -> int:
        """The persons its area per person is counted on, as the verdicts count them: those who
        sleep in a room or bedroom inside a dwelling; everyone in it otherwise."""
        return self.sleeping if self.kind in SLEEPING_KINDS and self.parent_id is not None else self.persons

    @property
    def area_per_person(self) -> float | None:
        persons = self.area_persons
        if self.floor_area_m2 is None or persons == 0:
            return None
        return exact_ratio(self.floor_area_m2, persons)


SLEEPING_KINDS = ("bedroom", "room")
"""Units people sleep in, judged as bedrooms (a room let as its own dwelling is its own bedroom too)."""

FLAG_TEXT = {
    "overcrowded": "more persons than beds",
    "bedroom_shared_high_risk": "bedroom shared in a high-risk sector (not a couple)",
    "register_mismatch": "persons found differ from the provider's register",
}
"""What each occupancy flag means, for findings and reports."""


def occupancy(db: Database, site_id: str, high_risk: bool | None = None) -> list[UnitOccupancy]:
    """Every unit of the site, in tree order, with persons found and its flags.

    A unit's persons include those in the units inside it, so a house shows the people of its
    bedrooms; the register and the beds are compared where they were recorded, with that total.
    ``high_risk`` is the site's effective high-risk flag (sector default or override).
    """
    if high_risk is None:
        high_risk = site_high_risk(db, site_id)
    units = db.execute(
        "SELECT id, label, kind, parent_id, beds, registered_persons, floor_area_m2, toilets, showers, "
        "burners, fridge_litres, sockets FROM units "
        "WHERE site_id = ? ORDER BY label COLLATE NOCASE, id",
        [site_id],
    ).fetchall()
    people: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for occupant_id, unit_id, partner in db.execute(
        "SELECT o.id, o.unit_id, o.couple_with FROM occupants o JOIN units u ON u.id = o.unit_id WHERE u.site_id = ?",
        [site_id],
    ).fetchall():
        people[unit_id].append((occupant_id, partner))
    known = {row[0] for row in units}
    children: dict[str, list[str]] = defaultdict(list)
    for row in units:
        if row[3] in known:
            children[row[3]].append(row[0])
    totals: dict[str, int] = {}

    def total(unit_id: str, seen: frozenset[str] = frozenset()) -> int:
        if unit_id not in totals:
            inner = [c for c in children.get(unit_id, []) if c not in seen]  # a cycle counts nobody twice
            totals[unit_id] = len(people.get(unit_id, [])) + sum(total(c, seen | {unit_id}) for c in inner)
        return totals[unit_id]

    kinds = {row[0]: row[2] for row in units}

    def sleeping_in(unit_id: str, seen: frozenset[str] = frozenset()) -> int:
        """Persons who sleep in the unit: its own and those of units inside it that are no room
        or bedroom themselves (the people of a bedroom inside a studio sleep there, not in the studio)."""
        inner = [c for c in children.get(unit_id, []) if c not in seen and kinds[c] not in SLEEPING_KINDS]
        return len(people.get(unit_id, [])) + sum(sleeping_in(c, seen | {unit_id}) for c in inner)

    result = []
    for unit_id, label, kind, parent_id, beds, registered, area, toilets, showers, *appliances in units:
        here = people.get(unit_id, [])
        persons = total(unit_id)
        sleepers = sleeping_in(unit_id) if kind in SLEEPING_KINDS else persons
        ids = {p for p, _ in here}
        couples_only = len(here) == 2 and sleepers == 2 and all(partner in ids for _, partner in here)
        flags = []
        if beds is not None and persons > beds:
            flags.append("overcrowded")
        if high_risk and kind in SLEEPING_KINDS and sleepers > 1 and not couples_only:
            flags.append("bedroom_shared_high_risk")
        if registered is not None and registered != persons:
            flags.append("register_mismatch")
        result.append(
            UnitOccupancy(
                unit_id,
                label,
                kind,
                parent_id if parent_id in known else None,
                persons,
                beds,
                registered,
                area,
                couples_only,
                tuple(flags),
                own_persons=len(here),
                sleepers=sleepers,
                toilets=toilets,
                showers=showers,
                burners=appliances[0],
                fridge_litres=appliances[1],
                sockets=appliances[2],
            )
        )
    return _tree_order(result)


def _tree_order(units: list[UnitOccupancy]) -> list[UnitOccupancy]:
    children: dict[str | None, list[UnitOccupancy]] = defaultdict(list)
    known = {u.unit_id for u in units}
    for unit in units:
        children[unit.parent_id if unit.parent_id in known else None].append(unit)
    ordered: list[UnitOccupancy] = []

    def walk(parent: str | None) -> None:
        for unit in children.get(parent, []):
            ordered.append(unit)
            walk(unit.unit_id)

    walk(None)
    return ordered


def site_figures(db: Database, site_id: str) -> dict[str, float]:
    """Measurements that follow from the site's units and occupants (see ``site_figures_and_units``)."""
    return site_figures_and_units(db, site_id)[0]


def site_figures_and_units(db: Database, site_id: str) -> tuple[dict[str, float], list[UnitOccupancy]]:
    """Measurements that follow from the site's units and occupants (never retyped), and the units
    they were read from (with their occupancy, for judging each dwelling without reading again).

    persons, living_area_m2 (top-level units that are not bedrooms), bedroom_area_m2,
    bedrooms, max_persons_in_a_bedroom (bedrooms and rooms, as the verdicts judge them; a couple
    alone in a bedroom counts as one),
    toilets and showers (sums over units where recorded).
    """
    units = occupancy(db, site_id)
    figures: dict[str, float] = {}
    persons = sum(u.own_persons for u in units)
    if units:
        figures["persons"] = persons
    living = [u.floor_area_m2 for u in units if u.parent_id is None and u.kind != "bedroom"]
    if living and all(a is not None for a in living):
        figures["living_area_m2"] = exact_sum(a for a in living if a is not None)
    bedrooms = _bedrooms(units)
    if bedrooms:
        figures["bedrooms"] = len(bedrooms)
        areas = [area for _b, area in bedrooms]
        if all(a is not None for a in areas):
            figures["bedroom_area_m2"] = exact_sum(a for a in areas if a is not None)
        figures["max_persons_in_a_bedroom"] = max((1 if b.couples_only else b.sleeping) for b, _a in bedrooms)
    for column in ("toilets", "showers"):
        total = db.execute(f"SELECT SUM({column}), COUNT({column}) FROM units WHERE site_id = ?", [site_id]).fetchone()
        if total and total[1]:
            figures[column] = int(total[0])
    return figures, units


def _bedrooms(units: list[UnitOccupancy]) -> list[tuple[UnitOccupancy, float | None]]:
    """The site's bedrooms with the area each adds to the bedroom area, counted once: a room that
    holds a bedroom (a studio) is a bedroom only when someone sleeps in it itself, and then adds
    its area less that of the bedrooms inside it (its floor area includes theirs)."""
    sleeping = [u for u in units if u.kind in SLEEPING_KINDS]
    inner: dict[str, list[UnitOccupancy]] = {}
    ids = {u.unit_id for u in sleeping}
    for unit in sleeping:
        if unit.parent_id in ids:
            inner.setdefault(unit.parent_id, []).append(unit)
    result: list[tuple[UnitOccupancy, float | None]] = []
    for unit in sleeping:
        held = inner.get(unit.unit_id, [])
        if not held:
            result.append((unit, unit.floor_area_m2))
        elif unit.sleeping:
            areas = [h.floor_area_m2 for h in held]
            if unit.floor_area_m2 is None or None in areas:
                result.append((unit, None))
            else:
                own = exact_sum([unit.floor_area_m2, *(-(a or 0.0) for a in areas)])
                result.append((unit, max(own, 0.0)))
    return result


def beds_and_register(units: list[UnitOccupancy]) -> dict[str, tuple[int | None, int | None]]:
    """Per unit, its beds and registered persons as the tables show them: its own where recorded,
    else the sum of those recorded in the units inside it (a caravan's beds are its bedrooms');
    None where nothing is recorded. The occupancy screen and the report's units table alike."""
    known = {u.unit_id for u in units}
    children: dict[str, list[UnitOccupancy]] = {}
    for unit in units:
        if unit.parent_id in known:
            children.setdefault(unit.parent_id, []).append(unit)

    def inside(unit_id: str, seen: frozenset[str]) -> list[UnitOccupancy]:
        found = []
        for child in children.get(unit_id, []):
            if child.unit_id not in seen:  # a cycle of parents counts nobody twice
                found.append(child)
                found.extend(inside(child.unit_id, seen | {child.unit_id}))
        return found

    def total(values: list[int | None]) -> int | None:
        recorded = [v for v in values if v is not None]
        return sum(recorded) if recorded else None

    result = {}
    for unit in units:
        inner = inside(unit.unit_id, frozenset({unit.unit_id}))
        beds = unit.beds if unit.beds is not None else total([u.beds for u in inner])
        registered = unit.registered if unit.registered is not None else total([u.registered for u in inner])
        result[unit.unit_id] = (beds, registered)
    return result
