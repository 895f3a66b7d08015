"""Counts in words on the screens: one person, one unit, one inspection approved; in English and Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from inspect_tui.domain.enums import SiteKind, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import open_db, save
from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.decision import DecisionScreen
from inspect_tui.tui.screens.occupancy import OccupancyScreen, finding_text
from tests.helpers.checklist import open_checklist, start
from tests.helpers.review_seed import build_review_day, open_review
from tests.helpers.tui_seed import fixed_clock, shown, wait_for


def one_person_site(path: Path) -> str:
    db = open_db(path, create=True)
    try:
        site = Site(name="Kamer aan de dijk", kind=SiteKind.HOUSING, city="Ergens")
        save(db, site)
        room = Unit(
            site_id=site.id, label="Kamer 1", kind=UnitKind.BEDROOM, floor_area_m2=12, beds=1, registered_persons=2
        )
        save(db, room)
        save(db, Occupant(unit_id=room.id, name="Jan Kowalski", nationality="PL"))
    finally:
        db.close()
    return site.id


@pytest.mark.parametrize(
    ("lang", "summary", "facts"),
    [
        ("en", "1 person in 1 unit · 1 flagged", "(1 person found, 1 bed, 2 in the register)"),
        ("nl", "1 persoon in 1 eenheid · 1 gesignaleerd", "(1 persoon aangetroffen, 1 bed, 2 in het register)"),
    ],
)
async def test_occupancy_says_one_person_not_one_persons(tmp_path: Path, lang: str, summary: str, facts: str) -> None:
    path = tmp_path / "inspect.db"
    site_id = one_person_site(path)
    inspection_id = start(path, site_id, ["snf"])
    app = make_app(path, lang=lang, clock=fixed_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_checklist(app, pilot, inspection_id)
            await pilot.press("o")
            await wait_for(pilot, lambda: isinstance(app.screen, OccupancyScreen) and bool(app.screen.units))
            screen = app.screen
            assert isinstance(screen, OccupancyScreen)
            await wait_for(pilot, lambda: shown(screen, "#occupancy-summary") != "")
            assert shown(screen, "#occupancy-summary") == summary
            assert finding_text(screen.units[0]).endswith(facts)
    finally:
        set_language("en")


@pytest.mark.parametrize(
    ("lang", "title", "done"),
    [
        ("en", "Approve 1 inspection", "Approved 1 inspection."),
        ("nl", "1 inspectie goedkeuren", "1 inspectie goedgekeurd."),
    ],
)
async def test_approving_one_says_one_inspection(tmp_path: Path, lang: str, title: str, done: str) -> None:
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang=lang, clock=fixed_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_review(app, pilot)
            screen.inspections.move_cursor(row=screen.inspections.get_row_index(day.workplace))
            await pilot.press("a")
            await wait_for(pilot, lambda: isinstance(app.screen, DecisionScreen))
            dialog = app.screen
            assert shown(dialog, ".dialog-title") == title
            dialog.query_one("#decision-reviewer", Input).value = "Teamleider Bakker"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: app.screen is screen)
            await wait_for(pilot, lambda: any(n.message.startswith(done) for n in app._notifications))
    finally:
        set_language("en")


async def test_export_dialog_says_what_the_bundle_carries_in_records(tmp_path: Path) -> None:
    path = tmp_path / "inspect.db"
    one_person_site(path)
    out = tmp_path / "usb"
    out.mkdir()
    app = make_app(path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_export_bundle()
        await wait_for(pilot, lambda: bool(app.screen.query("#export-folder")))
        app.screen.query_one("#export-folder", Input).value = str(out)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Carries" in shown(app.screen, "#export-result"))
        assert shown(app.screen, "#export-result").endswith("Carries 1 site, 1 unit, 1 occupant.")
