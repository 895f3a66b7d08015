"""Review screen keys: tab goes table to table, arrows work after a dialog, bulk approve says what it skips."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.decision import DecisionScreen
from inspect_tui.tui.screens.review import ReviewScreen
from tests.helpers.review_seed import build_review_day, open_review
from tests.helpers.tui_seed import fixed_clock, still, wait_for


async def test_tab_from_the_inspections_goes_to_the_findings_not_the_search(tmp_path: Path) -> None:
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot)
        assert app.focused is screen.inspections
        await pilot.press("tab")
        assert app.focused is screen.findings
        await pilot.press("shift+tab")
        assert app.focused is screen.inspections
        await pilot.press("slash")
        assert app.focused is screen.query_one("#review-search")


async def test_arrows_work_at_once_after_a_dialog_or_the_checklist(tmp_path: Path) -> None:
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, DecisionScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await still(pilot)
        before = screen.inspections.cursor_row
        await pilot.press("down")
        await pilot.pause()
        assert screen.inspections.cursor_row == before + 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await still(pilot)
        before = screen.inspections.cursor_row
        await pilot.press("up")
        await pilot.pause()
        assert app.focused is screen.inspections
        assert screen.inspections.cursor_row == before - 1


async def test_bulk_approve_says_before_what_it_skips(tmp_path: Path) -> None:
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot)
        assert isinstance(screen, ReviewScreen)
        for row in range(screen.inspections.row_count):
            screen.inspections.move_cursor(row=row)
            await pilot.press("space")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, DecisionScreen))
        await pilot.pause()
        title = str(app.screen.query_one(".dialog-title", Label).content)
        assert title == "Approve 2 inspections; 1 draft one is skipped"


async def test_back_from_an_inspection_the_cursor_stays_on_it_and_the_arrows_move_from_there(tmp_path: Path) -> None:
    # The findings read again on return used to pull the cursor to the first finding's inspection.
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot)
        table = screen.inspections
        table.move_cursor(row=table.get_row_index(day.draft))
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
        assert app.screen.inspection_id == day.draft  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: screen.findings.loaded_once and not screen.findings._loading)
        await still(pilot)
        assert app.focused is table
        current = screen.current_inspection()
        assert current is not None and current.id == day.draft
        await pilot.press("up")
        await pilot.pause()
        assert table.cursor_row == table.get_row_index(day.draft) - 1


async def test_the_status_column_holds_every_dutch_status_whole(tmp_path: Path) -> None:
    """ "goedgekeurd" and "teruggestuurd" are longer than the English words; none is cut off."""
    from inspect_tui.tui.i18n import set_language
    from inspect_tui.tui.widgets.labels import status_label

    day = build_review_day(tmp_path)
    app = make_app(day.path, lang="nl", clock=fixed_clock)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_review(app, pilot)
            width = screen.inspections.columns["status"].width  # type: ignore[index]
            words = [status_label(s) for s in ("draft", "completed", "returned", "approved")]
            assert "teruggestuurd" in words
            assert all(len(word) <= width for word in words), (width, words)
    finally:
        set_language("en")
