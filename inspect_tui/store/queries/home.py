"""The home screen's lists: inspections (paged, searchable), the day's summary, the last inspector."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from inspect_tui.store.open_findings import STILL_OPEN
from inspect_tui.store.queries.paging import PAGE_SIZE, Page, like_pattern, page_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlite_utils import Database


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


INSPECTION_ROWS = (
    "SELECT i.id, i.site_id, s.name, s.city, i.started_at, i.status, i.inspector, i.templates, "
    "(SELECT COUNT(*) FROM answers a WHERE a.inspection_id = i.id AND a.value IS NOT NULL), "
    f"(SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id AND {STILL_OPEN}) "
    "FROM inspections i JOIN sites s ON s.id = i.site_id "
)
"""An inspection as the lists show it: its site, its answered items and open findings counted (add WHERE …);
a finding carried into a re-inspection is open there, not here (``store/open_findings.py``)."""

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
        params["q"] = like_pattern(search)
    sql = (
        INSPECTION_ROWS
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + "ORDER BY i.started_at DESC, i.id DESC LIMIT :limit"
    )
    return inspection_page(db.execute(sql, params).fetchall(), limit)


def inspection_row(r: Sequence[Any]) -> InspectionRow:
    """An InspectionRow from a row of INSPECTION_ROWS."""
    return InspectionRow(
        id=r[0],
        site_id=r[1],
        site_name=r[2],
        city=r[3],
        started_at=dt.datetime.fromisoformat(r[4]),
        status=r[5],
        inspector=r[6],
        templates=json.loads(r[7]) if r[7] else [],
        answered=int(r[8]),
        open_findings=int(r[9]),
    )


def inspection_page(rows: Sequence[Sequence[Any]], limit: int) -> Page[InspectionRow]:
    """The page of rows of INSPECTION_ROWS read newest first with limit + 1 (the extra row says more follow)."""
    return page_of([inspection_row(r) for r in rows], [(str(r[4]), str(r[0])) for r in rows], limit)


def count_inspections(db: Database, *, search: str = "") -> int:
    """How many inspections match search."""
    if not search.strip():
        return int(db.execute("SELECT COUNT(*) FROM inspections").fetchone()[0])
    sql = f"SELECT COUNT(*) FROM inspections i JOIN sites s ON s.id = i.site_id WHERE {_INSPECTION_SEARCH}"
    return int(db.execute(sql, {"q": like_pattern(search)}).fetchone()[0])


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
        "SELECT COUNT(*), COALESCE(SUM(status = 'draft'), 0) FROM inspections WHERE started_at >= ? AND started_at < ?",
        [start, end],
    ).fetchone()
    total = db.execute("SELECT COUNT(*) FROM inspections WHERE status = 'draft'").fetchone()[0]
    return DaySummary(int(started), int(drafts), int(total))


def last_inspector(db: Database) -> str | None:
    """The inspector of the most recent inspection (a default for the next one)."""
    row = db.execute("SELECT inspector FROM inspections ORDER BY started_at DESC LIMIT 1").fetchone()
    return None if row is None else str(row[0])
