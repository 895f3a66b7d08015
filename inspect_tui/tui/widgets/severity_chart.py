"""A compact horizontal bar chart of findings per severity, drawn with block characters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.widgets import Static

from inspect_tui.tui.widgets.labels import Palette

if TYPE_CHECKING:
    from inspect_tui.tui.context import AppContext

BLOCK = "▇"
"""The character bars are drawn with."""

SEVERITY_TONES = {"critical": "error", "major": "warning", "minor": "primary"}
"""Theme variable that colours each severity's part of a bar."""


@dataclass(frozen=True)
class ChartRow:
    """One bar: a label and its counts per severity (drawn most serious first)."""

    label: str
    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _colour(palette: Palette | None, severity: str) -> str:
    if palette is None:
        return ""
    tone = SEVERITY_TONES.get(severity, "foreground")
    return palette.get(tone) or palette.get(f"text-{tone}", "")


def segment_widths(counts: Sequence[int], scale: float) -> list[int]:
    """Block counts per segment: proportional, and at least one block for any count above zero."""
    return [0 if count <= 0 else max(1, round(count * scale)) for count in counts]


def render_chart(
    rows: Sequence[ChartRow],
    width: int,
    palette: Palette | None = None,
    severities: Sequence[str] = ("critical", "major", "minor"),
) -> Text:
    """Bars scaled to the largest total so that label, bar and counts fit in width columns."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if not rows:
        return text
    label_width = min(max(len(r.label) for r in rows), max(8, width // 3))
    # A bar of one severity shows its count; a mixed bar shows one count per severity, most serious first.
    counts_texts = [
        str(r.total) if len(r.counts) == 1 else " ".join(str(r.counts.get(s, 0)) for s in severities) for r in rows
    ]
    counts_width = max(len(c) for c in counts_texts)
    bar_room = max(4, width - label_width - counts_width - 4)
    largest = max((r.total for r in rows), default=0)
    scale = bar_room / largest if largest else 0.0
    for index, (row, counts_text) in enumerate(zip(rows, counts_texts, strict=True)):
        if index:
            text.append("\n")
        label = row.label if len(row.label) <= label_width else row.label[: label_width - 1] + "…"
        text.append(f"{label:<{label_width}} ")
        widths = segment_widths([row.counts.get(s, 0) for s in severities], scale)
        drawn = 0
        for severity, blocks in zip(severities, widths, strict=True):
            blocks = min(blocks, bar_room - drawn)
            if blocks > 0:
                text.append(BLOCK * blocks, style=_colour(palette, severity))
                drawn += blocks
        text.append(" " * (bar_room - drawn + 1))
        text.append(f"{counts_text:>{counts_width}}", style="dim")
    return text


class SeverityChart(Static):
    """Shows ChartRows as bars; redraws itself when its width changes."""

    def __init__(self, rows: Sequence[ChartRow] = (), *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.rows: list[ChartRow] = list(rows)

    def set_rows(self, rows: Sequence[ChartRow]) -> None:
        """Show these rows."""
        self.rows = list(rows)
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.content_size.width or 60
        self.update(render_chart(self.rows, width, cast("AppContext", self.app).palette()))
