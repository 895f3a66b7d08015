"""The checklist read model reads each table once per refresh and shows what the workflow decides."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
from sqlite_utils import Database

from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import Finding, Inspection
from inspect_tui.store.occupancy import site_figures
from inspect_tui.store.queries import read_checklist, read_state
from inspect_tui.store.queries.checklist import inspection_answers
from inspect_tui.store.workflow import (
    add_finding,
    answer_item,
    confirm_finding,
    measurement_sources,
    open_findings_of_site,
    progress,
    side_by_side_lines,
    start_inspection,
)

if TYPE_CHECKING:
    from tests.conftest import Populated

FIRST = dt.datetime(2026, 1, 5, 9, 0)
SECOND = dt.datetime(2026, 2, 5, 9, 0)
THIRD = dt.datetime(2026, 3, 5, 9, 0)


@contextmanager
def traced(db: Database) -> Iterator[list[str]]:
    """Every statement SQLite runs on db inside the block."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        yield statements
    finally:
        db.conn.set_trace_callback(None)


def tables_read(statements: list[str]) -> Counter[str]:
    """How many statements read each table (a table named twice in one statement counts once)."""
    counts: Counter[str] = Counter()
    for sql in statements:
        counts.update({t.lower() for t in re.findall(r"(?:FROM|JOIN)\s+\[?(\w+)", sql, re.IGNORECASE)})
    return counts


def _answer_everything_once(db: Database, inspection_id: str) -> None:
    answer_item(db, inspection_id, "snf.space.bed", "yes")
    answer_item(db, inspection_id, "snf.space.wardrobe", "no")
    answer_item(db, inspection_id, "snf.facilities.burners", "2")


@pytest.fixture
def revisit(populated_db: Populated) -> tuple[Database, str]:
    """A third inspection of a site: one earlier finding still open, one confirmed, one carried over."""
    db, site = populated_db.db, populated_db.site
    first = start_inspection(db, site.id, ["snf"], "Een", now=FIRST)
    kept = add_finding(db, first.id, Severity.MINOR, "stays open", item_id="snf.space.bed")
    add_finding(db, first.id, Severity.MAJOR, "carried", item_id="snf.space.wardrobe")
    second = start_inspection(db, site.id, ["snf"], "Twee", now=SECOND)
    carried = next(f for f in _open(db, site.id, second) if f.description == "carried")
    confirm_finding(db, second.id, carried.id, resolved=False)
    third = start_inspection(db, site.id, ["snf", "akf"], "Drie", now=THIRD)
    add_finding(db, third.id, Severity.CRITICAL, "here", item_id="snf.space.bed")
    add_finding(db, third.id, Severity.MINOR, "general")
    _answer_everything_once(db, third.id)
    # A later inspection's findings are never pending for this one.
    later = start_inspection(db, site.id, ["snf"], "Vier", now=THIRD + dt.timedelta(days=30))
    add_finding(db, later.id, Severity.MINOR, "later")
    assert kept.id
    return db, third.id


def _open(db: Database, site_id: str, current: Inspection) -> list[Finding]:
    return open_findings_of_site(db, site_id, current)


def test_one_refresh_reads_each_table_once(revisit: tuple[Database, str]) -> None:
    db, inspection_id = revisit
    checklist = read_checklist(db, inspection_id)
    with traced(db) as figures_only:
        site_figures(db, checklist.inspection.site_id)
    with traced(db) as refresh:
        read_state(db, checklist)
    reads = tables_read(refresh)
    assert reads["answers"] == 1
    assert reads["findings"] == 1, "this inspection's findings and the earlier open ones come in one statement"
    assert reads["sites"] == tables_read(figures_only)["sites"], "the site row itself is read when the checklist opens"
    # Everything else is the site's figures, read once (three times before).
    assert len(refresh) == 2 + len(figures_only)
    assert not [s for s in refresh if s.startswith("SELECT * FROM [inspections]")]


def test_a_refresh_without_figures_reads_no_more(revisit: tuple[Database, str]) -> None:
    db, inspection_id = revisit
    checklist = read_checklist(db, inspection_id)
    first = read_state(db, checklist)
    with traced(db) as with_figures:
        read_state(db, checklist)
    with traced(db) as without:
        again = read_state(db, checklist, figures=False, previous=first)
    assert len(without) <= len(with_figures)
    assert again.side_by_side is first.side_by_side and again.derived is first.derived


def test_the_read_model_agrees_with_the_workflow(revisit: tuple[Database, str]) -> None:
    db, inspection_id = revisit
    checklist = read_checklist(db, inspection_id)
    state = read_state(db, checklist)
    assert state.progress == progress(db, inspection_id)
    # Still open: the first inspection's kept finding and the second's carried copy (the original
    # it took over is not counted again); the later inspection's finding is not earlier.
    assert state.progress.pending_findings == 2
    assert state.answers == inspection_answers(db, inspection_id)
    assert state.side_by_side == side_by_side_lines(db, checklist.inspection)
    sources = measurement_sources(db, checklist.inspection)
    assert state.derived == {
        i.id: sources[i.measure.value] for i in checklist.items if i.measure is not None and i.measure.value in sources
    }
    assert state.findings_by_item == {"snf.space.bed": 1}
    assert state.open_findings == 2


def test_a_measured_answer_overrides_the_site_in_the_read_model(revisit: tuple[Database, str]) -> None:
    db, inspection_id = revisit
    checklist = read_checklist(db, inspection_id)
    before = read_state(db, checklist)
    measured = next(i for i in checklist.items if i.measure is not None and i.measure.value == "persons")
    answer_item(db, inspection_id, measured.id, "9")
    after = read_state(db, checklist, previous=before)
    assert after.derived[measured.id] == (9.0, "answer")
    assert after.side_by_side == side_by_side_lines(db, checklist.inspection)
    # The site has a unit tree: each dwelling is judged on its own persons, but a pass on the 3
    # recorded cannot stand beside the 9 the inspector counted living there: it is undecided.
    assert before.side_by_side["snf.sanitary.toilets_pp"].startswith("Woning: 3 p/toilet ≤ 8")
    assert after.side_by_side["snf.sanitary.toilets_pp"].startswith(
        "undecided — 9 persons counted on the site, 3 recorded in its units: record who lives where"
    )


def test_a_finding_confirmed_resolved_is_no_longer_pending(populated_db: Populated) -> None:
    db, site = populated_db.db, populated_db.site
    first = start_inspection(db, site.id, ["rie"], "Een", now=FIRST)
    finding = add_finding(db, first.id, Severity.MINOR, "open")
    second = start_inspection(db, site.id, ["rie"], "Twee", now=SECOND)
    checklist = read_checklist(db, second.id)
    assert read_state(db, checklist).progress.pending_findings == 1
    confirm_finding(db, second.id, finding.id, resolved=True)
    state = read_state(db, checklist)
    assert state.progress.pending_findings == 0 == progress(db, second.id).pending_findings
    assert state.open_findings == 0
