"""Snapshots of the history and conflicts screens at 80×24, in English and Dutch, on three laptops' data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inspect_tui.domain.base import seeded_ids
from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens.conflicts import ConflictsScreen
from inspect_tui.tui.screens.history import HistoryScreen
from tests.helpers.history_scenario import Team, build_team
from tests.helpers.tui_seed import fixed_clock, settle, wait_for


def _team(tmp_path: Path) -> Team:
    with seeded_ids(20261117):
        team = build_team(tmp_path)
    for device in (team.eva, team.joost, team.lead):
        device.db.close()
    return team


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_history_80x24(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    team = _team(tmp_path)
    app = make_app(team.folder / "lead.db", lang=lang, clock=fixed_clock)

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.push_screen(HistoryScreen("sites", team.ids["site"], "Vakantiepark De Wilgen"))
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded)
        await pilot.press("up")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_conflicts_80x24(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    team = _team(tmp_path)
    app = make_app(team.folder / "lead.db", lang=lang, clock=fixed_clock)

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.push_screen(ConflictsScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen) and app.screen.loaded)
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        await wait_for(pilot, lambda: bool(screen.versions) and screen.side_by_side.row_count > 0)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_conflict_editor_80x24(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    """`e` on a conflict: the record's form, filled from the version in effect, saved as the resolution."""
    from inspect_tui.tui.screens.conflict_editors import ResolvingEditor

    team = _team(tmp_path)
    app = make_app(team.folder / "lead.db", lang=lang, clock=fixed_clock)

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.push_screen(ConflictsScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen) and app.screen.loaded)
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        await wait_for(pilot, lambda: bool(screen.versions) and screen.side_by_side.row_count > 0)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ResolvingEditor))
        await wait_for(pilot, lambda: getattr(app.screen, "shown", True) is not None)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
