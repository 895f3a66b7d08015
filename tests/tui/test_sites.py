"""Flow 2: sites, their units as a tree, occupants; invalid input is shown inline and never saved."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.occupant_editor import OccupantEditor
from inspect_tui.tui.screens.site import SiteScreen
from inspect_tui.tui.screens.site_editor import SiteEditor
from inspect_tui.tui.screens.unit_editor import UnitEditor
from inspect_tui.tui.widgets.bsn_input import BsnInput
from tests.helpers.tui_seed import INVALID_BSN, VALID_BSN, Seeded, enter_text, read, settle, wait_for


async def type_into(pilot: Pilot[Any], editor: Any, name: str, text: str) -> None:
    """Fill in a field of the editor's form as the inspector would (focus, then the text)."""
    control = editor.form.control(name)
    assert isinstance(control, Input)
    await enter_text(pilot, control, text)


async def test_new_site_refuses_bad_postcode_then_saves(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        editor = app.screen
        assert isinstance(editor, SiteEditor)
        await settle(pilot)
        await type_into(pilot, editor, "name", "Huize Noord")
        await type_into(pilot, editor, "postcode", "0123 AB")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "postcode" in editor.form.error_of("postcode")
        assert editor.query_one("#field-postcode").has_class("-invalid")
        assert read(seeded.path, "SELECT COUNT(*) FROM sites WHERE name = 'Huize Noord'") == [(0,)]
        await type_into(pilot, editor, "postcode", "9712cp")
        await type_into(pilot, editor, "city", "Groningen")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen))
        rows = read(seeded.path, "SELECT postcode, city, kind FROM sites WHERE name = 'Huize Noord'")
        assert rows == [("9712 CP", "Groningen", "housing")]


async def test_unit_tree_with_bedrooms_and_negative_area(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_site(seeded.workplace_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and app.screen.site is not None)
        site = app.screen
        assert isinstance(site, SiteScreen)
        await pilot.press("A")
        editor = app.screen
        assert isinstance(editor, UnitEditor)
        await settle(pilot)
        await type_into(pilot, editor, "label", "Caravan 7")
        await type_into(pilot, editor, "floor_area_m2", "-3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "must be at least 0" in editor.form.error_of("floor_area_m2")
        assert read(seeded.path, "SELECT COUNT(*) FROM units WHERE label = 'Caravan 7'") == [(0,)]
        await type_into(pilot, editor, "floor_area_m2", "24,5")
        await type_into(pilot, editor, "beds", "4")
        await pilot.press("ctrl+s")
        tree = site.units_tree
        await wait_for(pilot, lambda: "Caravan 7" in str(tree.root.children[0].label) and app.screen is site)
        await pilot.press("a")
        child = app.screen
        assert isinstance(child, UnitEditor)
        await settle(pilot)
        assert child.form.values()["kind"] == "bedroom"
        await type_into(pilot, child, "label", "Slaapkamer A")
        await type_into(pilot, child, "floor_area_m2", "8")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(site.units) == 2 and app.screen is site)
        rows = read(
            seeded.path,
            "SELECT u.label, u.kind, p.label, u.floor_area_m2 FROM units u "
            "JOIN units p ON p.id = u.parent_id WHERE u.site_id = ?",
            (seeded.workplace_id,),
        )
        assert rows == [("Slaapkamer A", "bedroom", "Caravan 7", 8.0)]
        assert read(seeded.path, "SELECT floor_area_m2, beds FROM units WHERE label = 'Caravan 7'") == [(24.5, 4)]


async def test_occupant_invalid_then_valid_bsn_masked_outside_the_field(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_site(seeded.site_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and len(app.screen.units) == 3)
        site = app.screen
        assert isinstance(site, SiteScreen)
        await pilot.press("down")  # Kamer 1
        await wait_for(pilot, lambda: len(site.occupants) == 2)
        assert site.table.get_row_at(0)[1] == "●●●●●●333"  # Jan Kowalski, shown masked
        await pilot.press("up", "p")
        editor = app.screen
        assert isinstance(editor, OccupantEditor)
        await settle(pilot)
        await type_into(pilot, editor, "name", "Marek Zielinski")
        await type_into(pilot, editor, "bsn", INVALID_BSN)
        bsn = editor.form.control("bsn")
        assert isinstance(bsn, BsnInput)
        assert bsn.value == INVALID_BSN  # readable while editing
        await type_into(pilot, editor, "email", "marek@")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "11-proef" in editor.form.error_of("bsn")
        assert "e-mail" in editor.form.error_of("email")
        assert INVALID_BSN not in editor.form.error_of("bsn")
        assert read(seeded.path, "SELECT COUNT(*) FROM occupants WHERE name = 'Marek Zielinski'") == [(0,)]
        await type_into(pilot, editor, "bsn", VALID_BSN)
        await type_into(pilot, editor, "email", "marek@example.pl")
        editor.form.control("name").focus()
        await settle(pilot)
        assert bsn.value == "●●●●●●333"  # masked once the field is left
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is site)
        rows = read(
            seeded.path,
            "SELECT o.bsn, o.email, u.label FROM occupants o JOIN units u ON u.id = o.unit_id "
            "WHERE o.name = 'Marek Zielinski'",
        )
        assert rows == [(VALID_BSN, "marek@example.pl", "Huis 12")]


async def test_couple_is_recorded_both_ways(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_site(seeded.site_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and len(app.screen.units) == 3)
        site = app.screen
        assert isinstance(site, SiteScreen)
        await pilot.press("down")
        await wait_for(pilot, lambda: len(site.occupants) == 2)
        site.table.focus()
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, OccupantEditor)
        await wait_for(pilot, lambda: editor.original.get("name") == "Jan Kowalski")
        partner = editor.form.control("couple_with")
        partner.value = seeded.occupant_ids[1]  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is site)
        pairs = dict(read(seeded.path, "SELECT id, couple_with FROM occupants WHERE couple_with IS NOT NULL"))
        assert pairs == {seeded.occupant_ids[0]: seeded.occupant_ids[1], seeded.occupant_ids[1]: seeded.occupant_ids[0]}
