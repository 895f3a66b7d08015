"""Every screen and dialog at 80×24, in English and Dutch: keys whole in the footer, fields in view.

Deterministic: seeded ids, a frozen clock, no cursor blink, a fixed home folder.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.review import ReviewScreen
from inspect_tui.tui.screens.site import SiteScreen
from tests.helpers.review_seed import ReviewDay, build_review_day, copy_review_day
from tests.helpers.tui_seed import fixed_clock, wait_for
from tests.helpers.tui_seed import settle as settled

Opener = Callable[[InspectApp, Any, ReviewDay], Awaitable[None]]


async def settle(pilot: Any) -> None:
    """Reads finished and painted (a dialog fills itself in a worker): waited for, not slept on."""
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.screen, "shown", True) is not None)  # a form: loaded
    await pilot.wait_for_scheduled_animations()
    await settled(pilot)


async def home(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, HomeScreen)
            and bool(app.screen.query("#sites-table"))
            and app.screen.sites.loaded_once
        ),
    )


async def sites(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await home(app, pilot, day)
    await pilot.press("2")


def on_home(*keys: str) -> Opener:
    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        await home(app, pilot, day)
        await pilot.press(*keys)

    return opener


async def site(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await home(app, pilot, day)
    app.open_site(day.seeded.site_id)
    await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and len(app.screen.units) > 0)


def on_site(*keys: str) -> Opener:
    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        await site(app, pilot, day)
        await pilot.press("down")
        await settle(pilot)
        await pilot.press(*keys)

    return opener


def on_site_until(key: str, selector: str, done: Callable[[Any], bool]) -> Opener:
    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        await site(app, pilot, day)
        await pilot.press(key)
        await wait_for(pilot, lambda: any(done(w) for w in app.screen.query(selector)))

    return opener


async def checklist(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await home(app, pilot, day)
    app.open_inspection(day.draft)
    await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)


def on_checklist(*keys: str) -> Opener:
    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        await checklist(app, pilot, day)
        await pilot.press(*keys)

    return opener


def on_checklist_until(key: str, selector: str) -> Opener:
    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        await checklist(app, pilot, day)
        await pilot.press(key)
        await wait_for(pilot, lambda: any(str(w.content) for w in app.screen.query(selector).results(Static)))
        name = app.screen.query("#complete-name").results(Input)
        await wait_for(pilot, lambda: all(w.value for w in name))

    return opener


async def review(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await home(app, pilot, day)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.summary is not None)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    await wait_for(pilot, lambda: screen.findings.loaded_once and not screen.findings._loading)


def on_review(*keys: str) -> Opener:
    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        await review(app, pilot, day)
        await pilot.press(*keys)

    return opener


async def export(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await home(app, pilot, day)
    app.action_export_bundle()
    await wait_for(pilot, lambda: bool(app.screen.query("#export-folder")))
    app.screen.query_one("#export-folder", Input).value = "/media/usb"
    await wait_for(pilot, lambda: str(app.screen.query_one("#export-warning", Static).content) != "")


async def site_picker(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await home(app, pilot, day)
    app.action_new_inspection()


SCREENS: dict[str, Opener] = {
    "home": home,
    "home_sites": sites,
    "site_editor": on_home("n"),
    "keymap": on_home("f1"),
    "site_picker": site_picker,
    "export": export,
    "site": site,
    # The unit, occupant and remove dialogs over the site: their timing on a loaded machine is not
    # yet stable enough for a snapshot; test_fit_dialogs checks the forms' footer and esc.
    "start_inspection": on_site_until("i", "SelectionList", lambda w: w.option_count > 0),
    "checklist": checklist,
    # The complete-and-sign dialog: tests/tui/test_fit_small.py (its summary streams in).
    "finding_editor": on_checklist("f"),
    "findings": on_checklist("F"),
    "occupancy": on_checklist("o"),
    "review": review,
    "approve": on_review("a"),
    "send_back": on_review("b"),
    "choose_day": on_review("d"),
    "day_summary": on_review("g"),
    "report": on_review("p"),
    "export_findings": on_review("x"),
    "import": on_review("I"),
    "conflicts": on_review("C"),
}


@pytest.fixture(scope="module")
def built_day(tmp_path_factory: pytest.TempPathFactory) -> ReviewDay:
    """The day built once; each test works on a copy of it."""
    return build_review_day(tmp_path_factory.mktemp("day"))


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_80x24(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_day: ReviewDay, name: str, lang: str
) -> None:
    monkeypatch.setenv("HOME", "/home/inspector")
    day = copy_review_day(built_day, tmp_path)
    monkeypatch.chdir(day.path.parent)  # the database's path as typed, the same on every machine
    app = make_app(Path(day.path.name), lang=lang, clock=fixed_clock)

    async def ready(pilot: Any) -> None:
        await SCREENS[name](app, pilot, day)
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
    finally:
        set_language("en")
