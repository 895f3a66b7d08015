"""Time the queries the home screen and a team lead's review screen need, on a generated database.

    python bench/queries_probe.py big.db                # timings, plans, then the stages on a copy
    python bench/queries_probe.py big.db --no-indexes   # timings and plans only
    python bench/queries_probe.py big.db --json probe.json

Every query runs ``--runs`` times (default 5, rows fetched) and the median is reported with its
``EXPLAIN QUERY PLAN``. Then, on a copy of the database (the original is only read), every
query is timed again at each stage of ``STAGES``: ``ANALYZE`` alone, the recommended index
changes, those plus ``ANALYZE``, and the other candidates that were tried on top.
The migrations are not touched: the output is the evidence for the index question of issue 6.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from inspect_tui.store.db import configure
from inspect_tui.store.fileformat import MIGRATIONS

SEVERITY_ORDER = "CASE f.severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 ELSE 2 END"
"""How the app sorts findings today (store.queries.inspection_findings)."""

FINDING_COLUMNS = (
    "f.id, f.severity, f.deadline, f.status, f.item_id, f.description, i.inspector, i.started_at, s.name, s.city"
)
FINDINGS_OF_DAY = (
    f"SELECT {FINDING_COLUMNS} FROM findings f JOIN inspections i ON i.id = f.inspection_id "
    "JOIN sites s ON s.id = i.site_id WHERE i.started_at >= :day AND i.started_at < :next_day"
)
FINDINGS_OF_DAY_PINNED = (
    f"SELECT {FINDING_COLUMNS} FROM inspections i CROSS JOIN findings f ON f.inspection_id = i.id "
    "JOIN sites s ON s.id = i.site_id WHERE i.started_at >= :day AND i.started_at < :next_day"
)
"""The same, with SQLite told to start from the day's inspections (CROSS JOIN keeps the order)."""
INSPECTION_COLUMNS = "i.id, i.started_at, i.status, i.inspector, s.name, s.city"
APP_SEARCH = (
    "(s.name LIKE :infix ESCAPE '\\' OR s.city LIKE :infix ESCAPE '\\' OR i.inspector LIKE :infix ESCAPE '\\' "
    "OR s.postcode LIKE :infix ESCAPE '\\')"
)

SEARCH_FIRST = (
    "(i.site_id IN (SELECT id FROM sites WHERE name LIKE {q} OR city LIKE {q} OR postcode LIKE {q}) "
    "OR i.inspector IN (SELECT DISTINCT inspector FROM inspections WHERE inspector LIKE {q}))"
)
"""Resolve the search term on the small tables first, then fetch inspections by index."""


@dataclass(frozen=True)
class Query:
    """One query a screen runs, with the parameters it is timed with."""

    screen: str
    name: str
    sql: str


