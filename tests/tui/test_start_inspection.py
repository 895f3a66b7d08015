"""Starting an inspection: ticked and unticked checklists look different, the first is highlighted."""

from __future__ import annotations

from textual.widgets import SelectionList

from inspect_tui.tui import messages
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.inspection_start import StartInspection
from tests.helpers.tui_seed import Seeded, wait_for


def prompts(options: SelectionList[str]) -> dict[str, str]:
    return {
        str(options.get_option_at_index(i).id): str(options.get_option_at_index(i).prompt)
        for i in range(options.option_count)
    }


async def test_ticks_are_marked_in_words_and_the_first_is_highlighted(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.screen.post_message(messages.NewInspection(seeded.site_id))
        await wait_for(pilot, lambda: isinstance(app.screen, StartInspection))
        dialog = app.screen
        options = dialog.query_one(SelectionList)
        await wait_for(pilot, lambda: options.option_count > 0)
        assert options.highlighted == 0 and options.has_focus
        shown = prompts(options)
        assert shown["snf"].startswith("[x] ") and shown["akf"].startswith("[x] ")
        assert shown["rie"].startswith("[ ] ")
        options.highlighted = list(shown).index("rie")
        await pilot.press("space")
        await pilot.pause()
        assert prompts(options)["rie"].startswith("[x] ")
        await pilot.press("space")
        await pilot.pause()
        assert prompts(options)["rie"].startswith("[ ] ")
