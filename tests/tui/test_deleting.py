"""Deleting in the TUI: refused before the question when it cannot be done, asked with a reason when
it can, and ctrl+z brings back the last deletion of the session; a signed finding is extended or
withdrawn with a reason."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input

from inspect_tui.domain.enums import Severity
from inspect_tui.store import open_db
from inspect_tui.store.workflow import add_finding, complete
from inspect_tui.tui import messages
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.confirm import ConfirmScreen
from inspect_tui.tui.screens.findings import FindingsScreen
from inspect_tui.tui.screens.reason import ReasonScreen
from inspect_tui.tui.screens.site import SiteScreen
from tests.helpers.checklist import answer_all_required, start
from tests.helpers.tui_seed import FIXED_NOW, Seeded, read, settle, wait_for


async def test_a_unit_with_people_is_refused_before_the_question_and_undo_brings_an_occupant_back(
    app: InspectApp, seeded: Seeded
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_site(seeded.site_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and len(app.screen.units) == 3)
        site = app.screen
        assert isinstance(site, SiteScreen)
        screen: SiteScreen = site
        site.units_tree.move_cursor_to_line(2)  # Kamer 2, where Ana Popescu lives
        await wait_for(pilot, lambda: site.selected_unit() is not None and site.selected_unit().label == "Kamer 2")  # type: ignore[union-attr]
        before = read(seeded.path, "SELECT COUNT(*) FROM changes")
        await pilot.press("delete")
        await settle(pilot)
        assert app.screen is site and not isinstance(app.screen, ConfirmScreen)  # no question asked
        assert read(seeded.path, "SELECT COUNT(*) FROM changes") == before
        # The occupant can be removed (asked first), and ctrl+z brings her back.
        await wait_for(pilot, lambda: len(screen.occupants) == 1)
        screen.table.focus()
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(
            pilot, lambda: read(seeded.path, "SELECT COUNT(*) FROM occupants WHERE name = 'Ana Popescu'") == [(0,)]
        )
        await wait_for(pilot, lambda: app.last_deletion is not None)
        await pilot.press("ctrl+z")
        await wait_for(
            pilot, lambda: read(seeded.path, "SELECT COUNT(*) FROM occupants WHERE name = 'Ana Popescu'") == [(1,)]
        )
        await settle(pilot)
        assert app.last_deletion is None


async def test_a_site_without_inspections_is_deleted_with_a_reason_and_comes_back(
    app: InspectApp, seeded: Seeded
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_site(seeded.workplace_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and app.screen.site is not None)
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonScreen))
        await pilot.press("enter")  # no reason: refused in the dialog
        await settle(pilot)
        assert isinstance(app.screen, ReasonScreen)
        assert "reason is required" in str(app.screen.query_one("#reason-error").render())
        app.screen.query_one("#reason-text", Input).value = "dubbel ingevoerd"
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: read(seeded.path, "SELECT COUNT(*) FROM sites WHERE id = ?", (seeded.workplace_id,)) == [(0,)],
        )
        await wait_for(pilot, lambda: app.last_deletion is not None)
        await pilot.press("ctrl+z")
        await wait_for(
            pilot,
            lambda: read(seeded.path, "SELECT COUNT(*) FROM sites WHERE id = ?", (seeded.workplace_id,)) == [(1,)],
        )
        # The inspected site is refused before any question.
        app.open_site(seeded.site_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and app.screen.site_id == seeded.site_id)
        start(seeded.path, seeded.site_id, ["snf"])
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, SiteScreen)


async def test_a_signed_finding_is_extended_and_withdrawn_with_a_reason(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, inspection_id)
    db = open_db(seeded.path)
    add_finding(db, inspection_id, Severity.CRITICAL, "Rookmelder ontbreekt", found_on=FIXED_NOW.date())
    complete(db, inspection_id, "Inspecteur Jansen", now=FIXED_NOW)
    db.close()
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(messages.OpenFindings(inspection_id))
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen) and len(app.screen.current) == 1)
        screen = app.screen
        screen.query_one("#current", DataTable).focus()
        await pilot.press("d")  # signed: not deleted, refused before any question
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonScreen))
        dialog = app.screen
        new = FIXED_NOW.date() + dt.timedelta(days=30)
        dialog.query_one("#reason-date", Input).value = new.strftime("%d-%m-%Y")
        dialog.query_one("#reason-text", Input).value = "Onderdeel besteld"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: read(seeded.path, "SELECT deadline FROM findings") == [(new.isoformat(),)])
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonScreen))
        app.screen.query_one("#reason-text", Input).value = "Meetfout"
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: read(seeded.path, "SELECT status, withdrawn_reason FROM findings") == [("withdrawn", "Meetfout")],
        )
        await wait_for(pilot, lambda: "Withdrawn by" in str(screen.query_one("#finding-life").render()))
    (extensions,) = read(seeded.path, "SELECT extensions FROM findings")[0]
    assert "Onderdeel besteld" in extensions
