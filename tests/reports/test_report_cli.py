"""`inspect-tui report` and `inspect-tui findings` through click's CliRunner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.domain.models import Inspection, Site
from inspect_tui.i18n import zone
from inspect_tui.store import open_db, save
from tests.helpers.report_fixture import ReportDb


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_error(code: int, stderr: str, *fragments: str) -> None:
    assert code == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize("fmt", ["pdf", "html", "md"])
def test_report_writes_each_format(report_db: ReportDb, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"rapport.{fmt}"
    code, stdout, _ = run(report_db.path, "report", report_db.inspection, "--format", fmt, "--out", str(out))
    assert code == 0, stdout
    assert f"Wrote the {fmt.upper()} report of Vakantiepark Ruïnezicht to {out}" in stdout
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
    else:
        assert "Vakantiepark Ruïnezicht" in data.decode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left behind


def test_the_dutch_line_about_a_written_report_starts_with_a_capital(report_db: ReportDb, tmp_path: Path) -> None:
    out = tmp_path / "rapport.md"
    code, stdout, _ = run(report_db.path, "report", report_db.inspection, "--lang", "nl", "--out", str(out))
    assert code == 0, stdout
    assert stdout.startswith(f"Het MD-rapport van Vakantiepark Ruïnezicht geschreven naar {out} ("), stdout


def test_report_takes_the_format_from_the_file_name_and_a_short_id(report_db: ReportDb, tmp_path: Path) -> None:
    out = tmp_path / "rapport.html"
    code, _, _ = run(report_db.path, "report", report_db.inspection[:8], "--out", str(out))
    assert code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_markdown_to_stdout_with_occupants(report_db: ReportDb) -> None:
    code, stdout, _ = run(
        report_db.path, "report", report_db.inspection, "--format", "md", "--out", "-", "--with-occupants"
    )
    assert code == 0
    assert stdout.startswith("# Inspection report — Vakantiepark Ruïnezicht")
    assert "●●●●●●333" in stdout and "111222333" not in stdout
    assert "Generated " in stdout  # the command stamps the time it ran


def test_report_of_an_unknown_inspection_is_one_line(report_db: ReportDb) -> None:
    code, _, stderr = run(report_db.path, "report", "ffffffff-0000-4000-8000-000000000000")
    assert_one_line_error(code, stderr, "no inspection with an id starting with", "findings --date")
    code, _, stderr = run(report_db.path, "report", "abc")
    assert_one_line_error(code, stderr, "at least 6 characters")


def test_report_with_an_unknown_format_is_one_line(report_db: ReportDb, tmp_path: Path) -> None:
    code, _, stderr = run(
        report_db.path, "report", report_db.inspection, "--format", "docx", "--out", str(tmp_path / "x.docx")
    )
    assert_one_line_error(code, stderr, "unknown format 'docx'", "pdf, html or md")
    assert not (tmp_path / "x.docx").exists()


def test_report_refuses_a_format_the_file_name_contradicts(report_db: ReportDb, tmp_path: Path) -> None:
    code, _, stderr = run(
        report_db.path, "report", report_db.inspection, "--format", "pdf", "--out", str(tmp_path / "rapport.md")
    )
    assert_one_line_error(code, stderr, "looks like md but --format is pdf")


def test_report_into_a_missing_folder_is_one_line(report_db: ReportDb, tmp_path: Path) -> None:
    code, _, stderr = run(report_db.path, "report", report_db.inspection, "--out", str(tmp_path / "nope" / "r.md"))
    assert_one_line_error(code, stderr, "does not exist")


def test_an_ambiguous_prefix_lists_the_candidates(tmp_path: Path) -> None:
    path = tmp_path / "two.db"
    db = open_db(path, create=True)
    site = Site(name="De Eik")
    save(db, site)
    for suffix in ("1", "2"):
        save(
            db,
            Inspection(
                id=f"abcdef0{suffix}-0000-4000-8000-000000000000",
                site_id=site.id,
                templates=["snf"],
                inspector="An",
                started_at=dt.datetime(2025, 6, 12, 9, 0),
            ),
        )
    db.close()
    code, _, stderr = run(path, "report", "ABCDEF")
    assert_one_line_error(code, stderr, "matches several inspections", "abcdef01-", "abcdef02-", "De Eik")
    code, _, _ = run(path, "report", "abcdef02", "--out", str(tmp_path / "r.md"))
    assert code == 0 and "# Inspection report — De Eik" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_findings_markdown_on_screen_and_csv_to_a_file(report_db: ReportDb, tmp_path: Path) -> None:
    code, stdout, _ = run(report_db.path, "findings", "--date", "12-06-2025")
    assert code == 0 and stdout.startswith("# Findings of 12-06-2025")
    out = tmp_path / "bevindingen.csv"
    code, stdout, _ = run(
        report_db.path, "findings", "--date", "2025-06-12", "--inspector", "joris meijer", "--out", str(out)
    )
    assert code == 0 and "Wrote 2 findings of 12-06-2025" in stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("date,site,address,") and len(lines) == 3


def test_findings_for_excel_and_json(report_db: ReportDb, tmp_path: Path) -> None:
    out = tmp_path / "excel.csv"
    code, _, _ = run(
        report_db.path,
        "findings",
        "--date",
        "2025-06-12",
        "--excel",
        "--out",
        str(out),
        "--site",
        report_db.housing_site[:8],
    )
    assert code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdate;site;") and data.count(b"\r\n") == 6
    code, stdout, _ = run(report_db.path, "findings", "--date", "2025-06-12", "--format", "json")
    assert code == 0 and stdout.lstrip().startswith("[")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--date", "2025-13-01"], ["is not a date", "dd-mm-yyyy"]),
        (["--format", "xls"], ["unknown format 'xls'"]),
        (["--excel", "--format", "json"], ["--excel applies to CSV only"]),
        (["--site", "zzzzzzzz"], ["no site with an id starting with"]),
    ],
)
def test_findings_refuses_bad_options_in_one_line(report_db: ReportDb, args: list[str], fragments: list[str]) -> None:
    code, _, stderr = run(report_db.path, "findings", *args)
    assert_one_line_error(code, stderr, *fragments)


def test_findings_names_the_inspectors_of_the_day_when_a_name_finds_nothing(report_db: ReportDb) -> None:
    code, stdout, stderr = run(report_db.path, "findings", "--date", "2025-06-12", "--inspector", "Piet")
    assert code == 0 and "No findings." in stdout
    assert "inspectors that day: Joris Meijer, Loïs van den Berg" in stderr


def test_a_missing_database_is_one_line(tmp_path: Path) -> None:
    code, _, stderr = run(tmp_path / "nothing.db", "findings")
    assert_one_line_error(code, stderr, "no database at")


def test_report_in_dutch_uses_the_dutch_checklist_texts(report_db: ReportDb) -> None:
    result = CliRunner().invoke(
        main,
        ["--db", str(report_db.path), "--lang", "nl", "report", report_db.inspection, "--format", "md", "--out", "-"],
    )
    assert result.exit_code == 0
    assert "Gebruiksoppervlakte (GBO) per persoon voldoet aan de minimumnorm" in result.stdout
    assert "#### Ruimte en privacy" in result.stdout


ENGLISH_HEADINGS = (
    "Inspection report",
    "Summary",
    "## Site",
    "## Findings",
    "Sign-off",
    "Verdict per checklist",
    "Units and occupancy",
    "| critical |",
    "| major |",
    "Deadline",
    "Responsible person",
    "approved",
)


@pytest.mark.parametrize("where", ["global", "command"])
def test_report_in_dutch_has_dutch_headings_labels_and_values(report_db: ReportDb, where: str) -> None:
    lang = ["--lang", "nl"]
    args = ["--db", str(report_db.path), *(lang if where == "global" else []), "report", report_db.inspection]
    args += ["--format", "md", "--out", "-", *(lang if where == "command" else [])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = result.stdout
    for dutch in ("# Inspectierapport", "## Oordeel per checklist", "## Acties", "| kritiek |", "## Ondertekening"):
        assert dutch in text
    assert "Verantwoordelijke" in text and "Handtekening" in text
    leaked = [english for english in ENGLISH_HEADINGS if english in text]
    assert leaked == []


def test_report_language_defaults_to_the_locale(report_db: ReportDb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "nl_NL.UTF-8")
    code, stdout, _err = run(report_db.path, "report", report_db.inspection, "--format", "md", "--out", "-")
    assert code == 0
    assert stdout.startswith("# Inspectierapport")
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    code, stdout, _err = run(report_db.path, "report", report_db.inspection, "--format", "md", "--out", "-")
    assert stdout.startswith("# Inspection report")


def test_report_with_an_unknown_language_is_one_line(report_db: ReportDb) -> None:
    code, _out, stderr = run(report_db.path, "report", report_db.inspection, "--lang", "de", "--out", "-")
    assert code == 2
    assert "Traceback" not in stderr


def test_findings_csv_in_dutch_has_dutch_headers_and_values(report_db: ReportDb, tmp_path: Path) -> None:
    out = tmp_path / "bevindingen.csv"
    code, _, stderr = run(
        report_db.path, "findings", "--date", "2025-06-12", "--lang", "nl", "--excel", "--out", str(out)
    )
    assert code == 0, stderr
    text = out.read_text(encoding="utf-8-sig")
    header, *rows = text.splitlines()
    assert header.startswith("datum;locatie;adres;")
    assert "zwaarte" in header and "termijn" in header
    values = {cell for row in rows for cell in row.split(";")}
    assert "kritiek" in values and "open" in values
    assert not values & {"critical", "major", "minor"}
    code, stdout, _ = run(report_db.path, "--lang", "nl", "findings", "--date", "2025-06-12", "--format", "md")
    assert stdout.startswith("# Bevindingen van 12-06-2025")
    assert "| kritiek |" in stdout and "| critical |" not in stdout


def test_findings_json_stays_a_machine_format_in_dutch(report_db: ReportDb) -> None:
    import json

    code, stdout, _ = run(report_db.path, "findings", "--date", "2025-06-12", "--lang", "nl", "--format", "json")
    assert code == 0
    data = json.loads(stdout)
    assert data and set(data[0]) >= {"severity", "deadline"}
    assert {row["severity"] for row in data} <= {"critical", "major", "minor"}


def test_findings_of_a_period_open_and_overdue(report_db: ReportDb) -> None:
    import json

    def ids(*args: str) -> list[tuple[str, str, str]]:
        code, stdout, stderr = run(report_db.path, "findings", *args, "--format", "json")
        assert code == 0, stderr
        return [(r["inspection_id"], r["status"], r["deadline"]) for r in json.loads(stdout)]

    day = ids("--date", "2025-06-12")
    period = ids("--from", "2025-01-01", "--to", "2025-12-31")
    assert set(day) <= set(period) and len(period) > len(day)
    everything_open = ids("--open")
    assert everything_open and all(status == "open" for _i, status, _d in everything_open)
    overdue = ids("--overdue")
    today = zone.today().isoformat()  # overdue is judged on the Dutch calendar day
    assert overdue and all(status == "open" and deadline < today for _i, status, deadline in overdue)
    assert set(overdue) <= set(everything_open)
    # a period that holds nothing
    assert ids("--from", "2030-01-01", "--to", "2030-01-31") == []


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--date", "2025-06-12", "--from", "2025-06-01"], "give one or the other"),
        (["--from", "2025-06-30", "--to", "2025-06-01"], "swap them"),
        (["--from", "juni"], "--from 'juni' is not a date"),
        (["--format", "xls"], "unknown format"),
    ],
)
def test_findings_period_errors_are_one_line(report_db: ReportDb, args: list[str], fragment: str) -> None:
    code, _out, stderr = run(report_db.path, "findings", *args)
    assert_one_line_error(code, stderr, fragment)


def test_findings_as_excel_workbook(report_db: ReportDb, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "bevindingen.xlsx"
    code, _stdout, stderr = run(report_db.path, "findings", "--from", "2025-01-01", "--lang", "nl", "--out", str(out))
    assert code == 0, stderr
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["datum", "locatie", "adres"] and "zwaarte" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    first = [c.value for c in sheet[2]]
    assert isinstance(first[0], dt.datetime) and isinstance(first[12], dt.datetime)  # dates as dates
    assert sheet["A2"].number_format == "DD-MM-YYYY"
    assert isinstance(first[14], int)
    severities = {row[10].value for row in sheet.iter_rows(min_row=2)}
    assert severities <= {"kritiek", "ernstig", "gering"} and severities
    figures = [row[8].value for row in sheet.iter_rows(min_row=2) if row[8].value is not None]
    assert figures and all(isinstance(f, int | float) for f in figures)  # numbers, not text
