"""Snapshots of the main screens at fixed sizes, on a fixed clock, with no cursor blink."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.occupancy import OccupancyScreen
from inspect_tui.tui.screens.site import SiteScreen
from tests.helpers.checklist import start
from tests.helpers.tui_seed import fixed_clock, seed, settle, wait_for


def home_ready(app: InspectApp) -> bool:
    screen = app.screen
    return isinstance(screen, HomeScreen) and bool(screen.query("#sites-table")) and screen.sites.loaded_once


def build(tmp_path: Path, lang: str = "en") -> tuple[InspectApp, Any]:
    seeded = seed(tmp_path / "inspect.db")
    return make_app(seeded.path, lang=lang, clock=fixed_clock), seeded


def test_home(snap_compare: Any, tmp_path: Path) -> None:
    app, _seeded = build(tmp_path)

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: home_ready(app))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=ready)


def test_home_small_dutch(snap_compare: Any, tmp_path: Path) -> None:
    app, _seeded = build(tmp_path, "nl")

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: home_ready(app))
        await pilot.press("2")
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
    finally:
        from inspect_tui.tui.i18n import set_language

        set_language("en")


def test_site_tree(snap_compare: Any, tmp_path: Path) -> None:
    app, seeded = build(tmp_path)

    async def ready(pilot: Any) -> None:
        app.open_site(seeded.site_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and len(app.screen.units) == 3)
        await pilot.press("down")
        site = app.screen
        assert isinstance(site, SiteScreen)
        await wait_for(pilot, lambda: len(site.occupants) == 2)
        # The table sizes its columns to the new rows when it is next idle: wait for that too.
        names = site.table.ordered_columns[0]
        await wait_for(pilot, lambda: names.content_width >= len("Jan Kowalski"))
        # Lines the table painted before it sized its columns stay in its cache (Textual keeps them
        # when rows have a fixed height); on a busy machine a paint can fall in between. Turning a
        # display option off and on again clears that cache, as the next change would in the app.
        stripes = site.table.zebra_stripes
        site.table.zebra_stripes = not stripes
        site.table.zebra_stripes = stripes
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=ready)


def test_checklist_side_by_side(snap_compare: Any, tmp_path: Path) -> None:
    app, seeded = build(tmp_path)
    inspection_id = start(seeded.path, seeded.site_id, ["snf", "akf"])

    async def ready(pilot: Any) -> None:
        app.open_inspection(inspection_id, "snf.space.living_area_pp")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 34), run_before=ready)


def test_checklist_small(snap_compare: Any, tmp_path: Path) -> None:
    app, seeded = build(tmp_path)
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])

    async def ready(pilot: Any) -> None:
        app.open_inspection(inspection_id, "snf.space.bed")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


def test_occupancy(snap_compare: Any, tmp_path: Path) -> None:
    app, seeded = build(tmp_path)

    async def ready(pilot: Any) -> None:
        app.push_screen(OccupancyScreen(seeded.site_id))
        await wait_for(pilot, lambda: isinstance(app.screen, OccupancyScreen) and app.screen.units)
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        # The columns take their widths from the rows on a later idle pass: wait for it, not a clock.
        units = table.ordered_columns[0]
        await wait_for(pilot, lambda: table.virtual_size.width > 60 and units.content_width >= len("  Kamer 1"))
        # Lines painted before the columns took their widths stay in the table's cache (see the
        # site tree above): turning a display option off and on again clears it.
        stripes = table.zebra_stripes
        table.zebra_stripes = not stripes
        table.zebra_stripes = stripes
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 24), run_before=ready)
