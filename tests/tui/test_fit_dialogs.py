"""Dialogs show their own keys, and esc on a changed form asks before discarding."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Footer

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.confirm import ConfirmScreen
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.site_editor import SiteEditor
from tests.helpers.tui_seed import Seeded, read, wait_for


def footer_keys(screen: object) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [key.description for key in screen.query(FooterKey)]  # type: ignore[attr-defined]


async def test_form_shows_its_own_keys_not_the_home_screen(app: InspectApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor))
        await pilot.pause()
        editor = app.screen
        assert editor.query(Footer), "the dialog has no footer of its own"
        keys = footer_keys(editor)
        assert "Save" in keys and "Cancel" in keys
        assert "Review day" not in keys and "New site" not in keys


async def test_esc_on_unchanged_form_closes_at_once(app: InspectApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor) and app.screen.shown is not None)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_esc_on_changed_form_asks_and_no_keeps_the_text(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor) and app.screen.shown is not None)
        editor = app.screen
        assert isinstance(editor, SiteEditor)
        editor.form.control("name").focus()
        await pilot.press(*"Huize Zuid")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is editor)
        assert editor.form.values()["name"] == "Huize Zuid"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert read(seeded.path, "SELECT COUNT(*) FROM sites WHERE name = 'Huize Zuid'") == [(0,)]


async def test_export_dialog_warns_about_plaintext_and_saves_with_ctrl_s(app: InspectApp, tmp_path: Path) -> None:
    from textual.widgets import Input, Static

    from inspect_tui.tui.screens.export import ExportScreen

    out = tmp_path / "out"
    out.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_export_bundle()
        await wait_for(
            pilot, lambda: isinstance(app.screen, ExportScreen) and bool(app.screen.query("#export-warning"))
        )
        dialog = app.screen
        warning = dialog.query_one("#export-warning", Static)
        await wait_for(pilot, lambda: "UNENCRYPTED" in str(warning.content))
        dialog.query_one("#export-folder", Input).value = str(out)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any(out.glob("*.zip")), timeout=10)
        result = dialog.query_one("#export-result", Static)
        await wait_for(pilot, lambda: "Wrote" in str(result.content))