QUERIES: tuple[Query, ...] = (
    # --- home screen -------------------------------------------------------------------------
    Query(
        "home",
        "recent inspections, page 1",
        f"SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN sites s ON s.id = i.site_id "
        "ORDER BY i.started_at DESC, i.id DESC LIMIT 100",
    ),
    Query(
        "home",
        "recent inspections, page 1 as the app (answered + open findings per row)",
        f"SELECT {INSPECTION_COLUMNS}, i.templates, "
        "(SELECT COUNT(*) FROM answers a WHERE a.inspection_id = i.id AND a.value IS NOT NULL), "
        "(SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id AND f.status = 'open') "
        "FROM inspections i JOIN sites s ON s.id = i.site_id ORDER BY i.started_at DESC, i.id DESC LIMIT 101",
    ),
    Query(
        "home",
        "recent inspections, page 50 (keyset)",
        f"SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN sites s ON s.id = i.site_id "
        "WHERE (i.started_at < :key_at OR (i.started_at = :key_at AND i.id < :key_id)) "
        "ORDER BY i.started_at DESC, i.id DESC LIMIT 100",
    ),
    Query(
        "home",
        "search inspections: site name prefix",
        f"SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN sites s ON s.id = i.site_id "
        "WHERE s.name LIKE :prefix ORDER BY i.started_at DESC, i.id DESC LIMIT 100",
    ),
    Query(
        "home",
        "search inspections: inspector prefix",
        f"SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN sites s ON s.id = i.site_id "
        "WHERE i.inspector LIKE :inspector_prefix ORDER BY i.started_at DESC, i.id DESC LIMIT 100",
    ),
    Query(
        "home",
        "search inspections: infix as the app (name/city/inspector/postcode)",
        f"SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN sites s ON s.id = i.site_id "
        f"WHERE {APP_SEARCH} ORDER BY i.started_at DESC, i.id DESC LIMIT 101",
    ),
    Query(
        "home",
        "search inspections: infix that matches nothing (worst case)",
        f"SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN sites s ON s.id = i.site_id "
        "WHERE (s.name LIKE :nothing OR s.city LIKE :nothing OR i.inspector LIKE :nothing) "
        "ORDER BY i.started_at DESC, i.id DESC LIMIT 101",
    ),
    Query(
        "home",
        "search inspections: infix, matching sites and inspectors first",
        f"SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN sites s ON s.id = i.site_id "
        f"WHERE {SEARCH_FIRST.format(q=':infix')} ORDER BY i.started_at DESC, i.id DESC LIMIT 101",
    ),
    Query(
        "home",
        "search inspections: nothing matches, matching sites and inspectors first",
        f"SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN sites s ON s.id = i.site_id "
        f"WHERE {SEARCH_FIRST.format(q=':nothing')} ORDER BY i.started_at DESC, i.id DESC LIMIT 101",
    ),
    Query(
        "home",
        "count inspections matching the infix search",
        f"SELECT COUNT(*) FROM inspections i JOIN sites s ON s.id = i.site_id WHERE {APP_SEARCH}",
    ),
    Query(
        "home",
        "count inspections matching the infix search, capped at 1000",
        f"SELECT COUNT(*) FROM (SELECT 1 FROM inspections i JOIN sites s ON s.id = i.site_id "
        f"WHERE {APP_SEARCH} LIMIT 1000)",
    ),
    Query(
        "home",
        "search sites: name or city prefix",
        "SELECT id, name, city FROM sites WHERE name LIKE :prefix OR city LIKE :city_prefix "
        "ORDER BY name, id LIMIT 100",
    ),
    Query(
        "home",
        "search sites: infix as the app, with last inspection",
        "SELECT id, name, city, (SELECT MAX(started_at) FROM inspections i WHERE i.site_id = sites.id) "
        "FROM sites WHERE name LIKE :infix OR city LIKE :infix OR street LIKE :infix "
        "OR postcode LIKE :infix ORDER BY name, id LIMIT 101",
    ),
    Query(
        "home",
        "day summary (started, drafts) and drafts overall",
        "SELECT COUNT(*), COALESCE(SUM(status = 'draft'), 0), "
        "(SELECT COUNT(*) FROM inspections WHERE status = 'draft') FROM inspections "
        "WHERE started_at >= :day AND started_at < :next_day",
    ),
    Query("home", "count all inspections", "SELECT COUNT(*) FROM inspections"),
    Query("stats", "count all answers (stats)", "SELECT COUNT(*) FROM answers"),
    Query("stats", "count all revisions (stats)", "SELECT COUNT(*) FROM changes"),
    # --- team lead's review screen --------------------------------------------------------------
    Query(
        "review",
        "findings of one day, by severity then deadline",
        f"{FINDINGS_OF_DAY} ORDER BY {SEVERITY_ORDER}, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "… only critical",
        f"{FINDINGS_OF_DAY} AND f.severity = 'critical' ORDER BY {SEVERITY_ORDER}, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "… one inspector",
        f"{FINDINGS_OF_DAY} AND i.inspector = :inspector ORDER BY {SEVERITY_ORDER}, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "… one site",
        f"{FINDINGS_OF_DAY} AND i.site_id = :site_id ORDER BY {SEVERITY_ORDER}, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "… only open",
        f"{FINDINGS_OF_DAY} AND f.status = 'open' ORDER BY {SEVERITY_ORDER}, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "… one norm (item id LIKE 'snf.fire.%')",
        f"{FINDINGS_OF_DAY} AND f.item_id LIKE :norm ORDER BY {SEVERITY_ORDER}, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "… all filters at once",
        f"{FINDINGS_OF_DAY} AND f.severity IN ('critical', 'major') AND f.status = 'open' "
        "AND i.inspector = :inspector AND f.item_id >= :norm_low AND f.item_id < :norm_high "
        f"ORDER BY {SEVERITY_ORDER}, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "… only open, inspections first (CROSS JOIN)",
        f"{FINDINGS_OF_DAY_PINNED} AND f.status = 'open' ORDER BY f.severity, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "… only critical, inspections first (CROSS JOIN)",
        f"{FINDINGS_OF_DAY_PINNED} AND f.severity = 'critical' ORDER BY f.severity, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "count findings of one day per severity",
        "SELECT f.severity, COUNT(*) FROM findings f JOIN inspections i ON i.id = f.inspection_id "
        "WHERE i.started_at >= :day AND i.started_at < :next_day GROUP BY f.severity",
    ),
    Query(
        "review",
        "open findings, all days, by severity (CASE) then deadline",
        f"SELECT {FINDING_COLUMNS} FROM findings f JOIN inspections i ON i.id = f.inspection_id "
        f"JOIN sites s ON s.id = i.site_id WHERE f.status = 'open' "
        f"ORDER BY {SEVERITY_ORDER}, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "open findings, all days, by severity column then deadline",
        f"SELECT {FINDING_COLUMNS} FROM findings f JOIN inspections i ON i.id = f.inspection_id "
        "JOIN sites s ON s.id = i.site_id WHERE f.status = 'open' "
        "ORDER BY f.severity, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "overdue open critical findings, all days",
        f"SELECT {FINDING_COLUMNS} FROM findings f JOIN inspections i ON i.id = f.inspection_id "
        "JOIN sites s ON s.id = i.site_id WHERE f.status = 'open' AND f.severity = 'critical' "
        "AND f.deadline < :day ORDER BY f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "one norm, all days (item id range)",
        f"SELECT {FINDING_COLUMNS} FROM findings f JOIN inspections i ON i.id = f.inspection_id "
        "JOIN sites s ON s.id = i.site_id WHERE f.item_id >= :norm_low AND f.item_id < :norm_high "
        "ORDER BY f.severity, f.deadline, f.id LIMIT 100",
    ),
    Query(
        "review",
        "count open findings per severity",
        "SELECT severity, COUNT(*) FROM findings WHERE status = 'open' GROUP BY severity",
    ),
    Query(
        "review",
        "inspections waiting for review (completed), oldest first",
        f"SELECT {INSPECTION_COLUMNS} FROM inspections i JOIN sites s ON s.id = i.site_id "
        "WHERE i.status = 'completed' ORDER BY i.started_at, i.id LIMIT 100",
    ),
    Query("review", "count inspections per status", "SELECT status, COUNT(*) FROM inspections GROUP BY status"),
)

