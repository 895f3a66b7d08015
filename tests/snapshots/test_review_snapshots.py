"""Snapshots of the team lead's screens at fixed sizes, on a fixed clock, with seeded ids and no cursor blink."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspect_tui.domain.base import seeded_ids
from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens.conflicts import ConflictsScreen
from inspect_tui.tui.screens.review import ReviewScreen
from inspect_tui.tui.screens.review_summary import DaySummaryScreen
from tests.helpers.review_seed import build_review_day, make_conflicts
from tests.helpers.tui_seed import fixed_clock, seed, settle, shown, wait_for


def test_review_day(snap_compare: Any, tmp_path: Path) -> None:
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang="en", clock=fixed_clock)

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: app.screen.id == "home")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.summary is not None)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await wait_for(pilot, lambda: screen.findings.loaded_once and not screen.findings._loading)
        screen.findings.focus()
        await wait_for(pilot, lambda: "blusdeken.jpg" in shown(screen, "#review-detail"))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(130, 36), run_before=ready)


def test_day_summary(snap_compare: Any, tmp_path: Path) -> None:
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang="en", clock=fixed_clock)

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.push_screen(DaySummaryScreen(fixed_clock().date()))
        await wait_for(pilot, lambda: isinstance(app.screen, DaySummaryScreen) and app.screen.summary is not None)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=ready)


def test_conflicts(snap_compare: Any, tmp_path: Path) -> None:
    with seeded_ids(20240515):
        seeded = seed(tmp_path / "inspect.db")
        make_conflicts(seeded)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.push_screen(ConflictsScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen) and app.screen.loaded)
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        screen.listing.move_cursor(row=screen.listing.get_row_index(f"sites/{seeded.site_id}"))
        key = f"sites/{seeded.site_id}"
        await wait_for(pilot, lambda: screen.side_by_side.row_count > 0 and screen.shown_key == key)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 30), run_before=ready)
