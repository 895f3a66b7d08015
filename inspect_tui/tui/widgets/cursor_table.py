"""A DataTable that keeps its cursor row in view when its own size changes.

DataTable scrolls the cursor into view after the refresh that follows a cursor move. When the
table's height changes after that (the panels around it are filled in, the terminal is made
smaller), the cursor row could end below the fold, or the scroll depend on which came first:
the scroll or the new height. Here every change of size scrolls the cursor into view again, by
the least amount, so the result is the same whichever came first.

The scrollbar's thumb follows the scroll only while the scrollbar is shown (Textual's
`ScrollView.watch_scroll_y`). A checklist that opens with its cursor further down is scrolled
right after its rows are measured, and the scrollbar is shown at the next layout: when the scroll
came first, the thumb stayed at the top over rows scrolled down, depending on how soon that layout
ran. Here the thumb is put where the scroll is whenever the scrollbar is shown.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import DataTable


class CursorTable(DataTable[Any]):
    """A DataTable whose cursor row stays in view through changes of its size (see the module)."""

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        if self.row_count and self.show_cursor:
            self.call_after_refresh(self._scroll_cursor_into_view)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        """A scrollbar shown after the table was scrolled: its thumb where the rows are."""
        if shown:
            self.vertical_scrollbar.position = self.scroll_y