RECOMMENDED: tuple[tuple[str, str], ...] = (
    (
        "home list: the open findings of each listed inspection, found without reading every open finding",
        "CREATE INDEX idx_findings_inspection_status ON findings(inspection_id, status)",
    ),
    ("its first column does the same job", "DROP INDEX idx_findings_inspection_id"),
    (
        "team lead: open / critical / overdue findings, all days, in severity and deadline order",
        "CREATE INDEX idx_findings_status_severity_deadline ON findings(status, severity, deadline)",
    ),
    ("its first column does the same job", "DROP INDEX idx_findings_status"),
    (
        "3 values: never selective, but without statistics the planner drives day queries from it",
        "DROP INDEX idx_findings_severity",
    ),
    (
        "newest-first lists ordered by the index alone, so their plan survives ANALYZE",
        "CREATE INDEX idx_inspections_started_id ON inspections(started_at, id)",
    ),
    ("its first column does the same job", "DROP INDEX idx_inspections_started_at"),
)
"""Index changes the evidence supports (applied in this order)."""

OTHER_CANDIDATES: tuple[tuple[str, str], ...] = (
    (
        "LIKE 'prefix%' on site names (LIKE is case-insensitive, so the index must be NOCASE)",
        "CREATE INDEX idx_sites_name_nocase ON sites(name COLLATE NOCASE)",
    ),
    ("LIKE 'prefix%' on cities", "CREATE INDEX idx_sites_city_nocase ON sites(city COLLATE NOCASE)"),
    (
        "LIKE 'prefix%' on inspectors",
        "CREATE INDEX idx_inspections_inspector_nocase ON inspections(inspector COLLATE NOCASE, started_at)",
    ),
    ("findings of one norm (item id range) across all days", "CREATE INDEX idx_findings_item ON findings(item_id)"),
)
"""Tried as well; the report shows whether they pay off."""


