"""Driving the checklist in tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlite_utils import Database
from textual.pilot import Pilot

from inspect_tui.domain.checklist import AnswerType
from inspect_tui.domain.models import Inspection
from inspect_tui.store import get, open_db
from inspect_tui.store.workflow import answer_item, checklist_items, progress, start_inspection
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.checklist import ChecklistScreen
from tests.helpers.tui_seed import FIXED_NOW, settle, wait_for


def start(path: Path, site_id: str, templates: list[str]) -> str:
    db = open_db(path)
    inspection = start_inspection(db, site_id, templates, "Inspecteur Jansen", now=FIXED_NOW)
    db.close()
    return inspection.id


def answer_all_required(path: Path, inspection_id: str, *, except_ids: tuple[str, ...] = ()) -> None:
    db = open_db(path)
    answer_required(db, inspection_id, except_ids=except_ids)
    db.close()


def answer_required(
    db: Database, inspection_id: str, *, except_ids: tuple[str, ...] = (), day: str = "2024-05-01"
) -> None:
    """Answer every required item still open with a value its form takes (a rule item: n.a.)."""
    inspection = get(db, Inspection, inspection_id)
    assert inspection is not None
    items = {i.id: i for i in checklist_items(inspection)}
    for item_id in progress(db, inspection_id).missing_required:
        if item_id in except_ids:
            continue
        item = items[item_id]
        value: str
        if item.rule is not None:
            value = "n.a."
        elif item.answer_type is AnswerType.YES_NO_NA:
            value = item.expected
        elif item.answer_type in (AnswerType.NUMBER, AnswerType.COUNT):
            value = "2"
        elif item.answer_type is AnswerType.CHOICE:
            value = (item.choices or ())[0].value
        elif item.answer_type is AnswerType.DATE:
            value = day
        else:
            value = "in orde"
        answer_item(db, inspection_id, item_id, value)


async def open_checklist(app: InspectApp, pilot: Pilot[Any], inspection_id: str) -> ChecklistScreen:
    app.open_inspection(inspection_id)
    await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
    screen = app.screen
    assert isinstance(screen, ChecklistScreen)
    return screen


async def goto(pilot: Pilot[Any], screen: ChecklistScreen, item_id: str) -> None:
    screen.table.move_cursor(row=screen.table.get_row_index(item_id))
    await settle(pilot)
    assert screen.current_item() is not None and screen.current_item().id == item_id  # type: ignore[union-attr]
