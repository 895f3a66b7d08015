"""Finding an inspection or a site from what an inspector types: the id or its first characters."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.store.db import StoreError

MIN_PREFIX = 6
"""Shortest id prefix accepted instead of the whole id."""

_SHOWN = 5


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def resolve_inspection_id(db: Database, text: str, db_label: str = "X") -> str:
    """The id of the inspection ``text`` names (its id, or a unique prefix of at least 6 characters)."""
    wanted = text.strip().lower()
    if not wanted:
        raise StoreError("give the id of an inspection (or its first 6 characters)")
    if db.execute("SELECT 1 FROM inspections WHERE id = ?", [wanted]).fetchone():
        return wanted
    hint = (
        f"the inspection column of `inspect-tui --db {db_label} findings --date YYYY-MM-DD` "
        "shows the ids of a day's inspections"
    )
    if len(wanted) < MIN_PREFIX:
        raise StoreError(
            f"no inspection with id {text.strip()!r}; give the whole id or at least {MIN_PREFIX} characters "
            f"of it ({hint})"
        )
    rows = db.execute(
        "SELECT i.id, i.started_at, s.name FROM inspections i LEFT JOIN sites s ON s.id = i.site_id "
        "WHERE i.id LIKE ? ESCAPE '\\' ORDER BY i.started_at DESC, i.id LIMIT ?",
        [_like_prefix(wanted), _SHOWN + 1],
    ).fetchall()
    if not rows:
        raise StoreError(f"no inspection with an id starting with {text.strip()!r}; {hint}")
    if len(rows) > 1:
        shown = "; ".join(f"{r[0]} ({r[2] or 'unknown site'}, {str(r[1])[:10]})" for r in rows[:_SHOWN])
        more = " and more" if len(rows) > _SHOWN else ""
        raise StoreError(f"{text.strip()!r} matches several inspections: {shown}{more}; give more characters")
    return str(rows[0][0])


def resolve_site_id(db: Database, text: str) -> str:
    """The id of the site ``text`` names (its id, or a unique prefix of at least 6 characters)."""
    wanted = text.strip().lower()
    if db.execute("SELECT 1 FROM sites WHERE id = ?", [wanted]).fetchone():
        return wanted
    if len(wanted) < MIN_PREFIX:
        raise StoreError(f"no site with id {text.strip()!r}; give the whole id or at least {MIN_PREFIX} characters")
    rows = db.execute(
        "SELECT id, name FROM sites WHERE id LIKE ? ESCAPE '\\' ORDER BY name, id LIMIT ?",
        [_like_prefix(wanted), _SHOWN + 1],
    ).fetchall()
    if not rows:
        raise StoreError(f"no site with an id starting with {text.strip()!r}")
    if len(rows) > 1:
        shown = "; ".join(f"{r[0]} ({r[1]})" for r in rows[:_SHOWN])
        raise StoreError(f"{text.strip()!r} matches several sites: {shown}; give more characters")
    return str(rows[0][0])
