"""Checklist keys that are refused keep the cursor where it is (nothing looks recorded)."""

from __future__ import annotations

from checklist_helpers import goto, open_checklist, start
from tui_seed import Seeded, read

from inspect_tui.tui.app import InspectApp


async def test_na_on_a_required_number_is_refused_and_the_cursor_stays(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.living_area")
        await pilot.press("x")
        await pilot.pause()
        assert screen.current_item().id == "snf.space.living_area"  # type: ignore[union-attr]
        messages = [n.message for n in app._notifications]
        assert any("N.a. is not allowed here" in m for m in messages), messages
        assert read(seeded.path, "SELECT COUNT(*) FROM answers WHERE item_id = 'snf.space.living_area'") == [(0,)]


async def test_na_on_a_yes_no_item_is_recorded_and_moves_on(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.fire.blanket")
        await pilot.press("x")
        await pilot.pause()
        assert screen.current_item().id != "snf.fire.blanket"  # type: ignore[union-attr]
        rows = read(seeded.path, "SELECT value FROM answers WHERE item_id = 'snf.fire.blanket'")
        assert rows == [("n.a.",)]
