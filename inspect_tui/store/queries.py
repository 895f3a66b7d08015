"""Read-only, paged queries for the terminal app (no Textual here).

Long lists are read with keyset pagination: each page starts after the sort key of the
last row of the previous page, so page 1,000 costs what page 1 costs and no widget ever
holds every row.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
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
        "SELECT COUNT(*), COALESCE(SUM(status = 'draft'), 0) FROM inspections WHERE started_at >= ? AND started_at < ?",
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
    return [FindingRow(r[0], r[1], r[2], r[3], r[4], dt.date.fromisoformat(r[5]), r[6], r[7], int(r[8])) for r in rows]


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
        "SELECT id, file_name, media_type, size, sha256 FROM attachments WHERE finding_id = ? ORDER BY file_name, id",
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


# --- the team lead's review of a day -------------------------------------------------------

SEVERITIES = ("critical", "major", "minor")
"""Finding severities, most serious first."""

NORMS = ("snf", "akf", "rie", "covid-2020", "other")
"""Norm filter values: a checklist template id (the item id's prefix), or "other" for findings without an item."""

_SEVERITY_RANK = "(CASE f.severity WHEN 'critical' THEN '0' WHEN 'major' THEN '1' ELSE '2' END)"

FINDING_SORTS: dict[str, str] = {
    "severity": f"{_SEVERITY_RANK} || f.deadline",
    "deadline": f"f.deadline || {_SEVERITY_RANK}",
    "site": f"lower(s.name) || char(31) || {_SEVERITY_RANK} || f.deadline",
    "inspector": f"lower(i.inspector) || char(31) || {_SEVERITY_RANK} || f.deadline",
}
"""Sort orders of the review's findings table, each one string expression (the keyset key), then id.

The day bounds the rows to a few hundred, so sorting on an expression costs a small temporary
B-tree; the filters narrow the day's inspections through the started_at index first.
"""


def _day_bounds(day: dt.date) -> dict[str, str]:
    return {"day": day.isoformat(), "next_day": (day + dt.timedelta(days=1)).isoformat()}


@dataclass(frozen=True)
class ReviewInspectionRow:
    """An inspection of the reviewed day, with its findings counted per severity."""

    id: str
    site_id: str
    site_name: str
    city: str | None
    inspector: str
    status: str
    started_at: dt.datetime
    critical: int
    major: int
    minor: int
    returned_reason: str | None
    """The reason of the latest send-back, while the inspection is returned."""


def review_inspections(db: Database, day: dt.date) -> list[ReviewInspectionRow]:
    """Every inspection started on day, from every inspector, by site then start (one grouped query)."""
    # The findings are counted in a subquery that starts from the day's inspections too: a GROUP BY
    # over the outer join would make SQLite walk every inspection in id order to group them.
    rows = db.execute(
        "SELECT i.id, i.site_id, s.name, s.city, i.inspector, i.status, i.started_at, "
        "COALESCE(c.critical, 0), COALESCE(c.major, 0), COALESCE(c.minor, 0), "
        "CASE WHEN i.status = 'returned' THEN (SELECT r.reason FROM reviews r WHERE r.inspection_id = i.id "
        "AND r.decision = 'send_back' ORDER BY r.created_at DESC, r.id DESC LIMIT 1) END "
        "FROM inspections i JOIN sites s ON s.id = i.site_id LEFT JOIN ("
        "  SELECT f.inspection_id, SUM(f.severity = 'critical') AS critical, SUM(f.severity = 'major') AS major, "
        "  SUM(f.severity = 'minor') AS minor FROM inspections d JOIN findings f ON f.inspection_id = d.id "
        "  WHERE d.started_at >= :day AND d.started_at < :next_day GROUP BY f.inspection_id"
        ") c ON c.inspection_id = i.id "
        "WHERE i.started_at >= :day AND i.started_at < :next_day "
        "ORDER BY s.name COLLATE NOCASE, i.started_at, i.id",
        _day_bounds(day),
    ).fetchall()
    return [
        ReviewInspectionRow(
            r[0], r[1], r[2], r[3], r[4], r[5], dt.datetime.fromisoformat(r[6]), int(r[7]), int(r[8]), int(r[9]), r[10]
        )
        for r in rows
    ]


def returned_reason(db: Database, inspection_id: str) -> str | None:
    """Why the inspection was sent back (the latest send-back review), or None."""
    row = db.execute(
        "SELECT reason FROM reviews WHERE inspection_id = ? AND decision = 'send_back' "
        "ORDER BY created_at DESC, id DESC LIMIT 1",
        [inspection_id],
    ).fetchone()
    return None if row is None else row[0]


@dataclass(frozen=True)
class FindingFilter:
    """What the review's findings table shows: one day, narrowed by any of the filters."""

    day: dt.date
    severity: str | None = None
    norm: str | None = None
    """A value of NORMS."""
    inspector: str | None = None
    site_id: str | None = None
    status: str | None = None
    """Status of the finding's inspection (draft, completed, returned, approved)."""
    sort: str = "severity"
    """A key of FINDING_SORTS."""


@dataclass(frozen=True)
class ReviewFindingRow:
    """A finding as listed in the review's findings table."""

    id: str
    inspection_id: str
    severity: str
    description: str
    deadline: dt.date
    status: str
    item_id: str | None
    site_name: str
    inspector: str
    inspection_status: str
    photos: int

    @property
    def norm(self) -> str:
        """The norm the finding's item belongs to (a value of NORMS)."""
        return self.item_id.split(".", 1)[0] if self.item_id else "other"


_FINDING_SEARCH = "(f.description LIKE :q ESCAPE '\\' OR s.name LIKE :q ESCAPE '\\')"


def _finding_where(filters: FindingFilter, search: str) -> tuple[list[str], dict[str, object]]:
    where = ["i.started_at >= :day", "i.started_at < :next_day"]
    params: dict[str, object] = dict(_day_bounds(filters.day))
    # The unary + keeps SQLite from answering a findings filter through an index over every day
    # (idx_findings_severity: all critical findings ever); the day's findings are few, filter those.
    if filters.severity:
        where.append("+f.severity = :severity")
        params["severity"] = filters.severity
    if filters.norm == "other":
        where.append("+f.item_id IS NULL")
    elif filters.norm:
        # A range, not LIKE: no wildcard to escape, and the item id's prefix is the norm.
        where.append("+f.item_id >= :norm_low AND +f.item_id < :norm_high")
        params.update(norm_low=f"{filters.norm}.", norm_high=f"{filters.norm}/")
    if filters.inspector:
        where.append("i.inspector = :inspector")
        params["inspector"] = filters.inspector
    if filters.site_id:
        where.append("i.site_id = :site_id")
        params["site_id"] = filters.site_id
    if filters.status:
        where.append("i.status = :status")
        params["status"] = filters.status
    if search.strip():
        where.append(_FINDING_SEARCH)
        params["q"] = _like(search)
    return where, params


_FINDINGS_FROM = "FROM findings f JOIN inspections i ON i.id = f.inspection_id JOIN sites s ON s.id = i.site_id "


def review_findings_page(
    db: Database,
    filters: FindingFilter,
    *,
    search: str = "",
    after: tuple[str, str] | None = None,
    limit: int = PAGE_SIZE,
) -> Page[ReviewFindingRow]:
    """One page of the day's findings matching the filters and search, in the chosen order."""
    key = FINDING_SORTS.get(filters.sort, FINDING_SORTS["severity"])
    where, params = _finding_where(filters, search)
    if after is not None:
        where.append(f"({key}, f.id) > (:after_key, :after_id)")
        params.update(after_key=after[0], after_id=after[1])
    params["limit"] = limit + 1
    sql = (
        "SELECT f.id, f.inspection_id, f.severity, f.description, f.deadline, f.status, f.item_id, s.name, "
        "i.inspector, i.status, (SELECT COUNT(*) FROM attachments a WHERE a.finding_id = f.id), "
        f"{key} AS sort_key " + _FINDINGS_FROM + f"WHERE {' AND '.join(where)} "
        "ORDER BY sort_key, f.id LIMIT :limit"
    )
    rows, keys = [], []
    for r in db.execute(sql, params).fetchall():
        rows.append(
            ReviewFindingRow(
                r[0], r[1], r[2], r[3], dt.date.fromisoformat(r[4]), r[5], r[6], r[7], r[8], r[9], int(r[10])
            )
        )
        keys.append((str(r[11]), str(r[0])))
    return _page(rows, keys, limit)


def count_review_findings(db: Database, filters: FindingFilter, *, search: str = "") -> int:
    """How many of the day's findings match the filters and search."""
    where, params = _finding_where(filters, search)
    return int(db.execute(f"SELECT COUNT(*) {_FINDINGS_FROM}WHERE {' AND '.join(where)}", params).fetchone()[0])


@dataclass(frozen=True)
class SiteCount:
    """Findings of one site on the reviewed day, per severity."""

    site_id: str
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ReviewSummary:
    """The day's findings counted per severity, per norm and per site (sites with critical findings first)."""

    day: dt.date
    inspections: int
    by_status: dict[str, int]
    by_severity: dict[str, int]
    by_norm: dict[str, dict[str, int]]
    """Per norm (a value of NORMS), counts per severity."""
    sites: list[SiteCount]
    inspectors: list[str]
    """Inspectors who started an inspection that day (for the filter)."""

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())


