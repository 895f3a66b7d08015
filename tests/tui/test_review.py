"""The team lead's review screen: filters read from SQLite, the detail pane, decisions written to the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from inspect_tui.store import open_db
from inspect_tui.store.queries import FindingFilter, review_findings_page
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.decision import REVIEWER_KEY, DecisionScreen
from inspect_tui.tui.screens.review import ReviewScreen
from tests.helpers.review_seed import DAY, ReviewDay, build_review_day, open_review
from tests.helpers.tui_seed import enter_text, fixed_clock, read, settle, shown, wait_for


@pytest.fixture
def day(tmp_path: Path) -> ReviewDay:
    return build_review_day(tmp_path)


@pytest.fixture
def review_app(day: ReviewDay) -> InspectApp:
    return make_app(day.path, lang="en", clock=fixed_clock)


def shown_findings(screen: ReviewScreen) -> list[str]:
    table = screen.findings
    return [str(table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value) for row in range(table.row_count)]


async def filtered(pilot: Pilot[Any], screen: ReviewScreen, **values: str | None) -> list[str]:
    """Set filters as the selects would, wait for the table to be read again, return the shown finding ids."""
    before = screen.findings._generation
    for name, value in values.items():
        screen.query_one(f"#filter-{name}", Select).value = Select.NULL if value is None else value
    await wait_for(pilot, lambda: screen.findings._generation > before and not screen.findings._loading)
    await settle(pilot)
    return shown_findings(screen)


def from_db(day: ReviewDay, search: str = "", **filters: str) -> list[str]:
    db = open_db(day.path)
    try:
        page = review_findings_page(db, FindingFilter(DAY, **filters), search=search)  # type: ignore[arg-type]
    finally:
        db.close()
    return [r.id for r in page.rows]


async def test_day_lists_every_inspection_and_filters_findings_in_sql(review_app: InspectApp, day: ReviewDay) -> None:
    f = day.findings
    async with review_app.run_test(size=(120, 34)) as pilot:
        screen = await open_review(review_app, pilot)
        assert set(screen.rows) == {day.housing, day.workplace, day.draft}  # not yesterday's
        housing = screen.rows[day.housing]
        assert (housing.critical, housing.major, housing.minor) == (1, 2, 0)
        title = shown(screen, "#review-title")
        assert "3 inspections" in title and "1 critical" in title and "2 major" in title
        assert screen.findings.total == 5
        assert shown_findings(screen) == from_db(day)
        assert shown_findings(screen)[0] == f["blanket"]  # critical first
        assert await filtered(pilot, screen, severity="major") == from_db(day, severity="major")
        assert set(shown_findings(screen)) == {f["area"], f["crowded"]}
        assert await filtered(pilot, screen, norm="snf") == [f["area"]]
        assert await filtered(pilot, screen, severity=None, norm="other") == [f["crowded"]]
        assert set(await filtered(pilot, screen, norm=None, inspector="Inspecteur de Boer")) == {f["rie"], f["akf"]}
        assert await filtered(pilot, screen, status="draft") == [f["akf"]]
        assert set(await filtered(pilot, screen, inspector=None, status=None, site=day.seeded.workplace_id)) == {
            f["rie"]
        }
        await filtered(pilot, screen, site=None)
        assert screen.findings.total == 5
        before = screen.findings._generation
        await pilot.press("slash", *"blusdeken")
        await wait_for(
            pilot,
            lambda: (
                screen.findings._generation > before
                and screen.findings.search == "blusdeken"
                and not screen.findings._loading
            ),
        )
        assert shown_findings(screen) == [f["blanket"]] == from_db(day, "blusdeken")
        # The status line follows the table's Loaded message, handled a moment after the rows are in.
        await wait_for(pilot, lambda: "1 of 1 findings" in shown(screen, "#review-status"))
        screen.query_one("#review-search", Input).value = ""
        await wait_for(
            pilot, lambda: screen.findings.search == "" and screen.findings.total == 5 and not screen.findings._loading
        )
        await pilot.press("escape")  # from the search field: to the findings, not out of the screen
        assert review_app.screen is screen and review_app.focused is screen.findings
        await pilot.press("o")  # sort by deadline
        await wait_for(pilot, lambda: screen.sort == "deadline" and not screen.findings._loading)
        await settle(pilot)
        assert shown_findings(screen) == from_db(day, sort="deadline")


async def test_detail_pane_explains_the_finding_and_masks_bsns(review_app: InspectApp, day: ReviewDay) -> None:
    async with review_app.run_test(size=(120, 34)) as pilot:
        screen = await open_review(review_app, pilot)
        detail = screen.query_one("#review-detail", Static)
        screen.findings.focus()
        await wait_for(pilot, lambda: "blusdeken.jpg" in str(detail.content))
        text = str(detail.content)
        assert "snf.fire.blanket" in text and "Answer: yes" in text
        assert "Vakantiepark De Wilgen" in text and "Inspecteur Jansen" in text
        assert "1. blusdeken.jpg  2.4 kB  image/jpeg" in text
        assert "3 persons in 3 units" in text
        # The decisions act on the inspection of the finding being read.
        assert screen.current_inspection().id == day.housing  # type: ignore[union-attr]
        screen.findings.move_cursor(row=shown_findings(screen).index(day.findings["area"]))
        await wait_for(pilot, lambda: "Threshold" in str(detail.content))
        text = str(detail.content)
        assert "snf.space.living_area_pp" in text and "SNF" in text and "m²/p" in text
        screen.findings.move_cursor(row=shown_findings(screen).index(day.findings["crowded"]))
        await wait_for(pilot, lambda: "Persons in Kamer 1" in str(detail.content))
        text = str(detail.content)
        assert "●●●●●●333" in text and "111222333" not in text
        assert "Not tied to a checklist item" in text
        screen.findings.move_cursor(row=shown_findings(screen).index(day.findings["rie"]))
        await wait_for(pilot, lambda: screen.current_inspection().id == day.workplace)  # type: ignore[union-attr]


async def test_send_back_needs_a_reason_then_returns_the_inspection(review_app: InspectApp, day: ReviewDay) -> None:
    async with review_app.run_test(size=(120, 34)) as pilot:
        screen = await open_review(review_app, pilot)
        screen.inspections.move_cursor(row=screen.inspections.get_row_index(day.housing))
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(review_app.screen, DecisionScreen))
        dialog = review_app.screen
        await settle(pilot)
        assert dialog.query_one("#decision-reviewer", Input).value == ""  # nobody remembered yet
        dialog.query_one("#decision-reviewer", Input).value = "Teamleider Bakker"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Write the reason" in shown(dialog, "#decision-error"))
        assert review_app.screen is dialog
        assert read(day.path, "SELECT COUNT(*) FROM reviews") == [(0,)]
        assert read(day.path, "SELECT status FROM inspections WHERE id = ?", (day.housing,)) == [("completed",)]
        await enter_text(pilot, dialog.query_one("#decision-reason", Input), "Foto van de keuken ontbreekt")
        await pilot.press("enter")
        await wait_for(pilot, lambda: review_app.screen is screen)
        assert read(
            day.path,
            "SELECT reviewer, decision, reason, created_at FROM reviews WHERE inspection_id = ?",
            (day.housing,),
        ) == [("Teamleider Bakker", "send_back", "Foto van de keuken ontbreekt", "2024-05-14T10:30:00+02:00")]
        assert read(day.path, "SELECT status FROM inspections WHERE id = ?", (day.housing,)) == [("returned",)]
        assert read(day.path, "SELECT value FROM meta WHERE key = ?", (REVIEWER_KEY,)) == [("Teamleider Bakker",)]
        await wait_for(pilot, lambda: screen.rows[day.housing].status == "returned")
        assert screen.rows[day.housing].returned_reason == "Foto van de keuken ontbreekt"
        # A returned inspection cannot be approved; a completed one can, and the reviewer is remembered.
        await pilot.press("a")
        await settle(pilot)
        assert review_app.screen is screen
        screen.inspections.move_cursor(row=screen.inspections.get_row_index(day.workplace))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(review_app.screen, DecisionScreen))
        approve = review_app.screen
        await wait_for(pilot, lambda: approve.query_one("#decision-reviewer", Input).value == "Teamleider Bakker")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: review_app.screen is screen)
        assert read(day.path, "SELECT status FROM inspections WHERE id = ?", (day.workplace,)) == [("approved",)]
        assert read(
            day.path, "SELECT reviewer, decision, reason FROM reviews WHERE inspection_id = ?", (day.workplace,)
        ) == [("Teamleider Bakker", "approve", None)]


async def test_comment_and_bulk_approve(review_app: InspectApp, day: ReviewDay) -> None:
    async with review_app.run_test(size=(120, 34)) as pilot:
        screen = await open_review(review_app, pilot)
        table = screen.inspections
        table.focus()
        for inspection in (day.housing, day.workplace, day.draft):
            table.move_cursor(row=table.get_row_index(inspection))
            await pilot.press("space")
        assert screen.marked == {day.housing, day.workplace, day.draft}
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(review_app.screen, DecisionScreen))
        dialog = review_app.screen
        assert str(dialog.query_one(".dialog-title", Static).content) == "Approve 2 inspections; 1 draft one is skipped"
        dialog.query_one("#decision-reviewer", Input).value = "Teamleider Bakker"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: review_app.screen is screen)
        statuses = dict(read(day.path, "SELECT id, status FROM inspections"))
        assert (statuses[day.housing], statuses[day.workplace], statuses[day.draft]) == (
            "approved",
            "approved",
            "draft",
        )  # the draft was skipped, not approved
        assert sorted(read(day.path, "SELECT inspection_id, decision FROM reviews")) == sorted(
            [(day.housing, "approve"), (day.workplace, "approve")]
        )
        await wait_for(pilot, lambda: screen.rows[day.housing].status == "approved")
        assert screen.marked == {day.draft}
        table.move_cursor(row=table.get_row_index(day.draft))
        # Typed at once as the dialog opens: the text is the comment, and the remembered reviewer's
        # name arrives in its own field (it was "Teamleider BakkerM" with "orgen afronden").
        await pilot.press("c", *"Morgen afronden")
        await wait_for(pilot, lambda: isinstance(review_app.screen, DecisionScreen))
        dialog = review_app.screen
        await wait_for(pilot, lambda: dialog.query_one("#decision-reviewer", Input).value == "Teamleider Bakker")
        assert dialog.query_one("#decision-reason", Input).value == "Morgen afronden"
        await pilot.press("enter")
        await wait_for(pilot, lambda: review_app.screen is screen)
        assert read(day.path, "SELECT decision, reason FROM reviews WHERE inspection_id = ?", (day.draft,)) == [
            ("comment", "Morgen afronden")
        ]
        assert read(day.path, "SELECT status FROM inspections WHERE id = ?", (day.draft,)) == [("draft",)]


async def test_other_days_and_the_palette(review_app: InspectApp, day: ReviewDay) -> None:
    async with review_app.run_test(size=(120, 34)) as pilot:
        await wait_for(pilot, lambda: review_app.screen.id == "home")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"review day")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: isinstance(review_app.screen, ReviewScreen) and review_app.screen.summary is not None
        )
        screen = review_app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: set(screen.rows) == {day.yesterday})
        await wait_for(pilot, lambda: screen.findings.total == 1 and not screen.findings._loading)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k", *"14-05-2024", "enter")
        await wait_for(pilot, lambda: set(screen.rows) == {day.housing, day.workplace, day.draft})
        await pilot.press("d")
        await settle(pilot)
        await enter_text(pilot, review_app.screen.query_one("#day-input", Input), "gisteren")
        await pilot.press("enter")
        await wait_for(pilot, lambda: set(screen.rows) == {day.yesterday})
        await pilot.press("d")
        await settle(pilot)
        await enter_text(pilot, review_app.screen.query_one("#day-input", Input), "31-02-2024")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "is not a date" in shown(review_app.screen, "#day-error"))
        await enter_text(pilot, review_app.screen.query_one("#day-input", Input), "  ")
        await pilot.press("enter")  # an empty field says what to type, not " is not a date"
        await wait_for(pilot, lambda: shown(review_app.screen, "#day-error").startswith("Type a day:"))
