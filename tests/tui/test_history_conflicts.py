"""The lead's side of three laptops: conflicts named by person, device and time; `2` then enter keeps
version 2; open-conflict counts on home and review; the history from the record's screen and the
conflicts screen; Dutch words, never raw field names or values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable

from inspect_tui.domain.models import Answer
from inspect_tui.store import get
from inspect_tui.store.queries import conflict_versions
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.i18n import localise_textual, set_language
from inspect_tui.tui.screens.confirm import ConfirmScreen
from inspect_tui.tui.screens.conflicts import ConflictsScreen
from inspect_tui.tui.screens.findings import FindingsScreen
from inspect_tui.tui.screens.history import HistoryScreen
from inspect_tui.tui.screens.review import ReviewScreen
from inspect_tui.tui.screens.site import SiteScreen
from tests.helpers.history_scenario import Team, build_team, fork
from tests.helpers.tui_seed import fixed_clock, read, settle, shown, wait_for


@pytest.fixture
def team(tmp_path: Path) -> Team:
    built = build_team(tmp_path)
    for device in (built.eva, built.joost, built.lead):
        device.db.close()
    return built


def lead_app(team: Team, lang: str = "en") -> InspectApp:
    return make_app(team.folder / "lead.db", lang=lang, clock=fixed_clock)


async def conflicts_from_home(app: InspectApp, pilot: Pilot[Any]) -> ConflictsScreen:
    await wait_for(pilot, lambda: app.screen.id == "home")
    await wait_for(pilot, lambda: "(C)" in shown(app.screen, "#home-summary"))
    await pilot.press("C")
    await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen) and app.screen.loaded)
    screen = app.screen
    assert isinstance(screen, ConflictsScreen)
    await wait_for(pilot, lambda: bool(screen.versions) and screen.side_by_side.row_count > 0)
    return screen


def screen_text(screen: Any) -> str:
    """Everything the conflicts screen shows: titles, legend, hint and every cell of both tables."""
    parts = [
        shown(screen, "#conflicts-title"),
        shown(screen, "#versions-title"),
        shown(screen, "#versions-legend"),
        shown(screen, "#conflicts-hint"),
    ]
    for table in screen.query(DataTable):
        parts.extend(str(c.label) for c in table.columns.values())
        for key in table.rows:
            parts.extend(str(cell) for cell in table.get_row(key))
    return "\n".join(parts)


async def test_home_counts_open_conflicts_and_c_opens_them(team: Team) -> None:
    app = lead_app(team)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await conflicts_from_home(app, pilot)
        assert "1 open conflict (C)" in shown(app.screen_stack[-2], "#home-summary")
        legend = shown(screen, "#versions-legend").splitlines()
        assert legend == [
            "1 · Eva de Vries · laptop-eva · 17-11-2026 10:30"
            + (" · in effect now" if screen.versions[0].in_effect else ""),
            "2 · Joost Bakker · laptop-joost · 17-11-2026 11:15"
            + (" · in effect now" if screen.versions[1].in_effect else ""),
        ]


async def test_review_counts_open_conflicts(team: Team) -> None:
    app = lead_app(team)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.push_screen(ReviewScreen(dt.date(2025, 3, 3)))
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.summary is not None)
        assert "1 open conflict (C)" in shown(app.screen, "#review-title")
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen))


@pytest.mark.parametrize("number", [1, 2])
async def test_a_number_then_enter_keeps_that_version(team: Team, number: int) -> None:
    app = lead_app(team)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await conflicts_from_home(app, pilot)
        wanted = screen.versions[number - 1].data["notes"]
        await pilot.press(str(number))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        dialog = app.screen
        assert isinstance(app.focused, Button) and app.focused.id == "yes"
        assert f"Keep version {number} of site" in shown(dialog, ".dialog-text")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and not screen.rows)
    assert read(team.folder / "lead.db", "SELECT notes FROM sites WHERE id = ?", (team.ids["site"],)) == [(wanted,)]
    assert read(team.folder / "lead.db", "SELECT COUNT(*) FROM conflicts") == [(0,)]


async def test_other_confirmations_still_default_to_no(team: Team) -> None:
    app = lead_app(team)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.push_screen(ConfirmScreen("Delete draft", "Delete it?"))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert isinstance(app.focused, Button) and app.focused.id == "no"


async def test_dutch_conflicts_speak_dutch(team: Team) -> None:
    """An answer in conflict as well: no raw "value", "verdict", "False" and no "Vastleggen" in the header."""
    from inspect_tui.store import open_db

    lead = open_db(team.folder / "lead.db")
    answer = get(lead, Answer, team.ids["answer"])
    assert answer is not None
    team.lead.db = lead
    fork(
        team.lead,
        "answers",
        answer.id,
        [
            (
                "laptop-eva",
                "Eva de Vries",
                dt.datetime(2026, 11, 17, 9, 40, tzinfo=dt.UTC),
                {"value": "no", "verdict": "fail"},
            ),
            (
                "laptop-joost",
                "Joost Bakker",
                dt.datetime(2026, 11, 17, 9, 50, tzinfo=dt.UTC),
                {"note": "Gecontroleerd."},
            ),
        ],
    )
    lead.close()
    app = lead_app(team, "nl")
    try:
        await _read_conflicts_in_dutch(app)
    finally:  # the app set the process's language: the tests after this one speak English
        set_language("en")
        localise_textual()


async def _read_conflicts_in_dutch(app: InspectApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await conflicts_from_home(app, pilot)
        texts = []
        for key in list(screen.rows):
            screen.listing.move_cursor(row=screen.listing.get_row_index(key))

            def showing(wanted: object = key) -> bool:
                return screen.shown_key == wanted and screen.side_by_side.row_count > 0

            def legend() -> bool:
                return "nu geldend" in shown(screen, "#versions-legend")

            await wait_for(pilot, showing)
            await wait_for(pilot, legend)
            texts.append(screen_text(screen))
        everything = "\n".join(texts)
        for raw in ("value", "verdict", "False", "True", "notes", "high_risk", "Vastleggen", "Record"):
            assert raw not in everything, raw
        for dutch in ("Antwoord", "Beoordeling", "afgekeurd", "Nee", "Ja", "Notities", "Risicosector", "Naam"):
            assert dutch in everything, dutch


async def test_history_from_the_site_screen_and_from_conflicts(team: Team) -> None:
    app = lead_app(team)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.push_screen(SiteScreen(team.ids["site"]))
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and app.screen.site is not None)
        keys = {b.binding.key: b.binding.action for b in app.screen.active_bindings.values()}
        assert keys.get("h") == "history"  # listed in the F1 key map
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        rows = [[str(c) for c in history.listing.get_row(k)] for k in history.listing.rows]
        assert [r[2:4] for r in rows] == [
            ["Eva de Vries", "laptop-eva"],
            ["Eva de Vries", "laptop-eva"],
            ["Eva de Vries", "laptop-eva"],
            ["Joost Bakker", "laptop-joost"],
        ]
        assert rows[0][1] == "17-11-2026 09:00" and rows[0][4] == "created"
        assert rows[2][4] == "changed: Notes, Zoned residential"
        detail = shown(history, "#history-detail")  # the newest version is highlighted
        assert "Joost Bakker" in detail and "High-risk sector: — → Yes" in detail
        await pilot.press("up")
        await wait_for(pilot, lambda: "Zoned residential: — → No" in shown(history, "#history-detail"))
        assert "Notes: Tweede bezoek nodig. → Hek bij de ingang kapot." in shown(history, "#history-detail")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen))
        await pilot.press("escape")
        screen = await conflicts_from_home(app, pilot)
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded)
        history = app.screen
        assert isinstance(history, HistoryScreen) and history.record_id == team.ids["site"]
        assert app.screen_stack[-2] is screen


async def test_history_of_a_finding_and_of_an_occupant(team: Team) -> None:
    app = lead_app(team)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.push_screen(FindingsScreen(team.ids["inspection"]))
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, FindingsScreen) and app.screen.query_one("#current", DataTable).row_count > 0
            ),
        )
        app.screen.query_one("#current", DataTable).focus()
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.entity == "findings" and history.record_id == team.ids["finding"]
        detail = shown(app.screen, "#history-detail")
        assert "Eva de Vries" in detail
        assert "Unit: Kamer 2" in detail and "Inspection: Eva de Vries · 2025-03-03" in detail  # names, not ids
        await pilot.press("escape")
        await pilot.press("escape")
        app.push_screen(SiteScreen(team.ids["site"]))
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and app.screen.site is not None)
        site = app.screen
        assert isinstance(site, SiteScreen)
        bedroom = site.units_tree.root
        nodes = [bedroom]
        while nodes:
            node = nodes.pop()
            if node.data == team.ids["bedroom"]:
                site.units_tree.move_cursor(node)
                break
            nodes.extend(node.children)
        await wait_for(pilot, lambda: site.table.row_count > 0)
        site.table.focus()
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.loaded)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.entity == "occupants"
        assert history.record_id in (team.ids["jan"], team.ids["anna"])


def test_conflict_versions_survive_reading_twice(team: Team) -> None:
    from inspect_tui.store import open_db

    db = open_db(team.folder / "lead.db")
    try:
        assert conflict_versions(db, "sites", team.ids["site"]) == conflict_versions(db, "sites", team.ids["site"])
    finally:
        db.close()


async def test_review_marks_a_reopened_inspection_with_reason_and_changes(team: Team) -> None:
    from inspect_tui.domain.enums import AnswerVerdict
    from inspect_tui.store import open_db, save
    from inspect_tui.store.authorship import use_clock
    from inspect_tui.store.workflow import reopen

    db = open_db(team.folder / "lead.db")
    with use_clock(lambda: dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC)):
        reopen(
            db,
            team.ids["inspection"],
            by="Mariam El Amrani",
            reason="Rookmelder opnieuw bekijken",
            now=dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC),
        )
        answer = get(db, Answer, team.ids["answer"])
        assert answer is not None
        save(db, answer.model_copy(update={"value": "no", "verdict": AnswerVerdict.FAIL}))
    db.close()
    app = lead_app(team)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.push_screen(ReviewScreen(dt.date(2025, 3, 3)))
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.summary is not None)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await wait_for(pilot, lambda: review.inspections.row_count == 1)
        row = [str(c) for c in review.inspections.get_row(team.ids["inspection"])]
        assert "↺ reopened: Rookmelder opnieuw bekijken" in row
        review.findings.focus()  # the user goes to the findings and back to the inspections
        await settle(pilot)
        review.inspections.focus()
        await wait_for(pilot, lambda: "Changed since the first signing" in shown(review, "#review-detail"))
        detail = shown(review, "#review-detail")
        assert "Last by Mariam El Amrani on 18-11-2026 10:00: Rookmelder opnieuw bekijken" in detail
        assert "First signed by Eva de Vries" in detail
        assert "Answer: Yes → No" in detail and "Judgement: pass → fail" in detail
