"""`findings --overdue` on a laptop counts as the central figures do: a deadline runs from a
signed report, so a draft's or a returned inspection's finding is not overdue (it stays on the
working list of `--open`)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import TYPE_CHECKING

from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.domain.enums import ReviewDecision, Severity
from inspect_tui.reports.findings import ExportFilter, select_findings
from inspect_tui.reports.listing import ListFilter, list_findings
from inspect_tui.store import workflow as wf
from tests.unit.test_finding_life import MONDAY, signed_with_finding

if TYPE_CHECKING:
    from pathlib import Path

    from tests.conftest import Populated

LATE = dt.date(2026, 12, 5)


def _descriptions(populated_db: Populated, wanted: ExportFilter) -> list[str]:
    return sorted(r.description for r in select_findings(populated_db.db, wanted))


def test_a_drafts_finding_past_its_deadline_is_open_but_not_overdue(populated_db: Populated) -> None:
    db = populated_db.db
    draft = wf.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)
    wf.add_finding(db, draft.id, Severity.CRITICAL, "Trap zonder leuning", found_on=MONDAY.date())
    assert _descriptions(populated_db, ExportFilter(open_only=True)) == ["Trap zonder leuning"]
    assert _descriptions(populated_db, ExportFilter(overdue_on=LATE)) == []
    assert list_findings(db, ListFilter(status="overdue"), today=LATE) == []


def test_a_returned_inspections_finding_leaves_overdue_until_it_is_signed_again(populated_db: Populated) -> None:
    db = populated_db.db
    found = signed_with_finding(populated_db)  # critical, due 23-11-2026
    assert _descriptions(populated_db, ExportFilter(overdue_on=LATE)) == [found.description]
    wf.review(db, found.inspection_id, "A. Leider", ReviewDecision.SEND_BACK, "Foto ontbreekt", now=MONDAY)
    assert _descriptions(populated_db, ExportFilter(overdue_on=LATE)) == []
    assert _descriptions(populated_db, ExportFilter(open_only=True)) == [found.description]
    wf.complete(db, found.inspection_id, "J. de Vries", now=MONDAY + dt.timedelta(hours=2))
    assert _descriptions(populated_db, ExportFilter(overdue_on=LATE)) == [found.description]


def test_the_command_lists_signed_overdue_findings_only(populated_db: Populated, tmp_path: Path) -> None:
    db = populated_db.db
    found = signed_with_finding(populated_db)
    draft = wf.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)
    wf.add_finding(db, draft.id, Severity.CRITICAL, "Trap zonder leuning", found_on=MONDAY.date())
    path = tmp_path / "inspect.db"
    with sqlite3.connect(path) as copy:
        db.conn.backup(copy)
    result = CliRunner().invoke(main, ["--db", str(path), "findings", "--overdue", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["inspection_id"], r["status"]) for r in rows] == [(found.inspection_id, "open")]
    result = CliRunner().invoke(main, ["--db", str(path), "findings", "--open", "--format", "json"])
    assert sorted(r["inspection_id"] for r in json.loads(result.output)) == sorted([found.inspection_id, draft.id])
