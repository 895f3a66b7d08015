"""Flows 4–7: occupancy flags to findings, findings with photos, complete and sign, reopen, resume, re-inspection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static, TextArea

from inspect_tui.domain.enums import Severity
from inspect_tui.store import open_db
from inspect_tui.store.queries.resume import RESUME_KEY
from inspect_tui.store.workflow import add_finding, complete
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.complete import CompleteScreen
from inspect_tui.tui.screens.finding_editor import FindingEditor
from inspect_tui.tui.screens.findings import FindingsScreen
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.keymap import KeymapScreen
from inspect_tui.tui.screens.occupancy import OccupancyScreen
from inspect_tui.tui.screens.reopen import ReopenScreen
from tests.helpers.checklist import answer_all_required, goto, open_checklist, start
from tests.helpers.photo_bytes import jpeg_bytes
from tests.helpers.tui_seed import Seeded, fixed_clock, read, settle, shown, wait_for


async def test_occupancy_flags_become_a_finding(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_checklist(app, pilot, inspection_id)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OccupancyScreen) and app.screen.units)
        screen = app.screen
        assert isinstance(screen, OccupancyScreen)
        flags = {u.label: u.flags for u in screen.units}
        # Huis 12 counts the 3 persons of its bedrooms, as its register says (no false flag);
        # Kamer 1: two strangers share a bedroom (high-risk sector).
        assert flags == {"Huis 12": (), "Kamer 1": ("bedroom_shared_high_risk",), "Kamer 2": ()}
        assert {u.label: u.persons for u in screen.units}["Huis 12"] == 3
        await pilot.press("g")
        assert screen.selected().label == "Kamer 1"  # type: ignore[union-attr]
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        rows = read(seeded.path, "SELECT unit_id, severity, description, deadline FROM findings")
        assert rows == [
            (
                seeded.bedroom_ids[0],
                "major",
                "Kamer 1: bedroom shared in a high-risk sector (not a couple) "
                "(2 persons found, 2 beds, ? in the register)",
                "2024-06-13",
            )
        ]


async def test_finding_from_failed_item_with_photos_stored_once(
    app: InspectApp, seeded: Seeded, tmp_path: Path
) -> None:
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(jpeg_bytes())
    copy = tmp_path / "IMG_0001 (copy).jpg"
    copy.write_bytes(photo.read_bytes())
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.fire.blanket")
        await pilot.press("n")
        await wait_for(pilot, lambda: screen.state.progress.failed == 1)  # type: ignore[union-attr]
        await goto(pilot, screen, "snf.fire.blanket")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
        editor = app.screen
        await wait_for(pilot, lambda: editor.query_one("#finding-deadline", Input).value != "")
        deadline = editor.query_one("#finding-deadline", Input).value
        editor.query_one("#finding-description", TextArea).text = "Geen blusdeken in de keuken"
        path_input = editor.query_one("#finding-path", Input)
        for path in (photo, copy, tmp_path / "missing.jpg"):
            path_input.focus()
            path_input.value = str(path)
            await pilot.press("enter")
        assert "No file at" in shown(editor, "#finding-error")
        await pilot.press("ctrl+s")  # the missing path is still in the field: refused again, nothing saved
        await settle(pilot)
        assert app.screen is editor and read(seeded.path, "SELECT COUNT(*) FROM findings") == [(0,)]
        path_input.value = ""  # the inspector clears it
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        findings = read(seeded.path, "SELECT id, item_id, severity, description, deadline FROM findings")
        # the item's severity is critical: 7 days from the inspection date, shown dd-mm-yyyy, stored ISO
        assert deadline == "21-05-2024"
        stored = "2024-05-21"
        assert [f[1:] for f in findings] == [("snf.fire.blanket", "critical", "Geen blusdeken in de keuken", stored)]
        attachments = read(
            seeded.path, "SELECT file_name, sha256 FROM attachments WHERE finding_id = ?", (findings[0][0],)
        )
        assert [a[0] for a in attachments] == ["IMG_0001.jpg"]  # the copy has the same bytes
        assert read(seeded.path, "SELECT COUNT(*) FROM blobs") == [(1,)]
        await wait_for(pilot, lambda: screen.state.findings_by_item.get("snf.fire.blanket") == 1)  # type: ignore[union-attr]


async def test_completion_refused_then_signed_locked_and_reopened(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, inspection_id, except_ids=("snf.fire.blanket", "snf.fire.smoke_detectors"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.bed")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteScreen))
        dialog = app.screen
        summary = "Fire blanket at the cooking place"
        await wait_for(pilot, lambda: summary in str(dialog.query_one("#complete-summary", Static).content))
        assert "snf.fire.blanket" not in str(dialog.query_one("#complete-summary", Static).content)
        await pilot.press("ctrl+s")
        # Refused: the items by their text, and the checklist goes to the first of them.
        await wait_for(pilot, lambda: app.screen is screen)
        refused = [n.message for n in app._notifications if "Not completed" in n.message][-1]
        assert "Fire blanket at the cooking place" in refused and "Smoke detectors work" in refused
        assert "snf.fire." not in refused
        first = min(("snf.fire.blanket", "snf.fire.smoke_detectors"), key=screen.table.get_row_index)
        assert screen.current_item().id == first  # type: ignore[union-attr]
        assert read(seeded.path, "SELECT status FROM inspections") == [("draft",)]
        await goto(pilot, screen, "snf.fire.blanket")
        await pilot.press("y", "y")
        await wait_for(pilot, lambda: not screen.state.progress.missing_required)  # type: ignore[union-attr]
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteScreen))
        await wait_for(pilot, lambda: app.screen.query_one("#complete-name", Input).value == "Inspecteur Jansen")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.locked)
        assert read(seeded.path, "SELECT status, signed_by, completed_at FROM inspections") == [
            ("completed", "Inspecteur Jansen", "2024-05-14T10:30:00+02:00")
        ]
        # Locked: answering is refused, the key does nothing
        await goto(pilot, screen, "snf.space.bed")
        before = read(seeded.path, "SELECT COUNT(*) FROM changes")
        await pilot.press("n")
        await settle(pilot)
        assert read(seeded.path, "SELECT COUNT(*) FROM changes") == before
        # Typed at once as the dialog opens: the text is the reason, and the signer's name arrives in
        # its own field (it was "Inspecteur JansenF" with "oto vergeten" as the reason).
        await pilot.press("R", *"foto vergeten")
        await wait_for(pilot, lambda: isinstance(app.screen, ReopenScreen))
        dialog = app.screen
        await wait_for(pilot, lambda: dialog.query_one("#reopen-name", Input).value != "")
        assert dialog.query_one("#reopen-reason", Input).value == "foto vergeten"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and not screen.locked)
        assert read(seeded.path, "SELECT status FROM inspections") == [("draft",)]
        assert read(seeded.path, "SELECT reviewer, decision, reason FROM reviews") == [
            ("Inspecteur Jansen", "reopen", "foto vergeten")
        ]


async def test_resume_after_restart_with_nothing_lost(seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.bed")
        await pilot.press("y", "n", "y")
        await wait_for(
            pilot,
            lambda: (
                len(
                    read(
                        seeded.path,
                        "SELECT 1 FROM answers WHERE item_id IN "
                        "('snf.space.bed', 'snf.space.wardrobe', 'snf.space.chair')",
                    )
                )
                == 3
            ),
        )
        # the app stops here without leaving the checklist (as when the process is killed)
    again = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, ChecklistScreen) and again.screen.state is not None)
        resumed = again.screen
        assert isinstance(resumed, ChecklistScreen)
        assert resumed.inspection_id == inspection_id
        assert resumed.current_item().id == "snf.space.chair"  # type: ignore[union-attr]
        answers = resumed.state.answers  # type: ignore[union-attr]
        assert [answers[i].value for i in ("snf.space.bed", "snf.space.wardrobe", "snf.space.chair")] == [
            "yes",
            "no",
            "yes",
        ]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(again.screen, HomeScreen))
    third = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with third.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(third.screen, HomeScreen)  # left on purpose: starts on the home screen


async def test_reinspection_confirms_earlier_findings(app: InspectApp, seeded: Seeded) -> None:
    first = start(seeded.path, seeded.site_id, ["snf"])
    db = open_db(seeded.path)
    fixed = add_finding(db, first, Severity.MAJOR, "Geen blusdeken").id
    still = add_finding(db, first, Severity.CRITICAL, "Rookmelder ontbreekt").id
    db.close()
    answer_all_required(seeded.path, first)
    db = open_db(seeded.path)
    complete(db, first, "Inspecteur Jansen")
    db.close()
    second = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, second)
        assert screen.state is not None and screen.state.progress.pending_findings == 2
        assert screen.query_one("#pending-banner").display
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen) and len(app.screen.earlier) == 2)
        findings = app.screen
        assert isinstance(findings, FindingsScreen)
        order = [f.id for f in findings.earlier]
        await pilot.press("r" if order[0] == fixed else "u")
        await wait_for(pilot, lambda: len(findings.earlier) == 1)
        await pilot.press("u" if order[0] == fixed else "r")
        await wait_for(pilot, lambda: len(findings.earlier) == 0)
        assert dict(read(seeded.path, "SELECT id, status FROM findings WHERE inspection_id = ?", (first,))) == {
            fixed: "resolved",
            still: "open",
        }
        assert read(seeded.path, "SELECT origin_id, description FROM findings WHERE inspection_id = ?", (second,)) == [
            (still, "Rookmelder ontbreekt")
        ]


async def test_keymap_and_command_palette_list_the_actions(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, KeymapScreen))
        table = app.screen.query_one("#keys")
        actions = {str(table.get_row_at(r)[1]) for r in range(table.row_count)}  # type: ignore[attr-defined]
        assert {"Search", "New site", "Inspect", "Switch list", "Quit"} <= actions
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settle(pilot)
        from textual.command import CommandPalette

        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"new site")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        from inspect_tui.tui.screens.site_editor import SiteEditor

        assert isinstance(app.screen, SiteEditor)


async def test_the_place_the_cursor_rests_on_is_remembered_after_the_delay(
    app: InspectApp, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The place timer, set short here (the fixture keeps it from firing in the other tests)."""
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])

    def place() -> list[tuple[Any, ...]]:
        return read(seeded.path, "SELECT value FROM meta WHERE key = ?", (RESUME_KEY,))

    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.wardrobe")
        await settle(pilot)
        assert place() != [(f"{inspection_id} snf.space.wardrobe",)]  # resting is not enough without the timer
        monkeypatch.setattr(ChecklistScreen, "PLACE_SAVE_DELAY", 0.01)
        await goto(pilot, screen, "snf.space.chair")
        await wait_for(pilot, lambda: place() == [(f"{inspection_id} snf.space.chair",)])
        await pilot.press("escape")  # leaving on purpose forgets the place
        await wait_for(pilot, lambda: place() in ([], [(None,)]))