@dataclass(frozen=True)
class Stage:
    """A step applied to the copy (on top of the steps before it); statistics never carry over."""

    label: str
    statements: tuple[tuple[str, str], ...]
    analyze: bool


STAGES: tuple[Stage, ...] = (
    Stage("ANALYZE only", (), analyze=True),
    Stage("recommended", RECOMMENDED, analyze=False),
    Stage("recommended + ANALYZE", (), analyze=True),
    Stage("recommended + other candidates", OTHER_CANDIDATES, analyze=False),
)

BUDGET_S = 60.0
"""Seconds one query may take over all its runs before the remaining runs are skipped."""


@dataclass
class Timing:
    """Median and spread of one query's runs."""

    screen: str
    name: str
    median_ms: float
    min_ms: float
    max_ms: float
    rows: int
    runs: int
    plan: list[str] = field(default_factory=list)


def open_plain(path: Path, *, read_only: bool = False) -> Database:
    """The app's connection settings (store.db.configure) without running migrations: the schema stays
    exactly as the file has it, so a database made by an older version is measured as it is."""
    db = Database(sqlite3.connect(str(path)))
    configure(db)
    if read_only:
        db.execute("PRAGMA query_only = ON")
    return db


def migrations_applied(conn: sqlite3.Connection) -> tuple[str, ...]:
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'inspect_tui' ORDER BY id"
        ).fetchall()
    except sqlite3.DatabaseError:
        return ()
    return tuple(str(r[0]) for r in rows)


def choose_parameters(conn: sqlite3.Connection) -> dict[str, Any]:
    """Realistic parameters taken from the data: the busiest recent day, its busiest inspector…"""
    last = conn.execute("SELECT MAX(started_at) FROM inspections").fetchone()[0]
    if last is None:
        raise SystemExit("the database has no inspections; generate one with bench/generate.py")
    day = conn.execute(
        "SELECT substr(started_at, 1, 10) AS d FROM inspections WHERE started_at >= date(:last, '-30 days') "
        "GROUP BY d ORDER BY COUNT(*) DESC, d DESC LIMIT 1",
        {"last": last},
    ).fetchone()[0]
    next_day = conn.execute("SELECT date(?, '+1 day')", [day]).fetchone()[0]
    inspector, site_id = conn.execute(
        "SELECT inspector, site_id FROM inspections WHERE started_at >= ? AND started_at < ? "
        "GROUP BY inspector ORDER BY COUNT(*) DESC, inspector LIMIT 1",
        [day, next_day],
    ).fetchone()
    name, city = conn.execute("SELECT name, city FROM sites WHERE id = ?", [site_id]).fetchone()
    key_at, key_id = conn.execute(
        "SELECT started_at, id FROM inspections ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET 4999"
    ).fetchone() or (last, "")
    middle = (city or name)[1:4].lower()
    return {
        "day": day,
        "next_day": next_day,
        "inspector": inspector,
        "site_id": site_id,
        "prefix": f"{name[:3]}%",
        "city_prefix": f"{(city or name)[:3]}%",
        "inspector_prefix": f"{inspector[:3]}%",
        "infix": f"%{middle}%",
        "nothing": "%qzxq%",
        "norm": "snf.fire.%",
        "norm_low": "snf.fire.",
        "norm_high": "snf.fire/",
        "key_at": key_at,
        "key_id": key_id,
    }


