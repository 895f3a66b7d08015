"""The laptop command line against hostile input: a database that is not ours to read or write
(from a newer version, busy, read-only, damaged, an empty file), output that cannot be written
(a device, a full or read-only disk, a file where a folder should be) and hostile checklist
templates. Each is one line saying what is wrong and what to do, and the database is left as it was."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.quick import quick_command
from inspect_tui.store import db as store_db
from tests.helpers.db_dump import dump

REPO = Path(__file__).resolve().parents[2]
INSPECTION = "349a3ca3"
"""An inspection of the sample (a draft: `delete` would take it)."""
WRITERS = [
    ["report", INSPECTION, "--format", "md", "--out", "{out}"],
    ["findings", "--open", "--format", "csv", "--out", "{out}"],
]
"""The commands that write a document to --out ({out} stands for the file)."""


def one_line(*args: str, code: int = 1) -> str:
    """Run `inspect-tui` in-process; the one line it printed, after checking the exit code."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output, result.output
    return lines[0]


COMMANDS = [
    ["stats"],
    ["list", "inspections"],
    ["findings", "--open", "--format", "csv", "--out", "-"],
    ["report", INSPECTION, "--format", "md", "--out", "-"],
    ["export", "--all", "--out", "{tmp}/out.zip"],
    ["delete", "inspection", INSPECTION, "--reason", "started by mistake"],
    ["keys"],
    ["conflicts"],
    ["init"],
]


def _filled(args: list[str], tmp_path: Path) -> list[str]:
    return [arg.replace("{tmp}", str(tmp_path)) for arg in args]


# -- a database of a newer version --------------------------------------------------------------


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_database_from_a_newer_version_is_refused_and_left_as_it_was(
    sample: Path, tmp_path: Path, args: list[str]
) -> None:
    with sqlite3.connect(sample) as connection:
        connection.execute(
            "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
            "VALUES ('inspect_tui', 'm099_from_the_future', '2027-06-01')"
        )
    connection.close()
    before = sample.read_bytes()
    line = one_line("--db", str(sample), *_filled(args, tmp_path))
    assert line == (
        f"Error: {sample} was changed by a newer version of inspect-tui (it has migration m099_from_the_future); "
        "update inspect-tui to open it"
    )
    assert sample.read_bytes() == before  # not even switched to WAL, nor migrated
    assert not (tmp_path / "out.zip").exists()
    assert quick_command(["--db", str(sample), *args]) is None  # the quick path leaves it to the full one


def test_a_database_from_a_newer_version_is_refused_in_dutch(sample: Path) -> None:
    with sqlite3.connect(sample) as connection:
        connection.execute(
            "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('inspect_tui', 'm099_x', '')"
        )
    connection.close()
    line = one_line("--lang", "nl", "--db", str(sample), "stats")
    assert line.startswith(f"Fout: {sample} is gewijzigd door een nieuwere versie van inspect-tui"), line


# -- a database another program is writing to ---------------------------------------------------


@pytest.fixture
def held(sample: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The sample, with another connection holding its write lock (as the app in the middle of a
    save) for longer than a command waits."""
    from inspect_tui.cli import context

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(context, "WAIT_FOR_WRITER_S", 0.3)
    with sqlite3.connect(sample) as first:  # brought into WAL mode, as the app leaves it
        first.execute("PRAGMA journal_mode = WAL")
    first.close()
    before = dump(sample)
    other = sqlite3.connect(sample, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO meta(key, value) VALUES ('held', 'by another program')")
    try:
        yield sample
    finally:
        other.rollback()
        other.close()
    assert dump(sample) == before


@pytest.mark.parametrize(
    "args",
    [
        ["delete", "inspection", INSPECTION, "--reason", "started by mistake"],
        ["export", "--all", "--out", "{tmp}/out.zip"],
        ["keys", "set-central", "1" * 64],
    ],
    ids=lambda a: a[0],
)
def test_a_database_another_program_writes_to_is_said_to_be_in_use(held: Path, tmp_path: Path, args: list[str]) -> None:
    """The command says it waits, and once it has waited as long as it may, that it gave up."""
    result = CliRunner().invoke(main, ["--db", str(held), *_filled(args, tmp_path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"{held} is in use: another program (the app, or another inspect-tui command) is writing to it; "
        "waiting for it to finish (ctrl+c stops)…",
        f"Error: {held} is in use: another program (the app, or another inspect-tui command) is writing to it; "
        "let it finish or close it, then try again",
    ]


# -- a database that cannot be written -----------------------------------------------------------


@pytest.fixture
def read_only(sample: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample as a file that cannot be written (read-only, immutable or on a read-only disk):
    every connection to it is opened read-only, as SQLite opens such a file (chmod cannot show it
    when the tests run as root)."""
    ready = store_db.open_db(sample)  # brought up to date first, so opening it needs no write
    ready.close()
    connect = sqlite3.connect

    def read_only_connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if str(database) == str(sample):
            kwargs["uri"] = True
            return connect(f"{sample.resolve().as_uri()}?mode=ro", *args, **kwargs)
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only_connect)
    return sample


