"""QuickTable draws each cell with exactly the segments DataTable would (quick_table.py).

Three tables cover the settings the short way must respect or step aside for: a row cursor with
zebra stripes, a cell cursor without padding, and fixed rows and columns with a padding of 2.
The rows hold what a plain one-line cell is not: styled, empty, wide, tabbed, broken, justified.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from inspect_tui.tui.widgets.fast_cell import fast_cells
from inspect_tui.tui.widgets.quick_table import QuickTable, _Drawing

ROWS: list[list[Any]] = [
    [Text("today 10:30", style="bold"), Text("De Brink"), Text(""), Text("completed", style="green")],
    [Text("12-05-2024"), Text("Woning Stationsstraat 191 Tilburg"), Text("Ede"), Text("draft", style="bold red")],
    [Text("x"), Text("Café Ünïcode 東京"), Text("Tiel"), Text("returned")],
    [Text("a\tb"), Text("two\nlines"), "plain str", Text.assemble(("two", "bold"), " styles")],
    [Text("exactly9!"), Text("right", justify="right"), Text("12"), Text("")],
]
STATES = [(False, False), (True, False), (False, True), (True, True)]


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield QuickTable(id="rows", zebra_stripes=True, cursor_type="row")
        yield QuickTable(id="cells", cursor_type="cell", cell_padding=0)
        yield QuickTable(id="fixed", fixed_rows=1, fixed_columns=1, cell_padding=2)


def _fill(table: DataTable[Any]) -> None:
    for n, width in enumerate([11, 12, None, 9]):
        table.add_column(f"Column {n}", key=f"c{n}", width=width)
    for n, row in enumerate(ROWS):
        table.add_row(*fast_cells(row), key=f"r{n}")


def _segments(table: QuickTable, quick: bool, row: int, column: int, cursor: bool, hover: bool) -> list[Any]:
    table._cell_render_cache.clear()
    width = table.ordered_columns[column].get_render_width(table)
    style = table.rich_style
    if not quick:
        return [list(line) for line in super(QuickTable, table)._render_cell(row, column, style, width, cursor, hover)]
    table._drawing = _Drawing(table)  # the short way is taken only within a drawing
    try:
        return [list(line) for line in table._render_cell(row, column, style, width, cursor, hover)]
    finally:
        table._drawing = None


@pytest.mark.parametrize("table_id", ["rows", "cells", "fixed"])
async def test_every_cell_is_drawn_as_the_datatable_draws_it(table_id: str) -> None:
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(f"#{table_id}", QuickTable)
        _fill(table)
        await pilot.pause()
        table.focus()
        await pilot.pause()
        for row in range(-1, len(ROWS)):
            for column in range(4):
                for cursor, hover in STATES:
                    expected = _segments(table, False, row, column, cursor, hover)
                    assert _segments(table, True, row, column, cursor, hover) == expected, (row, column, cursor)


async def test_the_short_way_is_taken_for_plain_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above does compare cells drawn the short way, not only the DataTable's."""
    import inspect_tui.tui.widgets.quick_table as quick_table
    from inspect_tui.tui.widgets.fast_cell import padded_cell_line

    drawn: list[str] = []
    real = padded_cell_line

    def counted(cell: object, *args: Any) -> Any:
        line = real(cell, *args)
        if line is not None:
            drawn.append(str(cell))
        return line

    monkeypatch.setattr(quick_table, "padded_cell_line", counted)
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one("#rows", QuickTable)
        _fill(table)
        await pilot.pause()
        for row in range(len(ROWS)):
            for column in range(4):
                _segments(table, True, row, column, False, False)
    assert {"today 10:30", "De Brink", "Ede", "exactly9!"} <= set(drawn)
    assert not {"two\nlines", "a\tb", "right", ""} & set(drawn)
