"""The `inspect-tui` command: headless subcommands, and errors as one line without a traceback."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inspect_tui.cli import main
from inspect_tui.domain.models import Site, Unit
from inspect_tui.store import open_db, save


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real default database from a test."""
    monkeypatch.setenv("INSPECT_TUI_DB", str(tmp_path / "default.db"))


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def one_error_line(result: Result) -> str:
    """The single `Error: …` line of a failed command (exit code 1, no traceback)."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), f"an exception escaped: {result.exception!r}"
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got {lines}"
    assert lines[0].startswith("Error: ")
    return lines[0]


def shipped_template(name: str) -> str:
    return files("inspect_tui.checklists").joinpath(f"{name}.json").read_text(encoding="utf-8")


# --- init and stats -----------------------------------------------------------------------------


def test_init_creates_the_database_once(tmp_path: Path) -> None:
    path = tmp_path / "nieuw" / "inspect.db"
    made = run("--db", str(path), "init")
    assert made.exit_code == 0, made.output
    assert re.fullmatch(rf"Database {re.escape(str(path))} created; device [0-9a-f-]{{36}}\.\n", made.output)
    assert path.exists()
    again = run("--db", str(path), "init")
    assert again.exit_code == 0
    assert "already existed" in again.output
    assert made.output.split("device ")[1] == again.output.split("device ")[1], "the device id stays"


def test_stats_counts_records(tmp_path: Path) -> None:
    path = tmp_path / "inspect.db"
    db = open_db(path, create=True)
    site = Site(name="Testlocatie")
    save(db, site)
    for label in ("Caravan 1", "Caravan 2"):
        save(db, Unit(site_id=site.id, label=label))
    save(db, site.model_copy(update={"city": "Oss"}))
    db.close()
    shown = run("--db", str(path), "stats")
    assert shown.exit_code == 0, shown.output
    counts = dict(re.findall(r"^  (\S[\w ]*?)\s{2,}([\d,]+)$", shown.output, flags=re.M))
    assert counts["sites"] == "1" and counts["units"] == "2" and counts["occupants"] == "0"
    assert counts["revisions"] == "4" and counts["open conflicts"] == "0"
    as_json = json.loads(run("--db", str(path), "stats", "--json").output)
    assert as_json["sites"] == 1 and as_json["units"] == 2 and as_json["revisions"] == 4


def test_a_missing_database_is_one_line_with_the_fix(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    line = one_error_line(run("--db", str(missing), "stats"))
    assert line == f"Error: no database at {missing}; create one with: inspect-tui --db {missing} init"
    assert not missing.exists()


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("just some notes\n" * 300)
    line = one_error_line(run("--db", str(junk), "stats"))
    assert line.startswith(f"Error: {junk} is not an inspect-tui database")


# --- checklists ---------------------------------------------------------------------------------


def test_checklists_list_shows_the_four_templates() -> None:
    listed = run("checklists", "list")
    assert listed.exit_code == 0, listed.output
    ids = [line.split()[0] for line in listed.output.splitlines()]
    assert ids == ["akf", "covid-2020", "rie", "snf"]
    assert re.search(r"^snf\s+v\S+\s+\d+ items\s+\S", listed.output, flags=re.M)


def test_checklists_show_snf() -> None:
    shown = run("checklists", "show", "snf")
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("snf v")
    assert "[space]" in shown.output
    assert "snf.space.living_area_pp" in shown.output
    assert re.search(r"snf\.space\.living_area_pp .*\(SNF[^)]*\[[VSU]\]\)", shown.output)
    dutch = run("checklists", "show", "snf", "--lang", "nl")
    assert dutch.exit_code == 0 and dutch.output != shown.output


def test_checklists_show_unknown_is_one_line() -> None:
    line = one_error_line(run("checklists", "show", "nope"))
    assert line == "Error: unknown checklist 'nope'; known: akf, covid-2020, rie, snf"


def test_checklists_validate_a_good_file(tmp_path: Path) -> None:
    good = tmp_path / "snf.json"
    good.write_text(shipped_template("snf"), encoding="utf-8")
    checked = run("checklists", "validate", str(good))
    assert checked.exit_code == 0, checked.output
    assert checked.output == f"{good}: ok (snf, 40 items)\n"


def test_checklists_validate_a_bad_item_names_file_and_item(tmp_path: Path) -> None:
    data = json.loads(shipped_template("snf"))
    victim = next(item for item in data["items"] if item["answer_type"] == "count")
    del victim["unit"]
    bad = tmp_path / "mijn-snf.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    good = tmp_path / "akf.json"
    good.write_text(shipped_template("akf"), encoding="utf-8")
    result = CliRunner().invoke(main, ["checklists", "validate", str(good), str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == f"{good}: ok (akf, 21 items)"
    assert len(lines) == 2
    assert lines[1].startswith(f"Error: {bad}: item '{victim['id']}'")
    assert "needs a unit" in lines[1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [('{"id": "snf",', "invalid JSON at line 1"), ('{"id": "snf", "id": "akf"}', "key 'id' appears twice"), ("{}", "")],
)
def test_checklists_validate_broken_files_are_one_line(tmp_path: Path, content: str, expected: str) -> None:
    bad = tmp_path / "kapot.json"
    bad.write_text(content, encoding="utf-8")
    line = one_error_line(run("checklists", "validate", str(bad)))
    assert line.startswith(f"Error: {bad}: ")
    assert expected in line


def test_checklists_validate_a_missing_file_is_one_line(tmp_path: Path) -> None:
    line = one_error_line(run("checklists", "validate", str(tmp_path / "weg.json")))
    assert line == f"Error: {tmp_path / 'weg.json'}: file not found"


# --- every error case, one more time ------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "{tmp}/missing.db", "stats"],
        ["--db", "{tmp}/notes.txt", "stats"],
        ["checklists", "show", "nope"],
        ["checklists", "validate", "{tmp}/weg.json"],
        ["checklists", "validate", "{tmp}/notes.txt"],
        ["make-sample", "{tmp}/notes.txt"],
    ],
)
def test_no_error_shows_a_traceback(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "notes.txt").write_text("geen database\n" * 100)
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    one_error_line(result)
