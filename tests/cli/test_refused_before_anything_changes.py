"""Bad input found by trying the command line as an adversary: each is refused in one line, in the
interface language, before anything changes (the database, its signing key file, the folder).
Bytes that are not UTF-8, a reason with a terminal escape, a name that is empty, a database or a
folder that cannot be written, a command group named without its command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from tests.cli.test_hostile_input import INSPECTION, one_line
from tests.cli.test_hostile_input import read_only as read_only  # a fixture
from tests.helpers.cli_sandbox import REPO
from tests.helpers.db_dump import dump


def _files(folder: Path) -> dict[str, bytes]:
    """The files in folder and their bytes (SQLite's -wal and -shm files aside)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(("-shm", "-wal"))
    }


@pytest.mark.parametrize(
    "args",
    [
        ["list", "sites", "--site", b"\xff"],  # answered without the full command line
        ["findings", "--open", "--inspector", b"\xff"],
        ["report", b"\xff\xff\xff"],
        ["delete", "inspection", INSPECTION, "--reason", b"\xff"],
    ],
    ids=["list", "findings", "report", "delete"],
)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_bytes_that_are_not_utf8_are_one_line_and_change_nothing(
    sample: Path, args: list[str | bytes], lang: str
) -> None:
    before = dump(sample)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from inspect_tui.launch import main; main()",
            "--lang",
            lang,
            "--db",
            str(sample),
            *args,
        ],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    said = done.stderr.decode()
    assert done.returncode == 2, said
    assert len(said.strip().splitlines()) == 1 and "Traceback" not in said, said
    assert "'�" in said and ("is geen UTF-8-tekst" if lang == "nl" else "is not UTF-8 text") in said, said
    assert dump(sample) == before


def test_a_reason_with_a_terminal_escape_is_refused_and_nothing_is_deleted(sample: Path) -> None:
    before = dump(sample)
    line = one_line("--db", str(sample), "delete", "inspection", INSPECTION, "--reason", "a\x1b[31mb\x07")
    assert line == (
        "Error: the reason: a control character (U+001B) is not allowed in text (at character 2); remove it"
    )
    assert dump(sample) == before


