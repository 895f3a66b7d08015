"""Every screen and dialog at 80×24, in English and Dutch: keys whole in the footer, fields in view.

The Dutch screens are read again at 120×40 in the same session (then drawn at 80×24 again for the
snapshot): they show no known English text (`tests.helpers.dutch_text`; the dialogs these tests
leave out are checked in `tests/tui/test_dutch_screens.py`).

Deterministic: seeded ids, a frozen clock, no cursor blink, a fixed home folder.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from inspect_tui.tui import messages
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.i18n import _, set_language
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.complete import CompleteScreen
from inspect_tui.tui.screens.confirm import ConfirmScreen
from inspect_tui.tui.screens.finding_editor import FindingEditor
from inspect_tui.tui.screens.findings import FindingsScreen
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.occupant_editor import OccupantEditor
from inspect_tui.tui.screens.reason import ReasonScreen
from inspect_tui.tui.screens.reopen import ReopenScreen
from inspect_tui.tui.screens.review import ReviewScreen
from inspect_tui.tui.screens.site import SiteScreen
from inspect_tui.tui.screens.site_editor import SiteEditor
from inspect_tui.tui.screens.unit_editor import UnitEditor
from tests.helpers.dutch_text import dump, english_in, screen_text
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


def over_site(make: Callable[[ReviewDay], Any], dialog: type) -> Opener:
    """A dialog over the site screen, opened by its message once the site and its units are shown."""

    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        await site(app, pilot, day)
        screen = app.screen
        assert isinstance(screen, SiteScreen)
        await wait_for(pilot, lambda: screen.selected_unit() is not None)
        await settle(pilot)
        app.post_message(make(day))
        await wait_for(pilot, lambda: isinstance(app.screen, dialog) and getattr(app.screen, "shown", True) is not None)

    return opener


async def complete_dialog(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await checklist(app, pilot, day)
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, CompleteScreen))
    dialog = app.screen
    await wait_for(pilot, lambda: str(dialog.query_one("#complete-summary", Static).content) != "")
    await wait_for(pilot, lambda: dialog.query_one("#complete-name", Input).value != "")


async def complete_unrecorded(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    """The sign dialog over failed critical items that have no finding (the housing, reopened)."""
    from inspect_tui.store import open_db
    from inspect_tui.store.workflow import answer_item, reopen

    db = open_db(day.path)
    try:
        reopen(db, day.housing, "Inspecteur Jansen", "Brandveiligheid opnieuw bekeken", now=fixed_clock())
        answer_item(db, day.housing, "snf.fire.escape_routes", "no")
        answer_item(db, day.housing, "snf.fire.smoke_detectors", "no")
    finally:
        db.close()
    await home(app, pilot, day)
    app.open_inspection(day.housing)
    await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, CompleteScreen))
    dialog = app.screen
    await wait_for(pilot, lambda: dialog.query_one("#record-finding").display)
    await wait_for(pilot, lambda: dialog.query_one("#complete-name", Input).value != "")


async def reopen_dialog(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await home(app, pilot, day)
    app.open_inspection(day.housing)  # completed and signed
    await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
    await pilot.press("R")
    await wait_for(pilot, lambda: isinstance(app.screen, ReopenScreen))


async def finding_edit(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await checklist(app, pilot, day)
    await pilot.press("F")
    await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen) and app.screen.query("DataTable"))
    await settle(pilot)
    app.post_message(messages.EditFinding(day.draft, day.findings["akf"]))
    await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor) and app.screen.existing is not None)


async def discard_question(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await home(app, pilot, day)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, SiteEditor) and app.screen.shown is not None)
    await pilot.press(*"Camping")
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))


async def review(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    await home(app, pilot, day)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.summary is not None)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    await wait_for(pilot, lambda: screen.findings.loaded_once and not screen.findings._loading)
    # The finding under the cursor is read into the detail pane by a worker of its own: shown
    # before a dialog opens over the screen, so every snapshot shows the same pane.
    await wait_for(pilot, lambda: screen.findings.row_count == 0 or screen.detail_id is not None)
    await settle(pilot)
    if screen.findings.row_count and screen.focused is screen.findings:
        finding = screen.findings.selected()
        detail = screen.query_one("#review-detail", Static)
        # The pane shows the finding under the cursor, not the inspection's history.
        await wait_for(pilot, lambda: finding is not None and finding.description[:15] in str(detail.content))
        await settle(pilot)


async def import_new_signer(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    """The import dialog stopped at a signer it has not seen: the fingerprint and how to accept it."""
    from inspect_tui.tui.screens.import_bundles import ImportBundlesScreen

    await review(app, pilot, day)
    await pilot.press("I")
    await wait_for(pilot, lambda: isinstance(app.screen, ImportBundlesScreen))
    screen = app.screen
    assert isinstance(screen, ImportBundlesScreen)
    screen._confirm("1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d", "5f0c1d2e-aaaa-bbbb-cccc-000000000000")


async def photo_picker(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
    """The photo picker on a folder of two photos, a sub-folder and a file that is not a photo (left out)."""
    from inspect_tui.tui.screens.photo_picker import ImageTree, PhotoPicker
    from tests.helpers.photo_bytes import jpeg_bytes, png_bytes

    os.chdir(day.path.parent)  # the folder as typed, the same on every machine (the test's cwd is restored after it)
    folder = Path("fotos")
    (folder / "slaapkamers").mkdir(parents=True)
    (folder / "kamer-1.jpg").write_bytes(jpeg_bytes())
    (folder / "gang.png").write_bytes(png_bytes())
    (folder / "notities.txt").write_text("geen foto")
    await checklist(app, pilot, day)
    app.push_screen(PhotoPicker(folder))
    await wait_for(pilot, lambda: isinstance(app.screen, PhotoPicker))
    tree = app.screen.query_one(ImageTree)
    await wait_for(pilot, lambda: len(tree.root.children) == 3)


def keep_version(day: ReviewDay) -> messages.Confirm:
    """The conflicts screen's keep question: the version chosen named by person, device and time."""
    question = _("Keep version {number} of {kind} {label}? The other versions stay in the history.").format(
        number=2, kind=_("unit"), label="Kamer 1"
    )
    return messages.Confirm(
        _("Resolve conflict"), question + "\n2 · Eva de Vries · laptop-eva · 17-11-2026 10:30", default_yes=True
    )


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


