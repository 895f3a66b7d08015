"""A DataTable that draws its body rows the short way, with exactly the DataTable's own result.

After a new search every visible line of a list is drawn again. The DataTable draws each cell
through Rich (``Styled(Padding(cell))``: wrapping, cropping, padding) and looks the row's and the
header's style up for every line, walking the widget's ancestors each time: about 15 ms for a
home list of 34 rows × 8 columns, most of what a key costs. Here a plain one-line cell is built
straight from its text (fast_cell.padded_cell_line), a row's style is looked up once per
drawing, and a body row skips the look-ups only row labels and fixed columns need. Whatever
falls outside those cases (labels, fixed columns or rows, a cell cursor, several styles in a
cell, a cell that does not fit) is drawn by the DataTable itself. The caches and their keys are
the DataTable's own. tests/tui/test_screen_speed.py compares both ways cell by cell and line
by line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.render import measure
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from inspect_tui.tui.widgets.fast_cell import FastCell, padded_cell_line

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import TextType


class _Drawing:
    """What stays the same through one drawing of the table, looked up once for it."""

    def __init__(self, table: DataTable[Any]) -> None:
        self.row_styles: dict[tuple[int, Style], Style] = {}
        self.base_style: Style | None = None
        self.console = table.app.console
        self.padding = table.cell_padding
        self.fixed_rows = table.fixed_rows
        self.fixed_columns = table.fixed_columns
        self.show_cursor = table.show_cursor
        self.css_colours = (table.cursor_foreground_priority == "css", table.cursor_background_priority == "css")
        self.widths: list[int] | None = None
        """The columns' widths on screen, once a body row asks for them."""
        self.plain_styles: dict[tuple[Style, Style], Style] = {}
        """A row's style plus a cell's, for cells drawn with their position added last (see _quick_cell)."""
        self.segment_styles: dict[tuple[Style | None, Style | None, Style | None], tuple[Style | None, Style | None]]
        self.segment_styles = {}
        """The styles of a cell's segments before its position is added (fast_cell.padded_cell_line)."""


def _unlink(cache: object) -> None:
    """Empty each entry of an LRUCache before it is cleared, so that what it held is freed at once.

    Textual's LRUCache keeps its entries in a ring of lists ([prev, next, key, value]); clearing
    it drops the ring whole, a cycle that only a full pass of the garbage collector frees. The
    DataTable clears its caches at every new search: some 40,000 objects (cell segments, lines,
    rows) a few keys, and full passes of 40-100 ms on the UI thread while typing.
    """
    entries = getattr(cache, "_cache", None)
    if isinstance(entries, dict):
        for entry in entries.values():
            if isinstance(entry, list):
                entry.clear()


def content_width(console: Console, renderable: object) -> int:
    """A cell's width as textual.render.measure gives it, without its console options for a text.

    measure() asks the console for its options first (some 25 µs, for every cell of every new
    row: 272 cells at each key of a search) although a Text's measurement never reads them.
    """
    if type(renderable) is Text or type(renderable) is FastCell:
        return max((cell_len(line) for line in renderable.plain.splitlines()), default=0)
    return measure(console, cast("RenderableType", renderable), 1)


