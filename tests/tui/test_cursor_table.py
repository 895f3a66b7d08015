"""CursorTable's scrollbar thumb shows where its rows are scrolled, whichever came first: the scroll
or the scrollbar (widgets/cursor_table.py).

A checklist that opens with its cursor further down is scrolled as soon as its rows are measured;
its scrollbar is shown at the next layout, which may come before or after that scroll. Both
orders must draw the same table.
"""

from __future__ import annotations

import re

from textual.app import App, ComposeResult

from inspect_tui.tui.widgets.cursor_table import CursorTable

ROWS = 40
CURSOR = 28
SCROLL = CURSOR + 1 - (10 - 1)
"""The cursor row on the table's last line: 10 lines, one of them the header."""


class OneTable(App[None]):
    CSS = "CursorTable { height: 10; }"

    def compose(self) -> ComposeResult:
        yield CursorTable(id="items", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(CursorTable)
        table.add_column("Item", key="item")
        for n in range(ROWS):
            table.add_row(f"item {n}", key=f"i{n}")


async def _drawn(scroll_before_scrollbar: bool) -> tuple[str, float, float]:
    """The table's picture, scroll and thumb position after the cursor moved to CURSOR."""
    app = OneTable()
    async with app.run_test(size=(40, 14)) as pilot:
        table = app.query_one(CursorTable)
        await pilot.pause()
        assert table.show_vertical_scrollbar, "40 rows in a table of 10: a scrollbar"
        if scroll_before_scrollbar:
            table.show_vertical_scrollbar = False  # as before the layout that follows the new rows
            table.move_cursor(row=CURSOR)
            table._refresh_scrollbars()  # what that layout does
        else:
            table.move_cursor(row=CURSOR)
        await pilot.pause()
        picture = re.sub(r"terminal-\d+", "terminal", app.export_screenshot())  # ids numbered per export
        return picture, table.scroll_y, table.vertical_scrollbar.position


async def test_thumb_follows_a_scroll_made_before_the_scrollbar_is_shown() -> None:
    _picture, scroll_y, position = await _drawn(scroll_before_scrollbar=True)
    assert scroll_y == SCROLL
    assert position == SCROLL


async def test_either_order_draws_the_same_table() -> None:
    assert await _drawn(scroll_before_scrollbar=True) == await _drawn(scroll_before_scrollbar=False)
