"""Findings: the default deadline counts from today; existing findings open, edit and take photos."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TextArea

from inspect_tui.domain.enums import Severity
from inspect_tui.store import StoreError, open_db
from inspect_tui.store.workflow import add_finding, complete, start_inspection, update_finding
from inspect_tui.tui import messages
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.finding_editor import FindingEditor
from inspect_tui.tui.screens.findings import FindingsScreen
from tests.helpers.checklist import answer_all_required, goto, open_checklist
from tests.helpers.photo_bytes import jpeg_bytes
from tests.helpers.tui_seed import FIXED_NOW, Seeded, fixed_clock, read, wait_for


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
        assert field.value == (FIXED_NOW.date() + dt.timedelta(days=7)).strftime("%d-%m-%Y")  # as shown: dd-mm-yyyy


async def _editor_of_the_finding(app: InspectApp, pilot: Pilot[Any], inspection_id: str) -> FindingEditor:
    app.post_message(messages.OpenFindings(inspection_id))
    await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))
    table = app.screen.query_one("#current", DataTable)
    await wait_for(pilot, lambda: table.row_count == 1)
    table.focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
    editor = app.screen
    assert isinstance(editor, FindingEditor)
    await wait_for(pilot, lambda: editor.query_one("#finding-description", TextArea).text == "Schimmel")
    return editor


def _draft_with_a_finding(seeded: Seeded) -> tuple[str, str]:
    """A draft of this week with one minor finding, "Schimmel": the inspection's id and the finding's."""
    inspection_id = start_weeks_ago(seeded, weeks=0)
    db = open_db(seeded.path)
    finding = add_finding(db, inspection_id, Severity.MINOR, "Schimmel", found_on=FIXED_NOW.date())
    db.close()
    return inspection_id, finding.id


async def test_an_existing_finding_opens_is_changed_and_takes_a_photo(
    app: InspectApp, seeded: Seeded, tmp_path: Path
) -> None:
    inspection_id, finding_id = _draft_with_a_finding(seeded)
    photo = tmp_path / "schimmel.jpg"
    photo.write_bytes(jpeg_bytes())  # attachments are sniffed: only real photo bytes are taken
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await _editor_of_the_finding(app, pilot, inspection_id)
        screen = app.screen_stack[-2]
        editor.query_one("#finding-description", TextArea).text = "Schimmel in de badkamer"
        editor.query_one("#finding-severity", Select).value = "major"
        path_input = editor.query_one("#finding-path", Input)
        path_input.focus()
        path_input.value = str(photo)
        await pilot.press("enter", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
    rows = read(seeded.path, "SELECT id, severity, description FROM findings")
    assert rows == [(finding_id, "major", "Schimmel in de badkamer")]
    assert read(seeded.path, "SELECT file_name FROM attachments WHERE finding_id = ?", (finding_id,)) == [
        ("schimmel.jpg",)
    ]


async def test_a_finding_of_a_signed_inspection_opens_only_after_reopening(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start_weeks_ago(seeded, weeks=0)
    db = open_db(seeded.path)
    finding = add_finding(db, inspection_id, Severity.MINOR, "Schimmel", found_on=FIXED_NOW.date())
    db.close()
    answer_all_required(seeded.path, inspection_id)
    db = open_db(seeded.path)
    complete(db, inspection_id, "Inspecteur Jansen", now=FIXED_NOW)
    with pytest.raises(StoreError, match="reopen it"):
        update_finding(db, finding.id, Severity.MAJOR, "Anders", FIXED_NOW.date())
    db.close()
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(messages.OpenFindings(inspection_id))
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))
        screen = app.screen
        table = screen.query_one("#current", DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert any("reopen it" in n.message for n in app._notifications)


@pytest.mark.parametrize("exists", [True, False])
async def test_a_photo_path_typed_without_enter_is_attached_or_refused_on_save(
    app: InspectApp, seeded: Seeded, tmp_path: Path, exists: bool
) -> None:
    """Ctrl+S with a path typed but not added (enter) dropped the path without a word."""
    inspection_id, finding_id = _draft_with_a_finding(seeded)
    photo = tmp_path / "schimmel.jpg"
    if exists:
        photo.write_bytes(jpeg_bytes())
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await _editor_of_the_finding(app, pilot, inspection_id)
        editor.query_one("#finding-path", Input).value = str(photo)
        await pilot.press("ctrl+s")
        if exists:
            await wait_for(pilot, lambda: not isinstance(app.screen, FindingEditor))
        else:
            await wait_for(pilot, lambda: "No file at" in str(editor.query_one("#finding-error").render()))
            assert isinstance(app.screen, FindingEditor)  # still open, the path still there to correct
    attached = read(seeded.path, "SELECT file_name FROM attachments WHERE finding_id = ?", (finding_id,))
    assert attached == ([("schimmel.jpg",)] if exists else [])


async def test_the_footer_offers_delete_on_a_draft_and_withdraw_once_signed(app: InspectApp, seeded: Seeded) -> None:
    """At 80 columns a draft's footer showed "w Withdraw" (refused there) and hid "d Delete"."""
    inspection_id, _finding_id = _draft_with_a_finding(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(messages.OpenFindings(inspection_id))
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen) and bool(app.screen.current))
        screen = app.screen
        assert screen.check_action("delete", ()) and not screen.check_action("withdraw", ())
    answer_all_required(seeded.path, inspection_id)
    db = open_db(seeded.path)
    complete(db, inspection_id, "Inspecteur Jansen", now=FIXED_NOW)
    db.close()
    again = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with again.run_test(size=(80, 24)) as pilot:
        again.post_message(messages.OpenFindings(inspection_id))
        await wait_for(pilot, lambda: isinstance(again.screen, FindingsScreen) and bool(again.screen.current))
        screen = again.screen
        assert screen.check_action("withdraw", ()) and not screen.check_action("delete", ())
