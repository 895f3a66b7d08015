"""A house whose area per person lies just under its norms, where rounding half up would cross them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from inspect_tui.domain.enums import SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import save
from inspect_tui.store import workflow as wf

MONDAY = dt.datetime(2026, 11, 16, 9, 0)


@dataclass(frozen=True)
class NearNorm:
    site_id: str
    inspection_id: str
    units: dict[str, str]
    """Unit id by label: Huis, Kamer 1, Kamer 2."""


def near_norm_house(db: Database) -> NearNorm:
    """Huis (type a, SNF 12 m²/p): 119.6 m² for 10 persons = 11.96 m²/p; Kamer 1: 10.45 m² for 3 =
    3.48 m²/p (bedroom norm 3.5); Kamer 2: 35 m² for 7. Half up would show 12.0 and 3.5. An SNF
    inspection of it is started."""
    site = Site(name="Testlocatie", housing_type=SnfHousingType.REGULAR_DWELLING)
    save(db, site)
    house = Unit(site_id=site.id, label="Huis", kind=UnitKind.BUILDING, floor_area_m2=119.6, toilets=2, showers=2)
    save(db, house)
    room = Unit(site_id=site.id, label="Kamer 1", kind=UnitKind.BEDROOM, parent_id=house.id, floor_area_m2=10.45)
    other = Unit(site_id=site.id, label="Kamer 2", kind=UnitKind.BEDROOM, parent_id=house.id, floor_area_m2=35.0)
    save(db, room)
    save(db, other)
    for number in range(10):
        save(db, Occupant(unit_id=room.id if number < 3 else other.id, name=f"Bewoner {number}"))
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    return NearNorm(site.id, inspection.id, {"Huis": house.id, "Kamer 1": room.id, "Kamer 2": other.id})
