"""A database that cannot be written opens read-only with a banner; an unexpected error never shows locals."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from inspect_tui.store.readonly import open_read_only, why_read_only
from inspect_tui.tui import crashlog
from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens.site_editor import SiteEditor
from tests.helpers.tui_seed import VALID_BSN, Seeded, fixed_clock, read, wait_for


@pytest.fixture
def immutable(seeded: Seeded) -> Iterator[Path]:
    """The seeded database made immutable (chattr +i): not even root can write it."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available")
    done = subprocess.run(["chattr", "+i", str(seeded.path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("this file system or user cannot make a file immutable")
    try:
        yield seeded.path
    finally:
        subprocess.run(["chattr", "-i", str(seeded.path)], check=True)


def test_a_writable_database_is_not_read_only(seeded: Seeded) -> None:
    assert why_read_only(seeded.path) is None
    assert why_read_only(None) is None


def test_an_immutable_file_is_read_only_and_still_readable(immutable: Path) -> None:
    assert why_read_only(immutable) in ("the file is read-only", "the file cannot be written")
    db = open_read_only(immutable)
    try:
        assert db.execute("SELECT COUNT(*) FROM sites").fetchone()[0] == 2
    finally:
        db.close()


def test_a_full_disk_is_read_only(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    from inspect_tui.store import readonly

    monkeypatch.setattr(readonly, "MIN_FREE_BYTES", 1 << 62)
    assert why_read_only(seeded.path) == "the disk is full"


async def test_the_app_opens_read_only_with_a_banner_and_refuses_edits(immutable: Path) -> None:
    before = read(immutable, "SELECT COUNT(*), MAX(rowid) FROM changes")
    app = make_app(immutable, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "home")
        assert "READ-ONLY" in app.sub_title
        assert any("open read-only" in n.message for n in app._notifications)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor))
        editor = app.screen
        editor.form.control("name").focus()  # type: ignore[attr-defined]
        await pilot.press(*"Nieuwe locatie", "ctrl+s")
        await wait_for(pilot, lambda: "read-only" in str(editor.query_one("#form-error", Static).content))
        assert app.screen is editor  # still there, with the text typed
        assert app._exception is None
    assert app.return_code in (0, None)
    assert read(immutable, "SELECT COUNT(*), MAX(rowid) FROM changes") == before


async def test_an_unexpected_error_writes_a_log_without_personal_data(
    seeded: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs = tmp_path / "logs"
    monkeypatch.setenv(crashlog.LOG_DIR_ENV, str(logs))
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    shown: list[str] = []
    panic = app.panic
    monkeypatch.setattr(app, "panic", lambda *texts: (shown.extend(map(str, texts)), panic(*texts)))  # type: ignore[func-returns-value]

    def broken() -> None:
        occupant_bsn = VALID_BSN  # a local a crash screen with locals would show
        raise RuntimeError(f"cannot save occupant with BSN {occupant_bsn}")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.screen.id == "home")
            app.call_later(broken)
            await asyncio.wait_for(app._exception_event.wait(), 30)  # the error raised, not slept on
    assert app.return_code == 1
    [log] = list(logs.iterdir())
    text = log.read_text()
    assert "RuntimeError" in text and "broken" in text
    assert VALID_BSN not in text
    assert len(shown) == 1 and VALID_BSN not in shown[0]
    assert str(log) in shown[0] and "RuntimeError" in shown[0]