class QuickTable(DataTable[Any]):
    """A DataTable whose plain body rows are drawn the short way (see the module)."""

    _drawing: _Drawing | None = None
    """The drawing under way (None between drawings)."""

    def _clear_caches(self) -> None:
        for cache in (
            self._row_render_cache,
            self._cell_render_cache,
            self._row_renderable_cache,
            self._line_cache,
            self._offset_cache,
            self._ordered_row_cache,
        ):
            _unlink(cache)
        super()._clear_caches()

    def add_column(
        self, label: TextType, *, width: int | None = None, key: str | None = None, default: Any = None
    ) -> ColumnKey:
        """A column as the DataTable adds it; a plain label (no markup, no emoji code) is made a Text
        here, as the DataTable's markup reading would make it, which also spares loading Rich's table
        of emoji names (some 4 ms of the start-up) for a label that has none."""
        if isinstance(label, str) and "[" not in label and ":" not in label:
            label = Text(label)
        return super().add_column(label, width=width, key=key, default=default)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Column widths for new rows measured as the DataTable does (content_width above); rows
        with a label or of automatic height, and the rest of the work, are the DataTable's."""
        rows = list(new_rows)
        for row_key in rows:
            row = self.rows.get(row_key)
            if row is not None and (row.label is not None or row.auto_height):
                super()._update_dimensions(rows)
                return
        console = self.app.console
        columns = self.ordered_columns
        for row_key in rows:
            row_index = self._row_locations.get(row_key)
            if row_index is None or row_key not in self.rows:
                continue  # removed before the table was idle
            for column, renderable in zip(columns, self._get_row_renderables(row_index).cells, strict=False):
                column.content_width = max(column.content_width, content_width(console, renderable))
        super()._update_dimensions([])

    def render_lines(self, crop: Region) -> list[Strip]:
        # Within one drawing the styles and settings cannot change: each is looked up once.
        self._drawing = _Drawing(self)
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    @property
    def rich_style(self) -> Style:
        """The widget's style (asked for every line drawn; each time a walk up the ancestors)."""
        drawing = self._drawing
        if drawing is None:
            return super().rich_style
        if drawing.base_style is None:
            drawing.base_style = super().rich_style
        return drawing.base_style

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        drawing = self._drawing
        if drawing is None:
            return super()._get_row_style(row_index, base_style)
        if row_index == -1 or row_index < drawing.fixed_rows or self.zebra_stripes:
            kind = -1 if row_index == -1 else -2 if row_index < drawing.fixed_rows else row_index % 2
        else:
            return base_style
        key = (kind, base_style)
        style = drawing.row_styles.get(key)
        if style is None:
            style = drawing.row_styles[key] = super()._get_row_style(row_index, base_style)
        return style

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A body cell drawn straight from its text where it can be (fast_cell.padded_cell_line),
        with the DataTable's own cache and styles; any other cell is drawn by the DataTable."""
        drawing = self._drawing
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if drawing is None or row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        if row_index < max(0, drawing.fixed_rows) or column_index < max(0, drawing.fixed_columns):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        line = self._quick_cell(
            drawing, row_index, column_index, row_key, column_key, None, base_style, width, cursor, hover
        )
        if line is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return line

    def _quick_cell(
        self,
        drawing: _Drawing,
        row_index: int,
        column_index: int,
        row_key: RowKey,
        column_key: ColumnKey,
        cells: list[Any] | None,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]] | None:
        """A body cell of height 1 drawn the short way, through the DataTable's cache (None: the
        DataTable must draw it). cells: the row's renderables, when the caller has them.

        The DataTable styles a cell with ``row style + its position (meta) + cursor style``, then
        each segment with the cell's own style and the post style. The position changes what a
        style is but adds no colour or attribute; when no other of these styles has a meta or a
        link, adding it last makes the same style, and the rest is the same for a whole column
        (one cached addition instead of a new one for every cell)."""
        show_hover_cursor = self._show_hover_cursor
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached: list[list[Segment]] | None = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        if cells is None:
            row = self.rows.get(row_key)
            if row is None or row.height != 1:
                return None
            cells = self._get_row_renderables(row_index).cells
        if column_index >= len(cells):
            return None
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, drawing.show_cursor, show_hover_cursor, *drawing.css_colours
        )
        position = Style.from_meta({"row": row_index, "column": column_index})
        if _plain(base_style) and _plain(component_style) and (post_style is None or _plain(post_style)):
            key = (base_style, component_style)
            pre = drawing.plain_styles.get(key)
            if pre is None:
                pre = drawing.plain_styles[key] = base_style + component_style
            line = padded_cell_line(
                cells[column_index],
                drawing.console,
                width,
                drawing.padding,
                pre,
                post_style,
                position,
                drawing.segment_styles,
            )
        else:
            pre = base_style + position + component_style
            line = padded_cell_line(cells[column_index], drawing.console, width, drawing.padding, pre, post_style)
        if line is None:
            return None
        self._cell_render_cache[cache_key] = [line]
        return [line]

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """A body row's line, for a table with a row cursor, no row labels and no fixed columns
        (the DataTable's own way less the look-ups only those need); anything else as before."""
        labels = self._labelled_row_exists and self.show_row_labels
        row_index = self._row_locations.get(row_key)
        if labels or self.fixed_columns or self.cursor_type != "row" or row_index is None:
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            self.cursor_type,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        row_style = self._get_row_style(row_index, base_style)
        cursor = cursor_location.row == row_index
        hover = hover_location.row == row_index
        drawing = self._drawing
        if drawing is None:
            widths = [column.get_render_width(self) for column in self.ordered_columns]
        else:
            if drawing.widths is None:
                drawing.widths = [column.get_render_width(self) for column in self.ordered_columns]
            widths = drawing.widths
        scrollable = self._body_line(drawing, row_key, row_index, line_no, row_style, widths, cursor, hover)
        # The rest of the line, right of the last column, in the row's (and cursor's) style.
        remaining = max(0, self.size.width - sum(widths) - self._row_label_column_width)
        show_cursor = self.show_cursor if self._drawing is None else self._drawing.show_cursor
        extend_style, _post = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, show_cursor, self._show_hover_cursor, False, False
        )
        extend_style = row_style + extend_style
        extend_style += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable.append([Segment(" " * remaining, extend_style)])
        row_pair: tuple[list[list[Segment]], list[list[Segment]]] = ([], scrollable)
        self._row_render_cache[cache_key] = row_pair
        return row_pair

    def _body_line(
        self,
        drawing: _Drawing | None,
        row_key: RowKey,
        row_index: int,
        line_no: int,
        row_style: Style,
        widths: list[int],
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]]:
        """Line line_no of each cell of a body row (the row's look-ups done once for all its cells)."""
        row = self.rows.get(row_key)
        quick = (
            drawing is not None
            and row is not None
            and row.height == 1
            and row_index >= max(0, drawing.fixed_rows)
            and drawing.fixed_columns <= 0
        )
        if not quick or drawing is None:
            return [
                self._render_cell(row_index, column_index, row_style, width, cursor=cursor, hover=hover)[line_no]
                for column_index, width in enumerate(widths)
            ]
        cells = self._get_row_renderables(row_index).cells
        column_key_at = self._column_locations.get_key
        line: list[list[Segment]] = []
        for column_index, width in enumerate(widths):
            column_key = column_key_at(column_index)
            drawn = None
            if column_key is not None:
                drawn = self._quick_cell(
                    drawing, row_index, column_index, row_key, column_key, cells, row_style, width, cursor, hover
                )
            if drawn is None:
                drawn = super()._render_cell(row_index, column_index, row_style, width, cursor, hover)
            line.append(drawn[line_no])
        return line


def _plain(style: Style) -> bool:
    """A style without meta or link: adding a position (meta) to it last or first is the same."""
    return not style._meta and not style._link
