"""Record text on screen: never read as Rich markup, control characters shown escaped.

Text stored before the safe-text rules (an older database) can hold escape sequences or
bidirectional overrides; on a terminal those would move the cursor, clear the screen or make a
name read backwards. Every table cell and label made from record data goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from inspect_tui.domain.printable import printable


def shown_text(value: str | None, style: str = "") -> Text:
    """Record text as a plain Rich Text (no markup), every control character escaped."""
    return Text(printable(value or ""), style=style, end="")


def shown_cell(cell: object) -> object:
    """One table cell made safe: text becomes plain escaped Text, other renderables stay."""
    if isinstance(cell, str):
        return shown_text(cell)
    if isinstance(cell, Text):
        escaped = printable(cell.plain)
        return cell if escaped == cell.plain else Text(escaped, style=cell.style, end="")
    return cell


def shown_cells(cells: Iterable[object]) -> list[object]:
    """Every cell of a row made safe (see shown_cell)."""
    return [shown_cell(cell) for cell in cells]
