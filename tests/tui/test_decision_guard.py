"""A reason typed in the send-back dialog is not lost to esc: the dialog asks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.confirm import ConfirmScreen
from inspect_tui.tui.screens.decision import DecisionScreen
from tests.helpers.review_seed import ReviewDay, build_review_day, open_review
from tests.helpers.tui_seed import fixed_clock, read, settle, wait_for


@pytest.fixture
def day(tmp_path: Path) -> ReviewDay:
    return build_review_day(tmp_path)


@pytest.fixture
def review_app(day: ReviewDay) -> InspectApp:
    return make_app(day.path, lang="en", clock=fixed_clock)


async def test_esc_on_a_typed_reason_asks_before_it_is_lost(review_app: InspectApp, day: ReviewDay) -> None:
    async with review_app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(review_app, pilot)
        screen.inspections.move_cursor(row=screen.inspections.get_row_index(day.housing))
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(review_app.screen, DecisionScreen))
        dialog = review_app.screen
        await settle(pilot)
        reason = dialog.query_one("#decision-reason", Input)
        reason.focus()
        await pilot.press(*"Foto ontbreekt")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(review_app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: review_app.screen is dialog)
        assert reason.value == "Foto ontbreekt"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(review_app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: review_app.screen is screen)
    assert read(day.path, "SELECT COUNT(*) FROM reviews") == [(0,)]


async def test_esc_on_an_untouched_decision_closes_it(review_app: InspectApp, day: ReviewDay) -> None:
    async with review_app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(review_app, pilot)
        screen.inspections.move_cursor(row=screen.inspections.get_row_index(day.housing))
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(review_app.screen, DecisionScreen))
        await settle(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: review_app.screen is screen)
