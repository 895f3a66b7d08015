"""Small databases for the TUI tests, built through the store (never from sample.db)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from inspect_tui.domain.enums import Certification, Sector, SiteKind, SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import open_db, save

FIXED_NOW = dt.datetime(2024, 5, 14, 10, 30)
"""The clock every TUI test runs on."""

VALID_BSN = "111222333"
"""Passes the 11-proef."""
INVALID_BSN = "123456789"
"""Fails the 11-proef."""


def fixed_clock() -> dt.datetime:
    return FIXED_NOW


@dataclass
class Seeded:
    path: Path
    site_id: str
    house_id: str
    bedroom_ids: list[str]
    occupant_ids: list[str]
    workplace_id: str


def seed(path: Path) -> Seeded:
    """A house with two bedrooms and three occupants, and a workplace; stable names, fresh ids."""
    db = open_db(path, create=True)
    site = Site(
        name="Vakantiepark De Wilgen",
        kind=SiteKind.HOUSING,
        housing_type=SnfHousingType.REGULAR_DWELLING,
        sector=Sector.MEAT_PROCESSING,
        high_risk=True,
        street="Dorpsstraat",
        house_number=12,
        postcode="1234 AB",
        city="Wilgendam",
        certification=Certification.SNF,
        operator_name="Huisvester BV",
    )
    save(db, site)
    house = Unit(
        site_id=site.id,
        label="Huis 12",
        kind=UnitKind.BUILDING,
        floor_area_m2=40,
        beds=4,
        registered_persons=3,
        toilets=1,
        showers=1,
    )
    save(db, house)
    bedrooms = []
    for label, area, beds in (("Kamer 1", 12.0, 2), ("Kamer 2", 9.5, 2)):
        room = Unit(
            site_id=site.id, label=label, kind=UnitKind.BEDROOM, parent_id=house.id, floor_area_m2=area, beds=beds
        )
        save(db, room)
        bedrooms.append(room.id)
    occupants = []
    for name, room, bsn in (
        ("Jan Kowalski", bedrooms[0], VALID_BSN),
        ("Piotr Nowak", bedrooms[0], None),
        ("Ana Popescu", bedrooms[1], None),
    ):
        person = Occupant(unit_id=room, name=name, bsn=bsn, nationality="PL")
        save(db, person)
        occupants.append(person.id)
    workplace = Site(
        name="Slachterij Oost",
        kind=SiteKind.WORKPLACE,
        sector=Sector.MEAT_PROCESSING,
        street="Industrieweg",
        house_number=3,
        postcode="5678 CD",
        city="Oosterburg",
    )
    save(db, workplace)
    db.close()
    return Seeded(path, site.id, house.id, bedrooms, occupants, workplace.id)


async def wait_for(pilot: object, condition: object, timeout: float = 5.0) -> None:
    """Let the app run (workers are threads) until condition() holds; fail after timeout."""
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {getattr(condition, '__name__', condition)}")
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    await asyncio.sleep(0)


def read(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Rows from the database file, through a fresh connection (what a restart would see)."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        return list(conn.execute(sql, params).fetchall())