@pytest.mark.parametrize(
    "args",
    [
        ["delete", "inspection", INSPECTION, "--reason", "started by mistake"],
        ["export", "--all", "--out", "{tmp}/out.zip"],
        ["keys", "set-central", "1" * 64],
    ],
    ids=lambda a: a[0],
)
def test_a_database_that_cannot_be_written_is_said_so_with_what_to_do(
    read_only: Path, tmp_path: Path, args: list[str]
) -> None:
    before = dump(read_only)
    line = one_line("--db", str(read_only), *_filled(args, tmp_path))
    assert line == (
        f"Error: {read_only} cannot be written: the file, its -wal or -shm file beside it, its folder or its disk is read-only; make it writable, "
        "or copy it to a folder you can write in"
    )
    assert dump(read_only) == before


# -- files that are no database (yet) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [a for a in COMMANDS if a[0] in ("stats", "list", "findings", "report", "delete")], ids=lambda a: a[0]
)
def test_an_empty_file_is_not_made_a_database_by_a_command_that_reads(tmp_path: Path, args: list[str]) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    line = one_line("--db", str(empty), *args)
    assert line == f"Error: {empty} is an empty file, not a database yet; make one with: inspect-tui --db {empty} init"
    assert empty.read_bytes() == b""


@pytest.mark.parametrize(
    "args", [["stats"], ["export", "--all", "--out", "{tmp}/out.zip"], ["init"]], ids=lambda a: a[0]
)
def test_a_damaged_database_is_said_to_be_damaged(sample: Path, tmp_path: Path, args: list[str]) -> None:
    cut = tmp_path / "cut.db"
    cut.write_bytes(sample.read_bytes()[:50_000])
    before = cut.read_bytes()
    line = one_line("--db", str(cut), *_filled(args, tmp_path))
    assert line == f"Error: {cut} is damaged (SQLite cannot read all of it); restore it from a backup"
    assert cut.read_bytes() == before


