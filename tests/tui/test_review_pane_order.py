"""The review screen's detail pane shows the same thing whatever order the day's reads end in.

On opening, the inspections table has focus and the finding under the cursor is shown. The
inspections table announces its first highlighted row when it is next idle, which under load can
come after the finding's detail was shown: that announcement must not replace the finding by the
inspection's history. A move of the user's in the inspections table does show the inspection."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from inspect_tui.tui.app import make_app
from tests.helpers.review_seed import build_review_day, open_review
from tests.helpers.tui_seed import fixed_clock, settle, wait_for


async def test_a_late_highlight_of_the_rows_read_leaves_the_finding_shown(tmp_path: Path) -> None:
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_review(app, pilot)
        await settle(pilot)
        pane = screen.query_one("#review-detail", Static)
        finding = screen.findings.selected()
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
