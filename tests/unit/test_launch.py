"""`inspect-tui --db FILE` opens the app without the command line's imports; anything else
goes through the full command line."""

from __future__ import annotations

import gc
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from inspect_tui import launch
from inspect_tui.store import open_db


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--db", "a.db"], (Path("a.db"), None)),
        (["--db=a.db", "--lang=nl"], (Path("a.db"), "nl")),
        (["--lang", "en", "--db", "x y.db"], (Path("x y.db"), "en")),
    ],
)
def test_only_opening_the_app_is_recognised(args: list[str], expected: tuple[Path, str | None]) -> None:
    assert launch.app_only(args, environ={}) == expected


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--db"],
        ["--db="],
        ["--db", "a.db", "stats"],
        ["stats", "--db", "a.db"],
        ["--db", "--lang", "en"],
        ["--db", "a.db", "--lang", "fr"],
        ["--db", "a.db", "--lang"],
        ["--db", "a.db", "--db", "b.db"],
        ["--db", "a.db", "--lang", "en", "--lang", "nl"],
        ["--help"],
        ["--version"],
        ["-h"],
        ["--db", "a.db", "--verbose"],
        ["--dbx", "a.db"],
    ],
)
def test_anything_else_goes_to_the_command_line(args: list[str]) -> None:
    assert launch.app_only(args, environ={}) is None


def test_the_database_may_come_from_the_environment() -> None:
    assert launch.app_only([], environ={"INSPECT_TUI_DB": "e.db"}) == (Path("e.db"), None)
    assert launch.app_only(["--lang", "nl"], environ={"INSPECT_TUI_DB": "e.db"}) == (Path("e.db"), "nl")
    assert launch.app_only([], environ={"INSPECT_TUI_DB": ""}) is None


def test_only_a_current_database_is_ready(tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    open_db(good, create=True).close()
    assert launch.ready(good)
    assert not launch.ready(tmp_path / "missing.db")
    assert not launch.ready(tmp_path)
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    assert not launch.ready(text)
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    assert not launch.ready(empty)


def _run(monkeypatch: pytest.MonkeyPatch, args: list[str], *, fails: bool = False) -> list[str]:
    seen: list[str] = []

    class FakeApp:
        def __init__(self, path: Path, lang: str | None, settings_path: Path | None, paused: bool) -> None:
            seen.append(f"app {Path(path).name} {lang}")
            assert settings_path is not None and settings_path.name == "settings.json"
            assert paused and not gc.isenabled()  # paused for the start-up, and the app told so

        def run(self) -> None:
            seen.append("ran")
            if fails:
                raise RuntimeError("the app failed")

    import inspect_tui.cli
    import inspect_tui.tui.app

    monkeypatch.setattr(
        inspect_tui.tui.app,
        "make_app",
        lambda path, lang=None, settings_path=None, collector_paused=False: FakeApp(
            path, lang, settings_path, collector_paused
        ),
    )
    monkeypatch.setattr(inspect_tui.cli, "main", lambda: seen.append("command line"))
    monkeypatch.setattr(sys, "argv", ["inspect-tui", *args])
    launch.main()
    return seen


def test_a_ready_database_opens_the_app_directly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    open_db(good, create=True).close()
    assert _run(monkeypatch, ["--db", str(good), "--lang", "nl"]) == ["app good.db nl", "ran"]
    assert gc.isenabled()  # the collector, paused while the app started, runs again


def test_the_collector_runs_again_when_the_app_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    open_db(good, create=True).close()
    with pytest.raises(RuntimeError, match="the app failed"):
        _run(monkeypatch, ["--db", str(good)], fails=True)
    assert gc.isenabled()


def test_a_database_to_create_or_check_goes_through_the_command_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert _run(monkeypatch, ["--db", str(tmp_path / "new.db")]) == ["command line"]
    assert _run(monkeypatch, ["--db", str(tmp_path)]) == ["command line"]
    assert _run(monkeypatch, ["--help"]) == ["command line"]


def test_the_installed_command_reports_a_bad_path_as_the_command_line_does(tmp_path: Path) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")

    def run(entry: str, path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", entry, "--db", str(path)], capture_output=True, text=True, timeout=60, check=False
        )

    for path in (folder, junk):
        quick = run("from inspect_tui.launch import main; main()", path)
        full = run("from inspect_tui.cli import main; main()", path)
        assert quick.returncode == full.returncode != 0
        assert quick.stderr == full.stderr and "Error" in quick.stderr and "Traceback" not in quick.stderr


def test_starting_the_app_does_not_load_the_command_line() -> None:
    probe = (
        "import sys; from inspect_tui import launch; "
        "import inspect_tui.tui.app as a; a.make_app = lambda *x, **k: type('A', (), {'run': lambda s: None})(); "
        "sys.argv = ['inspect-tui', '--db', sys.argv[1]]; launch.main(); "
        "print(sorted(m for m in sys.modules if m == 'click' or m.startswith('inspect_tui.cli')))"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ready.db"
        open_db(path, create=True).close()
        done = subprocess.run(
            [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=60, check=False
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_quick_start_applies_the_remembered_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`inspect-tui --db FILE` (no command line) opens the app with the user's settings file."""
    from inspect_tui.settings import save_settings
    from inspect_tui.tui import app as tui_app

    db = tmp_path / "site.db"
    open_db(db, create=True).close()
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path / "config"))
    save_settings(tmp_path / "config" / "settings.json", lang="nl", theme="nord")
    opened: list[tui_app.InspectApp] = []
    monkeypatch.setattr(tui_app.InspectApp, "run", lambda self, *a, **k: opened.append(self))
    monkeypatch.setattr(sys, "argv", ["inspect-tui", "--db", str(db)])
    launch.main()
    (app,) = opened
    assert app.settings_path == tmp_path / "config" / "settings.json"
    assert (app.lang, app.theme) == ("nl", "nord")
    monkeypatch.setattr(sys, "argv", ["inspect-tui", "--db", str(db), "--lang", "en"])
    launch.main()
    assert opened[1].lang == "en"  # --lang on the command line wins


def test_a_quick_answer_runs_with_the_collector_paused_and_its_heap_frozen_once_written() -> None:
    probe = (
        "import gc; from inspect_tui.launch import answered\n"
        "seen = []\n"
        "def fails():\n"
        "    raise KeyError('x')\n"
        "try:\n"
        "    answered(fails)\n"
        "except KeyError:\n"
        "    print('raised', gc.isenabled(), gc.get_freeze_count())\n"
        "print('given back', answered(lambda: seen.append(gc.isenabled()) or False), gc.isenabled(), "
        "gc.get_freeze_count())\n"
        "print('written', answered(lambda: seen.append(gc.isenabled()) or True), gc.isenabled(), "
        "gc.get_freeze_count() > 0, seen)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.splitlines() == [
        "raised True 0",
        "given back False True 0",
        "written True True True [False, False]",
    ]
