"""Resubmitting after a send-back: the sign dialog shows the lead's reason; the lead's review shows
the history (sent back → fixed → resubmitted) of that inspection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Static

from inspect_tui.domain.enums import ReviewDecision, Severity
from inspect_tui.store import open_db
from inspect_tui.store.queries.inspection_history import inspection_history
from inspect_tui.store.workflow import add_finding, complete
from inspect_tui.store.workflow.answers import note_item
from inspect_tui.store.workflow.reviews import review
from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.complete import CompleteScreen
from tests.helpers.checklist import open_checklist
from tests.helpers.review_seed import DAY, ReviewDay, build_review_day, open_review
from tests.helpers.tui_seed import fixed_clock, shown, wait_for

REASON = "Foto van de keuken ontbreekt"


def _at(hour: int) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour))


def send_back(day: ReviewDay) -> None:
    db = open_db(day.path)
    try:
        review(db, day.housing, "Teamleider Bakker", ReviewDecision.SEND_BACK, REASON, now=_at(14))
    finally:
        db.close()


def fix_and_resubmit(day: ReviewDay) -> None:
    db = open_db(day.path)
    try:
        note_item(db, day.housing, "snf.fire.blanket", "Blusdeken hangt nu in de keuken")
        add_finding(db, day.housing, Severity.MINOR, "Keukenfoto nagestuurd", found_on=DAY)
        complete(db, day.housing, "Inspecteur Jansen", now=_at(16))
    finally:
        db.close()


async def sign_dialog_text(day: ReviewDay, inspection_id: str, lang: str) -> str:
    app = make_app(day.path, lang=lang, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(app, pilot, inspection_id)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteScreen))
        dialog = app.screen
        await wait_for(pilot, lambda: shown(dialog, "#complete-summary") != "")
        return shown(dialog, "#complete-summary")


def test_history_reads_signed_sent_back_fixed_resubmitted(tmp_path: Path) -> None:
    day = build_review_day(tmp_path)
    send_back(day)
    fix_and_resubmit(day)
    db = open_db(day.path)
    try:
        events = inspection_history(db, day.housing)
        untouched = inspection_history(db, day.workplace)
    finally:
        db.close()
    assert [e.kind for e in events] == ["signed", "send_back", "fixed", "resubmitted"]
    assert events[1].reason == REASON and events[1].who == "Teamleider Bakker"
    assert events[2].changed == 2  # the answer's note and the new finding
    assert events[3].who == "Inspecteur Jansen"
    assert [e.kind for e in untouched] == ["signed"]


async def test_the_sign_dialog_shows_the_leads_reason(tmp_path: Path) -> None:
    day = build_review_day(tmp_path)
    send_back(day)
    for lang, expected in (
        ("en", f"Sent back by Teamleider Bakker on 14-05-2024 14:00: {REASON}"),
        ("nl", f"Teruggestuurd door Teamleider Bakker op 14-05-2024 14:00: {REASON}"),
    ):
        try:
            assert (await sign_dialog_text(day, day.housing, lang)).startswith(expected)
        finally:
            set_language("en")


async def test_a_completed_inspection_without_send_back_shows_no_reason(tmp_path: Path) -> None:
    day = build_review_day(tmp_path)
    assert "Sent back" not in await sign_dialog_text(day, day.draft, "en")


async def test_the_leads_review_shows_the_history_of_a_resubmitted_inspection(tmp_path: Path) -> None:
    day = build_review_day(tmp_path)
    send_back(day)
    fix_and_resubmit(day)
    app = make_app(day.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(app, pilot)
        table = screen.inspections
        await wait_for(pilot, lambda: day.housing in screen.resubmitted)
        reason = str(table.get_cell(day.housing, "reason"))
        assert reason == f"resubmitted · was: {REASON}"
        assert str(table.get_cell(day.workplace, "reason")) == ""
        # Moving in the inspections: the pane tells the inspection's history.
        table.focus()
        table.move_cursor(row=table.get_row_index(day.workplace))
        await pilot.pause()
        table.move_cursor(row=table.get_row_index(day.housing))
        detail = screen.query_one("#review-detail", Static)
        await wait_for(pilot, lambda: "History:" in str(detail.content))
        lines = str(detail.content).splitlines()
        at = lines.index("History:")
        assert lines[at + 1 :] == [
            "  14-05-2024 10:00  signed by Inspecteur Jansen",
            f"  14-05-2024 14:00  sent back by Teamleider Bakker: {REASON}",
            "    ↳ fixed: 2 answers and findings changed",
            "  14-05-2024 16:00  resubmitted, signed by Inspecteur Jansen",
        ]
        # A finding of that inspection carries the history too.
        await pilot.press("tab")
        assert app.focused is screen.findings
        housing_finding = next(f for f, i in screen.findings._items.items() if i.inspection_id == day.housing)
        screen.findings.move_cursor(row=screen.findings.get_row_index(housing_finding))
        finding = screen.findings.selected()
        assert finding is not None and finding.inspection_id == day.housing
        await wait_for(pilot, lambda: finding.description in str(detail.content))
        await wait_for(pilot, lambda: "History:" in str(detail.content))
        assert f"sent back by Teamleider Bakker: {REASON}" in str(detail.content)


def test_an_inspection_reopened_and_signed_again_is_no_resubmission_after_a_send_back(tmp_path: Path) -> None:
    """The review called an inspection its inspector had reopened and signed again "resubmitted ·
    was: <the reopening's reason>", as if a team lead had sent it back."""
    from inspect_tui.store.queries.inspection_history import resubmitted_after
    from inspect_tui.store.workflow import reopen

    day = build_review_day(tmp_path)
    db = open_db(day.path)
    try:
        reopen(db, day.housing, "Inspecteur Jansen", "Foto vergeten", now=_at(14))
        complete(db, day.housing, "Inspecteur Jansen", now=_at(15))
        assert resubmitted_after(db, [day.housing]) == {}
        review(db, day.housing, "Teamleider Bakker", ReviewDecision.SEND_BACK, REASON, now=_at(16))
        complete(db, day.housing, "Inspecteur Jansen", now=_at(17))
        assert resubmitted_after(db, [day.housing]) == {day.housing: REASON}
    finally:
        db.close()
