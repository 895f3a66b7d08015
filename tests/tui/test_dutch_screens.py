"""Every screen and dialog in Dutch shows no known English text (issue: Dutch all the way through).

Each screen is opened as a user would (the same openers as the 80×24 snapshots, plus the dialogs
those leave out), its rendered text is read from the terminal, and a list of English words and
phrases the interface is known to have leaked before must not be in it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.i18n import localise_textual, set_language
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.review import ReviewScreen
from tests.helpers.review_seed import ReviewDay, build_review_day, copy_review_day
from tests.helpers.tui_seed import fixed_clock, wait_for
from tests.snapshots.test_small_terminal import (
    SCREENS,
    Opener,
    checklist,
    on_checklist,
    on_review,
    review,
    settle,
    site,
)

KNOWN_ENGLISH = (
    # Textual's own keys and palette
    "Cursor up",
    "Cursor down",
    "Page up",
    "Page down",
    "Focus Next",
    "Focus Previous",
    "Copy selected text",
    "Search for commands",
    "Screenshot",
    "Maximize",
    "Change theme",
    "Quit the application",
    "palette",
    # the interface's own words
    "Sites",
    "Inspections",
    "New site",
    "Back",
    "Cancel",
    "Save",
    "Findings",
    "Finding",
    "Severity",
    "Deadline",
    "deadline",
    "Description",
    "Inspector",
    "Occupancy",
    "Photos",
    "Source",
    "Threshold",
    "Measured",
    "Answer",
    "Note",
    "Complete",
    "Sign",
    "Approve",
    "Send back",
    "Export",
    "Import",
    "Conflicts",
    "Keys",
    "Search",
    "Review",
    "persons",
    "bedrooms",
    "toilets",
    "beds",
    "units",
    "none",
    "open conflicts",
    "draft",
    "completed",
    "returned",
    "approved",
    "critical",
    "serious",
    "minor",
    "resolved",
    "n/a",
    "Input should",
    "Value error",
    "required",
    "Loading",
)
"""English words the Dutch interface must not show (whole words, case-sensitive)."""


def _textual_texts() -> set[str]:
    """Every text Textual itself shows (key descriptions and tooltips, palette texts): none may show in Dutch."""
    from inspect_tui.tui.i18n import TEXTUAL_TEXTS

    return {text for text in TEXTUAL_TEXTS if len(text) > 4 and text not in ("Status",)}


KNOWN_TEXTUAL = _textual_texts()

_DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+ ?(?:m²|m2|m³|l\b|%)")
"""A figure with a decimal point and a unit: Dutch writes 9,6 m²."""
_BARE_DECIMAL = re.compile(r"(?<![\w.])\d{1,3}\.\d+(?![\w.])")
"""A figure in a table column (``13.3``); a rule's version (``2021.2``) has a year before its dot."""
_ISO_DATE = re.compile(r"(?<![/\w-])20\d\d-\d\d-\d\d(?![\w-])")
"""An ISO date: Dutch screens show dd-mm-jjjj (a file name that starts with one is a machine name)."""


def screen_text(app: InspectApp) -> str:
    """What the terminal shows of the top screen, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def english_in(text: str) -> set[str]:
    found = {
        word
        for word in (*KNOWN_ENGLISH, *KNOWN_TEXTUAL)
        if re.search(rf"(?<![\w.-]){re.escape(word)}(?![\w-]|\.\w)", text)
    }
    found |= set(_DECIMAL_POINT.findall(text))
    found |= set(_BARE_DECIMAL.findall(text))
    found |= set(_ISO_DATE.findall(text))
    return found


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


def review_detail(row: int) -> Opener:
    """The review with the finding of a row in the detail pane (findings sorted by severity:
    1 too little living area per person, a measured item; 2 a shared bedroom, a unit with its
    persons; 4 an item answered n.a.)."""

    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        await review(app, pilot, day)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("tab")  # from the search field to the findings
        for _row in range(row):
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
    "review_detail_measured": review_detail(1),
    "review_detail_unit": review_detail(2),
    "review_detail_na": review_detail(4),
    "palette": palette,
    "checklist_keys": checklist_keys,
    "review_keys": on_review("f1"),
}

ALL: dict[str, Opener] = {**SCREENS, **EXTRA}

DUMP = os.environ.get("INSPECT_TUI_DUMP_SCREENS")
"""A folder to write each screen's text to (to read what a screen shows while changing it)."""


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
    if DUMP:
        Path(DUMP).mkdir(parents=True, exist_ok=True)
        (Path(DUMP) / f"{name}.txt").write_text(text, encoding="utf-8")
    assert len(text.split()) > 5, f"{name}: the screen is empty"
    assert english_in(text) == set(), f"{name} shows English:\n{text}"
    if name == "review_detail_measured":  # figures with a decimal comma, a rule's version as it is
        assert "13,3 m²/p" in text and "2021.2" in text and "2021,2" not in text, text


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
