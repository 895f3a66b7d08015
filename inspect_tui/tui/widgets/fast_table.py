"""A DataTable that lays out a plain one-line cell itself instead of through Rich.

DataTable draws every cell by wrapping it in Rich's Padding and a style sandwich and asking
Rich to render, split and crop that into lines: about 50 µs a cell, 250 cells for a home list
on a 40-line terminal, at start-up and at every key of a search. For a cell that is a plain
FastCell (one line, one style, fits its column; see fast_cell.py) in a row one line high, the
result is always the same four segments (padding, text, the fill to the column's width,
padding), each with the styles layered as Rich layers them; this module builds those directly.
Every other cell (headers, row labels, wrapped or styled texts, other renderables) is drawn
by DataTable as before. tests/tui/test_fast_table.py checks that both ways give the same segments.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.widgets import DataTable

from inspect_tui.tui.widgets.fast_cell import FastCell

_NULL = Style.null()


class FastTable(DataTable[Any]):
    """A DataTable whose plain one-line cells are laid out without Rich (see the module)."""

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:  # the header row and row labels: DataTable's way
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        lines = self._plain_cell(row_index, column_index, row_key, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._cell_render_cache[key] = lines
        return lines

    def _plain_cell(
        self,
        row_index: int,
        column_index: int,
        row_key: Any,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]] | None:
        """The cell's line as DataTable would draw it, or None when it is not a plain one-line cell."""
        row = self.rows.get(row_key)
        if row is None or row.height != 1:
            return None
        cell = self._get_row_renderables(row_index).cells[column_index]
        if type(cell) is not FastCell or not cell._simple():
            return None
        plain = cell.plain
        padding = self.cell_padding
        room = width - 2 * padding
        used = cell_len(plain)
        if not plain or room < 0 or used > room or self.app.console_options.justify not in (None, "default"):
            return None
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component_style, after = self._get_styles_to_render_cell(
            False,
            False,
            fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        console = self.app.console
        before = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style

        def layered(style: Style | None) -> Style | None:
            # Segment.apply_style(segments, before, after), as textual's Styled applies it.
            if before:
                style = before + style
            if after:
                style = style + after if style else after
            return style

        blank = layered(_NULL)
        line = [Segment(" " * padding, blank)] if padding else []
        line.append(Segment(plain, layered(console.get_style(cell.style) if cell.style else None)))
        if used < room:
            line.append(Segment(" " * (room - used), blank))
        if padding:
            line.append(Segment(" " * padding, blank))
        return [line]
