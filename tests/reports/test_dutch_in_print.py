"""What a Dutch report or findings export prints: no stored value, no English, one status per finding."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from inspect_tui.checklists import load_template
from inspect_tui.checklists.verdict_lines import report_texts
from inspect_tui.checklists.verdict_words import shown_line
from inspect_tui.i18n import using
from inspect_tui.reports import build_report
from inspect_tui.reports.content import site_facts
from inspect_tui.reports.findings import (
    COLUMNS,
    ExportFilter,
    FindingExportRow,
    findings_xlsx,
    render_findings,
    select_findings,
)
from inspect_tui.store import open_db
from tests.helpers.report_fixture import DAY, ReportDb

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
EARLIER = "c5467892-d483-4df8-a1a3-2905d253f0af"
"""The sample's inspection of 12 October whose occupancy finding the re-inspection of 16 November took over."""


def test_a_site_certified_under_both_norms_names_both_not_the_stored_value(report_db: ReportDb) -> None:
    db = open_db(report_db.path)
    try:
        report = build_report(db, report_db.inspection)
    finally:
        db.close()
    both = replace(report, site=replace(report.site, certification="snf_akf"))
    with using("nl"):
        facts = dict(site_facts(both))
    assert facts["Keurmerk"] == "SNF + AKF SNF-4711, geldig tot 31-03-2026"


def test_the_rule_a_verdict_was_judged_by_reads_in_the_reports_language() -> None:
    item = next(i for i in load_template("covid-2020").items if i.id == "covid-2020.housing.one_per_bedroom")
    with using("nl"):
        texts = report_texts(item, "no occupied bedroom", "covid-2020 2020.2: no threshold applies", None, False, None)
    assert texts.judged_by == "covid-2020 2020.2: geen grenswaarde van toepassing"
    with using("en"):
        assert shown_line("covid-2020 2020.2: no threshold applies") == "covid-2020 2020.2: no threshold applies"


@pytest.mark.parametrize(
    ("line", "dutch"),
    [
        ("1 of 9 dwellings fail", "1 van 9 woningen voldoet niet"),
        ("2 of 9 dwellings fail", "2 van 9 woningen voldoen niet"),
        ("1 of 6 bedrooms fail", "1 van 6 slaapkamers voldoet niet"),
        ("3 of 6 bedrooms fail", "3 van 6 slaapkamers voldoen niet"),
        ("1 of 4 bedrooms undecided", "1 van 4 slaapkamers onbeslist"),
    ],
)
def test_one_failing_unit_takes_a_singular_verb(line: str, dutch: str) -> None:
    with using("nl"):
        assert shown_line(line) == dutch
    with using("en"):
        assert shown_line(line) == line


@pytest.fixture()
def earlier_findings(tmp_path: Path) -> Iterator[list[FindingExportRow]]:
    copy = tmp_path / "sample.db"
    shutil.copy(SAMPLE, copy)
    db = open_db(copy)
    try:
        rows = [r for r in select_findings(db, ExportFilter()) if r.inspection_id == EARLIER]
        yield rows
    finally:
        db.close()


def test_a_finding_a_later_inspection_took_over_is_not_exported_as_open(
    earlier_findings: list[FindingExportRow],
) -> None:
    rows = earlier_findings
    markdown = render_findings(rows, "md", DAY, lang="nl")
    occupancy = next(line for line in markdown.splitlines() if "akf.management.occupancy_matches" in line)
    assert "| overgenomen |" in occupancy and "| open |" not in occupancy
    text = render_findings(rows, "csv", DAY, excel=True, lang="nl")
    table = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    statuses = {r[COLUMNS.index("item id")]: r[COLUMNS.index("status")] for r in table[1:]}
    assert statuses["akf.management.occupancy_matches"] == "overgenomen"
    assert statuses["akf.fire.extinguisher"] == "opgelost"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(findings_xlsx(rows, lang="nl"))).active
    assert sheet is not None
    cells = {
        r[COLUMNS.index("item id")]: r[COLUMNS.index("status")] for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert cells["akf.management.occupancy_matches"] == "overgenomen"
    # JSON keeps the stored value and says that it was taken over.
    data = {r["item_id"]: r for r in json.loads(render_findings(rows, "json", DAY, lang="nl"))}
    assert data["akf.management.occupancy_matches"]["status"] == "open"
    assert data["akf.management.occupancy_matches"]["taken_over"] is True
    assert data["akf.fire.extinguisher"]["taken_over"] is False


@pytest.mark.parametrize(("lang", "shown"), [("nl", "1 douche"), ("en", "1 shower")])
def test_one_counted_thing_is_singular(tmp_path: Path, lang: str, shown: str) -> None:
    copy = tmp_path / "sample.db"
    shutil.copy(SAMPLE, copy)
    db = open_db(copy)
    try:
        report = build_report(db, "b096da58-2212-47dd-97b8-5f572ddc1f59", lang=lang)  # one shower for 12
    finally:
        db.close()
    items = {i.item_id: i for t in report.templates for s in t.sections for i in s.items}
    assert items["snf.sanitary.showers"].answer == shown


@pytest.mark.parametrize(("lang", "shown"), [("nl", "overgenomen"), ("en", "taken over")])
def test_the_findings_list_does_not_show_a_taken_over_finding_as_open(
    tmp_path: Path, lang: str, shown: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    from click.testing import CliRunner

    from inspect_tui.cli import main as cli
    from inspect_tui.quick import quick_command

    copy = tmp_path / "sample.db"
    shutil.copy(SAMPLE, copy)
    args = ["--db", str(copy), "--lang", lang, "list", "findings"]
    table = CliRunner().invoke(cli, args)
    assert table.exit_code == 0, table.output
    occupancy = [line for line in table.output.splitlines() if "akf.management.occupancy_matches" in line]
    earlier = next(line for line in occupancy if line.startswith(EARLIER))
    assert f"  {shown}  " in earlier and "  open  " not in earlier
    runner = quick_command(args, environ={})  # the quick path, as the installed command answers it
    assert runner is not None
    capsysbinary.readouterr()
    assert runner() is not False
    assert capsysbinary.readouterr().out.decode("utf-8") == table.output
    rows = json.loads(CliRunner().invoke(cli, [*args, "--json"]).output)
    taken = [r for r in rows if r["inspection_id"] == EARLIER and r["item_id"] == "akf.management.occupancy_matches"]
    assert [(r["status"], r["taken_over"]) for r in taken] == [("open", True)]
    assert not any(r["taken_over"] for r in rows if r["inspection_id"] != EARLIER)
