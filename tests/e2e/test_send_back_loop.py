"""The send-back loop between two databases, through real signed bundles and both people's TUIs.

Inspector completes → export → team lead imports and sends back with a reason → export →
inspector imports, sees "returned" with the reason, fixes an answer, completes again → export →
team lead imports, sees the new completed version built on the returned one, approves → export →
the inspector sees it approved.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Button, Input

from inspect_tui.store import open_db
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.importer import import_bundles
from inspect_tui.sync.keys import ensure_signing_key
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.complete import CompleteScreen
from inspect_tui.tui.screens.decision import DecisionScreen
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.import_bundles import ImportBundlesScreen
from inspect_tui.tui.screens.review import ReviewScreen
from tests.helpers.checklist import answer_all_required, goto, open_checklist, start
from tests.helpers.tui_seed import enter_text, fixed_clock, read, seed, shown, wait_for

REASON = "Blusdeken niet gecontroleerd; kijk opnieuw"


def export(path: Path, folder: Path) -> Path:
    """The database's changes since its last export, as a signed bundle in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    db = open_db(path)
    try:
        result = export_bundle(db, folder, ensure_signing_key(db, path))
    finally:
        db.close()
    assert result is not None
    return result.path


def import_into(path: Path, bundle: Path, **trust: Any) -> None:
    db = open_db(path)
    try:
        import_bundles(db, [bundle], **trust)
    finally:
        db.close()


def inspection_revisions(path: Path, inspection_id: str) -> list[dict[str, Any]]:
    rows = read(
        path,
        "SELECT rev, base_rev, ancestors, origin, data FROM changes "
        "WHERE entity = 'inspections' AND record_id = ? ORDER BY seq",
        (inspection_id,),
    )
    return [
        {
            "rev": r[0],
            "base_rev": r[1],
            "ancestors": json.loads(str(r[2])),
            "origin": r[3],
            "status": json.loads(str(r[4]))["status"],
        }
        for r in rows
    ]


def head_rev(path: Path, inspection_id: str) -> str:
    return str(read(path, "SELECT rev FROM inspections WHERE id = ?", (inspection_id,))[0][0])


async def open_review(app: InspectApp, pilot: Any) -> ReviewScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.summary is not None)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def decide(
    app: InspectApp, pilot: Any, screen: ReviewScreen, inspection_id: str, key: str, reason: str = ""
) -> None:
    await wait_for(pilot, lambda: inspection_id in screen.rows)
    screen.inspections.move_cursor(row=screen.inspections.get_row_index(inspection_id))
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, DecisionScreen))
    dialog = app.screen
    dialog.query_one("#decision-reviewer", Input).value = "Teamleider Bakker"
    dialog.query_one("#decision-reason", Input).value = reason
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: app.screen is screen)


