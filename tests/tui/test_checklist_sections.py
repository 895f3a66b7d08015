"""`]` and `[` step through the checklist's sections: `[` on a section's first item goes to the section
before (it stayed put), elsewhere to the start of the item's own section."""

from __future__ import annotations

from inspect_tui.tui.app import InspectApp
from tests.helpers.checklist import open_checklist, start
from tests.helpers.tui_seed import Seeded, settle


async def test_the_previous_section_key_steps_back_through_the_sections(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        screen.table.focus()
        firsts: list[str] = []
        for _ in range(3):
            await pilot.press("right_square_bracket")
            await settle(pilot)
            item = screen.current_item()
            assert item is not None
            firsts.append(item.id)
        assert len(set(firsts)) == 3  # three sections on
        await pilot.press("down")
        await pilot.press("left_square_bracket")  # inside the third section: its first item
        await settle(pilot)
        assert screen.current_item().id == firsts[2]  # type: ignore[union-attr]
        for expected in (firsts[1], firsts[0]):
            await pilot.press("left_square_bracket")  # on a first item: the section before
            await settle(pilot)
            assert screen.current_item().id == expected  # type: ignore[union-attr]
