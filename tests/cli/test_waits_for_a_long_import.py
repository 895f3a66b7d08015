"""A command waits for another program's write (a long import holds the write lock for its whole
transaction) and says so, instead of failing after the busy timeout; the app, whose saves must
not freeze the screen, says plainly that nothing was saved."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.store import db as store_db
from inspect_tui.store import open_db
from tests.unit.test_cli_dutch import SAMPLE


def _held(path: Path, seconds: float) -> threading.Thread:
    """Another program holding the write lock for ``seconds`` (started and holding on return)."""
    taken = threading.Event()

    def hold() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(5)
    return thread


def test_a_write_waits_past_the_busy_timeout_when_told_to(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)
    db = open_db(db_path)
    assert isinstance(db, store_db.StoreDatabase)
    told: list[str] = []
    db.waiting, db.patience = (lambda: told.append("waiting")), 10.0
    holder = _held(db_path, 0.6)
    with db.atomic():
        db.execute("INSERT INTO meta (key, value) VALUES ('waited', 'yes')")
    holder.join()
    assert told == ["waiting"]
    assert db.execute("SELECT value FROM meta WHERE key = 'waited'").fetchone() == ("yes",)
    db.close()


def test_without_waiting_a_locked_write_fails_and_the_app_says_nothing_was_saved(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspect_tui.tui.screens.base import user_message

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)
    db = open_db(db_path)
    holder = _held(db_path, 0.6)
    with pytest.raises(sqlite3.OperationalError) as refused, db.atomic():
        db.execute("INSERT INTO meta (key, value) VALUES ('lost', 'yes')")
    holder.join()
    assert user_message(refused.value).startswith("Another program (an import?) is writing to this database")
    db.close()


def test_an_export_during_an_import_waits_for_it_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)
    db_path = tmp_path / "sample.db"
    shutil.copy(SAMPLE, db_path)
    holder = _held(db_path, 1.0)
    out = db_path.parent / "bundle.zip"
    result = CliRunner().invoke(main, ["--db", str(db_path), "export", "--all", "--out", str(out)])
    holder.join()
    assert result.exit_code == 0, result.output
    assert "is in use" in result.stderr and "waiting for it to finish" in result.stderr
    assert out.is_file()