def test_a_text_file_is_no_sqlite_file_in_the_interface_language(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("boodschappen: melk, brood\n" * 10, encoding="utf-8")
    line = one_line("--lang", "nl", "--db", str(notes), "list", "sites")
    assert line == f"Fout: {notes} is geen inspect-tui-database (het is geen SQLite-bestand)"


def test_each_sqlite_problem_is_said_with_what_to_do(tmp_path: Path) -> None:
    from inspect_tui.store.errors import database_problem

    path = tmp_path / "x.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as written:
        reader.execute("INSERT INTO t VALUES (1)")
    reader.close()
    assert (database_problem(path, written.value) or "").startswith(f"{path} cannot be written")
    with pytest.raises(sqlite3.Error) as missing:
        sqlite3.connect(f"{(tmp_path / 'nowhere' / 'x.db').as_uri()}?mode=ro", uri=True).execute("SELECT 1")
    assert (database_problem("x.db", missing.value) or "").startswith("x.db cannot be opened")
    assert database_problem(path, ValueError("no SQLite error")) is None


# -- output that cannot be written ---------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", WRITERS, ids=lambda a: a[0])
def test_output_to_a_device_is_written_to_it_never_replacing_it(sample: Path, tmp_path: Path, args: list[str]) -> None:
    full = tmp_path / "full"
    full.symlink_to("/dev/full")  # the device itself, through a name in the test's own folder
    line = one_line("--db", str(sample), *[a.replace("{out}", str(full)) for a in args])
    assert line == f"Error: cannot write {full}: no space left on the disk; choose another --out"
    assert full.is_symlink() and full.resolve() == Path("/dev/full")
    null = tmp_path / "null"
    null.symlink_to(os.devnull)
    result = CliRunner().invoke(main, ["--db", str(sample), *[a.replace("{out}", str(null)) for a in args]])
    assert result.exit_code == 0, result.output
    assert null.is_symlink() and null.resolve() == Path(os.devnull)


def test_a_bundle_on_a_read_only_disk_is_one_line_naming_the_bundle(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a read-only disk the partial file cannot be made, nor removed: the line says why, of the bundle."""
    assert CliRunner().invoke(main, ["--db", str(sample), "keys", "rotate"]).exit_code == 0  # a key to sign with
    before = dump(sample)
    opener, unlink = os.open, Path.unlink

    def refuse_open(name: object, *args: object, **kwargs: object) -> int:
        if str(name).endswith(".part"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(name))
        return opener(name, *args, **kwargs)  # type: ignore[arg-type]

    def refuse_unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith(".part"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "open", refuse_open)
    monkeypatch.setattr(Path, "unlink", refuse_unlink)
    out = tmp_path / "day.zip"
    line = one_line("--db", str(sample), "export", "--all", "--out", str(out))
    assert line == f"Error: cannot write {out}: the disk is read-only"
    assert dump(sample) == before


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder\n", encoding="utf-8")
    line = one_line("make-sample", str(notes / "demo.db"))
    assert line == f"Error: cannot write {notes / 'demo.db'}: a part of the path is not a folder"
    line = one_line("--db", str(notes / "x.db"), "init")
    assert line == f"Error: cannot make the folder {notes} for {notes / 'x.db'}: a part of the path is not a folder"
    assert notes.read_text(encoding="utf-8") == "not a folder\n"


# -- hostile checklist templates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
        ('{"id": "x", "version": 1' + "0" * 5_000 + "}", "invalid JSON: a number with too many digits"),
    ],
    ids=["deep", "huge-number"],
)
def test_a_hostile_template_is_one_line_naming_the_file(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "edited.json"
    path.write_text(text, encoding="utf-8")
    assert one_line("checklists", "validate", str(path)) == f"Error: {path}: {said}"


def test_a_roster_nested_too_deeply_is_one_line(tmp_path: Path) -> None:
    roster = tmp_path / "roster.json"
    roster.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert (
        one_line("keys", "roster", "show", str(roster))
        == f"Error: {roster} is not a valid roster: its JSON is nested too deeply"
    )


def test_a_key_file_on_a_read_only_disk_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "central.key"
    opener = os.open

    def refuse_open(name: Any, *args: Any, **kwargs: Any) -> int:
        if str(name) == str(out):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(name))
        return opener(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_open)
    assert one_line("keys", "new-central", "--out", str(out)) == f"Error: cannot write {out}: the disk is read-only"
    assert not out.exists()


def test_an_import_into_a_database_that_cannot_be_written_says_so(read_only: Path, tmp_path: Path) -> None:
    from tests.helpers.bundles import make_device, populate

    source = make_device(tmp_path / "source.db")
    populate(source.db)
    source.db.close()
    bundle = tmp_path / "day.zip"
    assert CliRunner().invoke(main, ["--db", str(source.path), "export", "--out", str(bundle)]).exit_code == 0
    before = dump(read_only)
    line = one_line("--db", str(read_only), "import", "--trust-new", "--trust-role", "lead", str(bundle))
    assert line == (
        "Error: nothing was imported, the database is as it was: the database cannot be written: the file, "
        "its -wal or -shm file beside it, its folder or its disk is read-only; make it writable, or copy it to a folder you can write in"
    )
    assert dump(read_only) == before


def test_ctrl_c_while_a_read_only_command_is_answered_quickly_ends_as_the_full_command_line_does(
    sample: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The quick path (`stats`, `list`, `findings` on a large database) interrupted: click's
    "Aborted!" and exit code 1, as the full command line ends, not a traceback."""
    from inspect_tui import launch

    store_db.open_db(sample).close()  # up to date: the quick path answers
    assert quick_command(["--db", str(sample), "stats"]) is not None

    def interrupted(answer: object) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(launch, "answered", interrupted)
    monkeypatch.setattr("sys.argv", ["inspect-tui", "--db", str(sample), "stats"])
    try:
        with pytest.raises(SystemExit) as ended:
            launch.main()
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C ended the command with a traceback")
    assert ended.value.code == 1
    assert capsys.readouterr().err == "\nAborted!\n"


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_a_template_that_is_a_device_or_a_pipe_is_refused_unread(tmp_path: Path, kind: str) -> None:
    """`/dev/zero` was read until the memory ran out; a pipe without a writer waited for ever."""
    if kind == "device":
        path = Path("/dev/zero")
        if not path.exists():
            pytest.skip("needs /dev/zero")
    else:
        path = tmp_path / "pipe.json"
        os.mkfifo(path)
    line = one_line("checklists", "validate", str(path))
    assert line == f"Error: {path}: not a regular file (a pipe, device or folder); give a template's .json file"


def test_a_template_file_too_large_to_be_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (4 * 1024 * 1024 + 1))
    line = one_line("checklists", "validate", str(path))
    assert line == f"Error: {path}: larger than 4,194,304 bytes; a checklist template is far smaller"


@pytest.mark.parametrize("entry", ["launch", "cli"], ids=["quick", "full"])
@pytest.mark.parametrize(
    "args", [["stats"], ["list", "sites"], ["findings", "--open", "--format", "xlsx"]], ids=lambda a: a[0]
)
def test_a_closed_standard_output_is_no_error(sample: Path, entry: str, args: list[str]) -> None:
    """Started with its standard output closed (`>&-`, some schedulers): nothing to print to, as click
    leaves it; the quick path said AttributeError in a traceback, `findings --format xlsx` an
    "unexpected AttributeError"."""
    store_db.open_db(sample).close()  # up to date: the quick path answers
    probe = f"import sys; from inspect_tui.{entry} import main; sys.argv = ['inspect-tui', *sys.argv[1:]]; main()"
    done = subprocess.run(
        [sys.executable, "-c", probe, "--db", str(sample), *args],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),  # the child's standard output only
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    "args",
    [[], ["keys"], ["export", "--all", "--out", "{tmp}/out.zip"], ["import", "{tmp}/none.zip"], ["stats"]],
    ids=["app", "keys", "export", "import", "stats"],
)
def test_a_typo_in_inspect_tui_db_makes_no_new_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """$INSPECT_TUI_DB names a file as --db does: a typo is said, not made a new database with a new
    signing key that would then sign bundles as another device."""
    typo = tmp_path / "inspect-db" / "inspcet.db"
    typo.parent.mkdir()
    monkeypatch.setenv("INSPECT_TUI_DB", str(typo))

    def no_app(*args: object) -> None:
        raise AssertionError("the app was started")

    monkeypatch.setattr("inspect_tui.launch.run_app", no_app)
    (tmp_path / "none.zip").write_bytes(b"")
    line = one_line(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert line == f"Error: no database at {typo}; create one with: inspect-tui --db {typo} init", line
    assert list(typo.parent.iterdir()) == []
    assert one_line("init", code=0).startswith(f"Database {typo} created")


@pytest.mark.parametrize("args", [["checklists", "show", "snf"], ["--lang", "nl", "checklists", "show", "akf"]])
def test_output_cut_short_by_a_pipe_ends_quietly(tmp_path: Path, args: list[str]) -> None:
    """`inspect-tui checklists show snf | head -1`: the reader stopped, which is no error to report
    (it printed "Error: [Errno 32] Broken pipe")."""
    command = [sys.executable, "-c", "from inspect_tui.launch import main; main()", *args]
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:
        producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr)
        assert producer.stdout is not None
        first = producer.stdout.readline()
        producer.stdout.close()  # as `head -1` does once it has its line
        producer.wait(timeout=60)
    assert first.strip()
    assert errors.read_text(encoding="utf-8") == ""


