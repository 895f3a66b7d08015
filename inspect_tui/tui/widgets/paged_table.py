"""A DataTable fed page by page from SQLite, in a worker, as the cursor nears the end."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from inspect_tui.store.queries import PAGE_SIZE, Cancelled, Page, cancel_when
from inspect_tui.tui.i18n import localise_bindings
from inspect_tui.tui.widgets.fast_cell import fast_cells
from inspect_tui.tui.widgets.quick_table import QuickTable
from inspect_tui.tui.widgets.shown import shown_cells

if TYPE_CHECKING:
    from sqlite_utils import Database

    from inspect_tui.tui.context import AppContext

T = TypeVar("T")

LOAD_AHEAD = 20
"""Read the next page when the cursor is this many rows from the end."""

QUICK_COUNT_WAIT = 0.015
"""Seconds the rows of a first page wait for a quick count, to be drawn with it in one repaint."""

FIRST_PAGE_MARGIN = 2
"""Rows read beyond those the table can show, for a first page (the rest follows as the cursor
or the view moves: each new row measured and drawn costs time at every key of a search)."""


@dataclass(frozen=True)
class Column:
    """A column of a paged table."""

    label: str
    key: str
    width: int | None = None
    max_width: int | None = None
    """Longer values are cut with an ellipsis, so one long name cannot push the other columns away."""


@dataclass(frozen=True)
class PageSource(Generic[T]):
    """Where a paged table's rows come from and how one row is shown."""

    columns: Sequence[Column]
    fetch: Callable[[Database, str, tuple[str, str] | None, int], Page[T]]
    count: Callable[[Database, str], int]
    cells: Callable[[T], Sequence[str | Text]]
    key: Callable[[T], str]
    quick_count: bool = False
    """Counting usually takes no longer than reading a page: count in the same read, and show rows
    and count at once (one repaint) when the count takes at most QUICK_COUNT_WAIT; a longer count
    follows the rows. Otherwise the count is a read of its own that follows the rows."""


class ReadDone(Message, bubble=False):
    """What a worker read, to be shown on the UI thread (posted: the worker goes on at once).

    The rows and then the count of a search travel the same queue, so they are shown in the
    order they were read."""

    def __init__(self, show: Callable[[], None]) -> None:
        super().__init__()
        self.show = show


