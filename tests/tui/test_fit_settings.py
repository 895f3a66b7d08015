"""Theme and language chosen in the app are there again at the next start; --lang still wins."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.settings import load_settings
from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.home import HomeScreen
from tests.helpers.tui_seed import Seeded, fixed_clock, wait_for


async def test_theme_and_language_are_remembered(seeded: Seeded, tmp_path: Path) -> None:
    settings = tmp_path / "config" / "settings.json"
    try:
        app = make_app(seeded.path, lang=None, clock=fixed_clock, settings_path=settings)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            app.theme = "nord"
            await pilot.pause()
            await app.run_action("switch_language")
            await pilot.pause()
            switched = "nl" if app.lang == "en" else "en"
        assert load_settings(settings).theme == "nord"
        assert load_settings(settings).lang == switched

        again = make_app(seeded.path, lang=None, clock=fixed_clock, settings_path=settings)
        assert again.lang == switched
        async with again.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(again.screen, HomeScreen))
            assert again.theme == "nord"

        other = "en" if switched == "nl" else "nl"
        assert make_app(seeded.path, lang=other, clock=fixed_clock, settings_path=settings).lang == other
    finally:
        set_language("en")