def test_make_sample_to_a_dash_is_refused_not_a_file_named_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    line = one_line("make-sample", "-")
    assert line == "Error: a database cannot be written to standard output; give a file name, e.g. demo.db"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# -- an empty file named as the database ----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["conflicts"],
        ["keys"],
        ["keys", "rotate"],
        ["keys", "set-central", "1" * 64],
        ["keys", "roster", "show"],
        ["export", "--all", "--out", "{tmp}/out.zip"],
        ["import", "{tmp}/day.zip"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_an_empty_file_is_made_a_database_by_init_alone(tmp_path: Path, args: list[str]) -> None:
    """An empty file is no database yet: only `init` makes one of it (with a new signing key)."""
    empty = tmp_path / "empty.db"
    empty.touch()
    line = one_line("--db", str(empty), *_filled(args, tmp_path))
    assert line == f"Error: {empty} is an empty file, not a database yet; make one with: inspect-tui --db {empty} init"
    assert empty.read_bytes() == b""
    assert {p.name for p in tmp_path.iterdir()} <= {"config", "empty.db"}  # no signing key made beside it


def test_the_app_is_not_opened_on_an_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import inspect_tui.launch

    def never(*args: object) -> None:
        raise AssertionError("the app was opened")

    monkeypatch.setattr(inspect_tui.launch, "run_app", never)
    empty = tmp_path / "empty.db"
    empty.touch()
    line = one_line("--db", str(empty))
    assert line == f"Error: {empty} is an empty file, not a database yet; make one with: inspect-tui --db {empty} init"
    assert empty.read_bytes() == b""


def test_init_makes_a_database_of_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = CliRunner().invoke(main, ["--db", str(empty), "init"])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["--db", str(empty), "stats"]).exit_code == 0


