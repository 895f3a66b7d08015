"""Finding an inspection or a site from what an inspector types: the id or its first characters."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.i18n import _, format_date
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
        raise StoreError(_("give the id of an inspection (or its first 6 characters)"))
    if db.execute("SELECT 1 FROM inspections WHERE id = ?", [wanted]).fetchone():
        return wanted
    hint = _(
        "`inspect-tui --db {db} list inspections` shows the ids (the inspection column of "
        "`inspect-tui --db {db} findings --date YYYY-MM-DD` those of a day's findings)"
    ).format(db=db_label)
    if len(wanted) < MIN_PREFIX:
        raise StoreError(
            _("no inspection with id {text}; give the whole id or at least {n} characters of it ({hint})").format(
                text=repr(text.strip()), n=MIN_PREFIX, hint=hint
            )
        )
    rows = db.execute(
        "SELECT i.id, i.started_at, s.name FROM inspections i LEFT JOIN sites s ON s.id = i.site_id "
        "WHERE i.id LIKE ? ESCAPE '\\' ORDER BY i.started_at DESC, i.id LIMIT ?",
        [_like_prefix(wanted), _SHOWN + 1],
    ).fetchall()
    if not rows:
        raise StoreError(
            _("no inspection with an id starting with {text}; {hint}").format(text=repr(text.strip()), hint=hint)
        )
    if len(rows) > 1:
        shown = "; ".join(f"{r[0]} ({r[2] or _('unknown site')}, {format_date(str(r[1]))})" for r in rows[:_SHOWN])
        more = " " + _("and more") if len(rows) > _SHOWN else ""
        raise StoreError(
            _("{text} matches several inspections: {shown}{more}; give more characters").format(
                text=repr(text.strip()), shown=shown, more=more
            )
        )
    return str(rows[0][0])


def resolve_site_id(db: Database, text: str) -> str:
    """The id of the site ``text`` names (its id, or a unique prefix of at least 6 characters)."""
    wanted = text.strip().lower()
    if db.execute("SELECT 1 FROM sites WHERE id = ?", [wanted]).fetchone():
        return wanted
    if len(wanted) < MIN_PREFIX:
        raise StoreError(
            _("no site with id {text}; give the whole id or at least {n} characters").format(
                text=repr(text.strip()), n=MIN_PREFIX
            )
        )
    rows = db.execute(
        "SELECT id, name FROM sites WHERE id LIKE ? ESCAPE '\\' ORDER BY name, id LIMIT ?",
        [_like_prefix(wanted), _SHOWN + 1],
    ).fetchall()
    if not rows:
        raise StoreError(_("no site with an id starting with {text}").format(text=repr(text.strip())))
    if len(rows) > 1:
        shown = "; ".join(f"{r[0]} ({r[1]})" for r in rows[:_SHOWN])
        raise StoreError(
            _("{text} matches several sites: {shown}; give more characters").format(
                text=repr(text.strip()), shown=shown
            )
        )
    return str(rows[0][0])