def review_summary(db: Database, day: dt.date) -> ReviewSummary:
    """Counts for the day summary, each from one GROUP BY query."""
    bounds = _day_bounds(day)
    by_status: dict[str, int] = {}
    inspectors: list[str] = []
    for status, inspector, count in db.execute(
        "SELECT status, inspector, COUNT(*) FROM inspections WHERE started_at >= :day AND started_at < :next_day "
        "GROUP BY status, inspector ORDER BY inspector COLLATE NOCASE, inspector",
        bounds,
    ).fetchall():
        by_status[status] = by_status.get(status, 0) + int(count)
        if inspector not in inspectors:
            inspectors.append(inspector)
    by_severity = dict.fromkeys(SEVERITIES, 0)
    by_norm: dict[str, dict[str, int]] = {}
    sites: dict[str, SiteCount] = {}
    for norm, site_id, name, severity, count in db.execute(
        "SELECT COALESCE(substr(f.item_id, 1, instr(f.item_id, '.') - 1), 'other'), s.id, s.name, f.severity, "
        "COUNT(*) " + _FINDINGS_FROM + "WHERE i.started_at >= :day AND i.started_at < :next_day "
        "GROUP BY 1, s.id, f.severity",
        bounds,
    ).fetchall():
        count = int(count)
        by_severity[severity] = by_severity.get(severity, 0) + count
        per_norm = by_norm.setdefault(norm or "other", dict.fromkeys(SEVERITIES, 0))
        per_norm[severity] = per_norm.get(severity, 0) + count
        site = sites.setdefault(site_id, SiteCount(site_id, name, dict.fromkeys(SEVERITIES, 0)))
        site.counts[severity] = site.counts.get(severity, 0) + count
    norm_order = {n: i for i, n in enumerate(NORMS)}
    ordered_sites = sorted(
        sites.values(),
        key=lambda s: (-s.counts.get("critical", 0), -s.counts.get("major", 0), -s.total, s.name.casefold(), s.site_id),
    )
    return ReviewSummary(
        day=day,
        inspections=sum(by_status.values()),
        by_status=by_status,
        by_severity=by_severity,
        by_norm=dict(sorted(by_norm.items(), key=lambda kv: (norm_order.get(kv[0], len(NORMS)), kv[0]))),
        sites=ordered_sites,
        inspectors=inspectors,
    )
