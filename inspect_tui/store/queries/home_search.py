"""The home list's search, planned for large databases (no Textual here).

A search matches an inspection when its site's name, city or postcode, or its inspector,
contains the text. Testing those four fields on every joined row costs a full scan per
keystroke (about 200 ms for 100,000 inspections). Instead, the few sites and inspectors that
match are found first (5,000 sites, a handful of inspectors in an index), and inspections are
then picked by membership: the newest-first page walks the started-at index and stops after a
page, the count uses the site and inspector indexes. The result is the same as the plain join.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from inspect_tui.store import queries
from inspect_tui.store.open_findings import STILL_OPEN
from inspect_tui.store.queries import PAGE_SIZE, InspectionRow, Page

_SITES = (
    "SELECT id FROM sites WHERE name LIKE :q ESCAPE '\\' OR city LIKE :q ESCAPE '\\' OR postcode LIKE :q ESCAPE '\\'"
)
# The inspectors are a handful of names over 100,000 rows: SELECT DISTINCT would read the whole
# inspector index at every key (10-30 ms). Stepping from each name to the next one in the index
# (one seek per name) lists them in well under a millisecond; NULL is never a match either way.
_INSPECTORS = (
    "WITH RECURSIVE names(name) AS ("
    "SELECT MIN(inspector) FROM inspections UNION ALL "
    "SELECT (SELECT MIN(inspector) FROM inspections WHERE inspector > names.name) FROM names "
    "WHERE names.name IS NOT NULL) "
    "SELECT name FROM names WHERE name LIKE :q ESCAPE '\\'"
)
# The unary + keeps SQLite from answering the page through the site index and sorting every
# match: walking the started-at index in order stops as soon as the page is full.
_MATCH = f"(+i.site_id IN ({_SITES}) OR +i.inspector IN ({_INSPECTORS}))"


def like_pattern(search: str) -> str:
    """The LIKE pattern for "contains search" (wildcards in search are taken literally)."""
    escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def inspections_page(
    db: Any, *, search: str = "", after: tuple[str, str] | None = None, limit: int = PAGE_SIZE
) -> Page[InspectionRow]:
    """Inspections, newest first, whose site name, city, postcode or inspector contains search."""
    if not search.strip():
        return queries.inspections_page(db, search="", after=after, limit=limit)
    where = [_MATCH]
    params: dict[str, object] = {"limit": limit + 1, "q": like_pattern(search)}
    if after is not None:
        where.append("(i.started_at < :at OR (i.started_at = :at AND i.id < :id))")
        params.update(at=after[0], id=after[1])
    sql = (
        "SELECT i.id, i.site_id, s.name, s.city, i.started_at, i.status, i.inspector, i.templates, "
        "(SELECT COUNT(*) FROM answers a WHERE a.inspection_id = i.id AND a.value IS NOT NULL), "
        f"(SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id AND {STILL_OPEN}) "
        "FROM inspections i JOIN sites s ON s.id = i.site_id "
        f"WHERE {' AND '.join(where)} ORDER BY i.started_at DESC, i.id DESC LIMIT :limit"
    )
    rows, keys = [], []
    for r in db.execute(sql, params).fetchall():
        rows.append(
            InspectionRow(
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
        )
        keys.append((str(r[4]), str(r[0])))
    if len(rows) > limit:
        return Page(rows[:limit], keys[limit - 1])
    return Page(rows, None)


def count_inspections(db: Any, *, search: str = "") -> int:
    """How many inspections match search (the sites' foreign key guarantees every inspection has its site)."""
    if not search.strip():
        return queries.count_inspections(db, search="")
    sql = f"SELECT COUNT(*) FROM inspections WHERE site_id IN ({_SITES}) OR inspector IN ({_INSPECTORS})"
    return int(db.execute(sql, {"q": like_pattern(search)}).fetchone()[0])
