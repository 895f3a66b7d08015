"""The review screen's detail pane shows the same thing whatever order the day's reads end in.

On opening, the inspections table has focus and the finding under the cursor is shown. The
inspections table announces its first highlighted row when it is next idle, which under load can
come after the finding's detail was shown: that announcement must not replace the finding by the
inspection's history. A move of the user's in the inspections table does show the inspection.
A read that a newer one replaced while its query ran shows nothing when it ends."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens import review_detail
from inspect_tui.tui.widgets.inspection_history import history_text
from tests.helpers.review_seed import build_review_day, open_review
from tests.helpers.tui_seed import fixed_clock, settle, wait_for


async def review_opened(app: Any, pilot: Any) -> tuple[Any, Static, Any]:
    """The review screen settled: the screen, its detail pane and the finding under the cursor."""
    screen = await open_review(app, pilot)
    await settle(pilot)
    return screen, screen.query_one("#review-detail", Static), screen.findings.selected()


async def test_a_late_highlight_of_the_rows_read_leaves_the_finding_shown(tmp_path: Path) -> None:
    app = make_app(build_review_day(tmp_path).path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        screen, pane, finding = await review_opened(app, pilot)
        assert finding is not None and screen.focused is screen.inspections
        await wait_for(pilot, lambda: finding.description[:15] in str(pane.content))
        table = screen.inspections
        row = table.cursor_row
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        table.post_message(DataTable.RowHighlighted(table, row, key))  # as the table's idle pass sends it, late
        await settle(pilot)
        assert finding.description[:15] in str(pane.content)
        inspection = screen.current_inspection()
        await pilot.press("down")  # the user moves: the pane tells that inspection's history
        await settle(pilot)
        moved = screen.current_inspection()
        assert moved is not None and moved != inspection
        assert str(pane.content).startswith(moved.site_name)


async def test_a_replaced_read_that_ends_last_does_not_cover_the_newer_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The inspection's history is asked for, then the finding (the user moved on): the finding's
    read cancels the first, which is still writing out its text (the database already let go)
    and ends only afterwards. The pane keeps the finding."""
    app = make_app(build_review_day(tmp_path).path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        screen, pane, finding = await review_opened(app, pilot)
        inspection = screen.current_inspection()
        assert finding is not None and inspection is not None
        held, reached, ended = threading.Event(), threading.Event(), threading.Event()
        stale_thread: list[threading.Thread] = []
        real_text, real_call = history_text, app.call_from_thread

        def slow_history_text(events: Any) -> Any:
            if not reached.is_set():
                stale_thread.append(threading.current_thread())
                reached.set()
                held.wait(10)
            return real_text(events)

        def handed_on(callback: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return real_call(callback, *args, **kwargs)
            finally:
                if stale_thread and threading.current_thread() is stale_thread[0]:
                    ended.set()  # what the replaced read handed to the screen has been handled

        monkeypatch.setattr(review_detail, "history_text", slow_history_text)
        monkeypatch.setattr(app, "call_from_thread", handed_on)
        stale = screen._load_inspection_detail(inspection)
        await wait_for(pilot, reached.is_set, background=("review-detail",))
        screen._load_detail(finding.id)  # the newer read of the same pane: the first is cancelled
        await wait_for(
            pilot,
            lambda: stale.is_cancelled and finding.description[:15] in str(pane.content),
            background=("review-detail",),
        )
        held.set()  # the replaced read ends now, after the newer one was shown
        await wait_for(pilot, ended.is_set, background=("review-detail",))
        await settle(pilot)
        assert finding.description[:15] in str(pane.content)
        assert not str(pane.content).startswith(inspection.site_name)