class PagedTable(QuickTable, Generic[T]):
    """Shows the rows of a PageSource; never holds more pages than the user has scrolled to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row read", show=False),
    ]

    class Loaded(Message):
        """A page arrived: rows shown so far and rows matching in total."""

        def __init__(self, table: PagedTable[Any], shown: int, total: int) -> None:
            super().__init__()
            self.table = table
            self.shown = shown
            self.total = total

        @property
        def control(self) -> PagedTable[Any]:
            return self.table

    def __init__(self, source: PageSource[T], *, page_size: int = PAGE_SIZE, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        localise_bindings(self)
        self.source = source
        self.page_size = page_size
        self.search = ""
        self.total = 0
        self._items: dict[str, T] = {}
        self._next_key: tuple[str, str] | None = None
        self._generation = 0
        self._loading = False
        self._counting = False
        self.stale = False
        self.loaded_once = False

    def on_mount(self) -> None:
        self._ensure_columns()

    def _ensure_columns(self) -> None:
        if not self.columns:
            for column in self.source.columns:
                self.add_column(column.label, key=column.key, width=column.width)

    def _capped(self, cells: list[object]) -> list[object]:
        capped: list[object] = []
        for column, cell in zip(self.source.columns, cells, strict=False):
            limit = column.max_width
            if limit is not None and isinstance(cell, Text | str) and len(cell) > limit:
                text = cell.copy() if isinstance(cell, Text) else Text(cell)
                text.truncate(limit, overflow="ellipsis")
                cell = text
            capped.append(cell)
        capped.extend(cells[len(capped) :])
        return capped

    def preload(self, page: Page[T], total: int | None = None) -> None:
        """Show a first page read beforehand (while the interface was being built), with its count if known."""
        self._ensure_columns()
        self.search, self.stale = "", False
        self._generation += 1
        if total is None and page.next_key is None:
            total = len(page.rows)
        self._apply(self._generation, page, True, None, total)
        if total is None:
            self._count(self._generation, "")

    def _is_stale(self, generation: int) -> bool:
        return generation != self._generation

    @work(thread=True, group="page-count", exit_on_error=False)
    def _count(self, generation: int, search: str) -> None:
        try:
            with self.inspect_app.db.reading() as db, cancel_when(db, lambda: self._is_stale(generation)):
                total = self.source.count(db, search)
        except Cancelled:  # the user typed on: another count is on its way
            return
        self._show(self._counted, generation, total)

    @property
    def counting(self) -> bool:
        """The rows of a new first page are shown and their total is still being counted."""
        return self._counting

    def first_page_size(self) -> int:
        """Rows for a first page: what the table shows, and a few more (a later page is a full one)."""
        height = self.size.height if self.is_mounted else 0
        if height <= 0:
            return self.page_size
        return max(LOAD_AHEAD, min(self.page_size, height + FIRST_PAGE_MARGIN))

    @property
    def inspect_app(self) -> AppContext:
        return cast("AppContext", self.app)

    @property
    def shown(self) -> int:
        """Rows read so far."""
        return len(self._items)

    def selected(self) -> T | None:
        """The item under the cursor, if any."""
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return None if key is None else self._items.get(key)

    def mark_stale(self, search: str) -> None:
        """Remember a new search without reading it yet (for a list that is not shown)."""
        self.search = search
        self.stale = True

    def reload(self, search: str | None = None, *, keep: str | None = None) -> None:
        """Read the first page again (for a new search, or after an edit)."""
        if search is not None:
            self.search = search
        self.stale = False
        self._generation += 1
        self._loading = True
        self._fetch(self._generation, self.search, None, keep)

    def _maybe_load_more(self) -> None:
        if self._loading or self._next_key is None:
            return
        if self.cursor_row >= self.row_count - LOAD_AHEAD or self.scroll_y >= self.max_scroll_y - LOAD_AHEAD:
            self._loading = True
            self._fetch(self._generation, self.search, self._next_key, None)

    @work(thread=True, group="page", exit_on_error=False)
    def _fetch(self, generation: int, search: str, after: tuple[str, str] | None, keep: str | None) -> None:
        # A first page holds what the table shows; a read for a search typed past is stopped.
        # What is read is posted to the UI thread (the worker does not wait for it to be drawn).
        first = after is None
        size = self.first_page_size() if first and keep is None else self.page_size
        waiting: list[Callable[[], None]] = []  # rows held back for their quick count
        due = 0.0

        def stale() -> bool:
            # Asked every fraction of a millisecond while SQLite counts: rows that waited
            # QUICK_COUNT_WAIT for their count are shown without it (the count follows).
            if waiting and time.monotonic() >= due:
                waiting.pop()()
            return self._is_stale(generation)

        try:
            with self.inspect_app.db.reading() as db, cancel_when(db, stale):
                page = self.source.fetch(db, search, after, size)
                counted = len(page.rows) if first and page.next_key is None else None
                if not first or counted is not None or not self.source.quick_count:
                    self._show(self._apply, generation, page, first, keep, counted)
                else:
                    due = time.monotonic() + QUICK_COUNT_WAIT
                    waiting.append(partial(self._show, self._apply, generation, page, True, keep, None))
                    total = self.source.count(db, search)
                    if waiting:  # counted in time: rows and count in one repaint
                        waiting.clear()
                        self._show(self._apply, generation, page, True, keep, total)
                    else:
                        self._show(self._counted, generation, total)
                    return
        except Cancelled:
            return
        if first and counted is None and generation == self._generation:
            self._count(generation, search)

    def _show(self, method: Callable[..., None], *args: Any) -> None:
        """Run method(*args) on the UI thread, after what was posted before (from a worker)."""
        self.post_message(ReadDone(partial(method, *args)))

    def on_read_done(self, message: ReadDone) -> None:
        message.stop()
        message.show()

    def _apply(self, generation: int, page: Page[T], first: bool, keep: str | None, total: int | None) -> None:
        if generation != self._generation:
            return
        if first:
            if self._same_rows(page):
                self._finish(page, first, keep, total)
                return
            self.clear()
            self._items.clear()
        for item in page.rows:
            key = self.source.key(item)
            if key in self._items:
                continue
            self._items[key] = item
            self.add_row(*fast_cells(self._capped(shown_cells(self.source.cells(item)))), key=key)
        self._finish(page, first, keep, total)

    def _same_rows(self, page: Page[T]) -> bool:
        """The new first page shows exactly the rows already on screen (then nothing is repainted)."""
        if len(page.rows) != len(self._items):
            return False
        return all(old == new for old, new in zip(self._items.values(), page.rows, strict=True)) and list(
            self._items
        ) == [self.source.key(item) for item in page.rows]

    def _finish(self, page: Page[T], first: bool, keep: str | None, total: int | None) -> None:
        self._next_key = page.next_key
        if total is not None:
            self.total = total
            self._counting = False
        elif first:
            self._counting = True
        self._loading = False
        self.loaded_once = True
        if keep is not None and keep in self._items:
            self.move_cursor(row=self.get_row_index(keep))
        if first and page.next_key is not None and len(page.rows) < self.size.height:
            self.call_after_refresh(self._maybe_load_more)  # the table shows more than was read
        shown = len(self._items)
        self.post_message(self.Loaded(self, shown, shown if self._counting else max(self.total, shown)))

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self.total = total
        self._counting = False
        self.post_message(self.Loaded(self, len(self._items), total))

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        self._maybe_load_more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._maybe_load_more()