def test_a_device_named_as_the_database_is_said_to_be_no_database_file(tmp_path: Path) -> None:
    null = tmp_path / "null"
    null.symlink_to(os.devnull)
    for args in (["stats"], ["keys"], ["export", "--all", "--out", str(tmp_path / "out.zip")], ["init"]):
        line = one_line("--db", str(null), *args)
        assert line == f"Error: {null} is not a database file (it is a device or a pipe); give the database's file"
    assert one_line("--lang", "nl", "--db", str(null), "stats") == (
        f"Fout: {null} is geen databasebestand (het is een apparaat of een pipe); geef het bestand van de database"
    )


# -- output where a folder is missing, or is a file ----------------------------------------------------


@pytest.mark.parametrize("args", WRITERS, ids=lambda a: a[0])
def test_output_under_a_file_is_said_to_be_under_a_file(sample: Path, tmp_path: Path, args: list[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder\n", encoding="utf-8")
    for out in (notes / "export", notes / "sub" / "export"):
        line = one_line("--db", str(sample), *[a.replace("{out}", str(out)) for a in args])
        assert line == f"Error: cannot write {out}: a part of the path is not a folder; choose another --out"
    assert notes.read_text(encoding="utf-8") == "not a folder\n"


def test_a_bundle_under_a_file_or_a_missing_folder_says_what_to_do(sample: Path, tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["--db", str(sample), "keys", "rotate"]).exit_code == 0  # a key to sign with
    before = dump(sample)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder\n", encoding="utf-8")
    out = notes / "day.zip"
    line = one_line("--db", str(sample), "export", "--all", "--out", str(out))
    assert line == f"Error: cannot write {out}: a part of the path is not a folder"
    missing = tmp_path / "usb" / "bundles"
    line = one_line("--db", str(sample), "export", "--all", "--out", str(missing / "day.zip"))
    assert line == f"Error: the folder {missing} does not exist; make it first: mkdir -p {missing}"
    line = one_line("--lang", "nl", "--db", str(sample), "export", "--all", "--out", str(missing / "day.zip"))
    assert line == f"Fout: de map {missing} bestaat niet; maak hem eerst: mkdir -p {missing}"
    assert dump(sample) == before
    assert notes.read_text(encoding="utf-8") == "not a folder\n"


# -- a dash, which means standard output elsewhere ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--db", "{db}", "export", "--all", "--out", "-"],
            "a bundle cannot be written to standard output; give a file name or a folder, e.g. --out day.zip",
        ),
        (
            ["keys", "new-central", "--out", "-"],
            "a key cannot be written to standard output; give a file name, e.g. --out central.key",
        ),
        (
            ["keys", "roster", "new", "--central-key", "{tmp}/central.key", "--out", "-"],
            "a roster cannot be written to standard output; give a file name, e.g. --out roster.json",
        ),
        (
            ["keys", "roster", "new", "--central-key", "-", "--out", "{tmp}/roster.json"],
            "a key cannot be written to standard output; give a file name, e.g. --central-key roster-central.key",
        ),
    ],
    ids=["export", "new-central", "roster-new", "roster-new-key"],
)
def test_a_file_is_not_written_under_the_name_dash(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    before = dump(sample)
    filled = [a.replace("{db}", str(sample)).replace("{tmp}", str(tmp_path)) for a in args]
    assert one_line(*filled) == f"Error: {said}"
    assert list(work.iterdir()) == []
    assert not (tmp_path / "central.key").exists()
    assert not (tmp_path / "roster.json").exists()
    assert dump(sample) == before


# -- a roster entry that would never be valid ---------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "said"),
    [
        (
            ["--valid-until", "2020-01-01"],
            "--valid-until 2020-01-01 is not after --valid-from (now); give a later --valid-until",
        ),
        (
            ["--valid-from", "2027-03-01", "--valid-until", "2027-03-01"],
            "--valid-until 2027-03-01 is not after --valid-from 2027-03-01; give a later --valid-until",
        ),
    ],
    ids=["before-now", "same-moment"],
)
def test_a_roster_entry_ending_before_it_starts_is_refused(tmp_path: Path, dates: list[str], said: str) -> None:
    key, roster = tmp_path / "central.key", tmp_path / "roster.json"
    assert (
        CliRunner().invoke(main, ["keys", "roster", "new", "--central-key", str(key), "--out", str(roster)]).exit_code
        == 0
    )
    before = roster.read_bytes()
    line = one_line(
        "keys", "roster", "add", str(roster), "--central-key", str(key), "--device", "laptop-eva",
        "--public-key", "1" * 64, "--person", "Eva de Vries", "--role", "inspector", *dates,
    )  # fmt: skip
    assert line == f"Error: {said}"
    assert roster.read_bytes() == before
    dutch = one_line(
        "--lang", "nl", "keys", "roster", "add", str(roster), "--central-key", str(key), "--device", "laptop-eva",
        "--public-key", "1" * 64, "--person", "Eva de Vries", "--role", "inspector", *dates,
    )  # fmt: skip
    assert dutch.startswith("Fout: --valid-until ") and "is niet na --valid-from" in dutch, dutch


