"""`inspect-tui list`, usage errors in one line, and reading commands that never create a database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from tests.helpers.report_fixture import ReportDb


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def listed(report_db: ReportDb, what: str, *args: str) -> list[dict[str, object]]:
    code, stdout, stderr = run("--db", str(report_db.path), "list", what, *args, "--json")
    assert code == 0, stderr
    return json.loads(stdout)  # type: ignore[no-any-return]


def test_list_inspections_with_filters(report_db: ReportDb) -> None:
    everything = listed(report_db, "inspections")
    ids = [row["id"] for row in everything]
    assert report_db.inspection in ids and report_db.earlier_inspection in ids
    started = [str(row["started_at"]) for row in everything]
    assert started == sorted(started, reverse=True)  # newest first
    assert all(s.endswith(("+01:00", "+02:00")) for s in started)  # RFC 3339 with offset
    one_day = listed(report_db, "inspections", "--from", "12-06-2025", "--to", "2025-06-12")
    assert one_day and all(str(r["started_at"]).startswith("2025-06-12") for r in one_day)
    approved = listed(report_db, "inspections", "--status", "approved")
    assert approved and all(r["status"] == "approved" for r in approved)
    by_site = listed(report_db, "inspections", "--site", "ruïnezicht")
    assert by_site and all(r["site"] == "Vakantiepark Ruïnezicht" for r in by_site)
    assert listed(report_db, "inspections", "--site", "100%_") == []  # LIKE wildcards are plain text
    assert listed(report_db, "inspections", "--inspector", "NIEMAND") == []


def test_list_sites_and_findings(report_db: ReportDb) -> None:
    sites = listed(report_db, "sites")
    assert {report_db.housing_site} <= {s["id"] for s in sites}
    assert [s["name"] for s in sites] == sorted((s["name"] for s in sites), key=lambda n: str(n).casefold())
    kaatsheuvel = listed(report_db, "sites", "--site", "kaatsheuvel")
    assert [s["id"] for s in kaatsheuvel] == [report_db.housing_site]
    open_findings = listed(report_db, "findings", "--status", "open")
    assert open_findings and all(f["status"] == "open" for f in open_findings)
    resolved = listed(report_db, "findings", "--status", "resolved")
    assert all(f["status"] == "resolved" for f in resolved)


def test_list_as_a_table_in_dutch(report_db: ReportDb) -> None:
    code, stdout, _err = run("--db", str(report_db.path), "--lang", "nl", "list", "inspections")
    assert code == 0
    header = stdout.splitlines()[0]
    assert "Inspecteur" in header and "Status" in header
    assert "goedgekeurd" in stdout and "approved" not in stdout
    assert stdout.rstrip().endswith("rijen") or stdout.rstrip().endswith("rij")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["list", "findings", "--status", "draft"], "does not apply to findings"),
        (["list", "inspections", "--from", "2025-06-30", "--to", "2025-06-01"], "swap them"),
        (["list", "inspections", "--from", "gisteravond"], "is not a date"),
    ],
)
def test_list_errors_are_one_line(report_db: ReportDb, args: list[str], fragment: str) -> None:
    code, _out, stderr = run("--db", str(report_db.path), *args)
    assert code == 1
    assert stderr.count("\n") == 1 and fragment in stderr and stderr.startswith("Error: ")


@pytest.mark.parametrize(
    "args",
    [
        ["list", "everything"],
        ["findings", "--nope"],
        ["--nope"],
        ["no-such-command"],
        ["keys", "set-central"],
    ],
)
def test_usage_errors_are_one_line(report_db: ReportDb, args: list[str]) -> None:
    code, _out, stderr = run("--db", str(report_db.path), *args)
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "--help" in lines[0]
    assert "Usage:" not in stderr


@pytest.mark.parametrize("command", [["stats"], ["list", "sites"], ["findings"], ["report", "abcdef"]])
def test_reading_commands_never_create_the_default_database(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "data" / "inspect.db"
    code, _out, stderr = run(*command, env={"INSPECT_TUI_DB": str(missing)})
    assert code == 1
    assert stderr.strip() == f"Error: no database at {missing}; create one with: inspect-tui --db {missing} init"
    assert not missing.exists() and not missing.parent.exists()
