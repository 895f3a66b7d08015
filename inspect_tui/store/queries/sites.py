"""Sites (paged, searchable), a site's units and a unit's occupants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspect_tui.store.queries.paging import PAGE_SIZE, Page, like_pattern, page_of

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class SiteRow:
    """A site as listed on the home screen."""

    id: str
    name: str
    kind: str
    address: str
    city: str | None
    units: int
    last_inspected: dt.datetime | None


_SITE_SEARCH = (
    "(name LIKE :q ESCAPE '\\' OR city LIKE :q ESCAPE '\\' OR street LIKE :q ESCAPE '\\' "
    "OR postcode LIKE :q ESCAPE '\\' OR operator_name LIKE :q ESCAPE '\\')"
)


def format_address(
    street: str | None,
    number: int | None,
    letter: str | None,
    addition: str | None,
    postcode: str | None,
    city: str | None,
) -> str:
    """A short address: "Straat 12A-2, 1234 AB"."""
    house = ""
    if number is not None:
        house = f"{number}{letter or ''}" + (f"-{addition}" if addition else "")
    first = " ".join(p for p in (street, house) if p)
    return ", ".join(p for p in (first, postcode) if p)


def sites_page(
    db: Database, *, search: str = "", after: tuple[str, str] | None = None, limit: int = PAGE_SIZE
) -> Page[SiteRow]:
    """Sites by name whose name, city, street, postcode or operator contains search."""
    where = []
    params: dict[str, object] = {"limit": limit + 1}
    if after is not None:
        where.append("(name > :name OR (name = :name AND id > :id))")
        params.update(name=after[0], id=after[1])
    if search.strip():
        where.append(_SITE_SEARCH)
        params["q"] = like_pattern(search)
    sql = (
        "SELECT id, name, kind, street, house_number, house_letter, house_addition, postcode, city, "
        "(SELECT COUNT(*) FROM units u WHERE u.site_id = sites.id), "
        "(SELECT MAX(started_at) FROM inspections i WHERE i.site_id = sites.id) "
        "FROM sites " + (f"WHERE {' AND '.join(where)} " if where else "") + "ORDER BY name, id LIMIT :limit"
    )
    rows, keys = [], []
    for r in db.execute(sql, params).fetchall():
        rows.append(
            SiteRow(
                id=r[0],
                name=r[1],
                kind=r[2],
                address=format_address(r[3], r[4], r[5], r[6], r[7], None),
                city=r[8],
                units=int(r[9]),
                last_inspected=dt.datetime.fromisoformat(r[10]) if r[10] else None,
            )
        )
        keys.append((str(r[1]), str(r[0])))
    return page_of(rows, keys, limit)


def count_sites(db: Database, *, search: str = "") -> int:
    """How many sites match search."""
    if not search.strip():
        return int(db.execute("SELECT COUNT(*) FROM sites").fetchone()[0])
    return int(
        db.execute(f"SELECT COUNT(*) FROM sites WHERE {_SITE_SEARCH}", {"q": like_pattern(search)}).fetchone()[0]
    )


@dataclass(frozen=True)
class UnitRow:
    """A unit of a site with the number of occupants registered in it."""

    id: str
    label: str
    kind: str
    parent_id: str | None
    floor_area_m2: float | None
    beds: int | None
    registered_persons: int | None
    occupants: int


def site_units(db: Database, site_id: str) -> list[UnitRow]:
    """Every unit of one site (a site has tens to hundreds, never the whole database)."""
    rows = db.execute(
        "SELECT id, label, kind, parent_id, floor_area_m2, beds, registered_persons, "
        "(SELECT COUNT(*) FROM occupants o WHERE o.unit_id = units.id) "
        "FROM units WHERE site_id = ? ORDER BY label COLLATE NOCASE, id",
        [site_id],
    ).fetchall()
    return [UnitRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], int(r[7])) for r in rows]


@dataclass(frozen=True)
class OccupantRow:
    """An occupant as listed under a unit (the BSN is masked by whoever shows it)."""

    id: str
    name: str
    bsn: str | None
    nationality: str | None
    brp_status: str
    couple_with: str | None
    employer: str | None


def unit_occupants(db: Database, unit_id: str) -> list[OccupantRow]:
    """The occupants of one unit, by name."""
    rows = db.execute(
        "SELECT id, name, bsn, nationality, brp_status, couple_with, employer FROM occupants "
        "WHERE unit_id = ? ORDER BY name COLLATE NOCASE, id",
        [unit_id],
    ).fetchall()
    return [OccupantRow(*r) for r in rows]
