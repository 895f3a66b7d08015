"""Forms in Dutch: dates typed and shown as dd-mm-jjjj, figures with a decimal comma, messages in Dutch."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from inspect_tui.i18n import date_input
from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import localise_textual, set_language
from inspect_tui.tui.screens.occupant_editor import OccupantEditor
from inspect_tui.tui.screens.site import SiteScreen
from inspect_tui.tui.screens.site_labels import unit_label
from inspect_tui.tui.screens.unit_editor import UnitEditor
from inspect_tui.tui.widgets.form import _format
from tests.helpers.tui_seed import Seeded, enter_text, fixed_clock, read, settle, wait_for


async def type_into(pilot: Any, editor: Any, name: str, text: str) -> None:
    control = editor.form.control(name)
    assert isinstance(control, Input)
    await enter_text(pilot, control, text)


async def test_dates_and_figures_in_dutch_forms(seeded: Seeded) -> None:
    app = make_app(seeded.path, lang="nl", clock=fixed_clock)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            app.open_site(seeded.site_id)
            await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and len(app.screen.units) == 3)
            shown = app.screen
            assert isinstance(shown, SiteScreen)
            site: SiteScreen = shown
            await pilot.press("p")
            editor = app.screen
            assert isinstance(editor, OccupantEditor)
            await settle(pilot)
            born = editor.form.control("date_of_birth")
            assert isinstance(born, Input) and born.placeholder == "dd-mm-jjjj"
            await type_into(pilot, editor, "name", "Ewa Nowak")
            await type_into(pilot, editor, "date_of_birth", "31-02-1990")  # no such day
            await pilot.press("ctrl+s")
            await settle(pilot)
            error = editor.form.error_of("date_of_birth")
            assert error and "Input should" not in error and "date" not in error, error
            assert read(seeded.path, "SELECT COUNT(*) FROM occupants WHERE name = 'Ewa Nowak'") == [(0,)]
            await type_into(pilot, editor, "date_of_birth", "05-03-1990")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: app.screen is site)
            stored = read(seeded.path, "SELECT date_of_birth FROM occupants WHERE name = 'Ewa Nowak'")
            assert stored == [("1990-03-05",)]  # stored as ISO

            # a unit's area: typed with a comma, shown again with a comma
            await pilot.press("a")
            unit = app.screen
            assert isinstance(unit, UnitEditor)
            await settle(pilot)
            await type_into(pilot, unit, "label", "Kamer 9")
            await type_into(pilot, unit, "floor_area_m2", "9,5")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: app.screen is site and len(site.units) == 4)
            assert read(seeded.path, "SELECT floor_area_m2 FROM units WHERE label = 'Kamer 9'") == [(9.5,)]
            row = next(u for u in site.units.values() if u.label == "Kamer 9")
            assert "9,5 m²" in str(unit_label(row))
            # and a form filled from a record shows the comma and the Dutch date again
            assert _format(9.5) == "9,5" and date_input("1990-03-05") == "05-03-1990"
    finally:
        set_language("en")
        localise_textual()


def test_the_open_menu_of_a_choice_field_says_its_key_in_dutch() -> None:
    """A form's choice field with its menu open showed "esc Dismiss menu" in the Dutch footer."""
    from textual.widgets._select import SelectOverlay

    def descriptions() -> set[str]:
        found = SelectOverlay._merged_bindings.key_to_bindings.values()  # type: ignore[union-attr]
        return {binding.description for bindings in found for binding in bindings}

    set_language("nl")
    try:
        localise_textual()
        assert "Menu sluiten" in descriptions() and "Dismiss menu" not in descriptions()
    finally:
        set_language("en")
        localise_textual()
    assert "Dismiss menu" in descriptions()
