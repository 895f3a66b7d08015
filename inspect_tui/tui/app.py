"""The Textual app and the one factory that builds it (for the CLI, the tests and the benchmark)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from inspect_tui.tui.access import DbAccess
from inspect_tui.tui.commands import InspectCommands
from inspect_tui.tui.i18n import _, localise_bindings, set_language

if TYPE_CHECKING:
    from inspect_tui.store.queries import Page

Clock = Callable[[], dt.datetime]
"""Where the app reads the time (injected by tests for stable output)."""

FIRST_PAGE_WAIT = 0.5
"""Seconds the home screen waits for the first page read at start-up before reading it itself."""

RESUME_KEY = "tui.resume"
"""Meta key holding "<inspection id> <item id>": where the inspector was working."""


class InspectApp(App[None]):
    """Inspect labour-migrant housing and workplaces, offline."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))  # absolute, so subclasses elsewhere find it
    TITLE = "inspect-tui"
    COMMANDS: ClassVar = App.COMMANDS | {InspectCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "keymap", "Keys", id="app.keymap", tooltip="Show every key of this screen and the app"),
        Binding("question_mark", "keymap", "Keys", show=False, id="app.keymap_question"),
        Binding("ctrl+n", "new_site", "New site", show=False, id="app.new_site", tooltip="Create a site"),
    ]

    def __init__(self, db_path: Path | str | None, *, lang: str | None = None, clock: Clock | None = None) -> None:
        self.lang = set_language(lang)
        super().__init__()
        self.db = DbAccess(db_path)
        self.db_path = db_path
        self.clock: Clock = clock or dt.datetime.now
        self.sub_title = Path(db_path).name if db_path is not None else _("in memory")
        self._palette: dict[str, str] = {}
        self._palette_theme = ""
        self._started = False
        self._first_page: Future[tuple[Page[Any], int]] | None = None
        if db_path is not None:
            self._first_page = Future()
            threading.Thread(
                target=self._read_first_page, args=(self._first_page,), name="first-page", daemon=True
            ).start()
        localise_bindings(self)

    def get_default_screen(self) -> Screen[None]:
        from inspect_tui.tui.screens.home import HomeScreen

        return HomeScreen()

    def _read_first_page(self, future: Future[tuple[Page[Any], int]]) -> None:
        """Read the home list's first page (as many rows as the terminal shows) and its count
        while Textual builds the interface, so both are painted in the first frame."""
        import shutil

        from inspect_tui.store import queries
        from inspect_tui.tui.widgets.paged_table import FIRST_PAGE_MARGIN

        rows = shutil.get_terminal_size().lines + FIRST_PAGE_MARGIN
        try:
            with self.db.reading() as db:
                page = queries.inspections_page(db, search="", after=None, limit=rows)
                future.set_result((page, queries.count_inspections(db, search="")))
        except Exception as exc:  # the home screen reads it again and reports what is wrong
            future.set_exception(exc)

    def first_page(self) -> tuple[Page[Any], int] | None:
        """The home list's first page read at start-up and its count (once), or None to read it now."""
        future, self._first_page = self._first_page, None
        if future is None:
            return None
        try:
            return future.result(timeout=FIRST_PAGE_WAIT)
        except Exception:
            return None

    def first_screen_ready(self) -> None:
        """The home lists are painted: now open the full store and resume where work stopped.

        Waiting until then keeps loading sqlite-utils and the models off the first paint.
        """
        if not self._started:
            self._started = True
            self.resume()

    def on_unmount(self) -> None:
        self.db.close()

    def palette(self) -> dict[str, str]:
        """The theme's colours, for coloured table cells (follows a theme change)."""
        if self._palette_theme != self.theme:
            self._palette = self.get_css_variables()
            self._palette_theme = self.theme
        return self._palette

    def today(self) -> dt.date:
        """Today by the app's clock."""
        return self.clock().date()

    @work(thread=True, group="resume", exit_on_error=False)
    def resume(self) -> None:
        """Go back to the inspection that was open when the app last stopped (quit or killed)."""
        from inspect_tui.store.db import get_meta

        with self.db() as db:
            point = get_meta(db, RESUME_KEY)
            if not point:
                return
            inspection_id, _sep, item_id = point.partition(" ")
            row = db.execute("SELECT status FROM inspections WHERE id = ?", [inspection_id]).fetchone()
        if row is None or row[0] not in ("draft", "returned"):
            return
        self.call_from_thread(self.open_inspection, inspection_id, item_id or None, resumed=True)

    def open_inspection(self, inspection_id: str, item_id: str | None = None, *, resumed: bool = False) -> None:
        """Show the checklist of an inspection."""
        from inspect_tui.tui.screens.checklist import ChecklistScreen

        self.push_screen(ChecklistScreen(inspection_id, item_id=item_id))
        if resumed:
            self.notify(_("Resumed the inspection you were working on."), title=_("Welcome back"))

    def open_site(self, site_id: str) -> None:
        """Show a site with its units and occupants."""
        from inspect_tui.tui.screens.site import SiteScreen

        self.push_screen(SiteScreen(site_id))

    def action_keymap(self) -> None:
        from inspect_tui.tui.screens.keymap import KeymapScreen

        if not isinstance(self.screen, KeymapScreen):
            self.push_screen(KeymapScreen(self.screen))

    def action_new_site(self) -> None:
        from inspect_tui.tui.screens.site_editor import SiteEditor

        def opened(site_id: str | None) -> None:
            if site_id is not None:
                self.open_site(site_id)

        self.push_screen(SiteEditor(None), opened)

    def action_new_inspection(self, site_id: str | None = None) -> None:
        """Start an inspection; without a site, pick one first."""
        from inspect_tui.tui.screens.inspection_start import StartInspection
        from inspect_tui.tui.screens.site_picker import SitePicker

        def started(inspection_id: str | None) -> None:
            if inspection_id is not None:
                self.open_inspection(inspection_id)

        def picked(chosen: str | None) -> None:
            if chosen is not None:
                self.push_screen(StartInspection(chosen), started)

        if site_id is None:
            self.push_screen(SitePicker(), picked)
        else:
            picked(site_id)

    def action_export_bundle(self) -> None:
        from inspect_tui.tui.screens.export import ExportScreen

        self.push_screen(ExportScreen())


def make_app(db_path: Path | str | None, *, lang: str | None = None, clock: Clock | None = None) -> InspectApp:
    """Build the app on a database (the CLI, the tests and the benchmark all start here)."""
    return InspectApp(db_path, lang=lang, clock=clock)
