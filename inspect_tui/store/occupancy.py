"""Who sleeps where: per-unit occupancy, its flags, and the site figures it yields."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlite_utils import Database


@dataclass(frozen=True)
class UnitOccupancy:
    """Occupancy of one unit: persons found against beds and the provider's register."""

    unit_id: str
    label: str
    kind: str
    parent_id: str | None
    persons: int
    beds: int | None
    registered: int | None
    floor_area_m2: float | None
    couples_only: bool
    """Every person sharing this unit shares it with their own partner (a couple)."""
    flags: tuple[str, ...] = field(default=())
    """overcrowded, bedroom_shared_high_risk, register_mismatch."""

    @property
    def area_per_person(self) -> float | None:
        if self.floor_area_m2 is None or self.persons == 0:
            return None
        return self.floor_area_m2 / self.persons


FLAG_TEXT = {
    "overcrowded": "more persons than beds",
    "bedroom_shared_high_risk": "bedroom shared in a high-risk sector (not a couple)",
    "register_mismatch": "persons found differ from the provider's register",
}
"""What each occupancy flag means, for findings and reports."""


def occupancy(db: Database, site_id: str) -> list[UnitOccupancy]:
    """Every unit of the site, in tree order, with persons found and its flags."""
    site = db.execute("SELECT high_risk FROM sites WHERE id = ?", [site_id]).fetchone()
    high_risk = bool(site and site[0])
    units = db.execute(
        "SELECT id, label, kind, parent_id, beds, registered_persons, floor_area_m2 FROM units "
        "WHERE site_id = ? ORDER BY label COLLATE NOCASE, id",
        [site_id],
    ).fetchall()
    people: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for occupant_id, unit_id, partner in db.execute(
        "SELECT o.id, o.unit_id, o.couple_with FROM occupants o JOIN units u ON u.id = o.unit_id WHERE u.site_id = ?",
        [site_id],
    ).fetchall():
        people[unit_id].append((occupant_id, partner))
    result = []
    for unit_id, label, kind, parent_id, beds, registered, area in units:
        here = people.get(unit_id, [])
        ids = {p for p, _ in here}
        couples_only = len(here) == 2 and all(partner in ids for _, partner in here)
        flags = []
        if beds is not None and len(here) > beds:
            flags.append("overcrowded")
        if high_risk and kind == "bedroom" and len(here) > 1 and not couples_only:
            flags.append("bedroom_shared_high_risk")
        if registered is not None and registered != len(here):
            flags.append("register_mismatch")
        result.append(
            UnitOccupancy(
                unit_id, label, kind, parent_id, len(here), beds, registered, area, couples_only, tuple(flags)
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
    """Measurements that follow from the site's units and occupants (never retyped).

    persons, living_area_m2 (top-level units that are not bedrooms), bedroom_area_m2,
    bedrooms, max_persons_in_a_bedroom (a couple alone in a bedroom counts as one),
    toilets and showers (sums over units where recorded).
    """
    units = occupancy(db, site_id)
    figures: dict[str, float] = {}
    persons = sum(u.persons for u in units)
    if units:
        figures["persons"] = persons
    living = [u.floor_area_m2 for u in units if u.parent_id is None and u.kind != "bedroom"]
    if living and all(a is not None for a in living):
        figures["living_area_m2"] = float(sum(a for a in living if a is not None))
    bedrooms = [u for u in units if u.kind == "bedroom"]
    if bedrooms:
        figures["bedrooms"] = len(bedrooms)
        areas = [b.floor_area_m2 for b in bedrooms]
        if all(a is not None for a in areas):
            figures["bedroom_area_m2"] = float(sum(a for a in areas if a is not None))
        figures["max_persons_in_a_bedroom"] = max((1 if b.couples_only else b.persons) for b in bedrooms)
    for column in ("toilets", "showers"):
        total = db.execute(f"SELECT SUM({column}), COUNT({column}) FROM units WHERE site_id = ?", [site_id]).fetchone()
        if total and total[1]:
            figures[column] = int(total[0])
    return figures
