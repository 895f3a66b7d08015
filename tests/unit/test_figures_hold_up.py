"""Figures checked against a count made by hand: a withdrawn finding counts nowhere (the day's review,
the report's summary), and a figure's unit reads in the chosen language."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from inspect_tui.cli import main
from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import Site
from inspect_tui.i18n import localise_figures, using
from inspect_tui.i18n.summer_time import amsterdam_today
from inspect_tui.i18n.zone import AMSTERDAM
from inspect_tui.quick import quick_command
from inspect_tui.reports import build_report
from inspect_tui.reports import content as c
from inspect_tui.reports.days import parse_day
from inspect_tui.reports.findings import (
    ExportFilter,
    FindingExportRow,
    findings_xlsx,
    render_findings,
    select_findings,
)
from inspect_tui.reports.listing import ListFilter, list_findings, list_inspections
from inspect_tui.store import open_db, queries, save
from inspect_tui.store import workflow as wf
from tests.unit.test_cli_dutch import SAMPLE
from tests.unit.test_finding_life import LATER, MONDAY, signed_with_finding

if TYPE_CHECKING:
    from sqlite_utils import Database

    from inspect_tui.domain.models import Inspection
    from tests.conftest import Populated


def test_the_days_summary_does_not_count_a_withdrawn_finding(populated_db: Populated) -> None:
    db = populated_db.db
    finding = signed_with_finding(populated_db)
    day = MONDAY.date()
    summary = queries.review_summary(db, day)
    assert (summary.findings, summary.by_severity["critical"]) == (1, 1)
    wf.withdraw_finding(db, finding.id, "Rookmelder hing er wel", now=LATER)
    summary = queries.review_summary(db, day)
    (row,) = queries.review_inspections(db, day)
    # The summary and the title count what the inspection's row counts: nothing withdrawn.
    assert (summary.findings, summary.by_severity["critical"], row.critical) == (0, 0, 0)
    assert summary.by_norm == {} and summary.sites == []


def test_the_reports_summary_does_not_count_a_withdrawn_finding_and_says_so(populated_db: Populated) -> None:
    db = populated_db.db
    finding = signed_with_finding(populated_db)
    inspection_id = finding.inspection_id
    wf.withdraw_finding(db, finding.id, "Rookmelder hing er wel", now=LATER)
    report = build_report(db, inspection_id)
    assert report.severity_counts() == {"critical": 0, "major": 0, "minor": 0}
    assert report.open_findings == 0
    line = c.summary_line(report)
    assert "findings: 0 critical, 0 major, 0 minor (0 open)" in line, line
    assert "1 withdrawn finding not counted" in line, line
    assert [f.status for f in c.actions(report)] == ["withdrawn"]  # still listed, as withdrawn
    with using("nl"):
        dutch = c.summary_line(build_report(db, inspection_id, lang="nl"))
    assert "1 ingetrokken bevinding niet meegeteld" in dutch and "0 kritiek" in dutch, dutch


def test_the_reports_summary_counts_every_finding_not_withdrawn(populated_db: Populated) -> None:
    db = populated_db.db
    finding = signed_with_finding(populated_db)
    report = build_report(db, finding.inspection_id)
    assert report.severity_counts()["critical"] == 1 and report.open_findings == 1
    assert "withdrawn" not in c.summary_line(report)


def test_a_figures_unit_reads_dutch_in_a_verdict_line() -> None:
    line = "1 of 9 dwellings fail: Caravan 03: 2 burners < 4; Chalet: 0.9 sockets/p < 1; Hal: 12 p/shower > 8"
    assert localise_figures(line, lang="nl") == (
        "1 of 9 dwellings fail: Caravan 03: 2 kookpitten < 4; Chalet: 0,9 wandcontactdozen/p < 1; Hal: 12 p/douche > 8"
    )
    assert localise_figures(line, lang="en") == line
    assert localise_figures("burners_enough: 4 p/toilet", lang="nl") == "burners_enough: 4 p/toilet"  # an id stays


def test_the_findings_export_gives_a_figures_unit_in_the_chosen_language(tmp_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(SAMPLE, copy)
    args = ["--db", str(copy), "--lang", "nl", "findings", "--from", "2026-10-01", "--to", "2026-11-30"]
    units = {}
    for fmt in ("csv", "md"):
        result = CliRunner().invoke(main, [*args, "--format", fmt])
        assert result.exit_code == 0, result.output
        units[fmt] = result.output
    rows = list(csv.DictReader(io.StringIO(units["csv"])))
    by_item = {r["punt-id"]: r["eenheid waarde"] for r in rows if r["eenheid waarde"]}
    assert by_item["snf.facilities.burners_enough"] == "kookpitten", by_item
    assert by_item["snf.sanitary.showers_pp"] == "p/douche", by_item
    assert by_item["covid-2020.housing.one_per_bedroom"] == "p/slaapkamer", by_item
    assert "| 2 kookpitten |" in units["md"] and "| 12 p/douche |" in units["md"]
    assert not {r["eenheid waarde"] for r in rows} & {"burners", "p/shower"}  # (a description is as typed)
    book = load_workbook(io.BytesIO(findings_xlsx(select_rows(copy), lang="nl")))
    cells = {str(c.value) for row in book.active.iter_rows() for c in row}  # type: ignore[union-attr]
    assert {"kookpitten", "p/douche"} <= cells and "burners" not in cells


def select_rows(path: Path) -> list[FindingExportRow]:
    from inspect_tui.store import open_db

    db = open_db(path)
    try:
        return select_findings(db, ExportFilter(start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 30)))
    finally:
        db.close()


def test_a_dutch_report_gives_a_yes_or_no_answer_in_dutch(tmp_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(SAMPLE, copy)
    shown = {}
    for lang in ("nl", "en"):
        out = tmp_path / f"{lang}.md"
        args = ["--db", str(copy), "report", "7ff16a13", "--format", "md", "--out", str(out), "--lang", lang]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        shown[lang] = out.read_text()
    # the failed living area per person was answered "no", the toilets per person "yes"
    assert "`snf.space.living_area_pp` | nee | afgekeurd" in shown["nl"]
    assert "`snf.sanitary.toilets_pp` | ja | goedgekeurd" in shown["nl"]
    assert "| no |" not in shown["nl"] and "| yes |" not in shown["nl"] and "| n.a. |" not in shown["nl"]
    assert "`snf.space.living_area_pp` | no | fail" in shown["en"]


def test_the_findings_exports_total_does_not_count_a_withdrawn_finding(populated_db: Populated) -> None:
    db = populated_db.db
    inspection = wf.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=MONDAY)
    kept = wf.add_finding(db, inspection.id, Severity.CRITICAL, "Geen rookmelder", found_on=MONDAY.date())
    wrong = wf.add_finding(db, inspection.id, Severity.CRITICAL, "Blusser verlopen", found_on=MONDAY.date())
    _answer_required(db, inspection)
    wf.complete(db, inspection.id, "J. de Vries", now=MONDAY)
    wf.withdraw_finding(db, wrong.id, "Keuringsdatum verkeerd gelezen", now=LATER)
    rows = select_findings(db, ExportFilter(start=MONDAY.date(), end=MONDAY.date()))
    assert sorted((r.description, r.status) for r in rows) == [
        ("Blusser verlopen", "withdrawn"),
        (kept.description, "open"),
    ]  # listed, as withdrawn
    english = render_findings(rows, "md", MONDAY.date())
    assert "1 finding: 1 critical, 0 major, 0 minor; 1 withdrawn finding not counted." in english, english
    dutch = render_findings(rows, "md", MONDAY.date(), lang="nl")
    assert "1 bevinding: 1 kritiek, 0 ernstig, 0 gering; 1 ingetrokken bevinding niet meegeteld." in dutch, dutch


def test_a_finding_carried_over_is_one_open_finding_and_none_once_its_carry_is_resolved(
    populated_db: Populated,
) -> None:
    db = populated_db.db
    found = signed_with_finding(populated_db)  # critical, due 23-11-2026
    site = populated_db.site.id
    late = dt.date(2026, 12, 5)

    def listed(**wanted: Any) -> list[str]:
        return [r.inspection_id for r in select_findings(db, ExportFilter(**wanted))]

    assert listed(overdue_on=late) == listed(open_only=True) == [found.inspection_id]
    again = wf.start_inspection(db, site, ["snf"], "J. de Vries", now=dt.datetime(2026, 12, 1, 9))
    carried = wf.confirm_finding(db, again.id, found.id, resolved=False, now=dt.datetime(2026, 12, 1, 9))
    # still not repaired: one defect, listed once, as the re-inspection's (with the same deadline);
    # overdue is the signed record's, where the draft re-inspection took nothing over yet
    assert listed(open_only=True) == [again.id]
    assert listed(overdue_on=late) == [found.inspection_id]
    assert carried.deadline == found.deadline
    _answer_required(db, again)
    wf.complete(db, again.id, "J. de Vries", now=dt.datetime(2026, 12, 1, 11))
    assert listed(overdue_on=late) == listed(open_only=True) == [again.id]
    third = wf.start_inspection(db, site, ["snf"], "J. de Vries", now=dt.datetime(2026, 12, 8, 9))
    wf.confirm_finding(db, third.id, carried.id, resolved=True, now=dt.datetime(2026, 12, 8, 9))
    # repaired, says a draft: no longer on the working list, but overdue until that is signed
    assert listed(open_only=True) == []
    assert listed(overdue_on=dt.date(2026, 12, 9)) == [again.id]
    assert [r.status for r in select_findings(db, ExportFilter(overdue_on=dt.date(2026, 12, 9)))] == ["open"]
    _answer_required(db, third)
    wf.complete(db, third.id, "J. de Vries", now=dt.datetime(2026, 12, 8, 11))
    # repaired at last: nothing open, nothing overdue (the first finding's stored status is still open)
    assert listed(overdue_on=dt.date(2026, 12, 9)) == listed(open_only=True) == []
    assert [r.status for r in select_findings(db, ExportFilter())].count("open") == 1  # listed as stored
    rows = list_findings(db, ListFilter(status="overdue"), today=dt.date(2026, 12, 9))
    assert rows == []


def _answer_required(db: Database, inspection: Inspection) -> None:
    """Every required item answered (as ``signed_with_finding`` does), so the inspection can be signed."""
    for item_id in wf.progress(db, inspection.id).missing_required:
        item = wf.find_item(inspection, item_id)
        try:
            wf.answer_item(db, inspection.id, item_id, "n.a." if item.rule is not None else (item.expected or "2"))
        except Exception:
            wf.answer_item(db, inspection.id, item_id, "2")


def test_an_inspections_open_findings_leave_out_one_carried_into_a_re_inspection(populated_db: Populated) -> None:
    """Each list of inspections with their open findings (the CLI's list, the home list and its
    search, the site's inspections) counts a carried-over defect once: at the re-inspection."""
    from inspect_tui.store.queries import home_search
    from inspect_tui.store.queries.site_inspections import site_inspections

    db = populated_db.db
    found = signed_with_finding(populated_db)
    site = populated_db.site.id
    again = wf.start_inspection(db, site, ["snf"], "J. de Vries", now=dt.datetime(2026, 12, 1, 9))
    wf.confirm_finding(db, again.id, found.id, resolved=False, now=dt.datetime(2026, 12, 1, 9))

    def open_counts() -> list[dict[str, int]]:
        counts = [
            {r["id"]: r["open_findings"] for r in list_inspections(db, ListFilter())},
            {r.id: r.open_findings for r in queries.inspections_page(db).rows},
            {r.id: r.open_findings for r in home_search.inspections_page(db, search="J. de Vries").rows},
            {r.id: r.open_findings for r in site_inspections(db, site)},
        ]
        return [{k: v for k, v in c.items() if k in (found.inspection_id, again.id)} for c in counts]

    assert open_counts() == [{found.inspection_id: 0, again.id: 1}] * 4


def test_the_report_of_the_inspection_that_found_a_carried_defect_says_it_was_taken_over(
    populated_db: Populated,
) -> None:
    db = populated_db.db
    found = signed_with_finding(populated_db)
    assert c.summary_line(build_report(db, found.inspection_id)).endswith("(1 open)")
    again = wf.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=dt.datetime(2026, 12, 1, 9))
    wf.confirm_finding(db, again.id, found.id, resolved=False, now=dt.datetime(2026, 12, 1, 9))
    earlier = build_report(db, found.inspection_id)
    assert earlier.open_findings == 0 and c.summary_line(earlier).endswith("(0 open)")
    assert [c.finding_status(f) for f in earlier.findings] == ["taken over by a later inspection"]
    later = build_report(db, again.id)
    assert later.open_findings == 1
    assert [c.finding_status(f) for f in later.findings] == ["open (carried over from the previous inspection)"]
    dutch = build_report(db, found.inspection_id, lang="nl")
    with using("nl"):
        assert [c.finding_status(f) for f in dutch.findings] == ["overgenomen door een latere inspectie"]


