"""Every screen and dialog works under every built-in theme (the ansi themes name colours their own way)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.app import App
from textual.screen import Screen

from inspect_tui.tui import messages as msg
from inspect_tui.tui.app import InspectApp, make_app, rich_palette
from tests.helpers.review_seed import DAY, ReviewDay, build_review_day
from tests.helpers.tui_seed import fixed_clock, wait_for

THEMES = sorted(App().available_themes)
FULL = {"ansi-dark", "ansi-light", "textual-dark", "textual-light"}
"""Themes every screen and dialog is opened under; under the others, the screens that colour by the theme."""
COLOURED = {"site", "checklist", "checklist draft", "findings", "occupancy", "review", "day summary", "conflicts"}


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> ReviewDay:
    return build_review_day(tmp_path_factory.mktemp("themes"))


def test_every_theme_colour_is_a_rich_colour() -> None:
    app = App[None]()
    for theme in THEMES:
        app.theme = theme
        for name, colour in rich_palette(app.get_css_variables()).items():
            if colour:
                Style.parse(f"{colour} bold")  # raises on a name Rich does not know ("ansi_red")
            assert "ansi_" not in colour, (theme, name, colour)


def visits(day: ReviewDay) -> list[tuple[str, Callable[[InspectApp], None], Callable[[Screen[Any]], bool]]]:
    """(name, how to open it, when it has read its data) for every screen and dialog."""
    seeded = day.seeded

    def post(message: Any) -> Callable[[InspectApp], None]:
        def send(app: InspectApp) -> None:
            app.screen.post_message(message)

        return send

    def loaded(attribute: str) -> Callable[[Screen[Any]], bool]:
        return lambda screen: bool(getattr(screen, attribute, None))

    def always(_screen: Screen[Any]) -> bool:
        return True

    return [
        ("site", post(msg.OpenSite(seeded.site_id)), loaded("units")),
        ("checklist", post(msg.OpenInspection(day.housing)), loaded("state")),
        ("checklist draft", post(msg.OpenInspection(day.draft)), loaded("state")),
        ("findings", post(msg.OpenFindings(day.housing)), always),
        ("occupancy", post(msg.OpenOccupancy(seeded.site_id, inspection_id=day.draft)), loaded("units")),
        ("review", post(msg.OpenReview()), loaded("summary")),
        ("day summary", post(msg.OpenDaySummary(DAY)), always),
        ("conflicts", post(msg.OpenConflicts()), always),
        ("keymap", post(msg.ShowKeymap()), always),
        ("site editor", post(msg.EditSite(seeded.site_id)), always),
        ("unit editor", post(msg.EditUnit(seeded.house_id, seeded.site_id, None)), always),
        ("occupant editor", post(msg.EditOccupant(seeded.occupant_ids[0], seeded.bedroom_ids[0])), always),
        ("new inspection", post(msg.NewInspection(seeded.site_id)), always),
        ("finding editor", post(msg.AddFinding(day.draft)), always),
        ("complete", post(msg.CompleteInspection(day.draft)), always),
        ("reopen", post(msg.ReopenInspection(day.housing)), always),
        ("import", post(msg.ImportBundles()), always),
        ("export", post(msg.ExportBundle()), always),
    ]


@pytest.mark.parametrize("theme", THEMES)
async def test_every_screen_under_the_theme(day: ReviewDay, theme: str, tmp_path: Path) -> None:
    # A copy each: visiting a checklist leaves a point to resume at the next start.
    path = tmp_path / "inspect.db"
    shutil.copyfile(day.path, path)
    app = make_app(path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await wait_for(pilot, lambda: app.screen.id == "home")
        home = app.screen
        await pilot.press("t")  # the sites list too
        await pilot.pause()
        for name, open_it, ready in visits(day):
            if theme not in FULL and name not in COLOURED:
                continue
            open_it(app)
            await wait_for(pilot, lambda: app.screen is not home, timeout=5)
            screen = app.screen
            await wait_for(pilot, partial(ready, screen), timeout=5)
            if name == "review":
                # The detail pane of the first finding: coloured by the theme.
                await wait_for(pilot, lambda screen=screen: screen.findings.row_count > 0)  # type: ignore[attr-defined,misc]
                screen.findings.focus()  # type: ignore[attr-defined]
                await pilot.press("down", "up")
            await pilot.pause(0.05)
            assert app._exception is None, (theme, name, app._exception)
            while app.screen is not home:
                app.pop_screen()
                await pilot.pause()
        assert app._exception is None, (theme, app._exception)


def test_the_themes_are_the_built_in_ones() -> None:
    assert {"ansi-dark", "ansi-light", "textual-dark"} <= set(THEMES)
