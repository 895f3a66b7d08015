"""Read-only, paged queries for the terminal app (no Textual here).

Long lists are read with keyset pagination: each page starts after the sort key of the
last row of the previous page, so page 1,000 costs what page 1 costs and no widget ever
holds every row.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlite_utils import Database

T = TypeVar("T")

PAGE_SIZE = 100
"""Rows read per page."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows and the key to continue after it (None when there is no more)."""

    rows: list[T]
    next_key: tuple[str, str] | None


def _like(search: str) -> str:
    escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _page(rows: list[T], keys: list[tuple[str, str]], limit: int) -> Page[T]:
    if len(rows) > limit:
        return Page(rows[:limit], keys[limit - 1])
    return Page(rows, None)


# --- inspections -------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionRow:
    """An inspection as listed on the home screen."""

    id: str
    site_id: str
    site_name: str
    city: str | None
    started_at: dt.datetime
    status: str
    inspector: str
    templates: list[str]
    answered: int
    open_findings: int


_INSPECTION_SEARCH = (
    "(s.name LIKE :q ESCAPE '\\' OR s.city LIKE :q ESCAPE '\\' OR i.inspector LIKE :q ESCAPE '\\' "
    "OR s.postcode LIKE :q ESCAPE '\\')"
)


def inspections_page(
    db: Database, *, search: str = "", after: tuple[str, str] | None = None, limit: int = PAGE_SIZE
) -> Page[InspectionRow]:
    """Inspections, newest first, whose site name, city, postcode or inspector contains search."""
    where = []
    params: dict[str, object] = {"limit": limit + 1}
    if after is not None:
        where.append("(i.started_at < :at OR (i.started_at = :at AND i.id < :id))")
        params.update(at=after[0], id=after[1])
    if search.strip():
        where.append(_INSPECTION_SEARCH)
        params["q"] = _like(search)
    sql = (
        "SELECT i.id, i.site_id, s.name, s.city, i.started_at, i.status, i.inspector, i.templates, "
        "(SELECT COUNT(*) FROM answers a WHERE a.inspection_id = i.id AND a.value IS NOT NULL), "
        "(SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id AND f.status = 'open') "
        "FROM inspections i JOIN sites s ON s.id = i.site_id "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + "ORDER BY i.started_at DESC, i.id DESC LIMIT :limit"
    )
    rows, keys = [], []
    for r in db.execute(sql, params).fetchall():
        rows.append(
            InspectionRow(
                id=r[0], site_id=r[1], site_name=r[2], city=r[3],
                started_at=dt.datetime.fromisoformat(r[4]), status=r[5], inspector=r[6],
                templates=json.loads(r[7]) if r[7] else [], answered=int(r[8]), open_findings=int(r[9]),
            )
        )
        keys.append((str(r[4]), str(r[0])))
    return _page(rows, keys, limit)


def count_inspections(db: Database, *, search: str = "") -> int:
    """How many inspections match search."""
    if not search.strip():
        return int(db.execute("SELECT COUNT(*) FROM inspections").fetchone()[0])
    sql = f"SELECT COUNT(*) FROM inspections i JOIN sites s ON s.id = i.site_id WHERE {_INSPECTION_SEARCH}"
    return int(db.execute(sql, {"q": _like(search)}).fetchone()[0])


@dataclass(frozen=True)
class DaySummary:
    """What happened on one day, for the home screen's header line."""

    started: int
    drafts: int
    open_drafts_total: int


def day_summary(db: Database, day: dt.date) -> DaySummary:
    """Inspections started on day, how many of those are drafts, and drafts overall."""
    start, end = day.isoformat(), (day + dt.timedelta(days=1)).isoformat()
    started, drafts = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(status = 'draft'), 0) FROM inspections "
        "WHERE started_at >= ? AND started_at < ?",
        [start, end],
    ).fetchone()
    total = db.execute("SELECT COUNT(*) FROM inspections WHERE status = 'draft'").fetchone()[0]
    return DaySummary(int(started), int(drafts), int(total))


