"""Lists for the command line: inspections, sites and findings with their ids and key columns.

Headless (no Textual): `inspect-tui list …` prints them as a table or as JSON. The filters
narrow in SQL; the site text matches name, city, street or postcode (any case).
"""

from __future__ import annotations

import datetime as dt

from inspect_tui.domain.named_tuple import TYPE_CHECKING, NamedTuple
from inspect_tui.i18n import N_

if TYPE_CHECKING:  # typing is not loaded at run time (see ``domain.named_tuple``)
    from typing import Any

    from sqlite_utils import Database

STATUSES = {
    "inspections": ("draft", "completed", "returned", "approved"),
    "sites": ("draft", "completed", "returned", "approved"),
    "findings": ("open", "resolved", "withdrawn", "overdue"),
}
"""The --status values each list takes."""

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "inspections": (
        ("id", N_("Id")),
        ("started_at", N_("Started")),
        ("status", N_("Status")),
        ("inspector", N_("Inspector")),
        ("site", N_("Site")),
        ("city", N_("City")),
        ("open_findings", N_("Open")),
    ),
    "sites": (
        ("id", N_("Id")),
        ("name", N_("Name")),
        ("city", N_("City")),
        ("kind", N_("Kind")),
        ("last_inspected", N_("Last inspected")),
        ("inspections", N_("Inspections")),
    ),
    "findings": (
        ("inspection_id", N_("Inspection")),
        ("deadline", N_("Deadline")),
        ("severity", N_("Severity")),
        ("status", N_("Status")),
        ("site", N_("Site")),
        ("item_id", N_("Item")),
        ("description", N_("Finding")),
    ),
}
"""The columns of each list as a table: the row's key and the column's title."""


class ListFilter(NamedTuple):
    """What `list` narrows to (every field optional)."""

    start: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None
    inspector: str | None = None
    site_text: str | None = None


def _like(text: str) -> str:
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


SITE_MATCH = (
    "(s.name LIKE :site ESCAPE '\\' OR s.city LIKE :site ESCAPE '\\' OR s.street LIKE :site ESCAPE '\\' "
    "OR REPLACE(s.postcode, ' ', '') LIKE REPLACE(:site, ' ', '') ESCAPE '\\')"
)


def list_inspections(db: Database, wanted: ListFilter) -> list[dict[str, Any]]:
    """Inspections newest first: id, start (RFC 3339), status, inspector, site, open findings."""
    from inspect_tui.i18n.summer_time import amsterdam_text
    from inspect_tui.store.open_findings import STILL_OPEN

    where, params = ["1"], {}
    if wanted.start is not None:
        where.append("i.started_at >= :start")
        params["start"] = wanted.start.isoformat()
    if wanted.end is not None:
        where.append("i.started_at < :end")
        params["end"] = (wanted.end + dt.timedelta(days=1)).isoformat()
    if wanted.status:
        where.append("i.status = :status")
        params["status"] = wanted.status
    if wanted.inspector:
        where.append("i.inspector = :inspector COLLATE NOCASE")
        params["inspector"] = wanted.inspector.strip()
    if wanted.site_text:
        where.append(SITE_MATCH)
        params["site"] = _like(wanted.site_text)
    rows = db.execute(
        f"""
        SELECT i.id, i.started_at, i.status, i.inspector, s.id, s.name, s.city,
               (SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id AND {STILL_OPEN})
        FROM inspections i JOIN sites s ON s.id = i.site_id
        WHERE {" AND ".join(where)}
        ORDER BY i.started_at DESC, i.id DESC
        """,
        params,
    ).fetchall()
    return [
        {
            "id": r[0],
            "started_at": amsterdam_text(r[1]),
            "status": r[2],
            "inspector": r[3],
            "site_id": r[4],
            "site": r[5],
            "city": r[6] or "",
            "open_findings": int(r[7]),
        }
        for r in rows
    ]


