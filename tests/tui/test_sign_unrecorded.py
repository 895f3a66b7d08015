"""Signing with failed critical items that have no finding: the dialog lists them, offers to record a
finding (jumps to the item and opens the form), and signs only when "Sign anyway" is pressed."""

from __future__ import annotations

from textual.widgets import Button, Static

from inspect_tui.store import open_db
from inspect_tui.store.workflow import answer_item
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.complete import CompleteScreen
from inspect_tui.tui.screens.finding_editor import FindingEditor
from tests.helpers.checklist import answer_all_required, open_checklist, start
from tests.helpers.tui_seed import Seeded, read, settle, shown, wait_for


def failed_blanket_and_escape(seeded: Seeded) -> str:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, inspection_id)
    db = open_db(seeded.path)
    try:
        answer_item(db, inspection_id, "snf.fire.blanket", "no")
        answer_item(db, inspection_id, "snf.fire.escape_routes", "no")
    finally:
        db.close()
    return inspection_id


def status(seeded: Seeded, inspection_id: str) -> str:
    return str(read(seeded.path, "SELECT status FROM inspections WHERE id = ?", (inspection_id,))[0][0])


async def open_sign_dialog(app: InspectApp, pilot: object, inspection_id: str | None) -> CompleteScreen:
    if inspection_id is not None:
        await open_checklist(app, pilot, inspection_id)  # type: ignore[arg-type]
    await pilot.press("c")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, CompleteScreen))  # type: ignore[arg-type]
    dialog = app.screen
    assert isinstance(dialog, CompleteScreen)
    await wait_for(pilot, lambda: "failed critical" in shown(dialog, "#complete-summary"))  # type: ignore[arg-type]
    return dialog


async def test_the_dialog_lists_them_and_ctrl_s_or_enter_do_not_sign(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = failed_blanket_and_escape(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_sign_dialog(app, pilot, inspection_id)
        summary = shown(dialog, "#complete-summary")
        assert "2 failed critical items have no finding:" in summary
        assert "✗ Fire blanket at the cooking place" in summary
        assert "✗ Escape routes clear and usable" in summary
        assert str(dialog.query_one("#sign", Button).label) == "Sign anyway"
        assert dialog.query_one("#record-finding", Button).display
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Not signed" in shown(dialog, "#complete-error"))
        await pilot.press("enter")  # in the signer's name
        await settle(pilot)
        assert app.screen is dialog and status(seeded, inspection_id) == "draft"


async def test_record_finding_jumps_to_the_item_and_opens_the_form(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = failed_blanket_and_escape(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sign_dialog(app, pilot, inspection_id)
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
        checklist = app.screen_stack[-2]
        assert isinstance(checklist, ChecklistScreen)
        current = checklist.current_item()
        assert current is not None and current.id == "snf.fire.blanket"  # the first, in checklist order
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is checklist)
        assert read(seeded.path, "SELECT item_id, severity FROM findings") == [("snf.fire.blanket", "critical")]
        # Back in the dialog only the other one is left.
        dialog = await open_sign_dialog(app, pilot, None)
        summary = shown(dialog, "#complete-summary")
        assert "1 failed critical item has no finding:" in summary
        assert "Fire blanket" not in summary and "Escape routes" in summary
        assert status(seeded, inspection_id) == "draft"


async def test_sign_anyway_signs_explicitly(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = failed_blanket_and_escape(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_sign_dialog(app, pilot, inspection_id)
        dialog.query_one("#sign", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert status(seeded, inspection_id) == "completed"


async def test_without_unrecorded_failures_ctrl_s_signs_as_before(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, inspection_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(app, pilot, inspection_id)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteScreen))
        dialog = app.screen
        await wait_for(pilot, lambda: shown(dialog, "#complete-summary") != "")
        assert str(dialog.query_one("#sign", Button).label) == "Sign"
        assert not dialog.query_one("#record-finding", Button).display
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert status(seeded, inspection_id) == "completed"


async def test_dutch_dialog(seeded: Seeded) -> None:
    from inspect_tui.tui.app import make_app
    from tests.helpers.tui_seed import fixed_clock

    inspection_id = failed_blanket_and_escape(seeded)
    app = make_app(seeded.path, lang="nl", clock=fixed_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_checklist(app, pilot, inspection_id)
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(app.screen, CompleteScreen))
            dialog = app.screen
            await wait_for(pilot, lambda: "kritieke" in shown(dialog, "#complete-summary"))
            assert "2 afgekeurde kritieke punten hebben geen bevinding:" in shown(dialog, "#complete-summary")
            assert str(dialog.query_one("#sign", Button).label) == "Toch ondertekenen"
            assert isinstance(dialog.query_one("#complete-error", Static), Static)
    finally:
        set_language("en")
