"""A number field keeps every key typed: a unit or a letter typed with the figure ("24m2", "1e400")
is shown as an error under the field and nothing is saved, never a different figure (242, 1400)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.site import SiteScreen
from inspect_tui.tui.screens.unit_editor import UnitEditor
from tests.helpers.tui_seed import Seeded, read, settle, wait_for


async def new_unit_form(app: InspectApp, pilot: Pilot[Any], seeded: Seeded) -> UnitEditor:
    """The form for a new top-level unit of the seeded workplace, its name field focused."""
    app.open_site(seeded.workplace_id)
    await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and app.screen.site is not None)
    await pilot.press("A")
    await wait_for(pilot, lambda: isinstance(app.screen, UnitEditor))
    editor = app.screen
    assert isinstance(editor, UnitEditor)
    await settle(pilot)
    return editor


@pytest.mark.parametrize(
    ("area_typed", "beds_typed", "said"),
    [
        ("24m2", "1e400", ""),  # a unit or a letter typed with the figure: 242, 1400 were feared
        ("1_5", "1e3", "is not a number"),  # read as 15 and 1000, as Python reads numbers
        # stored as 10000000000000000, and pydantic's English "exceeded maximum size"
        ("9999999999999999", "9223372036854775807", "more digits than a figure keeps"),
    ],
)
async def test_a_figure_not_written_in_digits_is_an_error_not_another_figure(
    app: InspectApp, seeded: Seeded, area_typed: str, beds_typed: str, said: str
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await new_unit_form(app, pilot, seeded)
        await pilot.press(*"Caravan 8")
        area = editor.form.control("floor_area_m2")
        beds = editor.form.control("beds")
        assert isinstance(area, Input) and isinstance(beds, Input)
        area.focus()
        await pilot.press(*area_typed)
        beds.focus()
        await pilot.press(*beds_typed)
        await settle(pilot)
        assert (area.value, beds.value) == (area_typed, beds_typed)  # as typed: nothing dropped
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, UnitEditor)  # still open
        assert said in editor.form.error_of("floor_area_m2") and editor.form.error_of("floor_area_m2")
        assert said in editor.form.error_of("beds") and editor.form.error_of("beds")
        assert read(seeded.path, "SELECT COUNT(*) FROM units WHERE label = 'Caravan 8'") == [(0,)]
        area.value, beds.value = "24,5", "4"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not editor)
    assert read(seeded.path, "SELECT floor_area_m2, beds FROM units WHERE label = 'Caravan 8'") == [(24.5, 4)]


async def test_a_figure_that_reads_two_ways_is_an_error_not_a_guess(app: InspectApp, seeded: Seeded) -> None:
    """ "1.000" m² is a thousand in Dutch and one in English: it was saved as 1.0."""
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await new_unit_form(app, pilot, seeded)
        await pilot.press(*"Hal 3")
        area = editor.form.control("floor_area_m2")
        assert isinstance(area, Input)
        area.focus()
        await pilot.press(*"1.000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, UnitEditor)
        assert "can be read two ways" in editor.form.error_of("floor_area_m2")
        assert read(seeded.path, "SELECT COUNT(*) FROM units WHERE label = 'Hal 3'") == [(0,)]
        area.value = "1000"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not editor)
    assert read(seeded.path, "SELECT floor_area_m2 FROM units WHERE label = 'Hal 3'") == [(1000.0,)]


async def test_a_figure_keeps_every_digit_when_its_unit_is_edited_again(app: InspectApp, seeded: Seeded) -> None:
    """6.9999999 m² for two persons is 3.49999995 m²/p, which fails 3.5: the form showed it as 7,
    and saving a change of the beds alone stored 7 m² and turned the failure into a pass."""
    async with app.run_test(size=(80, 24)) as pilot:
        first = UnitEditor(seeded.bedroom_ids[1])
        app.push_screen(first)
        await wait_for(pilot, lambda: first.original.get("label") == "Kamer 2")
        await settle(pilot)
        typed = first.form.control("floor_area_m2")
        assert isinstance(typed, Input)
        typed.value = "6,9999999"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not first)
        editor = UnitEditor(seeded.bedroom_ids[1])
        app.push_screen(editor)
        await wait_for(pilot, lambda: editor.original.get("label") == "Kamer 2")
        await settle(pilot)
        area = editor.form.control("floor_area_m2")
        beds = editor.form.control("beds")
        assert isinstance(area, Input) and isinstance(beds, Input)
        assert area.value == "6.9999999"
        beds.value = "3"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not editor)
    assert read(seeded.path, "SELECT floor_area_m2, beds FROM units WHERE label = 'Kamer 2'") == [(6.9999999, 3)]