# -- a name longer than the system takes -----------------------------------------------------------------

LONG = "a" * 300
"""A file name longer than any file system takes (255 bytes)."""


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "{tmp}/" + LONG + ".db", "stats"],
        ["--db", "{tmp}/" + LONG + ".db", "init"],
        ["--db", "{db}", "export", "--all", "--out", "{tmp}/" + LONG + ".zip"],
        ["verify", "{tmp}/" + LONG + ".zip"],
        ["--db", "{db}", "import", "{tmp}/" + LONG + ".zip"],
        ["keys", "new-central", "--out", "{tmp}/" + LONG + ".key"],
    ],
    ids=["stats", "init", "export", "verify", "import", "new-central"],
)
def test_a_name_too_long_is_said_in_the_interface_language(sample: Path, tmp_path: Path, args: list[str]) -> None:
    before = dump(sample)
    filled = [a.replace("{db}", str(sample)).replace("{tmp}", str(tmp_path)) for a in args]
    long_name = next(a for a in filled if LONG in a)
    assert one_line(*filled) == f"Error: cannot use {long_name}: the name is too long"
    assert one_line("--lang", "nl", *filled) == f"Fout: kan {long_name} niet gebruiken: de naam is te lang"
    assert dump(sample) == before


def test_the_app_on_a_name_too_long_is_one_line(tmp_path: Path) -> None:
    """The entry point looks at the database before the command line does: no traceback there either."""
    long_name = str(tmp_path / (LONG + ".db"))
    probe = "import sys; from inspect_tui import launch; sys.argv = ['inspect-tui', *sys.argv[1:]]; launch.main()"
    done = subprocess.run(
        [sys.executable, "-c", probe, "--db", long_name], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == f"Error: cannot use {long_name}: the name is too long", done.stderr


def test_a_refused_export_makes_no_signing_key(sample: Path, tmp_path: Path) -> None:
    """The bundle's place is checked before this device's signing key is made (in the database and beside it)."""
    ready = store_db.open_db(sample)  # brought up to date, so that only the export could change it
    ready.close()
    before = dump(sample)
    taken = tmp_path / "day.zip"
    taken.write_bytes(b"an earlier bundle")
    for out, said in (
        (taken, f"{taken} already exists; choose another name or remove it first"),
        (tmp_path / "usb" / "day.zip", f"the folder {tmp_path / 'usb'} does not exist; make it first: mkdir -p "),
    ):
        line = one_line("--db", str(sample), "export", "--all", "--out", str(out))
        assert line.startswith(f"Error: {said}"), line
    assert dump(sample) == before
    assert not Path(f"{sample}.signing-key").exists()
    assert taken.read_bytes() == b"an earlier bundle"


# -- output over the database ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args", WRITERS, ids=lambda a: a[0])
def test_output_over_the_database_or_its_key_is_refused(sample: Path, tmp_path: Path, args: list[str]) -> None:
    assert CliRunner().invoke(main, ["--db", str(sample), "keys", "rotate"]).exit_code == 0  # its key beside it
    key = Path(f"{sample}.signing-key")
    link = tmp_path / "link.db"
    link.symlink_to(sample)
    before, key_before = dump(sample), key.read_bytes()
    for out in (sample, key, link):
        line = one_line("--db", str(sample), *[a.replace("{out}", str(out)) for a in args])
        assert line == (f"Error: --out {out} is the database {sample} or a file kept beside it; give another --out"), (
            line
        )
    dutch = one_line("--lang", "nl", "--db", str(sample), *[a.replace("{out}", str(sample)) for a in args])
    assert dutch == f"Fout: --out {sample} is de database {sample} of een bestand ernaast; geef een andere --out"
    assert dump(sample) == before and key.read_bytes() == key_before


# -- the last day of the calendar ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["findings", "--date", "9999-12-31"],
        ["findings", "--to", "31-12-9999", "--format", "csv"],
        ["findings", "--open", "--from", "2026-11-01", "--to", "9999-12-31"],
        ["list", "inspections", "--to", "9999-12-31"],
        ["list", "findings", "--to", "9999-12-31"],
    ],
    ids=lambda a: " ".join(a[:3]),
)
def test_the_last_day_of_the_calendar_is_refused_in_one_line(sample: Path, tmp_path: Path, args: list[str]) -> None:
    """A period ends before the day after its last day, which 31-12-9999 does not have."""
    store_db.open_db(sample).close()  # up to date: the quick path answers these, not only click
    option = next(a for a in args if a in ("--date", "--to"))
    given = args[args.index(option) + 1]
    said = f"{option} {given!r} is too far ahead; give a day before 31-12-9999"
    assert one_line("--db", str(sample), *args) == f"Error: {said}"
    probe = "import sys; from inspect_tui import launch; sys.argv = ['inspect-tui', *sys.argv[1:]]; launch.main()"
    done = subprocess.run(
        [sys.executable, "-c", probe, "--db", str(sample), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "INSPECT_TUI_CONFIG": str(tmp_path / "config")},
    )
    assert (done.returncode, done.stderr.strip()) == (1, f"Error: {said}"), done.stderr
    dutch = one_line("--lang", "nl", "--db", str(sample), *args)
    assert dutch == f"Fout: {option} {given!r} ligt te ver vooruit; geef een dag voor 31-12-9999", dutch


