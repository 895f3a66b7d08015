"""The team lead's review of a day: its inspections, its findings (filtered, sorted, paged), counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspect_tui.domain.bsn_text import masked_bsns
from inspect_tui.store.queries.paging import PAGE_SIZE, Page, like_pattern, page_of

if TYPE_CHECKING:
    from sqlite_utils import Database


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
    # Withdrawn findings are not counted (they are listed, as withdrawn, in the findings table).
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
        "  WHERE d.started_at >= :day AND d.started_at < :next_day AND f.status != 'withdrawn' "
        "  GROUP BY f.inspection_id"
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
        params["q"] = like_pattern(search)
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
            ReviewFindingRow(  # a BSN typed into the description shown masked, as the reports print it
                r[0],
                r[1],
                r[2],
                masked_bsns(r[3]),
                dt.date.fromisoformat(r[4]),
                r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                int(r[10]),
            )
        )
        keys.append((str(r[11]), str(r[0])))
    return page_of(rows, keys, limit)


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
    """Counts for the day summary, each from one GROUP BY query.

    A withdrawn finding is not counted, as in the inspections' rows (``review_inspections``); the
    findings table still lists it, as withdrawn.
    """
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
        "AND f.status != 'withdrawn' GROUP BY 1, s.id, f.severity",
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
