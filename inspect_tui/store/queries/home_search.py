"""The home list's search, planned for large databases (no Textual here).

A search matches an inspection when its site's name, city or postcode, or its inspector,
contains the text. Testing those four fields on every joined row costs a full scan per
keystroke (about 200 ms for 100,000 inspections). Instead, the few sites and inspectors that
match are found first (5,000 sites, a handful of inspectors in an index), and inspections are
then picked by membership: the newest-first page walks the started-at index and stops after a
page, the count uses the site and inspector indexes. The result is the same as the plain join.
"""

from __future__ import annotations

from typing import Any

from inspect_tui.store import queries
from inspect_tui.store.queries import PAGE_SIZE, InspectionRow, Page
from inspect_tui.store.queries.home import INSPECTION_ROWS, inspection_page
from inspect_tui.store.queries.paging import like_pattern

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
    sql = f"{INSPECTION_ROWS}WHERE {' AND '.join(where)} ORDER BY i.started_at DESC, i.id DESC LIMIT :limit"
    return inspection_page(db.execute(sql, params).fetchall(), limit)


def count_inspections(db: Any, *, search: str = "") -> int:
    """How many inspections match search (the sites' foreign key guarantees every inspection has its site)."""
    if not search.strip():
        return queries.count_inspections(db, search="")
    sql = f"SELECT COUNT(*) FROM inspections WHERE site_id IN ({_SITES}) OR inspector IN ({_INSPECTORS})"
    return int(db.execute(sql, {"q": like_pattern(search)}).fetchone()[0])
