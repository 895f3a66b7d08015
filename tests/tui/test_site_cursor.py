"""The unit tree keeps its cursor when a person or unit is added or edited."""

from __future__ import annotations

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.occupant_editor import OccupantEditor
from inspect_tui.tui.screens.site import SiteScreen
from tests.helpers.tui_seed import Seeded, read, wait_for


async def add_person(pilot, app: InspectApp, name: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(app.screen, OccupantEditor))
    editor = app.screen
    assert isinstance(editor, OccupantEditor)
    await pilot.pause()
    editor.form.control("name").focus()
    await pilot.press(*name, "ctrl+s")


async def test_adding_occupants_keeps_the_unit_selected(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_site(seeded.site_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and len(app.screen.units) == 3)
        site = app.screen
        assert isinstance(site, SiteScreen)
        await pilot.press("down", "down")  # Kamer 2
        await wait_for(pilot, lambda: site.selected_unit() is not None and site.selected_unit().label == "Kamer 2")  # type: ignore[union-attr]
        await add_person(pilot, app, "Eva Horvat")
        await wait_for(pilot, lambda: app.screen is site and len(site.occupants) == 2)  # type: ignore[attr-defined]
        assert site.selected_unit().label == "Kamer 2"  # type: ignore[union-attr]
        await add_person(pilot, app, "Ivan Petrov")
        await wait_for(pilot, lambda: app.screen is site and len(site.occupants) == 3)  # type: ignore[attr-defined]
        assert site.selected_unit().label == "Kamer 2"  # type: ignore[union-attr]
        rows = read(
            seeded.path,
            "SELECT o.name, u.label FROM occupants o JOIN units u ON u.id = o.unit_id "
            "WHERE o.name IN ('Eva Horvat', 'Ivan Petrov') ORDER BY o.name",
        )
        assert rows == [("Eva Horvat", "Kamer 2"), ("Ivan Petrov", "Kamer 2")]