async def test_send_back_and_fix_across_two_databases(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    inspector = seed(tmp_path / "inspector" / "inspect.db").path
    lead = tmp_path / "lead" / "inspect.db"
    open_db(lead, create=True).close()

    # 1. The inspector completes an inspection and exports it.
    inspection_id = start(inspector, read(inspector, "SELECT id FROM sites WHERE kind = 'housing'")[0][0], ["snf"])
    answer_all_required(inspector, inspection_id)
    db = open_db(inspector)
    from inspect_tui.store.workflow import complete

    complete(db, inspection_id, "Inspecteur Jansen")
    db.close()
    completed_rev = head_rev(inspector, inspection_id)
    first = export(inspector, usb / "1")

    # 2. The team lead imports it in the TUI and sends it back with a reason.
    app = make_app(lead, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("I")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportBundlesScreen))
        dialog = app.screen
        await enter_text(pilot, dialog.query_one("#import-paths", Input), str(first))
        await pilot.press("enter")
        # The inspector's key is new here: the dialog shows its fingerprint; importing again accepts it.
        await wait_for(pilot, lambda: "New signer" in shown(dialog, "#import-error"))
        assert read(lead, "SELECT COUNT(*) FROM inspections") == [(0,)]
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Imported" in shown(dialog, "#import-receipt"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen and screen.rows.get(inspection_id) is not None)
        assert screen.rows[inspection_id].status == "completed"
        await pilot.press("b")  # without a reason: refused
        await wait_for(pilot, lambda: isinstance(app.screen, DecisionScreen))
        app.screen.query_one("#decision-reviewer", Input).value = "Teamleider Bakker"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Write the reason" in shown(app.screen, "#decision-error"))
        await pilot.press("escape")
        assert read(lead, "SELECT status FROM inspections") == [("completed",)]
        await decide(app, pilot, screen, inspection_id, "b", REASON)
        await wait_for(pilot, lambda: screen.rows[inspection_id].returned_reason == REASON)
    returned_rev = head_rev(lead, inspection_id)
    assert read(lead, "SELECT base_rev FROM changes WHERE rev = ?", (returned_rev,)) == [(completed_rev,)]
    second = export(lead, usb / "2")

    # 3. The inspector imports it: the inspection is returned, with the reason, in their TUI.
    import_into(inspector, second, trust_new=True, trust_role="lead")  # the inspector accepts the team lead
    assert read(inspector, "SELECT status FROM inspections WHERE id = ?", (inspection_id,)) == [("returned",)]
    app = make_app(inspector, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_for(pilot, lambda: home.inspections.loaded_once and home.inspections.row_count == 1)
        assert home.inspections.selected().status == "returned"  # type: ignore[union-attr]
        assert "returned" in str(home.inspections.get_row(inspection_id)[3])
        checklist = await open_checklist(app, pilot, inspection_id)
        header = shown(checklist, "#inspection-header")
        assert "returned" in header and REASON in header
        assert not checklist.locked
        # 4. They fix the answer and complete again.
        await goto(pilot, checklist, "snf.fire.blanket")
        await pilot.press("n")
        await wait_for(
            pilot,
            lambda: (
                read(
                    inspector,
                    "SELECT value FROM answers WHERE inspection_id = ? AND item_id = 'snf.fire.blanket'",
                    (inspection_id,),
                )
                == [("no",)]
            ),
        )
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteScreen))
        await wait_for(pilot, lambda: app.screen.query_one("#complete-name", Input).value == "Inspecteur Jansen")
        await pilot.press("ctrl+s")
        # The blanket failed (critical) with no finding: ctrl+s does not sign over it; "Sign anyway" does.
        dialog = app.screen
        await wait_for(pilot, lambda: "Not signed" in shown(dialog, "#complete-error"))
        assert REASON in shown(dialog, "#complete-summary")  # the lead's reason, beside the signature
        dialog.query_one("#sign", Button).press()
        await wait_for(pilot, lambda: app.screen is checklist and checklist.locked)
    assert read(inspector, "SELECT status FROM inspections WHERE id = ?", (inspection_id,)) == [("completed",)]
    third = export(inspector, usb / "3")

    # 5. The team lead imports it: the new completed version descends from the returned one; approve.
    import_into(lead, third)
    assert read(lead, "SELECT COUNT(*) FROM conflicts") == [(0,)]
    revisions = {r["rev"]: r for r in inspection_revisions(lead, inspection_id)}
    latest = revisions[head_rev(lead, inspection_id)]
    assert latest["status"] == "completed" and latest["rev"] != completed_rev
    assert latest["base_rev"] == returned_rev and returned_rev in latest["ancestors"]
    assert completed_rev in latest["ancestors"]
    assert read(
        lead, "SELECT value FROM answers WHERE inspection_id = ? AND item_id = 'snf.fire.blanket'", (inspection_id,)
    ) == [("no",)]
    app = make_app(lead, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_review(app, pilot)
        await wait_for(pilot, lambda: screen.rows.get(inspection_id) is not None)
        assert screen.rows[inspection_id].status == "completed" and screen.rows[inspection_id].returned_reason is None
        await decide(app, pilot, screen, inspection_id, "a")
    assert read(lead, "SELECT status FROM inspections WHERE id = ?", (inspection_id,)) == [("approved",)]
    assert read(
        lead,
        "SELECT decision, reason FROM reviews WHERE inspection_id = ? ORDER BY created_at, decision",
        (inspection_id,),
    ) == [("approve", None), ("send_back", REASON)]

    # 6. The approval reaches the inspector too.
    import_into(inspector, export(lead, usb / "4"))
    assert read(inspector, "SELECT status FROM inspections WHERE id = ?", (inspection_id,)) == [("approved",)]
    assert read(inspector, "SELECT COUNT(*) FROM conflicts") == [(0,)]
