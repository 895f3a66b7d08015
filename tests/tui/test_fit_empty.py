"""An empty database says what to do first instead of showing bare lists."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from inspect_tui.store import open_db
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.home import HomeScreen
from tests.helpers.tui_seed import Seeded, fixed_clock, wait_for


def hint(app: InspectApp) -> str:
    label = app.screen.query_one("#home-hint", Label)
    return str(label.content) if label.display else ""


async def test_empty_database_says_press_n(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    open_db(path, create=True).close()
    app = make_app(path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.sites.loaded_once)
        await wait_for(pilot, lambda: "press n to create your first site" in hint(app))
        await pilot.press("2")
        await wait_for(pilot, lambda: "press n to create your first site" in hint(app))


async def test_sites_but_no_inspections_says_how_to_start_one(tmp_path: Path, seeded: Seeded) -> None:
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.sites.loaded_once)
        await wait_for(pilot, lambda: "press i to start an inspection" in hint(app))
        await pilot.press("2")
        await wait_for(pilot, lambda: hint(app) == "")