def list_sites(db: Database, wanted: ListFilter) -> list[dict[str, Any]]:
    """Sites by name: id, name, city, kind, last inspection (start), inspections in the period."""
    from inspect_tui.i18n.summer_time import amsterdam_text

    where, params = ["1"], {}
    if wanted.site_text:
        where.append(SITE_MATCH)
        params["site"] = _like(wanted.site_text)
    period = ["i.site_id = s.id"]
    if wanted.start is not None:
        period.append("i.started_at >= :start")
        params["start"] = wanted.start.isoformat()
    if wanted.end is not None:
        period.append("i.started_at < :end")
        params["end"] = (wanted.end + dt.timedelta(days=1)).isoformat()
    if wanted.inspector:
        period.append("i.inspector = :inspector COLLATE NOCASE")
        params["inspector"] = wanted.inspector.strip()
    if wanted.status:
        period.append("i.status = :status")
        params["status"] = wanted.status
    narrowed = len(period) > 1
    if narrowed:
        where.append(f"EXISTS (SELECT 1 FROM inspections i WHERE {' AND '.join(period)})")
    rows = db.execute(
        f"""
        SELECT s.id, s.name, s.city, s.kind,
               (SELECT MAX(i.started_at) FROM inspections i WHERE i.site_id = s.id),
               (SELECT COUNT(*) FROM inspections i WHERE {" AND ".join(period)})
        FROM sites s
        WHERE {" AND ".join(where)}
        ORDER BY s.name COLLATE NOCASE, s.id
        """,
        params,
    ).fetchall()
    return [
        {
            "id": r[0],
            "name": r[1],
            "city": r[2] or "",
            "kind": r[3],
            "last_inspected": amsterdam_text(r[4]) if r[4] else None,
            "inspections": int(r[5]),
        }
        for r in rows
    ]


def list_findings(db: Database, wanted: ListFilter, *, today: dt.date) -> list[dict[str, Any]]:
    """Findings (status open, resolved, withdrawn or overdue) of the period, by site and severity."""
    from inspect_tui.reports.findings import ExportFilter, select_findings  # here: the other lists do without

    site_ids = None
    if wanted.site_text:
        site_ids = [
            str(r[0])
            for r in db.execute(f"SELECT s.id FROM sites s WHERE {SITE_MATCH}", {"site": _like(wanted.site_text)})
        ]
    result = []
    for site_id in site_ids if site_ids is not None else [None]:
        chosen = ExportFilter(
            start=wanted.start,
            end=wanted.end,
            open_only=wanted.status == "open",
            overdue_on=today if wanted.status == "overdue" else None,
            inspector=wanted.inspector,
            site_id=site_id,
        )
        for row in select_findings(db, chosen, addresses=False):
            if wanted.status in ("resolved", "withdrawn") and row.status != wanted.status:
                continue
            result.append(
                {
                    "inspection_id": row.inspection_id,
                    "date": row.date.isoformat(),
                    "site": row.site,
                    "unit": row.unit,
                    "inspector": row.inspector,
                    "item_id": row.item_id,
                    "severity": row.severity,
                    "status": row.status,
                    "taken_over": row.taken_over,
                    "deadline": row.deadline.isoformat(),
                    "description": row.description,
                }
            )
    return result


def table_lines(what: str, rows: list[dict[str, Any]]) -> list[str]:
    """A list as a table in the interface language: a title line, a line per row, the row count.

    Made a column at a time, each value a column shows as a date, time or word written once."""
    from inspect_tui.i18n import _, format_datetime, ngettext
    from inspect_tui.i18n.formatting import day_text
    from inspect_tui.reports.text import one_line
    from inspect_tui.reports.words import word
    from inspect_tui.store.open_findings import shown_status

    def day(value: str) -> str:
        return day_text(dt.date.fromisoformat(value))

    shown_as = {"started_at": format_datetime, "last_inspected": format_datetime, "deadline": day, "date": day}
    shown_as |= {"status": word, "severity": word, "kind": word}
    columns = []
    for key, title in COLUMNS[what]:
        # a finding a later inspection took over shows "taken over"; JSON keeps the status and the flag
        values = [shown_status(row[key], bool(row.get("taken_over"))) if key == "status" else row[key] for row in rows]
        show = shown_as.get(key)
        if show is None:
            # a description of several lines is one row: its lines joined with " / "
            cells = [_(title), *("—" if value is None else one_line(str(value)) for value in values)]
        else:
            texts = {value: show(value) for value in set(values) if value is not None}
            cells = [_(title), *("—" if value is None else texts[value] for value in values)]
        width = min(max(map(len, cells)), 60)
        columns.append([cell[:60].ljust(width) for cell in cells])
    lines = ["  ".join(line).rstrip() for line in zip(*columns, strict=True)]
    lines.append(ngettext("{n} row", "{n} rows", len(rows)).format(n=len(rows)))
    return lines
