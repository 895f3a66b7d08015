"""The day's findings: CSV (plain and for Excel with Dutch settings), JSON and Markdown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from inspect_tui.reports.findings import (
    COLUMNS,
    FindingExportRow,
    findings_csv,
    parse_day,
    query_findings,
    render_findings,
)
from inspect_tui.store import open_db
from tests.helpers.report_fixture import DAY, ReportDb


@pytest.fixture()
def rows(report_db: ReportDb) -> list[FindingExportRow]:
    db = open_db(report_db.path)
    try:
        return query_findings(db, DAY)
    finally:
        db.close()


def test_the_day_has_the_findings_of_both_inspections_and_not_the_earlier_one(
    rows: list[FindingExportRow], report_db: ReportDb
) -> None:
    assert len(rows) == 7
    assert {r.inspection_id for r in rows} == {report_db.inspection, report_db.workplace_inspection}
    assert not any("2019" in r.description for r in rows)  # the finding of 10 June
    assert [r.norm for r in rows] == ["RI&E", "COVID", "SNF", "SNF", "AKF", "SNF", ""]
    bedroom = rows[3]
    assert (bedroom.unit, bedroom.figure_unit, bedroom.photos) == ("Kamer 3", "m²/p", 2)
    # Kamer 3's own figure as its verdict line shows it (12.2 m² for 4), never the site total nor the
    # worst bedroom's (Kamer 2: 8 m² for 3 = 2.67), which the finding is not about.
    assert bedroom.figure == 3.1
    assert rows[2].address == "Kerkstraat 12A, 5171 AB  KAATSHEUVEL"


def test_filters_by_inspector_in_any_case_and_by_site(report_db: ReportDb) -> None:
    db = open_db(report_db.path)
    by_inspector = query_findings(db, DAY, inspector="LOÏS VAN DEN BERG".lower())
    by_site = query_findings(db, DAY, site_id=report_db.workplace_site)
    earlier = query_findings(db, DAY - dt.timedelta(days=2))
    nothing = query_findings(db, DAY, inspector="Joris Meijer", site_id=report_db.housing_site)
    db.close()
    assert len(by_inspector) == 5 and {r.inspector for r in by_inspector} == {"Loïs van den Berg"}
    assert [r.item_id for r in by_site] == ["rie.rie.present", "covid-2020.transport.masks"]
    assert [r.description for r in earlier] == ["RI&E is van 2019 en niet bijgewerkt"]
    assert nothing == []


def test_csv_has_the_header_and_one_row_per_finding(rows: list[FindingExportRow]) -> None:
    text = findings_csv(rows)
    assert not text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text)))
    assert tuple(table[0]) == COLUMNS
    assert len(table) == 8
    record = dict(zip(COLUMNS, table[4], strict=True))
    assert record["date"] == "2025-06-12" and record["deadline"] == "2025-07-12"
    assert record["figure"] == "3.1" and record["severity"] == "major"
    assert record["description"] == "Slaapkamers: 3,05 m² per persoon, minder dan de vereiste 3,5 m²"


def test_excel_csv_has_bom_semicolons_decimal_comma_and_dutch_dates(rows: list[FindingExportRow]) -> None:
    text = findings_csv(rows, excel=True)
    assert text.startswith("\ufeffdate;site;address;")
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert tuple(table[0]) == COLUMNS and len(table) == 8
    record = dict(zip(COLUMNS, table[4], strict=True))
    assert record["date"] == "12-06-2025" and record["deadline"] == "12-07-2025"
    assert record["figure"] == "3,1"
    assert record["site"] == "Vakantiepark Ruïnezicht"
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")


def _row(description: str) -> FindingExportRow:
    return FindingExportRow(
        date=DAY,
        site='=HYPERLINK("x")',
        address="",
        unit="",
        inspector="@Sanne",
        inspection_id="00000000-0000-4000-8000-0000000000a3",
        item_id="",
        norm="",
        figure=None,
        figure_unit="",
        severity="minor",
        description=description,
        deadline=DAY,
        status="open",
        photos=0,
    )


def test_excel_csv_never_lets_a_cell_run_as_a_formula() -> None:
    excel = list(csv.reader(io.StringIO(findings_csv([_row("-1+1")], excel=True)[1:]), delimiter=";"))[1]
    plain = list(csv.reader(io.StringIO(findings_csv([_row("-1+1")]))))[1]
    description = COLUMNS.index("description")
    assert excel[1] == '\'=HYPERLINK("x")' and excel[4] == "'@Sanne" and excel[description] == "'-1+1"
    assert plain[description] == "-1+1"


def test_line_breaks_in_a_description_stay_in_one_cell() -> None:
    table = list(csv.reader(io.StringIO(findings_csv([_row("eerste regel\ntweede regel")]))))
    assert len(table) == 2 and table[1][COLUMNS.index("description")] == "eerste regel / tweede regel"


def test_json_and_markdown(rows: list[FindingExportRow]) -> None:
    data = json.loads(render_findings(rows, "json", DAY))
    assert len(data) == 7 and data[3]["figure"] == 3.1 and data[3]["deadline"] == "2025-07-12"  # Kamer 3
    assert data[0]["description"].endswith("basis €3.000")
    text = render_findings(rows, "md", DAY)
    assert text.startswith("# Findings of 12-06-2025")
    assert "7 findings: 1 critical, 3 major, 3 minor." in text
    assert r"\<script\>" in text
    assert render_findings([], "md", DAY).endswith("No findings.\n")
    with pytest.raises(ValueError, match="csv, json or md"):
        render_findings(rows, "xlsx", DAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-12", dt.date(2025, 6, 12)),
        ("12-06-2025", dt.date(2025, 6, 12)),
        (" Today ", dt.date(2025, 6, 20)),
        ("yesterday", dt.date(2025, 6, 19)),
        ("gisteren", dt.date(2025, 6, 19)),
    ],
)
def test_parse_day(text: str, expected: dt.date) -> None:
    assert parse_day(text, today=dt.date(2025, 6, 20)) == expected


@pytest.mark.parametrize("text", ["31-02-2025", "2025/06/12", "morgen", ""])
def test_parse_day_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_day(text)


def test_text_from_an_older_database_is_shown_escaped(report_db: ReportDb, tmp_path: Path) -> None:
    """Control characters stored before the safe-text rules reach no report, CSV or terminal raw."""
    import shutil
    import sqlite3

    from inspect_tui.reports import build_report
    from inspect_tui.reports.markdown import render_markdown

    copy = tmp_path / "older.db"
    shutil.copyfile(report_db.path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE sites SET name = ? WHERE id = ?", ["Huize\u202e\x1b[2J Noord", report_db.housing_site])
    conn.execute("UPDATE findings SET description = description || ?", ["\x1b]0;pwn\x07"])
    conn.commit()
    conn.close()
    db = open_db(copy)
    try:
        found = query_findings(db, DAY)
        text = findings_csv(found) + render_findings(found, "md", DAY)
        report = render_markdown(build_report(db, report_db.inspection))
    finally:
        db.close()
    for output in (text, report):
        assert "\x1b" not in output and "\u202e" not in output and "\x07" not in output
    assert "Huize\\u202e\\x1b[2J Noord" in text and "\\x1b]0;pwn\\x07" in text
    assert "\\x1b" in report


def test_a_period_counts_a_defect_carried_into_a_later_inspection_once(sample: Database) -> None:
    """Wilgenhoek, October and November: the occupancy register finding of 12 October was found still
    open on 16 November and taken over there; the total counted it twice."""
    from inspect_tui.reports.findings import ExportFilter, select_findings

    found = select_findings(sample, ExportFilter(start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 30)))
    park = [r for r in found if r.site.startswith("Vakantiepark")]
    taken = [r for r in park if r.shown_status() == "taken_over"]
    assert len(taken) == 1
    last = render_findings(park, "md", dt.date(2026, 10, 1), title="Wilgenhoek").strip().splitlines()[-1]
    counted = len(park) - 1
    assert last.startswith(f"{counted} findings: ")
    assert last.endswith("; 1 finding taken over by a later inspection, counted there."), last