# -- make-sample onto something that is no file ---------------------------------------------------------------------


def test_make_sample_never_replaces_a_pipe_or_a_device(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for args in (["make-sample", str(pipe)], ["make-sample", str(pipe), "--force"]):
        line = one_line(*args)
        assert line == f"Error: {pipe} is not a regular file (a device or a pipe); give a file name, e.g. demo.db"
    assert pipe.is_fifo()
    dutch = one_line("--lang", "nl", "make-sample", str(pipe), "--force")
    assert (
        dutch
        == f"Fout: {pipe} is geen gewoon bestand (een apparaat of een pipe); geef een bestandsnaam, bijvoorbeeld demo.db"
    )


def test_make_sample_to_an_empty_name_is_said_in_the_interface_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # an empty name was taken for the current folder (". is a folder"): it names no file at all
    assert one_line("make-sample", "", code=2) == (
        "Error: Invalid value for 'OUT': an empty name names no file; give the file's or folder's name "
        "(see: main make-sample --help)"
    )
    dutch = one_line("--lang", "nl", "make-sample", "", code=2)
    assert "een lege naam noemt geen bestand" in dutch, dutch


def test_a_database_problem_of_make_sample_names_its_file_not_the_default_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspect_tui.sample as sample_module

    def refused(path: Path, *, overwrite: bool = False) -> None:  # SQLite's own refusal of a write
        written = tmp_path / "written.db"
        sqlite3.connect(written).execute("CREATE TABLE t (x)").connection.close()
        sqlite3.connect(f"{written.as_uri()}?mode=ro", uri=True).execute("INSERT INTO t VALUES (1)")

    monkeypatch.setattr(sample_module, "build_sample", refused)
    out = tmp_path / "demo.db"
    line = one_line("make-sample", str(out))
    assert line.startswith(f"Error: {out} cannot be written"), line