def last_inspector(db: Database) -> str | None:
    """The inspector of the most recent inspection (a default for the next one)."""
    row = db.execute("SELECT inspector FROM inspections ORDER BY started_at DESC LIMIT 1").fetchone()
    return None if row is None else str(row[0])


# --- sites -------------------------------------------------------------------------------


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
    street: str | None, number: int | None, letter: str | None, addition: str | None,
    postcode: str | None, city: str | None,
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
        params["q"] = _like(search)
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
                id=r[0], name=r[1], kind=r[2], address=format_address(r[3], r[4], r[5], r[6], r[7], None),
                city=r[8], units=int(r[9]), last_inspected=dt.datetime.fromisoformat(r[10]) if r[10] else None,
            )
        )
        keys.append((str(r[1]), str(r[0])))
    return _page(rows, keys, limit)


def count_sites(db: Database, *, search: str = "") -> int:
    """How many sites match search."""
    if not search.strip():
        return int(db.execute("SELECT COUNT(*) FROM sites").fetchone()[0])
    return int(db.execute(f"SELECT COUNT(*) FROM sites WHERE {_SITE_SEARCH}", {"q": _like(search)}).fetchone()[0])


# --- units and occupants -----------------------------------------------------------------


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


# --- answers and findings ----------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    """The stored answer to one item."""

    item_id: str
    value: str | None
    verdict: str
    figure: float | None
    note: str | None


def inspection_answers(db: Database, inspection_id: str) -> dict[str, AnswerRow]:
    """Every answer of an inspection by item id."""
    rows = db.execute(
        "SELECT item_id, value, verdict, figure, note FROM answers WHERE inspection_id = ?", [inspection_id]
    ).fetchall()
    return {r[0]: AnswerRow(*r) for r in rows}


@dataclass(frozen=True)
class FindingRow:
    """A finding with the number of attached files."""

    id: str
    item_id: str | None
    unit_id: str | None
    severity: str
    description: str
    deadline: dt.date
    status: str
    origin_id: str | None
    attachments: int


def inspection_findings(db: Database, inspection_id: str) -> list[FindingRow]:
    """The findings of one inspection, most severe first."""
    rows = db.execute(
        "SELECT id, item_id, unit_id, severity, description, deadline, status, origin_id, "
        "(SELECT COUNT(*) FROM attachments a WHERE a.finding_id = findings.id) FROM findings "
        "WHERE inspection_id = ? ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 ELSE 2 END, "
        "deadline, id",
        [inspection_id],
    ).fetchall()
    return [
        FindingRow(r[0], r[1], r[2], r[3], r[4], dt.date.fromisoformat(r[5]), r[6], r[7], int(r[8]))
        for r in rows
    ]


@dataclass(frozen=True)
class AttachmentRow:
    """A file attached to a finding."""

    id: str
    file_name: str
    media_type: str
    size: int
    sha256: str


def finding_attachments(db: Database, finding_id: str) -> list[AttachmentRow]:
    """The files attached to one finding, by name."""
    rows = db.execute(
        "SELECT id, file_name, media_type, size, sha256 FROM attachments WHERE finding_id = ? "
        "ORDER BY file_name, id",
        [finding_id],
    ).fetchall()
    return [AttachmentRow(*r) for r in rows]


def reviews_of(db: Database, inspection_id: str) -> list[tuple[str, str, str | None, dt.datetime]]:
    """(reviewer, decision, reason, when) of an inspection, oldest first."""
    rows = db.execute(
        "SELECT reviewer, decision, reason, created_at FROM reviews WHERE inspection_id = ? ORDER BY created_at",
        [inspection_id],
    ).fetchall()
    return [(r[0], r[1], r[2], dt.datetime.fromisoformat(r[3])) for r in rows]
