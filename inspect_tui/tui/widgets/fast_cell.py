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
from rich.style import NULL_STYLE, Style
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


def _styled(style: Style | None, pre: Style | None, post: Style | None) -> Style | None:
    """A segment's style inside a table cell: pre + style + post, as rich.Segment.apply_style makes it."""
    if pre:
        style = pre + style
    if post:
        style = style + post if style else post
    return style


def padded_cell_line(
    cell: object,
    console: Console,
    width: int,
    padding: int,
    pre: Style | None,
    post: Style | None,
    meta: Style | None = None,
    plain_styles: dict[tuple[Style | None, Style | None, Style | None], tuple[Style | None, Style | None]]
    | None = None,
) -> list[Segment] | None:
    """The one line a table cell of height 1 draws, or None when Rich must draw it.

    A DataTable draws each cell as ``Styled(Padding(cell, (0, padding)), pre, post)`` through
    Rich's line splitting, cropping and padding, about 70 µs a cell. For a FastCell that is plain
    (see the module), not empty and fits between the paddings, that comes down to the padding,
    the text and the filling spaces, each with its style: built here directly, in a few µs.
    Anything else returns None (tests/tui/test_screen_speed.py compares both ways).

    meta: a style with only a meta (the cell's position), added to each segment's style last; then
    pre, post and the cell's style must have no meta or link (a cell whose style has one returns None).
    plain_styles: where the segments' styles before the meta is added are kept for the next cell
    (the same for a whole column).
    """
    if type(cell) is not FastCell or not cell._simple() or cell.end not in ("", "\n"):
        return None
    plain = cell.plain
    inner = width - 2 * padding
    length = cell_len(plain)
    if not plain or padding < 0 or length > inner:
        return None
    own = console.get_style(cell.style) if cell.style else None
    if meta is None:
        blank = _styled(NULL_STYLE, pre, post)
        styled = _styled(own, pre, post)
    else:
        if own is not None and (own._meta or own._link):
            return None
        key = (pre, own, post)
        plain_pair = None if plain_styles is None else plain_styles.get(key)
        if plain_pair is None:
            plain_pair = (_styled(NULL_STYLE, pre, post), _styled(own, pre, post))
            if plain_styles is not None:
                plain_styles[key] = plain_pair
        blank = plain_pair[0] + meta if plain_pair[0] is not None else meta
        styled = plain_pair[1] + meta if plain_pair[1] is not None else meta
    line = [Segment(" " * padding, blank)] if padding else []
    line.append(Segment(plain, styled))
    if inner > length:
        line.append(Segment(" " * (inner - length), blank))
    if padding:
        line.append(Segment(" " * padding, blank))
    return line
