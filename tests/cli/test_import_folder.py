"""`import FOLDER` takes the *.zip bundles in it, as `central intake` and the review screen's
dialog do; a folder without bundles is said in one line and changes nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.sync.bundle_files import bundle_files
from tests.helpers.db_dump import dump

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


@pytest.fixture
def day_folder(tmp_path: Path) -> Path:
    source = tmp_path / "source.db"
    shutil.copy(REPO / "sample.db", source)
    folder = tmp_path / "day"
    folder.mkdir()
    code, output = _run("--db", str(source), "export", "--all", "--out", f"{folder}/")
    assert code == 0, output
    (folder / "notes.txt").write_text("not a bundle\n", encoding="utf-8")
    (folder / "older").mkdir()  # sub-folders are not searched
    return folder


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    path = tmp_path / "lead.db"
    code, output = _run("--db", str(path), "init")
    assert code == 0, output
    return path


def test_a_folder_imports_the_bundles_in_it(day_folder: Path, lead: Path) -> None:
    (bundle,) = day_folder.glob("*.zip")
    code, output = _run("--db", str(lead), "import", "--trust-new", "--trust-role", "lead", str(day_folder))
    assert code == 0, output
    assert f"Imported: {bundle}" in output
    connection = sqlite3.connect(lead)
    try:
        assert connection.execute("SELECT COUNT(*) FROM inspections").fetchone()[0] == 9
    finally:
        connection.close()


def test_a_bundle_named_itself_and_through_its_folder_is_taken_once(day_folder: Path) -> None:
    (bundle,) = day_folder.glob("*.zip")
    upper = day_folder / "AGAIN.ZIP"
    shutil.copy(bundle, upper)
    assert bundle_files([day_folder, bundle, day_folder]) == [upper, bundle]


def test_a_folder_without_bundles_is_said_and_changes_nothing(tmp_path: Path, lead: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    before = dump(lead)
    code, output = _run("--db", str(lead), "import", str(empty))
    assert (code, output.strip()) == (1, "Error: no bundles found: the folders given hold no *.zip files")
    assert dump(lead) == before
