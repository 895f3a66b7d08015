"""The Textual app and the one factory that builds it (for the CLI, the tests and the benchmark).

The app is where navigation is decided: screens post the messages of ``tui.messages`` and the
handlers here push the screen or dialog asked for. Screens are imported where they are shown,
so start-up loads only the first one. The handlers are found by name (``on_open_site`` for
``OpenSite``, Textual's rule), so start-up does not load the message classes either.
``app_dialogs`` (the dialogs screens ask for), ``app_undo`` (ctrl+z after a deletion) and
``palette`` (the theme's colours for Rich) are parts of the app beside it.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from inspect_tui.i18n import N_
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.i18n.summer_time import amsterdam_now
from inspect_tui.tui.access import DbAccess
from inspect_tui.tui.app_dialogs import AppDialogs
from inspect_tui.tui.app_undo import AppUndo
from inspect_tui.tui.context import Clock
from inspect_tui.tui.i18n import _, localise_bindings, localise_textual, set_language
from inspect_tui.tui.key_hold import KeyHold
from inspect_tui.tui.palette import LazyPalette

if TYPE_CHECKING:
    from textual.command import Provider

    from inspect_tui.store.queries import Page
    from inspect_tui.tui import messages as msg

__all__ = ["Clock", "InspectApp", "make_app"]

READ_ONLY_REASONS = (
    N_("the file is read-only"),
    N_("the file cannot be written"),
    N_("its folder cannot be written"),
    N_("the disk is full"),
)
"""What store.readonly.why_read_only says, for the catalog."""


def inspect_commands() -> type[Provider]:
    """The palette's provider of the app's commands, loaded when the palette first opens."""
    from inspect_tui.tui.commands import InspectCommands

    return InspectCommands


FIRST_PAGE_WAIT = 0.5
"""Seconds the home screen waits for the first page read at start-up before reading it itself."""
COLLECTOR_PAUSE_LIMIT = 3.0
"""Seconds after mounting at most that the garbage collector stays paused (see collector_paused),
should the home lists never be painted (a database that cannot be read)."""


class InspectApp(KeyHold, AppDialogs, AppUndo):
    """Inspect labour-migrant housing and workplaces, offline."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))  # absolute, so subclasses elsewhere find it
    TITLE = "inspect-tui"
    COMMANDS: ClassVar = App.COMMANDS | {inspect_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "keymap", "Keys", id="app.keymap", tooltip="Show every key of this screen and the app"),
        Binding("question_mark", "keymap", "Keys", show=False, id="app.keymap_question"),
        Binding("ctrl+n", "new_site", "New site", show=False, id="app.new_site", tooltip="Create a site"),
        Binding(
            "ctrl+z",
            "undo_delete",
            "Undo delete",
            show=False,
            id="app.undo_delete",
            tooltip="Bring back what was deleted last (this session)",
        ),
    ]

    def __init__(
        self,
        db_path: Path | str | None,
        *,
        lang: str | None = None,
        clock: Clock | None = None,
        settings_path: Path | None = None,
        collector_paused: bool = False,
    ) -> None:
        self.settings_path = settings_path
        self._collector_paused = collector_paused
        """The launcher paused the garbage collector (``gc.disable``) for the start-up: it runs
        again once the home lists are painted (``_collector_back``)."""
        remembered_lang: str | None = None
        remembered_theme: str | None = None
        if settings_path is not None and settings_path.exists():  # settings.py (json, tempfile) only then
            from inspect_tui.settings import load_settings

            remembered = load_settings(settings_path)
            remembered_lang, remembered_theme = remembered.lang, remembered.theme
        self.lang = set_language(lang or remembered_lang)  # --lang on the command line wins
        localise_textual()
        super().__init__()
        if remembered_theme is not None and remembered_theme in self.available_themes:
            self.theme = remembered_theme
        from inspect_tui.store.queries import why_read_only

        self.read_only = why_read_only(db_path)
        """Why the database cannot be written (None when it can): then it is opened for reading only."""
        self.db = DbAccess(db_path, read_only=self.read_only is not None)
        self.db_path = db_path
        self.clock: Clock = clock or amsterdam_now  # Amsterdam's clock, whatever the machine's zone
        self.sub_title = Path(db_path).name if db_path is not None else _("in memory")
        if self.read_only is not None:
            self.sub_title += " · " + _("READ-ONLY")
        self._palette: Mapping[str, str] = {}
        self._palette_theme = ""
        self.last_deletion: Any = None
        """The last deletion of this session (a store.workflow.Deletion), for ctrl+z."""
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

    def on_mount(self) -> None:
        if self._collector_paused:
            self.set_timer(COLLECTOR_PAUSE_LIMIT, self._collector_back)
        if self.read_only is not None:
            self.notify(
                _("This database cannot be written ({reason}); it is open read-only and edits are refused.").format(
                    reason=_(self.read_only)
                ),
                title=_("Read-only"),
                severity="warning",
                timeout=15,
            )

        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Any) -> None:
        self.remember(theme=self.theme)

    def remember(self, **choices: str | None) -> None:
        """Store the user's choices for the next start (a failure to write only warns)."""
        if self.settings_path is None:
            return
        from inspect_tui.settings import save_settings

        try:
            save_settings(self.settings_path, **choices)
        except OSError as exc:
            self.notify(
                _("Could not remember this choice: {error}").format(error=os_problem(exc)),
                severity="warning",
                markup=False,
            )

    def action_switch_language(self) -> None:
        """Choose the other interface language for the next start (the screens are built in one)."""
        chosen = "nl" if self.lang == "en" else "en"
        self.remember(lang=chosen)
        if chosen == "nl":
            self.notify(_("The interface will be in Dutch from the next start."), markup=False)
        else:
            self.notify(_("The interface will be in English from the next start."), markup=False)

    def on_unmount(self) -> None:
        self.db.close()
        self._collector_back()

    def _collector_back(self) -> None:
        """The garbage collector runs again, if the launcher paused it for the start-up.

        From the start of the process until the home lists are painted, its passes only walked
        what lives as long as the app (Textual's classes and stylesheets, the screens): some 40
        to 70 ms of the start-up. Once they are painted it is set aside (``resume``), then the
        collector runs again; at the latest COLLECTOR_PAUSE_LIMIT seconds after mounting, or
        when the app stops, whichever comes first."""
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: log it without personal data, say where, and stop (never show locals)."""
        from rich.text import Text

        from inspect_tui.tui.crashlog import write_crash_log

        self._return_code = 1
        if self._exception is None:  # a test run raises it again at the end
            self._exception = error
            self._exception_event.set()
        path = write_crash_log(error)
        kind = type(error).__name__
        if path is not None:
            text = _(
                "inspect-tui stopped after an unexpected error ({kind}). Everything saved before it is kept. "
                "A report without personal data is in {path}"
            ).format(kind=kind, path=path)
        else:
            text = _(
                "inspect-tui stopped after an unexpected error ({kind}). Everything saved before it is kept."
            ).format(kind=kind)
        self.panic(Text(text))

    def palette(self) -> Mapping[str, str]:
        """The theme's colours as Rich colour names, for coloured table cells (follows a theme change).

        Textual's CSS names ("ansi_red" in the ansi themes) are not Rich's: they are translated here.
        """
        if self._palette_theme != self.theme:
            self._palette = LazyPalette(self.get_css_variables())
            self._palette_theme = self.theme
        return self._palette

    def today(self) -> dt.date:
        """Today by the app's clock."""
        return self.clock().date()

    @work(thread=True, group="resume", exit_on_error=False)
    def resume(self) -> None:
        """Go back to the inspection that was open when the app last stopped (quit or killed)."""
        from inspect_tui.store.queries import resumable

        try:
            with self.db() as db:
                point = resumable(db)
        finally:
            # Everything alive now (Textual, the screens, the store's modules) lives as long as
            # the app: set aside from the collector, a full pass no longer walks it all again.
            # Such a pass took 20-170 ms on the UI thread every few seconds of typing, long enough
            # to skip a key. Once per process: what is set aside is never collected (an app
            # started again in the same process, as the tests do, would otherwise keep each
            # earlier one's garbage).
            if not gc.get_freeze_count():
                gc.freeze()
            self._collector_back()
        if point is not None:
            self.call_from_thread(self.open_inspection, point.inspection_id, point.item_id, resumed=True)

    # --- full screens ----------------------------------------------------------------------

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

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the interface language."""
        for command in super().get_system_commands(screen):
            yield command._replace(title=_(command.title), help=_(command.help))

    def action_command_palette(self) -> None:
        """The command palette, with its prompt in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    def on_open_inspection(self, message: msg.OpenInspection) -> None:
        self.open_inspection(message.inspection_id, message.item_id)

    def on_open_site(self, message: msg.OpenSite) -> None:
        self.open_site(message.site_id)

    def on_open_review(self) -> None:
        from inspect_tui.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen())

    def on_open_conflicts(self) -> None:
        from inspect_tui.tui.screens.conflicts import ConflictsScreen

        self.push_screen(ConflictsScreen())

    def on_open_findings(self, message: msg.OpenFindings) -> None:
        from inspect_tui.tui.screens.findings import FindingsScreen

        self.push_screen(FindingsScreen(message.inspection_id))

    def on_open_occupancy(self, message: msg.OpenOccupancy) -> None:
        from inspect_tui.tui.screens.occupancy import OccupancyScreen

        self.push_screen(OccupancyScreen(message.site_id, inspection_id=message.inspection_id))

    def on_open_day_summary(self, message: msg.OpenDaySummary) -> None:
        from inspect_tui.tui.screens.review_summary import DaySummaryScreen

        self.push_screen(DaySummaryScreen(message.day))

    def on_open_history(self, message: msg.OpenHistory) -> None:
        from inspect_tui.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(message.entity, message.record_id, message.label))

    # --- new sites and inspections ---------------------------------------------------------

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

    def on_new_site(self) -> None:
        self.action_new_site()

    def on_new_inspection(self, message: msg.NewInspection) -> None:
        self.action_new_inspection(message.site_id)


def make_app(
    db_path: Path | str | None,
    *,
    lang: str | None = None,
    clock: Clock | None = None,
    settings_path: Path | None = None,
    collector_paused: bool = False,
) -> InspectApp:
    """Build the app on a database (the CLI, the tests and the benchmark all start here).

    settings_path: where the theme and language chosen are remembered (None: nothing is).
    collector_paused: the caller disabled the garbage collector for the start-up (see
    ``inspect_tui.launch.run_app``); the app enables it again once its first lists are painted.
    """
    return InspectApp(db_path, lang=lang, clock=clock, settings_path=settings_path, collector_paused=collector_paused)
