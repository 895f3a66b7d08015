"""What an inspector types the moment a dialog opens lands in the field that has the focus, also
while the dialog still fills in a name it looks up: the reopen and the review decision dialogs
put the focus on the reason from the start. The name used to arrive after the first keys, in the
field they were typed into, and moved the focus on: "Inspecteur JansenF" with the reason
"oto vergeten" was recorded. Here the looked-up name arrives only once the keys are typed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from inspect_tui.store import open_db
from inspect_tui.store.db import set_meta
from inspect_tui.store.workflow import complete
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.decision import REVIEWER_KEY, DecisionScreen
from inspect_tui.tui.screens.reopen import ReopenScreen
from tests.helpers.checklist import answer_all_required, open_checklist, start
from tests.helpers.review_seed import ReviewDay, build_review_day, open_review
from tests.helpers.tui_seed import Seeded, fixed_clock, read, settle, wait_for


class HeldBack:
    """The names the dialogs looked up, kept until the test lets them arrive (``arrive``)."""

    def __init__(self) -> None:
        self.pending: list[tuple[Callable[..., None], Any, str]] = []

    def arrive(self) -> None:
        for show, dialog, name in self.pending:
            show(dialog, name)
        self.pending.clear()


@pytest.fixture
def held_back(monkeypatch: pytest.MonkeyPatch) -> HeldBack:
    held = HeldBack()
    for screen, method in ((ReopenScreen, "_set_name"), (DecisionScreen, "_set_reviewer")):
        original = getattr(screen, method)

        def later(dialog: Any, name: str, original: Callable[..., None] = original) -> None:
            held.pending.append((original, dialog, name))

        monkeypatch.setattr(screen, method, later)
    return held


async def typed_before_the_name_arrives(pilot: Any, held_back: HeldBack, dialog: Any, text: str, name: str) -> None:
    """Type text while the dialog still reads who is signed in; then let that answer arrive."""
    await pilot.press(*text)
    await wait_for(pilot, lambda: bool(held_back.pending))
    held_back.arrive()
    await wait_for(pilot, lambda: dialog.query_one(name, Input).value != "")


async def test_a_reason_typed_as_the_reopen_dialog_opens_is_the_reason(seeded: Seeded, held_back: HeldBack) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, inspection_id)
    db = open_db(seeded.path)
    complete(db, inspection_id, "Inspecteur Jansen")
    db.close()
    app = make_app(seeded.path, lang="nl", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_checklist(app, pilot, inspection_id)
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, ReopenScreen))
        dialog = app.screen
        await typed_before_the_name_arrives(pilot, held_back, dialog, "Foto vergeten", "#reopen-name")
        assert dialog.query_one("#reopen-name", Input).value == "Inspecteur Jansen"
        assert dialog.query_one("#reopen-reason", Input).value == "Foto vergeten"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReopenScreen))
    assert read(seeded.path, "SELECT reviewer, reason FROM reviews") == [("Inspecteur Jansen", "Foto vergeten")]


async def send_back_dialog(app: InspectApp, pilot: Any, day: ReviewDay) -> DecisionScreen:
    """The team lead's send-back dialog for the day's housing inspection, opened from the review."""
    screen = await open_review(app, pilot)
    screen.inspections.move_cursor(row=screen.inspections.get_row_index(day.housing))
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(app.screen, DecisionScreen))
    dialog = app.screen
    assert isinstance(dialog, DecisionScreen)
    return dialog


async def test_a_reason_typed_as_the_send_back_dialog_opens_is_the_reason(tmp_path: Path, held_back: HeldBack) -> None:
    day = build_review_day(tmp_path)
    db = open_db(day.path)
    with db.atomic():
        set_meta(db, REVIEWER_KEY, "M. Bakker")
    db.close()
    app = make_app(day.path, lang="nl", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        dialog = await send_back_dialog(app, pilot, day)
        await typed_before_the_name_arrives(pilot, held_back, dialog, "Onvolledig", "#decision-reviewer")
        assert dialog.query_one("#decision-reviewer", Input).value == "M. Bakker"
        assert dialog.query_one("#decision-reason", Input).value == "Onvolledig"


async def test_with_nobody_remembered_the_decision_asks_the_name_when_recording(
    tmp_path: Path, held_back: HeldBack
) -> None:
    """The focus stays on the reason when no name arrives: moving it then split a reason typed at
    once over both fields ("F" the reason, "oto ontbreekt" the reviewer)."""
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang="nl", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        dialog = await send_back_dialog(app, pilot, day)
        await wait_for(pilot, lambda: bool(held_back.pending))
        held_back.arrive()  # no name: here the focus moved while the typist's keys were still on their way
        await settle(pilot)
        await pilot.press(*"Foto ontbreekt")
        await settle(pilot)
        reviewer = dialog.query_one("#decision-reviewer", Input)
        assert dialog.query_one("#decision-reason", Input).value == "Foto ontbreekt" and reviewer.value == ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.focused is reviewer)
        assert "naam" in str(dialog.query_one("#decision-error").render())
