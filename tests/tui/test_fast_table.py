"""FastTable draws a plain one-line cell with exactly the segments DataTable would (fast_table.py)."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from inspect_tui.tui.widgets.fast_cell import FastCell, fast_cells
from inspect_tui.tui.widgets.fast_table import FastTable

ROWS: list[list[Any]] = [
    [Text("today 10:30", style="bold"), Text("De Brink"), Text(""), Text("completed", style="green")],
    [Text("12-05-2024"), Text("Woning Stationsstraat 191 Tilburg"), Text("Ede"), Text("draft", style="bold red")],
    [Text("x"), Text("Café Ünïcode 東京"), Text("Tiel"), Text("returned")],
    [Text("a\tb"), Text("two\nlines"), "plain str", Text.assemble(("two", "bold"), " styles")],
    [Text("exactly9!"), Text("right", justify="right"), Text("12"), Text("")],
]


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield FastTable(id="fast", zebra_stripes=True, cursor_type="row")
        yield FastTable(id="cells", cursor_type="cell", cell_padding=0)
        yield FastTable(id="fixed", fixed_rows=1, fixed_columns=1, cell_padding=2)


def _fill(table: DataTable[Any]) -> None:
    widths = [11, 12, None, 9]
    for n, width in enumerate(widths):
        table.add_column(f"Column {n}", key=f"c{n}", width=width)
    for n, row in enumerate(ROWS):
        table.add_row(*fast_cells(row), key=f"r{n}")


def _segments(table: FastTable, fast: bool, row: int, column: int, cursor: bool, hover: bool) -> list[Any]:
    table._cell_render_cache.clear()
    width = table.ordered_columns[column].get_render_width(table)
    style = table.rich_style
    draw = table._render_cell if fast else super(FastTable, table)._render_cell
    return [list(line) for line in draw(row, column, style, width, cursor, hover)]


@pytest.mark.parametrize("table_id", ["fast", "cells", "fixed"])
async def test_fast_cells_are_drawn_as_datatable_draws_them(table_id: str) -> None:
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(f"#{table_id}", FastTable)
        _fill(table)
        await pilot.pause()
        table.focus()
        await pilot.pause()
        fast_ones = 0
        for row in range(-1, len(ROWS)):
            for column in range(4):
                for cursor, hover in [(False, False), (True, False), (False, True), (True, True)]:
                    expected = _segments(table, False, row, column, cursor, hover)
                    assert _segments(table, True, row, column, cursor, hover) == expected, (row, column, cursor)
                if row >= 0 and table._plain_cell(row, column, f"r{row}", table.rich_style, 12, False, False):
                    fast_ones += 1
        assert fast_ones >= 5  # the test does compare cells drawn the fast way


async def test_the_fast_way_is_taken_only_for_plain_one_line_cells() -> None:
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one("#fast", FastTable)
        _fill(table)
        await pilot.pause()
        style = table.rich_style
        assert isinstance(table._get_row_renderables(0).cells[0], FastCell)
        assert table._plain_cell(0, 0, "r0", style, 13, False, False) is not None
        assert table._plain_cell(0, 2, "r0", style, 13, False, False) is None  # empty: Rich's way
        assert table._plain_cell(1, 1, "r1", style, 12, False, False) is None  # too long for 10 cells
        assert table._plain_cell(3, 1, "r3", style, 12, False, False) is None  # a line break
        assert table._plain_cell(3, 3, "r3", style, 12, False, False) is None  # two styles
        assert table._plain_cell(4, 1, "r4", style, 12, False, False) is None  # justified
