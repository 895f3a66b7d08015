"""Keys that reach the app in one read (a fast typist, a paste without bracketed paste, a remote
terminal) do what they do when typed one by one: a key that moves the focus or opens something
has done so before the next key is routed, and no key is lost or taken out of its order."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from inspect_tui.domain.enums import SiteKind
from inspect_tui.domain.models import Inspection, Site
from inspect_tui.store import open_db, save, transaction
from inspect_tui.store.db import device_id
from inspect_tui.store.revisions import record_local_revision
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.key_hold import HOLD_AT_MOST
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.review_day import DayScreen
from inspect_tui.tui.screens.site_editor import SiteEditor
from inspect_tui.tui.widgets.answer_input import AnswerInput
from tests.helpers.checklist import goto, open_checklist, start
from tests.helpers.review_seed import build_review_day, open_review
from tests.helpers.tui_seed import FIXED_NOW, Seeded, fixed_clock, settle, wait_for
from tests.tui.test_form_keys import burst
from tests.tui.test_home import add_inspections
from tests.tui.test_review import shown_findings


def add_venlo(seeded: Seeded) -> None:
    """A site in Venlo with one inspection, beside the seeded ones (in Wilgendam and Oosterburg)."""
    db = open_db(seeded.path)
    site = Site(name="Logistiek Venlo", kind=SiteKind.WORKPLACE, street="Kanaalweg", house_number=1, city="Venlo")
    save(db, site)
    with transaction(db):
        record_local_revision(
            db,
            Inspection(site_id=site.id, templates=["snf"], inspector="insp9", started_at=FIXED_NOW),
            device_id(db),
        )
    db.close()


async def home_ready(app: InspectApp, pilot: Pilot[Any]) -> HomeScreen:
    home = app.screen
    assert isinstance(home, HomeScreen)
    await wait_for(pilot, lambda: home.inspections.loaded_once and home.sites.loaded_once)
    await settle(pilot)
    assert app.focused is home.inspections
    return home


async def test_slash_and_a_word_in_one_burst_search_for_the_word(seeded: Seeded) -> None:
    """`/venlo` in one read: the letters used to reach the list before `/` had moved the focus
    (`n` opened the new-site form, `e`, `l` and `o` were taken as keys of the list)."""
    add_inspections(seeded, 12)
    add_venlo(seeded)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(app, pilot)
        burst(app, ["slash", *"venlo"])
        await wait_for(pilot, lambda: home.inspections.search == "venlo" and not home.inspections._loading)
        await settle(pilot)
        assert app.screen is home and len(app.screen_stack) == 1  # no form opened by the `n`
        search = home.query_one("#search", Input)
        assert search.value == "venlo" and app.focused is search
        assert home.query_one(TabbedContent).active == "inspections"
        assert home.inspections.total == 1 and home.inspections.row_count == 1
        assert {row.site_name for row in home.inspections._items.values()} == {"Logistiek Venlo"}


async def test_escape_in_the_search_goes_back_to_the_list_keeping_the_search(seeded: Seeded) -> None:
    """esc leaves the search field as it leaves any field (it did nothing there): the list has the
    focus again, the search and its rows stay, and the next letter is a key of the list."""
    add_inspections(seeded, 12)
    add_venlo(seeded)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(app, pilot)
        burst(app, ["slash", *"venlo", "escape"])
        await wait_for(pilot, lambda: home.inspections.search == "venlo" and not home.inspections._loading)
        await settle(pilot)
        assert app.focused is home.inspections
        assert home.query_one("#search", Input).value == "venlo" and home.inspections.row_count == 1
        burst(app, ["t"])  # a key of the list again: the sites
        await wait_for(pilot, lambda: home.query_one(TabbedContent).active == "sites")


async def test_keys_after_the_search_in_one_burst_go_back_to_the_list(seeded: Seeded) -> None:
    """`/`, a word, enter (back to the list) and `t` (switch to the sites) in one read: each key
    where it goes when typed slowly."""
    add_venlo(seeded)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(app, pilot)
        burst(app, ["slash", *"oost", "enter", "t"])
        await wait_for(pilot, lambda: home.query_one(TabbedContent).active == "sites")
        await wait_for(pilot, lambda: home.sites.search == "oost" and not home.sites._loading)
        await settle(pilot)
        assert home.query_one("#search", Input).value == "oost"
        assert app.focused is home.sites and len(app.screen_stack) == 1
        assert {row.name for row in home.sites._items.values()} == {"Slachterij Oost"}


async def test_a_burst_of_list_keys_moves_and_opens_as_typed_one_by_one(seeded: Seeded) -> None:
    add_inspections(seeded, 12)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(app, pilot)
        table = home.inspections
        fourth = table.coordinate_to_cell_key(Coordinate(3, 0)).row_key.value
        burst(app, ["down", "down", "down", "enter"])
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
        await settle(pilot)
        checklist = app.screen
        assert isinstance(checklist, ChecklistScreen)
        assert checklist.inspection_id == fourth
        assert len(app.screen_stack) == 2  # one inspection opened, not two
        assert table.cursor_row == 3


async def test_a_burst_that_opens_a_form_still_fills_it(seeded: Seeded) -> None:
    """`n` and a name in one read: the form opens and gets the name, in order."""
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(app, pilot)
        burst(app, ["n", *"Camping Snel"])
        await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor) and app._held_keys is None)
        editor = app.screen
        assert isinstance(editor, SiteEditor)
        await wait_for(pilot, lambda: editor.form.values()["name"] == "Camping Snel")
        await settle(pilot)
        assert editor.form.values()["name"] == "Camping Snel" and len(app.screen_stack) == 2


async def test_a_search_then_a_new_site_with_its_name_in_one_burst(seeded: Seeded) -> None:
    """Both holds in one read: `/oost` enter (one key at a time), then `n` and a name (held while
    the form opens)."""
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(app, pilot)
        burst(app, ["slash", *"oost", "enter", "n", *"Camping Snel"])
        await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor) and app._held_keys is None)
        editor = app.screen
        assert isinstance(editor, SiteEditor)
        await wait_for(pilot, lambda: editor.form.values()["name"] == "Camping Snel")
        await settle(pilot)
        assert home.query_one("#search", Input).value == "oost" and len(app.screen_stack) == 2


async def test_ctrl_u_and_text_in_one_burst_clears_then_types(seeded: Seeded) -> None:
    """ctrl+u is a binding of the field, run after the key went up to the app; the letters after it
    used to be typed first and cleared with the rest."""
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(app, pilot)
        await pilot.press("slash", *"wil")
        search = home.query_one("#search", Input)
        assert search.value == "wil" and app.focused is search
        burst(app, ["ctrl+u", *"oost"])
        await wait_for(pilot, lambda: home.inspections.search == "oost" and not home.inspections._loading)
        await settle(pilot)
        assert search.value == "oost"
        burst(app, ["backspace", "backspace", *"ek"])  # a correction typed fast
        await wait_for(pilot, lambda: search.value == "ooek")
        await settle(pilot)
        assert search.value == "ooek"


async def test_slash_and_words_in_one_burst_on_the_review_screen(tmp_path: Path) -> None:
    """`/blusdeken` on the review screen: `d` used to open the day dialog, `s` and others to act."""
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_review(app, pilot)
        await settle(pilot)
        burst(app, ["slash", *"blusdeken"])
        await wait_for(pilot, lambda: screen.findings.search == "blusdeken" and not screen.findings._loading)
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#review-search", Input).value == "blusdeken"
        assert shown_findings(screen) == [day.findings["blanket"]]
        assert not isinstance(app.screen, DayScreen)  # `d` did not open the day dialog


async def test_a_note_typed_in_one_burst_with_its_key_on_the_checklist(app: InspectApp, seeded: Seeded) -> None:
    """`m` and the note in one read: the note field opens and gets the whole text."""
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.fire.blanket")
        await settle(pilot)
        burst(app, ["m", *"lekkage boven"])
        typing = screen.query_one(AnswerInput)
        await wait_for(pilot, lambda: typing.value == "lekkage boven")
        await settle(pilot)
        assert typing.value == "lekkage boven" and typing.has_focus
        assert screen.current_item().id == "snf.fire.blanket"  # type: ignore[union-attr]


async def test_a_number_typed_in_one_burst_on_a_number_item(app: InspectApp, seeded: Seeded) -> None:
    """A digit on a number item starts typing the number: the digits after it in the same read
    go into the same field."""
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.living_area")
        await settle(pilot)
        burst(app, [*"125"])
        typing = screen.query_one(AnswerInput)
        await wait_for(pilot, lambda: typing.value == "125")
        await settle(pilot)
        assert typing.value == "125" and typing.has_focus


async def test_slash_and_a_paste_in_one_burst_paste_into_the_search(seeded: Seeded) -> None:
    """A paste right after `/` waits for the focus to move like a key does."""
    add_venlo(seeded)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(app, pilot)
        app.post_message(events.Key("slash", "/"))
        app.post_message(events.Paste("venlo"))
        app.post_message(events.Key("x", "x"))
        await wait_for(pilot, lambda: home.inspections.search == "venlox" and not home.inspections._loading)
        await settle(pilot)
        assert home.query_one("#search", Input).value == "venlox" and len(app.screen_stack) == 1


async def test_keys_behind_a_key_whose_handling_never_ends_go_on_after_a_second(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key whose handling hangs holds the keys typed after it for HOLD_AT_MOST, no longer."""
    gate = asyncio.Event()
    hung = []

    async def on_key(self: HomeScreen, event: events.Key) -> None:
        if event.key == "f12":
            hung.append(event)
            await gate.wait()

    monkeypatch.setattr(HomeScreen, "on_key", on_key)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(app, pilot)
        await pilot.press("slash")
        search = home.query_one("#search", Input)
        assert app.focused is search
        began = time.monotonic()
        burst(app, ["f12", *"ab"])  # f12 goes up from the field to the screen, which hangs on it
        try:
            while search.value != "ab" and time.monotonic() - began < 10:
                await asyncio.sleep(0.02)
            waited = time.monotonic() - began
            assert hung and search.value == "ab"
            assert HOLD_AT_MOST <= waited < HOLD_AT_MOST + 3, waited
        finally:
            gate.set()
        await settle(pilot)
        assert search.value == "ab"
