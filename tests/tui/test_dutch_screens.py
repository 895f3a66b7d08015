"""Every screen and dialog in Dutch shows no known English text (issue: Dutch all the way through).

Each screen is opened as a user would, its rendered text is read from the terminal, and a list of
English words and phrases the interface is known to have leaked before must not be in it
(`tests.helpers.dutch_text`). The screens of the 80×24 snapshots are read at 120×40 by the Dutch
snapshot tests themselves (`tests/snapshots/test_small_terminal.py`, one session per screen);
here are the dialogs and states those leave out, and the few screens whose 80×24 drawing a
trip to 120×40 would change (`READ_APART`), each in a session of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.i18n import localise_textual, set_language
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.review import ReviewScreen
from tests.helpers.dutch_text import dump, english_in, screen_text
from tests.helpers.review_seed import ReviewDay, build_review_day, copy_review_day
from tests.helpers.tui_seed import fixed_clock, wait_for
from tests.snapshots.test_small_terminal import (
    READ_APART,
    SCREENS,
    Opener,
    checklist,
    on_checklist,
    on_review,
    review,
    settle,
    site,
)


def test_the_check_finds_english() -> None:
    """The check itself: each kind of leak is caught, Dutch text and ids are not."""
    assert english_in("Cursor up  ▏ Locaties") == {"Cursor up"}
    assert english_in("^q  Stoppen  Quit the app and return to the command prompt.") >= {
        "Quit the app and return to the command prompt."
    }
    assert english_in("9.6 m² per persoon") >= {"9.6 m²"}
    assert english_in("termijn 2026-11-30") == {"2026-11-30"}
    assert english_in("3 persons") == {"persons"}
    assert english_in("9,6 m² · 3 personen · 30-11-2026 · snf.space.beds · v2021.1 · Bevindingen") == set()
    assert english_in("/home/inspector/inspect-tui-reports/2024-05-14-findings.csv") == set()
    assert english_in("Geen bedden. Back.") == {"Back"}
    assert english_in("Huis 12    gebouw  3  13.3") == {"13.3"}
    assert english_in("snf 2021.2: SNF 2021 · 13,3") == set()


async def occupant_editor(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await site(app, pilot, day)
    await pilot.press("down")
    await settle(pilot)
    await pilot.press("p")


async def unit_editor(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await site(app, pilot, day)
    await pilot.press("down")
    await settle(pilot)
    await pilot.press("a")


async def unit_editor_error(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    """A bad figure in the unit editor: the inline message is Dutch."""
    await unit_editor(app, pilot, day)
    await wait_for(pilot, lambda: bool(app.screen.query(Input)))
    await settle(pilot)
    fields = list(app.screen.query(Input))
    for field in fields:
        if field.id and any(word in field.id for word in ("label",)):
            field.value = "K9"
        elif field.id and any(word in field.id for word in ("beds", "toilets", "area")):
            field.value = "-3"
    await pilot.press("ctrl+s")


async def complete_dialog(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await checklist(app, pilot, day)
    await pilot.press("c")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "CompleteScreen")


def review_detail(row: int, *, start: int = 0) -> Opener:
    """The review with the finding of a row in the detail pane (findings sorted by severity:
    1 too little living area per person, a measured item; 2 a shared bedroom, a unit with its
    persons; 4 an item answered n.a.). With a start row, the review is already open with the
    cursor on that row of the findings, and the cursor goes down from there."""

    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        if start == 0:
            await review(app, pilot, day)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        if start == 0:
            await pilot.press("tab")  # from the search field to the findings
        assert screen.findings.cursor_row == start
        for _row in range(start, row):
            await pilot.press("down")
            await settle(pilot)
        await wait_for(pilot, lambda: screen.findings.cursor_row == row and screen.detail_id is not None)
        wanted = screen.findings.selected()
        assert wanted is not None and screen.detail_id == wanted.id

    return opener


async def palette(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await review(app, pilot, day)
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "CommandPalette")


async def checklist_keys(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await checklist(app, pilot, day)
    await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
    await pilot.press("f1")


EXTRA: dict[str, Opener] = {
    "unit_editor": unit_editor,
    "unit_editor_error": unit_editor_error,
    "occupant_editor": occupant_editor,
    "complete": complete_dialog,
    "checklist_detail": on_checklist("down", "down", "s"),
    "palette": palette,
    "checklist_keys": checklist_keys,
    "review_keys": on_review("f1"),
}

ALL: dict[str, Opener] = {**{name: SCREENS[name] for name in READ_APART}, **EXTRA}


@pytest.fixture(scope="module")
def built_day(tmp_path_factory: pytest.TempPathFactory) -> ReviewDay:
    """The day built once; each test works on a copy of it (the same ids)."""
    return build_review_day(tmp_path_factory.mktemp("day"))


@pytest.fixture
def dutch() -> Any:
    yield
    set_language("en")
    localise_textual()


@pytest.mark.parametrize("name", list(ALL))
async def test_dutch_screen_shows_no_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dutch: Any, built_day: ReviewDay, name: str
) -> None:
    monkeypatch.setenv("HOME", "/home/inspector")
    day = copy_review_day(built_day, tmp_path)
    app = make_app(day.path, lang="nl", clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ALL[name](app, pilot, day)
        await settle(pilot)
        text = screen_text(app)
    dump(name, text)
    assert len(text.split()) > 5, f"{name}: the screen is empty"
    assert english_in(text) == set(), f"{name} shows English:\n{text}"


DETAIL_ROWS = {"review_detail_measured": 1, "review_detail_unit": 2, "review_detail_na": 4}
"""Rows of the review's findings whose detail pane is read (see `review_detail`), in order."""


async def test_dutch_review_details_show_no_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dutch: Any, built_day: ReviewDay
) -> None:
    """The detail pane of each finding in DETAIL_ROWS, read in one session going down the rows
    (the keys a user presses from the first row to each of them, as in a session per row)."""
    monkeypatch.setenv("HOME", "/home/inspector")
    day = copy_review_day(built_day, tmp_path)
    app = make_app(day.path, lang="nl", clock=fixed_clock)
    texts: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        at = 0
        for name, row in DETAIL_ROWS.items():
            await review_detail(row, start=at)(app, pilot, day)
            await settle(pilot)
            texts[name] = screen_text(app)
            at = row
    for name, text in texts.items():
        dump(name, text)
        assert len(text.split()) > 5, f"{name}: the screen is empty"
        assert english_in(text) == set(), f"{name} shows English:\n{text}"
    # figures with a decimal comma, a rule's version as it is
    measured = texts["review_detail_measured"]
    assert "13,3 m²/p" in measured and "2021.2" in measured and "2021,2" not in measured, measured


async def test_the_same_screens_in_english_are_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_day: ReviewDay
) -> None:
    """The check reads what the terminal shows: the English home screen and review detail fail it."""
    monkeypatch.setenv("HOME", "/home/inspector")
    day = copy_review_day(built_day, tmp_path)
    app = make_app(day.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await review_detail(1)(app, pilot, day)
        await settle(pilot)
        text = screen_text(app)
    assert {"Back", "Threshold", "Photos", "13.3 m²"} <= english_in(text)
