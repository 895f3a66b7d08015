"""Flow 1: the home screen lists inspections and sites page by page and searches as you type."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, TabbedContent

from inspect_tui.domain.models import Inspection
from inspect_tui.store import open_db, transaction
from inspect_tui.store.db import device_id
from inspect_tui.store.revisions import record_local_revision
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.site import SiteScreen
from tests.helpers.tui_seed import FIXED_NOW, Seeded, fixed_clock, read, shown, wait_for


def add_inspections(seeded: Seeded, count: int) -> None:
    db = open_db(seeded.path)
    origin = device_id(db)
    with transaction(db):
        for n in range(count):
            started = FIXED_NOW - dt.timedelta(hours=n)
            record_local_revision(
                db,
                Inspection(site_id=seeded.site_id, templates=["snf"], inspector=f"insp{n % 7}", started_at=started),
                origin,
            )
    db.close()


async def test_lists_show_sites_and_search_filters(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_for(pilot, lambda: home.sites.loaded_once and home.inspections.loaded_once)
        assert home.sites.row_count == 2
        await pilot.press("slash", *"oost")
        assert isinstance(app.focused, Input)
        # The list in view is searched at once; the sites list when its tab is shown.
        await wait_for(pilot, lambda: home.inspections.search == "oost" and not home.inspections._loading)
        assert home.sites.stale and home.sites.row_count == 2
        await pilot.press("enter", "2")
        await wait_for(pilot, lambda: home.sites.row_count == 1 and home.sites.search == "oost")
        assert home.sites.selected().name == "Slachterij Oost"  # type: ignore[union-attr]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen))
        assert app.screen.site_id == seeded.workplace_id  # type: ignore[attr-defined]


async def test_long_lists_are_read_page_by_page(seeded: Seeded) -> None:
    add_inspections(seeded, 250)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_for(pilot, lambda: home.inspections.loaded_once)
        # The first page holds what the screen shows (and a few more), not a full page.
        first = home.inspections.row_count
        assert home.inspections.size.height <= first < 100
        await wait_for(pilot, lambda: home.inspections.total == 250)
        tab = app.query_one(TabbedContent).get_tab("inspections")
        await wait_for(pilot, lambda: "250" in str(tab.label))
        await pilot.press("end")
        await wait_for(pilot, lambda: home.inspections.row_count == first + 100)
        await pilot.press("end")
        await wait_for(pilot, lambda: home.inspections.row_count == min(250, first + 200))
        await pilot.press("end")
        await wait_for(pilot, lambda: home.inspections.row_count == 250)
        assert len(read(seeded.path, "SELECT id FROM inspections")) == 250


async def test_today_summary_and_search_on_inspector(seeded: Seeded) -> None:
    add_inspections(seeded, 30)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_for(pilot, lambda: "11 started" in shown(home, "#home-summary"))
        await pilot.press("slash", *"insp3")
        await wait_for(pilot, lambda: home.inspections.search == "insp3" and home.inspections.loaded_once)
        await wait_for(pilot, lambda: home.inspections.total == 4)
