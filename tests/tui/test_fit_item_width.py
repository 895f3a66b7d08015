"""Checklist item text uses the terminal's width, also after the terminal is resized."""

from __future__ import annotations

from typing import Any

from textual.widgets.data_table import ColumnKey

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.checklist import ChecklistScreen
from tests.helpers.checklist import open_checklist, start
from tests.helpers.tui_seed import Seeded, wait_for


def longest(screen: ChecklistScreen) -> tuple[str, str]:
    """The item with the longest text as the table shows it (Dutch or English): id and text."""
    assert screen.checklist is not None
    shown = [(i.id, i.text_nl if screen.dutch_items else i.text_en) for i in screen.checklist.items]
    return max(shown, key=lambda pair: len(pair[1]))


async def row_text(pilot: Any, screen: ChecklistScreen, item_id: str) -> str:
    """What the table shows of the item's row (moved into view first)."""
    row = screen.table.get_row_index(item_id)
    screen.table.move_cursor(row=row)
    await pilot.pause()
    return screen.table.render_line(1 + row - round(screen.table.scroll_y)).text


async def text_width(screen: ChecklistScreen) -> int:
    return int(screen.table.columns[ColumnKey("text")].get_render_width(screen.table))


async def test_item_text_is_whole_at_200_columns(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        item_id, text = longest(screen)
        assert len(text) > 80
        assert await text_width(screen) >= len(text) + 2
        assert text in await row_text(pilot, screen, item_id)


async def test_item_text_follows_a_resize(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        item_id, text = longest(screen)
        narrow = screen.table.columns[ColumnKey("text")].width
        assert text not in await row_text(pilot, screen, item_id)
        await pilot.resize_terminal(200, 50)
        await wait_for(pilot, lambda: screen.table.columns[ColumnKey("text")].width > narrow + 60)
        await pilot.pause()
        assert text in await row_text(pilot, screen, item_id)
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: screen.table.columns[ColumnKey("text")].width == narrow)
