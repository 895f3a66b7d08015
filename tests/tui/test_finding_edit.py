"""Findings: the default deadline counts from today; existing findings open, edit and take photos."""

from __future__ import annotations

import datetime as dt

from checklist_helpers import goto, open_checklist
from textual.widgets import Input
from tui_seed import FIXED_NOW, Seeded, wait_for

from inspect_tui.store import open_db
from inspect_tui.store.workflow import start_inspection
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.finding_editor import FindingEditor


def start_weeks_ago(seeded: Seeded, weeks: int = 8) -> str:
    db = open_db(seeded.path)
    inspection = start_inspection(
        db, seeded.site_id, ["snf"], "Inspecteur Jansen", now=FIXED_NOW - dt.timedelta(weeks=weeks)
    )
    db.close()
    return inspection.id


async def test_the_default_deadline_counts_from_today_on_an_old_draft(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start_weeks_ago(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.fire.blanket")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
        editor = app.screen
        field = editor.query_one("#finding-deadline", Input)
        await wait_for(pilot, lambda: field.value != "")
        # A critical item: 7 days from today (the test clock), not from the start 8 weeks ago.
        assert field.value == (FIXED_NOW.date() + dt.timedelta(days=7)).isoformat()