def explain(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> list[str]:
    """EXPLAIN QUERY PLAN as indented lines."""
    depth: dict[int, int] = {0: 0}
    lines = []
    for node, parent, _, detail in conn.execute(f"EXPLAIN QUERY PLAN {sql}", _used(sql, params)):
        depth[node] = depth.get(parent, 0) + 1
        lines.append("  " * (depth[node] - 1) + str(detail))
    return lines


def _used(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if f":{k}" in sql}


def time_query(conn: sqlite3.Connection, query: Query, params: dict[str, Any], runs: int) -> Timing:
    """Median of the runs, all rows fetched; a query slower than BUDGET_S in total runs fewer times."""
    bound = _used(query.sql, params)
    samples, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = len(conn.execute(query.sql, bound).fetchall())
        samples.append((time.perf_counter() - started) * 1000)
        if sum(samples) > BUDGET_S * 1000:
            break
    return Timing(
        query.screen,
        query.name,
        round(statistics.median(samples), 2),
        round(min(samples), 2),
        round(max(samples), 2),
        rows,
        len(samples),
        explain(conn, query.sql, params),
    )


AppCall = tuple[str, str, Callable[[Database, dict[str, Any]], object]]


def app_calls() -> list[AppCall]:
    """The screens' own query functions (``inspect_tui.store.queries``), called as the screens call them."""
    try:
        from inspect_tui.store import queries as q
    except ImportError:
        return []

    def day(p: dict[str, Any]) -> dt.date:
        return dt.date.fromisoformat(p["day"])

    def findings(**filters: Any) -> Callable[[Database, dict[str, Any]], object]:
        def call(db: Database, p: dict[str, Any]) -> object:
            values = {k: (p[v[1:]] if isinstance(v, str) and v.startswith("$") else v) for k, v in filters.items()}
            return q.review_findings_page(db, q.FindingFilter(day=day(p), **values))

        return call

    return [
        ("home", "app: inspections_page()", lambda db, p: q.inspections_page(db)),
        ("home", "app: inspections_page(search=infix)", lambda db, p: q.inspections_page(db, search=p["infix"][1:-1])),
        (
            "home",
            "app: inspections_page(search=nothing)",
            lambda db, p: q.inspections_page(db, search=p["nothing"][1:-1]),
        ),
        (
            "home",
            "app: count_inspections(search=infix)",
            lambda db, p: q.count_inspections(db, search=p["infix"][1:-1]),
        ),
        ("home", "app: sites_page()", lambda db, p: q.sites_page(db)),
        ("home", "app: sites_page(search=infix)", lambda db, p: q.sites_page(db, search=p["infix"][1:-1])),
        ("home", "app: day_summary(day)", lambda db, p: q.day_summary(db, day(p))),
        ("review", "app: review_inspections(day)", lambda db, p: q.review_inspections(db, day(p))),
        ("review", "app: review_summary(day)", lambda db, p: q.review_summary(db, day(p))),
        ("review", "app: review_findings_page(day)", findings()),
        ("review", "app: review_findings_page(day, critical)", findings(severity="critical")),
        ("review", "app: review_findings_page(day, norm=snf)", findings(norm="snf")),
        ("review", "app: review_findings_page(day, inspector)", findings(inspector="$inspector")),
        ("review", "app: review_findings_page(day, site)", findings(site_id="$site_id")),
        ("review", "app: review_findings_page(day, status=approved)", findings(status="approved")),
        ("review", "app: review_findings_page(day, sorted by site)", findings(sort="site")),
        (
            "review",
            "app: count_review_findings(day, critical)",
            lambda db, p: q.count_review_findings(db, q.FindingFilter(day=day(p), severity="critical")),
        ),
    ]


def _size(result: object) -> int:
    rows = getattr(result, "rows", result)
    return len(rows) if isinstance(rows, list | dict | tuple) else 1


def time_call(db: Database, call: AppCall, params: dict[str, Any], runs: int) -> Timing | None:
    """Like time_query, for one of the app's functions; None when this version of the app lacks it."""
    screen, name, function = call
    samples, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        try:
            rows = _size(function(db, params))
        except (AttributeError, TypeError) as exc:
            print(f"  (skipped {name}: {exc})", file=sys.stderr)
            return None
        samples.append((time.perf_counter() - started) * 1000)
        if sum(samples) > BUDGET_S * 1000:
            break
    return Timing(
        screen,
        name,
        round(statistics.median(samples), 2),
        round(min(samples), 2),
        round(max(samples), 2),
        rows,
        len(samples),
        ["(the app's function: inspect_tui/store/queries/)"],
    )


def time_all(db: Database, params: dict[str, Any], runs: int, label: str) -> list[Timing]:
    """Every query, then every app function, always in the same order."""
    print(f"\n== {label} ==", file=sys.stderr)
    timings: list[Timing] = []
    jobs: list[Callable[[], Timing | None]] = [
        *(lambda query=query: time_query(db.conn, query, params, runs) for query in QUERIES),
        *(lambda call=call: time_call(db, call, params, runs) for call in app_calls()),
    ]
    for job in jobs:
        timing = job()
        if timing is None:
            continue
        timings.append(timing)
        runs_note = "" if timing.runs == runs else f" (only {timing.runs} runs: slow)"
        print(
            f"  {timing.median_ms:>10.2f} ms  {timing.rows:>5} rows  [{timing.screen}] {timing.name}{runs_note}",
            file=sys.stderr,
            flush=True,
        )
    return timings


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy: the file itself when no WAL is pending, else through the backup API."""
    wal = Path(f"{source}-wal")
    for stale in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        stale.unlink(missing_ok=True)
    if not wal.exists() or wal.stat().st_size == 0:
        shutil.copyfile(source, target)
        return
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst, pages=65536)


def index_bytes(conn: sqlite3.Connection, name: str) -> int | None:
    try:
        row = conn.execute("SELECT SUM(pgsize) FROM dbstat WHERE name = ?", [name]).fetchone()
    except sqlite3.OperationalError:  # SQLite built without dbstat
        return None
    return int(row[0] or 0)


def run_stages(path: Path, params: dict[str, Any], runs: int, work_dir: Path, keep: bool) -> list[dict[str, Any]]:
    """Apply STAGES to a copy of the database one after the other, timing every query after each."""
    copy = work_dir / f"{path.stem}.probe-copy.db"
    started = time.perf_counter()
    copy_database(path, copy)
    print(f"\ncopied to {copy} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    results = []
    try:
        for stage in STAGES:
            db = open_plain(copy)  # a fresh connection: no statistics of an earlier stage in memory
            conn: sqlite3.Connection = db.conn
            applied: list[dict[str, Any]] = []
            for why, ddl in stage.statements:
                name = ddl.split()[2]
                exists = (
                    conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [name]).fetchone()
                    is not None
                )
                if exists == ddl.startswith("CREATE"):
                    print(f"  (already so in this schema: {ddl})", file=sys.stderr)
                    applied.append({"sql": ddl, "why": why, "seconds": None, "bytes": None, "already": True})
                    continue
                started = time.perf_counter()
                conn.execute(ddl)
                conn.commit()
                applied.append(
                    {
                        "sql": ddl,
                        "why": why,
                        "seconds": round(time.perf_counter() - started, 2),
                        "bytes": index_bytes(conn, name) if ddl.startswith("CREATE") else None,
                        "already": False,
                    }
                )
                print(f"  {applied[-1]['seconds']:>6.2f} s  {ddl}", file=sys.stderr)
            analyze_s = None
            if stage.analyze:
                started = time.perf_counter()
                conn.execute("ANALYZE")  # what PRAGMA optimize runs where it sees fit
                conn.commit()
                analyze_s = round(time.perf_counter() - started, 2)
            label = stage.label + (f" (ANALYZE took {analyze_s} s)" if analyze_s is not None else "")
            timings = time_all(db, params, runs, label)
            if stage.analyze:
                conn.execute("DROP TABLE sqlite_stat1")
                conn.commit()
            db.close()
            results.append({"label": stage.label, "statements": applied, "analyze_s": analyze_s, "timings": timings})
    finally:
        if not keep:
            for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
                leftover.unlink(missing_ok=True)
    return results


def report(before: list[Timing], stages: list[dict[str, Any]]) -> None:
    """Timings side by side (median ms), the statements of each stage, then the plans and how they change."""
    labels = [stage["label"] for stage in stages]
    print(f"\n| screen | query | rows | now | {' | '.join(labels)} |")
    print(f"|---|---|---:|---:|{'---:|' * len(labels)}")
    for position, timing in enumerate(before):
        cells = [f"{timing.median_ms:.2f}", *(f"{stage['timings'][position].median_ms:.2f}" for stage in stages)]
        print(f"| {timing.screen} | {timing.name} | {timing.rows} | {' | '.join(cells)} |")
    for stage in stages:
        if stage["analyze_s"] is not None:
            print(f"\n{stage['label']}: ANALYZE took {stage['analyze_s']} s")
        if stage["statements"]:
            print(f"\n{stage['label']}:")
        for statement in stage["statements"]:
            if statement["already"]:
                print(f"  {statement['sql']};  -- already so in this database's schema: {statement['why']}")
                continue
            size = f", {statement['bytes'] / 1e6:.1f} MB" if statement["bytes"] is not None else ""
            print(f"  {statement['sql']};  -- {statement['seconds']} s{size}: {statement['why']}")
    for position, timing in enumerate(before):
        print(f"\n[{timing.screen}] {timing.name}")
        print("  plan now:")
        print("\n".join(f"    {line}" for line in timing.plan))
        shown = timing.plan
        for stage in stages:
            plan = stage["timings"][position].plan
            if plan != shown:
                print(f"  plan with {stage['label']}:")
                print("\n".join(f"    {line}" for line in plan))
                shown = plan


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the home and review screens' queries on a database.")
    parser.add_argument("db", type=Path, help="database made by bench/generate.py")
    parser.add_argument("--runs", type=int, default=5, help="runs per query; the median is reported")
    parser.add_argument("--no-indexes", action="store_true", help="only time the queries; no copy, no stages")
    parser.add_argument("--work-dir", type=Path, help="where the copy goes (default: next to the database)")
    parser.add_argument("--keep-copy", action="store_true", help="keep the copy (with every stage applied)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"{args.db} does not exist; make one with bench/generate.py")
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    started = time.perf_counter()
    db = open_plain(args.db, read_only=True)
    print(f"opened in {(time.perf_counter() - started) * 1000:.1f} ms", file=sys.stderr)
    conn: sqlite3.Connection = db.conn
    applied = migrations_applied(conn)
    if applied != MIGRATIONS:
        print(
            f"note: the database has migrations {', '.join(applied) or 'none'}; this version of the app "
            f"has {', '.join(MIGRATIONS)}. 'now' is the database's own schema (the probe never migrates).",
            file=sys.stderr,
        )
    started = time.perf_counter()
    conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    params = choose_parameters(conn)
    print(f"parameters: {json.dumps(params, ensure_ascii=False)}", file=sys.stderr)
    before = time_all(db, params, args.runs, "as the schema is now")
    db.close()
    print(f"(timed in {time.perf_counter() - started:.1f} s)", file=sys.stderr)

    stages = (
        []
        if args.no_indexes
        else run_stages(args.db, params, args.runs, args.work_dir or args.db.parent, args.keep_copy)
    )
    report(before, stages)
    if args.json:
        result = {
            "database": str(args.db),
            "bytes": args.db.stat().st_size,
            "parameters": params,
            "runs": args.runs,
            "before": [asdict(t) for t in before],
            "stages": [{**stage, "timings": [asdict(t) for t in stage["timings"]]} for stage in stages],
        }
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
