"""The Dutch interface at 80 columns: F1 shows the key map in a dialog too (a dialog is modal: the
app's own F1 did not reach it), in Dutch also for the keys of Textual's own widgets; the home
list's start column holds "vandaag" and the time."""

from __future__ import annotations

from textual.widgets import DataTable

from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import localise_textual, set_language
from inspect_tui.tui.screens.keymap import KeymapScreen
from inspect_tui.tui.screens.site_editor import SiteEditor
from tests.helpers.tui_seed import Seeded, fixed_clock, wait_for


async def test_f1_in_a_dialog_shows_its_keys_in_dutch(seeded: Seeded) -> None:
    app = make_app(seeded.path, lang="nl", clock=fixed_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.screen.query("#sites-table"))
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor))
            editor = app.screen
            await pilot.pause()
            assert any(b.binding.key == "f1" for b in editor.active_bindings.values())  # shown in its footer
            await pilot.press("f1")
            await wait_for(pilot, lambda: isinstance(app.screen, KeymapScreen))
            table = app.screen.query_one(DataTable)
            actions = {str(table.get_row_at(row)[1]) for row in range(table.row_count)}
            assert "Opslaan" in actions and "Naar het begin" in actions, actions
            assert "Go to start" not in actions
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is editor)
    finally:
        set_language("en")
        localise_textual()


async def test_the_started_column_holds_today_and_its_time_in_dutch(seeded: Seeded) -> None:
    """ "vandaag 16:20" was cut to "vandaag 16:" (the column was as wide as "today 16:20")."""
    from inspect_tui.tui.widgets.paged_table import PagedTable

    app = make_app(seeded.path, lang="nl", clock=fixed_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.screen.query("#inspections-table"))
            table = app.screen.query_one("#inspections-table", PagedTable)
            started = next(iter(table.columns.values()))
            assert started.width >= len("vandaag 16:20")
    finally:
        set_language("en")
        localise_textual()
