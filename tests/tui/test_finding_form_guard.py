"""The finding form loses nothing typed: esc on a changed form asks first; a file that is not a
photo is refused when its path is entered, with what is wrong, and never reaches the list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, ListView, Static, TextArea

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.confirm import ConfirmScreen
from inspect_tui.tui.screens.finding_editor import FindingEditor
from tests.helpers.checklist import goto, open_checklist, start
from tests.helpers.photo_bytes import jpeg_bytes
from tests.helpers.tui_seed import Seeded, read, settle, wait_for


async def _open_form(app: InspectApp, pilot: Pilot[Any], seeded: Seeded) -> tuple[ChecklistScreen, FindingEditor]:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    screen = await open_checklist(app, pilot, inspection_id)
    await goto(pilot, screen, "snf.fire.blanket")
    await pilot.press("f")
    await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
    editor = app.screen
    assert isinstance(editor, FindingEditor)
    deadline = editor.query_one("#finding-deadline", Input)
    await wait_for(pilot, lambda: deadline.value != "")
    await settle(pilot)
    return screen, editor


async def test_esc_on_an_untouched_finding_form_closes_it(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _editor = await _open_form(app, pilot, seeded)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


async def test_esc_on_a_typed_finding_asks_before_the_text_is_lost(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen, editor = await _open_form(app, pilot, seeded)
        description = editor.query_one("#finding-description", TextArea)
        description.focus()
        await pilot.press("end", *"Geen blusdeken in de keuken")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")  # no: back in the form, the text still there
        await wait_for(pilot, lambda: app.screen is editor)
        assert description.text.endswith("Geen blusdeken in de keuken")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen)
    assert read(seeded.path, "SELECT count(*) FROM findings") == [(0,)]


async def test_a_file_that_is_not_a_photo_is_refused_when_its_path_is_entered(
    app: InspectApp, seeded: Seeded, tmp_path: Path
) -> None:
    fake = tmp_path / "kamer3.jpg"
    fake.write_text("not a photo\n")
    photo = tmp_path / "kamer4.jpg"
    photo.write_bytes(jpeg_bytes())
    async with app.run_test(size=(80, 24)) as pilot:
        screen, editor = await _open_form(app, pilot, seeded)
        path_input = editor.query_one("#finding-path", Input)
        files = editor.query_one("#finding-files", ListView)
        error = editor.query_one("#finding-error", Static)
        path_input.focus()
        path_input.value = str(fake)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "kamer3.jpg" in str(error.render()))
        await settle(pilot)
        assert "photo" in str(error.render()) and len(files) == 0 and editor.paths == []
        assert path_input.value == str(fake)  # kept, to correct
        path_input.value = str(photo)
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(files) == 1)
        assert str(error.render()) == "" and path_input.value == ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
    assert read(seeded.path, "SELECT file_name FROM attachments") == [("kamer4.jpg",)]


async def test_the_deadline_label_names_the_form_the_field_holds(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, editor = await _open_form(app, pilot, seeded)
        labels = [str(label.render()) for label in editor.query(".field-label")]
        deadline_label = next(text for text in labels if text.startswith("Deadline"))
        # The field is filled as dd-mm-yyyy and its error asks for dd-mm-yyyy: the label says so too.
        assert "dd-mm-yyyy" in deadline_label and "YYYY-MM-DD" not in deadline_label
        assert len(editor.query_one("#finding-deadline", Input).value.split("-")[0]) == 2
