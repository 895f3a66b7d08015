"""Forms refuse unsafe text exactly as an import does: the same model rules, shown inline."""

from __future__ import annotations

from textual.widgets import Input

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.site_editor import SiteEditor
from tests.helpers.tui_seed import Seeded, read


async def test_the_site_form_refuses_a_bidi_override_and_an_escape_sequence(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        editor = app.screen
        assert isinstance(editor, SiteEditor)
        await pilot.pause()
        name = editor.form.control("name")
        assert isinstance(name, Input)
        name.value = "Huize\u202e Noord"  # pasted text: a right-to-left override
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "bidirectional control (U+202E)" in editor.form.error_of("name")
        city = editor.form.control("city")
        assert isinstance(city, Input)
        name.value = "Huize Noord"
        city.value = "Venlo\x1b[2J"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "control character (U+001B)" in editor.form.error_of("city")
        assert read(seeded.path, "SELECT COUNT(*) FROM sites WHERE name LIKE 'Huize%'") == [(0,)]
