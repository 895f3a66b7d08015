"""The site screen lists the site's inspections and opens them."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable

from inspect_tui.store import open_db
from inspect_tui.store.queries import site_inspections
from inspect_tui.store.workflow import start_inspection
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.site import SiteScreen
from tests.helpers.tui_seed import FIXED_NOW, Seeded, wait_for


def two_inspections(seeded: Seeded) -> tuple[str, str]:
    db = open_db(seeded.path)
    older = start_inspection(db, seeded.site_id, ["snf"], "Inspecteur Jansen", now=FIXED_NOW - dt.timedelta(days=30))
    newer = start_inspection(db, seeded.site_id, ["akf"], "Inspecteur de Boer", now=FIXED_NOW)
    start_inspection(db, seeded.workplace_id, ["rie"], "Inspecteur Jansen", now=FIXED_NOW)
    db.close()
    return older.id, newer.id


def test_site_inspections_newest_first_and_only_of_the_site(seeded: Seeded) -> None:
    older, newer = two_inspections(seeded)
    db = open_db(seeded.path)
    try:
        rows = site_inspections(db, seeded.site_id)
    finally:
        db.close()
    assert [r.id for r in rows] == [newer, older]
    assert [r.templates for r in rows] == [["akf"], ["snf"]]


async def test_the_site_screen_lists_and_opens_its_inspections(app: InspectApp, seeded: Seeded) -> None:
    older, _newer = two_inspections(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_site(seeded.site_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and len(app.screen.inspections) == 2)
        site = app.screen
        assert isinstance(site, SiteScreen)
        table = site.query_one("#site-inspections", DataTable)
        assert table.row_count == 2
        table.focus()
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert app.screen.inspection_id == older  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is site)
