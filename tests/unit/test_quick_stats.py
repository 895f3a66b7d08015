"""`inspect-tui --db FILE stats [--json]` answered without the command-line framework: the same
output as the full command line, and every other form (or a database not ready) left to it."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from inspect_tui.quick import quick_command
from inspect_tui.store import open_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.db"
    shutil.copy(ROOT / "sample.db", path)
    db = open_db(path)  # brought up to date, as the app would
    db.close()
    return path


def _run(entry: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", entry, *args], capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_stats_prints_what_the_command_line_prints_without_loading_it(sample: Path, extra: list[str]) -> None:
    probe = (
        "import sys; from inspect_tui import launch; sys.argv = ['inspect-tui', *sys.argv[1:]]; launch.main(); "
        "print(sorted(m for m in sys.modules if m == 'click' or m == 'sqlite_utils'), file=sys.stderr)"
    )
    quick = _run(probe, "--db", str(sample), "stats", *extra)
    full = _run("from inspect_tui.cli import main; main()", "--db", str(sample), "stats", *extra)
    assert quick.returncode == full.returncode == 0, quick.stderr
    assert quick.stdout == full.stdout and "inspections" in quick.stdout
    assert quick.stderr.strip() == "[]", "neither click nor sqlite-utils was loaded"


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--help"],
        ["stats", "--json", "--json"],
        ["stats", "extra"],
        ["--lang", "de", "stats"],
        ["--db", "a.db", "--db", "b.db", "stats"],
        ["--verbose", "stats"],
        ["list", "sites", "--help"],
        ["findings", "--site", "x"],
        [],
    ],
)
def test_every_other_form_goes_to_the_command_line(sample: Path, args: list[str]) -> None:
    full = [a if a != "a.db" else str(sample) for a in args]
    assert quick_command(["--db", str(sample), *full] if "--db" not in args else full, environ={}) is None


def test_a_database_not_ready_goes_to_the_command_line(tmp_path: Path, sample: Path) -> None:
    assert quick_command(["stats"], environ={}) is None, "no --db and no INSPECT_TUI_DB: the default is the CLI's"
    assert quick_command(["stats"], environ={"INSPECT_TUI_DB": str(sample)}) is not None
    assert quick_command(["--db", str(tmp_path / "missing.db"), "stats"], environ={}) is None
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    assert quick_command(["--db", str(junk), "stats"], environ={}) is None
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    assert quick_command(["--db", str(empty), "stats"], environ={}) is None
    assert quick_command(["--db=" + str(sample), "--lang=nl", "stats"], environ={}) is not None


def test_a_missing_database_is_reported_as_the_command_line_reports_it(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.db")
    quick = _run("from inspect_tui.launch import main; main()", "--db", missing, "stats")
    full = _run("from inspect_tui.cli import main; main()", "--db", missing, "stats")
    assert quick.returncode == full.returncode != 0
    assert quick.stderr == full.stderr and "Traceback" not in quick.stderr
