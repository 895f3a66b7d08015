"""A table cell that draws itself in one step when it fits on its line.

Rich draws a Text by wrapping it into lines, justifying and joining them again: about 70 µs a
cell, most of a list's repaint (a home list of 35 rows × 8 columns is 280 cells, redrawn at
every key of a search). A one-line, one-style text that fits its column is drawn the same way
as a single segment; anything else (several styles, a line break, a tab, text wider than its
column, a justified text) is drawn by Rich as before, so what is shown never differs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions


class FastCell(Text):
    """A Text drawn as one segment when it is plain, on one line, and fits (see the module)."""

    def _simple(self) -> bool:
        plain = self.plain
        return (
            not self._spans
            and self.justify in (None, "default")
            and "\n" not in plain
            and "\t" not in plain
            and "\r" not in plain
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        if not self._simple() or options.justify not in (None, "default"):
            yield from super().__rich_console__(console, options)
            return
        plain = self.plain
        if not plain or cell_len(plain) > options.max_width:
            yield from super().__rich_console__(console, options)
            return
        style = self.style
        yield Segment(plain, console.get_style(style) if style else None)
        if self.end:
            yield Segment(self.end)


def fast_cell(cell: object) -> object:
    """cell as a FastCell when it is a plain Text (same text, style and settings); else cell."""
    if type(cell) is not Text:
        return cell
    return FastCell(
        cell.plain,
        style=cell.style,
        justify=cell.justify,
        overflow=cell.overflow,
        no_wrap=cell.no_wrap,
        end=cell.end,
        tab_size=cell.tab_size,
        spans=list(cell.spans),
    )


def fast_cells(cells: list[object]) -> Iterator[object]:
    """Every cell of a row, plain texts as FastCells."""
    return (fast_cell(cell) for cell in cells)