@pytest.mark.parametrize(
    "args",
    [["import", ""], ["import", "  "], ["export", "--all", "--out", ""], ["verify", ""]],
    ids=["import", "import-blank", "export", "verify"],
)
def test_an_empty_name_is_no_file_not_the_current_folder(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # a bundle here was imported by `import ''`; `export --out ''` wrote here
    shutil.copy(REPO / "sample.db", tmp_path / "other.db")
    before, files = dump(sample), _files(tmp_path)
    line = one_line("--db", str(sample), *args, code=2)
    assert "an empty name names no file" in line, line
    assert dump(sample) == before and _files(tmp_path) == files


def test_rotating_the_key_of_a_database_that_cannot_be_written_leaves_the_key_file(read_only: Path) -> None:
    folder = read_only.parent
    files = _files(folder)
    line = one_line("--db", str(read_only), "keys", "rotate")
    assert line.startswith(f"Error: {read_only} cannot be written"), line
    assert _files(folder) == files  # no key file renamed to .old-…, none written


def test_an_export_into_a_folder_it_may_not_write_makes_no_signing_key(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    allowed = os.access

    def access(path: object, mode: int, **kw: object) -> bool:  # as for a folder of another user (tests run as root)
        return not (Path(str(path)) == locked and mode & os.W_OK) and allowed(path, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    before, files = dump(sample), _files(tmp_path)
    for out in (locked / "day.zip", locked):
        line = one_line("--db", str(sample), "export", "--all", "--out", str(out))
        assert line == f"Error: cannot write {locked / 'day.zip' if out != locked else locked}: permission denied", line
    assert dump(sample) == before and _files(tmp_path) == files  # no signing key in the database or beside it


@pytest.mark.parametrize(
    ("args", "commands"),
    [(["checklists"], "list, show, validate"), (["keys", "roster"], "add, new, pin, revoke, show")],
)
def test_a_command_group_without_its_command_names_the_commands(args: list[str], commands: str) -> None:
    line = one_line(*args, code=2)
    assert (
        line == f"Error: Missing command. Choose from: {commands} (see: main {' '.join(args)} --help)"
    )  # CliRunner names it main
    dutch = one_line("--lang", "nl", *args, code=2)
    assert dutch.startswith("Fout: Opdracht ontbreekt. Kies uit: ") and "Usage" not in dutch, dutch


def test_a_roster_person_with_a_terminal_escape_is_refused(tmp_path: Path) -> None:
    key, roster = tmp_path / "central.key", tmp_path / "roster.json"
    made = CliRunner().invoke(main, ["keys", "roster", "new", "--central-key", str(key), "--out", str(roster)])
    assert made.exit_code == 0, made.output
    before = roster.read_bytes()
    line = one_line(
        "keys", "roster", "add", str(roster), "--central-key", str(key), "--device", "laptop-eva",
        "--public-key", "1" * 64, "--person", "Eva\x1b[31m de Vries", "--role", "inspector",
    )  # fmt: skip
    assert line.startswith("Error: --person: a control character (U+001B) is not allowed"), line
    assert roster.read_bytes() == before


def test_a_deletion_is_reported_in_the_language_the_command_runs_in(sample: Path, tmp_path: Path) -> None:
    settings = tmp_path / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"lang": "nl"}')
    done = CliRunner().invoke(
        main, ["--db", str(sample), "delete", "inspection", INSPECTION, "--reason", "per ongeluk"]
    )
    assert done.exit_code == 0, done.output
    assert done.output.startswith("Inspectie ") or done.output.startswith("Verwijderd"), done.output


@pytest.mark.parametrize(
    ("where", "text"), [("title_en", "Evil \x1b[2J\x07"), ("item", "Kaart \x1b]0;pwned\x07"), ("item", "a\u202eb")]
)
def test_a_checklist_text_with_a_terminal_escape_is_refused(tmp_path: Path, where: str, text: str) -> None:
    template = json.loads((REPO / "inspect_tui" / "checklists" / "snf.json").read_text(encoding="utf-8"))
    if where == "item":
        template["items"][0]["text_en"] = text
    else:
        template[where] = text
    path = tmp_path / "esc.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    line = one_line("checklists", "validate", str(path))
    assert line.startswith(f"Error: {path}: ") and "is not allowed in text" in line and "remove it" in line, line
    assert "(U+001B)" in line or "(U+202E)" in line
    assert "\x1b" not in line and "\u202e" not in line
    dutch = one_line("--lang", "nl", "checklists", "validate", str(path))
    assert "niet toegestaan" in dutch and "is not allowed" not in dutch, dutch


def test_init_on_an_empty_file_says_it_created_the_database(tmp_path: Path) -> None:
    empty = tmp_path / "new.db"
    empty.touch()
    first = CliRunner().invoke(main, ["--db", str(empty), "init"])
    assert first.exit_code == 0 and first.output.startswith(f"Database {empty} created;"), first.output
    again = CliRunner().invoke(main, ["--db", str(empty), "init"])
    assert again.exit_code == 0 and again.output.startswith(f"Database {empty} already existed;"), again.output


def test_findings_of_an_empty_site_name_no_site_not_all_of_them(sample: Path) -> None:
    """`findings --site ''` exported every site's findings; `--site '   '` was already refused."""
    assert one_line("--db", str(sample), "findings", "--open", "--site", "") == (
        "Error: no site with id ''; give the whole id or at least 6 characters"
    )


@pytest.mark.parametrize("command", [["stats"], ["list", "sites"], ["keys"], ["export", "--out", "x.zip"]])
def test_an_sqlite_file_without_tables_is_not_made_a_database(tmp_path: Path, command: list[str]) -> None:
    """`stats` made all tables and a device id in it, and `keys` a signing key beside it."""
    import sqlite3

    blank = tmp_path / "e.db"
    with sqlite3.connect(blank) as made:
        made.execute("PRAGMA user_version = 1")
    before = _files(tmp_path)
    result = CliRunner().invoke(main, ["--db", str(blank), *command], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {blank} is an empty SQLite file, not an inspect-tui database yet; "
        f"make one with: inspect-tui --db {blank} init"
    ]
    assert _files(tmp_path) == before
    assert CliRunner().invoke(main, ["--db", str(blank), "init"]).exit_code == 0  # init makes one of it