def reason_dialog(open_screen: Callable[[InspectApp, Any, ReviewDay], Awaitable[None]], *keys: str) -> Opener:
    """The reason dialog (delete, extend, withdraw) over a screen: asked once the refusals were checked."""

    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        await open_screen(app, pilot, day)
        await pilot.press(*keys)
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonScreen))

    return opener


def findings_of(which: str) -> Callable[[InspectApp, Any, ReviewDay], Awaitable[None]]:
    async def opener(app: InspectApp, pilot: Any, day: ReviewDay) -> None:
        await home(app, pilot, day)
        app.post_message(messages.OpenFindings(getattr(day, which)))
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen) and len(app.screen.current) > 0)
        app.screen.query_one("#current").focus()

    return opener


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
    "site_edit": over_site(lambda day: messages.EditSite(day.seeded.site_id), SiteEditor),
    "unit_new": over_site(
        lambda day: messages.EditUnit(None, day.seeded.site_id, day.seeded.house_id, "bedroom"), UnitEditor
    ),
    "unit_edit": over_site(lambda day: messages.EditUnit(day.seeded.house_id, day.seeded.site_id, None), UnitEditor),
    "occupant_new": over_site(lambda day: messages.EditOccupant(None, day.seeded.bedroom_ids[0]), OccupantEditor),
    "occupant_edit": over_site(
        lambda day: messages.EditOccupant(day.seeded.occupant_ids[0], day.seeded.bedroom_ids[0]), OccupantEditor
    ),
    "remove": over_site(
        lambda day: messages.Confirm(_("Remove"), _("Remove unit {label}?").format(label="Kamer 1")), ConfirmScreen
    ),
    "discard": discard_question,
    "keep_version": over_site(keep_version, ConfirmScreen),
    "start_inspection": on_site_until("i", "SelectionList", lambda w: w.option_count > 0),
    "checklist": checklist,
    "complete": complete_dialog,
    "complete_unrecorded": complete_unrecorded,
    "reopen": reopen_dialog,
    "finding_edit": finding_edit,
    "photo_picker": photo_picker,
    "finding_editor": on_checklist("f"),
    "findings": on_checklist("F"),
    "occupancy": on_checklist("o"),
    "delete_draft": reason_dialog(checklist, "D"),
    "extend_deadline": reason_dialog(findings_of("draft"), "x"),
    "withdraw_finding": reason_dialog(findings_of("workplace"), "w"),
    "review": review,
    "approve": on_review("a"),
    "send_back": on_review("b"),
    "comment": on_review("c"),
    "choose_day": on_review("d"),
    "day_summary": on_review("g"),
    "report": on_review("p"),
    "export_findings": on_review("x"),
    "import": on_review("I"),
    "import_new_signer": import_new_signer,
    "conflicts": on_review("C"),
}


@pytest.fixture(scope="module")
def built_day(tmp_path_factory: pytest.TempPathFactory) -> ReviewDay:
    """The day built once; each test works on a copy of it."""
    return build_review_day(tmp_path_factory.mktemp("day"))


FULL_SIZE = (120, 40)
"""Where the Dutch screens are read as text too: the size most screens show all their parts at."""

READ_APART = ("checklist", "complete", "delete_draft", "finding_editor", "photo_picker", "report")
"""Screens that a trip to 120×40 and back leaves drawn otherwise at 80×24 (the checklist under a
dialog scrolled elsewhere, a long file name scrolled in its field): their Dutch text is read in a
session of its own (`tests/tui/test_dutch_screens.py`)."""


async def text_at_full_size(pilot: Any) -> str:
    """What the top screen shows at 120×40; the terminal is then 80×24 again, as before."""
    await pilot.resize_terminal(*FULL_SIZE)
    await settle(pilot)
    text = screen_text(pilot.app)
    await pilot.resize_terminal(80, 24)
    await settle(pilot)
    return text


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_80x24(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_day: ReviewDay, name: str, lang: str
) -> None:
    monkeypatch.setenv("HOME", "/home/inspector")
    day = copy_review_day(built_day, tmp_path)
    monkeypatch.chdir(day.path.parent)  # the database's path as typed, the same on every machine
    app = make_app(Path(day.path.name), lang=lang, clock=fixed_clock)
    full_size: list[str] = []

    async def ready(pilot: Any) -> None:
        await SCREENS[name](app, pilot, day)
        await settle(pilot)
        if lang == "nl" and name not in READ_APART:
            full_size.append(await text_at_full_size(pilot))

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
    finally:
        set_language("en")
    if lang == "nl" and name not in READ_APART:
        (text,) = full_size
        dump(name, text)
        assert len(text.split()) > 5, f"{name}: the screen is empty"
        assert english_in(text) == set(), f"{name} shows English:\n{text}"
