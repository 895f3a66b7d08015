"""Navigation by messages, and the checklist's settable place delay."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from textual.pilot import Pilot

from inspect_tui.tui import messages
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.findings import FindingsScreen
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.occupancy import OccupancyScreen
from inspect_tui.tui.screens.site import SiteScreen
from inspect_tui.tui.screens.site_editor import SiteEditor
from tests.helpers.checklist import goto, open_checklist, start
from tests.helpers.tui_seed import Seeded, read
from tests.helpers.tui_seed import wait_for as wait_briefly

WAIT = 15.0
"""Seconds a step may take on a busy machine before the test fails."""


async def wait_for(pilot: Pilot[Any], condition: Callable[[], object]) -> None:
    await wait_briefly(pilot, condition, timeout=WAIT)


async def test_a_screen_asks_and_the_app_shows(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.screen.post_message(messages.OpenSite(seeded.site_id))
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen))
        assert app.screen.site_id == seeded.site_id  # type: ignore[attr-defined]
        app.screen.post_message(messages.OpenOccupancy(seeded.site_id))
        await wait_for(pilot, lambda: isinstance(app.screen, OccupancyScreen))
        app.screen.post_message(messages.OpenFindings(inspection_id))
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))


async def test_a_dialog_answers_whoever_asked(app: InspectApp, seeded: Seeded) -> None:
    answers: list[object] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.screen.post_message(messages.EditSite(seeded.site_id, done=answers.append))
        await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor))
        await pilot.press("escape")
        await wait_for(pilot, lambda: answers == [None])
        assert isinstance(app.screen, HomeScreen)


async def test_a_kind_without_an_editor_opens_nothing(app: InspectApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.screen.post_message(messages.EditConflicted("answers", "some-id", {}))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_place_is_remembered_after_the_settable_delay(
    app: InspectApp, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ChecklistScreen, "PLACE_SAVE_DELAY", 0.05)
    monkeypatch.setattr(ChecklistScreen, "REFRESH_DELAY", 0.001)
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.chair")
        await wait_for(
            pilot,
            lambda: (
                read(seeded.path, "SELECT value FROM meta WHERE key = 'tui.resume'")
                == [(f"{inspection_id} snf.space.chair",)]
            ),
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        # Left on purpose: forgotten by the time the home screen shows.
        assert read(seeded.path, "SELECT value FROM meta WHERE key = 'tui.resume'") == []


async def test_palette_commands_ask_the_app(app: InspectApp) -> None:
    from inspect_tui.tui.commands import InspectCommands
    from inspect_tui.tui.screens.conflicts import ConflictsScreen
    from inspect_tui.tui.screens.keymap import KeymapScreen
    from inspect_tui.tui.screens.site_picker import SitePicker

    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        for name, shown in [("Conflicts", ConflictsScreen), ("Key map", KeymapScreen), ("New inspection", SitePicker)]:
            commands = {c.name: c for c in InspectCommands(app.screen).commands()}
            commands[name].run()
            await wait_for(pilot, partial(_is_shown, app, shown))
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


def _is_shown(app: Any, shown: type) -> bool:
    return isinstance(app.screen, shown)


def test_every_navigation_message_has_its_handler_on_the_app() -> None:
    # The app's handlers are found by name (on_open_site for OpenSite): a renamed message or
    # handler would leave its key doing nothing.
    import inspect

    from textual.message import Message

    from inspect_tui.tui import messages
    from inspect_tui.tui.app import inspect_commands

    found = [cls for cls in vars(messages).values() if inspect.isclass(cls) and issubclass(cls, Message)]
    assert len(found) > 20
    missing = [
        cls.__name__
        for cls in found
        if cls not in (Message, messages.Opens) and not callable(getattr(InspectApp, cls.handler_name, None))
    ]
    assert missing == []
    assert inspect_commands().__name__ == "InspectCommands"