@pytest.fixture
def machine_zone() -> Iterator[None]:
    """Gives back the process's time zone after a test set $TZ."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_times_and_today_are_amsterdams_whatever_zone_the_machine_is_in(
    tmp_path: Path, machine_zone: None, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Twelve hours behind or fourteen ahead of UTC, one of the two is on another day than
    Amsterdam at any moment: a moment recorded without a given time, a finding's default deadline
    and the day `findings` exports by default are Amsterdam's on both machines."""
    path = tmp_path / "laptop.db"
    db = open_db(path, create=True)
    site = Site(name="De Wilgen", city="Venlo", street="Dorpsstraat", house_number=12)
    save(db, site)
    for zone in ("Etc/GMT+12", "Pacific/Kiritimati"):
        os.environ["TZ"] = zone
        time.tzset()
        today = dt.datetime.now(AMSTERDAM).date()
        assert (amsterdam_today(), parse_day("today")) == (today, today), zone
        inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries")
        lag = abs((dt.datetime.now(AMSTERDAM) - inspection.started_at).total_seconds())
        assert lag < 120 and inspection.started_at.utcoffset() == dt.datetime.now(AMSTERDAM).utcoffset(), zone
        finding = wf.add_finding(db, inspection.id, Severity.CRITICAL, f"Geen rookmelder ({zone})")
        assert finding.deadline == today + dt.timedelta(days=7), zone  # critical: a week from today
        result = CliRunner().invoke(main, ["--db", str(path), "findings", "--format", "json"])
        assert result.exit_code == 0, result.output
        assert finding.description in {r["description"] for r in json.loads(result.output)}, zone
        runner = quick_command(["--db", str(path), "findings", "--format", "json"], environ={})
        assert runner is not None
        capsysbinary.readouterr()
        assert runner()
        quick = json.loads(capsysbinary.readouterr().out)
        assert finding.description in {r["description"] for r in quick}, zone
    db.close()


def test_a_finding_withdrawn_after_a_re_inspection_found_it_still_open_is_not_reported_still_open(
    populated_db: Populated,
) -> None:
    db = populated_db.db
    found = signed_with_finding(populated_db)  # critical, due 23-11-2026
    again = wf.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=dt.datetime(2026, 12, 1, 9))
    wf.confirm_finding(db, again.id, found.id, resolved=False, now=dt.datetime(2026, 12, 1, 9))
    groups = c.follow_up_groups(build_report(db, again.id))
    assert [(title, len(rows)) for title, rows in groups] == [("Still open", 1)]
    assert "23-11-2026 (8 days overdue)" in groups[0][1][0]
    wf.withdraw_finding(db, found.id, "Rookmelder hing er wel", now=dt.datetime(2026, 12, 2, 10))
    groups = c.follow_up_groups(build_report(db, again.id))
    assert [(title, len(rows)) for title, rows in groups] == [("Withdrawn since", 1)]
    assert "overdue" not in " ".join(groups[0][1][0])
    with using("nl"):
        dutch = c.follow_up_groups(build_report(db, again.id, lang="nl"))
    assert [title for title, _rows in dutch] == ["Sindsdien ingetrokken"]
