"""Keys typed fast into a form (a typist, a scanner, a paste) land in the field they were meant for."""

from __future__ import annotations

from typing import TypeVar

from textual import events

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.occupant_editor import OccupantEditor
from inspect_tui.tui.screens.site import SiteScreen
from inspect_tui.tui.screens.site_editor import SiteEditor
from tests.helpers.tui_seed import Seeded, read, wait_for


def burst(app: InspectApp, keys: list[str]) -> None:
    """Queue keys the way a terminal delivers a fast burst: all at once, nothing handled in between."""
    for key in keys:
        character = "\t" if key == "tab" else (key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


E = TypeVar("E", SiteEditor, OccupantEditor)


async def _with_focus_on(pilot, editor: E, field: str) -> E:  # type: ignore[no-untyped-def]
    """The form, once mounted, with the focus on one of its fields."""
    await pilot.pause()
    editor.form.control(field).focus()
    await pilot.pause()
    return editor


async def open_street(app: InspectApp, pilot) -> SiteEditor:  # type: ignore[no-untyped-def]
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor))
    editor = app.screen
    assert isinstance(editor, SiteEditor)
    return await _with_focus_on(pilot, editor, "street")


async def test_tab_in_a_burst_moves_to_the_next_field(app: InspectApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_street(app, pilot)
        burst(app, [*"Dorpsstraat", "tab", "1", "2", "tab", "b"])
        await wait_for(pilot, lambda: editor.form.values()["house_letter"] == "b")
        values = editor.form.values()
        assert (values["street"], values["house_number"], values["house_letter"]) == ("Dorpsstraat", "12", "b")


async def test_pressed_keys_without_pause_land_in_their_fields(app: InspectApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_street(app, pilot)
        await pilot.press(*"Dorpsstraat", "tab", "0", "shift+tab", "end", "x")
        await pilot.pause()
        values = editor.form.values()
        assert (values["street"], values["house_number"]) == ("Dorpsstraatx", "0")


async def test_paste_with_tabs_fills_the_following_fields(app: InspectApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_street(app, pilot)
        app.post_message(events.Paste("Dorpsstraat\t7\tA"))
        await wait_for(pilot, lambda: editor.form.values()["house_letter"] == "A")
        values = editor.form.values()
        assert (values["street"], values["house_number"], values["house_letter"]) == ("Dorpsstraat", "7", "A")


async def test_keys_typed_while_a_form_opens_land_in_it_not_on_the_screen_below(app: InspectApp) -> None:
    """`n` and the new site's name in one burst, faster than the form opens: the name is typed into
    the form. The letters used to be taken as keys of the home screen (`C` opened the conflicts)."""
    from inspect_tui.tui.screens.conflicts import ConflictsScreen

    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#sites-table"))
        burst(app, ["n", *"Camping Snel"])
        await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor) and app._held_keys is None)
        editor = app.screen
        assert isinstance(editor, SiteEditor)
        await wait_for(pilot, lambda: editor.form.values()["name"] == "Camping Snel")
        assert not any(isinstance(screen, ConflictsScreen) for screen in app.screen_stack)


async def new_occupant(app: InspectApp, pilot, seeded: Seeded) -> OccupantEditor:  # type: ignore[no-untyped-def]
    """The new-occupant form of Kamer 2 of the seeded site, its name field focused."""
    app.open_site(seeded.site_id)
    await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and len(app.screen.units) == 3)
    await pilot.press("down", "down", "p")
    await wait_for(pilot, lambda: isinstance(app.screen, OccupantEditor))
    editor = app.screen
    assert isinstance(editor, OccupantEditor)
    return await _with_focus_on(pilot, editor, "name")


async def test_a_pasted_row_goes_on_past_the_bsn_and_is_saved_whole(app: InspectApp, seeded: Seeded) -> None:
    """A spreadsheet row pasted into a new occupant's name: the BSN field passed nothing on, and the
    person was saved without BSN, date of birth and nationality."""
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await new_occupant(app, pilot, seeded)
        app.post_message(events.Paste("Piet Plak\t111222333\t01-01-1995\tRO"))
        await wait_for(pilot, lambda: editor.form.values()["nationality"] == "RO")
        values = editor.form.values()
        assert (values["name"], values["bsn"], values["nationality"]) == ("Piet Plak", "111222333", "RO")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not editor)
    assert read(seeded.path, "SELECT bsn, date_of_birth, nationality FROM occupants WHERE name = 'Piet Plak'") == [
        ("111222333", "1995-01-01", "RO")
    ]


async def test_a_day_the_calendar_lacks_is_named_under_the_field(app: InspectApp, seeded: Seeded) -> None:
    """31-02-2026 as a date of birth said "is not a date", though it was written as one."""
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await new_occupant(app, pilot, seeded)
        app.post_message(events.Paste("Piet Plak\t\t31-02-2026"))
        await wait_for(pilot, lambda: editor.form.values()["date_of_birth"] == "31-02-2026")
        await pilot.press("ctrl+s")
        said = "31-02-2026 does not exist: month 2 of 2026 has 28 days"
        await wait_for(pilot, lambda: editor.form.error_of("date_of_birth") == said)
        assert app.screen is editor
    assert read(seeded.path, "SELECT COUNT(*) FROM occupants WHERE name = 'Piet Plak'") == [(0,)]
