"""Home: today's and recent inspections, and sites, searchable as you type."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Header, Input, Label, Static, TabbedContent, TabPane, Tabs

from inspect_tui.i18n.counts import count_text
from inspect_tui.store import queries
from inspect_tui.store.queries import InspectionRow, Page, SiteRow, home_search
from inspect_tui.tui.i18n import _, conflicts_note, format_date, ngettext
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.labels import kind_label, status_text, status_width
from inspect_tui.tui.widgets.paged_table import Column, PagedTable, PageSource
from inspect_tui.tui.worker_results import deliver

if TYPE_CHECKING:
    from sqlite_utils import Database


def _fetch_inspections(db: Database, search: str, after: tuple[str, str] | None, limit: int) -> Page[InspectionRow]:
    return home_search.inspections_page(db, search=search, after=after, limit=limit)


def _fetch_sites(db: Database, search: str, after: tuple[str, str] | None, limit: int) -> Page[SiteRow]:
    return queries.sites_page(db, search=search, after=after, limit=limit)


NAME_WIDTH = 32
"""Widest a site name or address column gets (longer ones end in …)."""
CITY_WIDTH = 20


class HomeScreen(AppScreen):
    """The first screen: find an inspection or a site."""

    FOOTER_FIRST: ClassVar[tuple[str, ...]] = ("new_site", "inspect", "review", "search", "switch_list")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="home.search", tooltip="Type to search sites and inspections"),
        Binding("n", "new_site", "New site", id="home.new_site", tooltip="Create a site with its address"),
        Binding("i", "inspect", "Inspect", id="home.inspect", tooltip="Start an inspection of the selected site"),
        Binding("e", "edit_site", "Edit site", id="home.edit_site", tooltip="Edit the selected site"),
        Binding("t", "switch_list", "Switch list", id="home.switch", tooltip="Show inspections or sites"),
        Binding(
            "r",
            "review",
            "Review day",
            id="home.review",
            tooltip="Review the day's inspections and findings (team lead)",
        ),
        Binding("1", "show_tab('inspections')", "Inspections", show=False, id="home.tab_inspections"),
        Binding("2", "show_tab('sites')", "Sites", show=False, id="home.tab_sites"),
        Binding("f5", "refresh", "Refresh", show=False, id="home.refresh", tooltip="Read the lists again"),
        Binding(
            "C",
            "conflicts",
            "Conflicts",
            show=False,
            id="home.conflicts",
            tooltip="Records whose versions diverged, to resolve",
        ),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Leave the app (everything is saved)"),
    ]

    def __init__(self) -> None:
        super().__init__(id="home")
        self._painted = False
        self._hint = ""

    def compose(self) -> ComposeResult:
        today = self.inspect_app.today()
        yield Header(icon="⌂")
        with Horizontal(id="home-top"):
            yield Input(placeholder=_("Search sites, cities, postcodes, inspectors…"), id="search")
            yield Label("", id="home-summary")
        with TabbedContent(id="home-tabs", initial="inspections"):
            with TabPane(_("Inspections"), id="inspections"):
                yield PagedTable(self._inspection_source(today), id="inspections-table")
            with TabPane(_("Sites"), id="sites"):
                yield PagedTable(self._site_source(), id="sites-table")
        yield Label("", id="home-hint", classes="empty-hint")
        yield Label("", id="home-status", classes="status-line")
        yield FitFooter()

    def _inspection_source(self, today: dt.date) -> PageSource[InspectionRow]:
        def cells(row: InspectionRow) -> list[str | Text]:
            when = row.started_at
            shown = _("today") + when.strftime(" %H:%M") if when.date() == today else format_date(when)
            return [
                Text(shown, style="bold" if when.date() == today else ""),
                Text(row.site_name),
                Text(row.city or ""),
                status_text(row.status, self.inspect_app.palette()),
                Text(", ".join(row.templates)),
                Text(row.inspector),
                Text(f"{row.answered}"),
                Text(str(row.open_findings) if row.open_findings else ""),
            ]

        return PageSource(
            columns=[
                # dd-mm-yyyy, or "today 16:20" ("vandaag 16:20": the time was cut off in Dutch)
                Column(_("Started"), "started", max(11, len(_("today")) + 6)),
                Column(_("Site"), "site", max_width=NAME_WIDTH),
                Column(_("City"), "city", max_width=CITY_WIDTH),
                Column(_("Status"), "status", status_width(10)),
                Column(_("Checklists"), "templates"),
                Column(_("Inspector"), "inspector"),
                Column(_("Answers"), "answered", 7),
                Column(_("Open"), "open", 4),
            ],
            fetch=_fetch_inspections,
            count=lambda db, q: home_search.count_inspections(db, search=q),
            cells=cells,
            key=lambda row: row.id,
            quick_count=True,  # about 10 ms on 100,000 inspections (store/home_search.py)
        )

    def _site_source(self) -> PageSource[SiteRow]:
        def cells(row: SiteRow) -> list[str | Text]:
            last = format_date(row.last_inspected) if row.last_inspected else "—"
            return [
                Text(row.name),
                Text(row.address),
                Text(row.city or ""),
                Text(kind_label(row.kind)),
                Text(str(row.units)),
                Text(last),
            ]

        return PageSource(
            columns=[
                Column(_("Name"), "name", max_width=NAME_WIDTH),
                Column(_("Address"), "address", max_width=NAME_WIDTH),
                Column(_("City"), "city", max_width=CITY_WIDTH),
                Column(_("Kind"), "kind", 10),
                Column(_("Units"), "units", 5),
                Column(_("Last inspected"), "last", 14),
            ],
            fetch=_fetch_sites,
            count=lambda db, q: queries.count_sites(db, search=q),
            cells=cells,
            key=lambda row: row.id,
        )

    @property
    def inspections(self) -> PagedTable[InspectionRow]:
        return self.query_one("#inspections-table", PagedTable)

    @property
    def sites(self) -> PagedTable[SiteRow]:
        return self.query_one("#sites-table", PagedTable)

    def active_table(self) -> PagedTable[Any]:
        tabs = self.query_one(TabbedContent)
        return self.sites if tabs.active == "sites" else self.inspections

    def on_mount(self) -> None:
        super().on_mount()
        # The list in view was read while the app started, when it could be.
        first = self.inspect_app.first_page()
        if first is None:
            self.inspections.reload("")
        else:
            self.inspections.preload(*first)
            # Count line and tab label now, so the first frame already shows them (the
            # Loaded message that follows finds nothing to change).
            self._show_counts(self.inspections, max(self.inspections.total, self.inspections.shown))
        self.inspections.focus()

    def on_return(self) -> None:
        # Back from another screen or a dialog: read again (things may have changed there).
        self.action_refresh()

    @work(thread=True, group="home-summary", exclusive=True, exit_on_error=False)
    def load_summary(self) -> None:
        today = self.inspect_app.today()
        with self.inspect_app.db.reading() as db:
            summary = queries.day_summary(db, today)
            conflicts = queries.open_conflict_count(db)
        text = ngettext(
            "Today: {started} started · {drafts} draft in all",
            "Today: {started} started · {drafts} drafts in all",
            summary.open_drafts_total,
        ).format(started=count_text(summary.started), drafts=count_text(summary.open_drafts_total))
        if conflicts:
            text += " · " + conflicts_note(conflicts)
        deliver(self.app, self.query_one("#home-summary", Label).update, text)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        # Searched at every key: a read for a search typed past is stopped, not waited for.
        if event.value != self.active_table().search or self.active_table().stale:
            self._search(event.value)

    def _search(self, value: str) -> None:
        # Only the list in view is read at each keystroke; the other one when it is shown.
        shown = self.active_table()
        shown.reload(value)
        hidden = self.sites if shown is self.inspections else self.inspections
        hidden.mark_stale(value)
        pane = "sites" if hidden is self.sites else "inspections"
        self._relabel(pane, _("Sites") if pane == "sites" else _("Inspections"))

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.active_table().focus()

    def on_key(self, event: Any) -> None:
        # down (or esc, as out of any field) from the search goes back to the list, search kept
        if event.key in ("down", "escape") and self.focused is self.query_one("#search"):
            self.active_table().focus()
            event.stop()

    @on(PagedTable.Loaded)
    def _loaded(self, event: PagedTable.Loaded) -> None:
        self._show_counts(event.table, event.total)
        if event.table is self.inspections and not self._painted:
            self._painted = True
            # Once the list in view is painted: the sites list, then the rest of the store.
            self.call_after_refresh(self._after_first_paint)

    def _show_counts(self, table: PagedTable[Any], total: int) -> None:
        """The tab's count (once it is known) and the status line, for a list just read."""
        label = _("Inspections") if table is self.inspections else _("Sites")
        pane = "inspections" if table is self.inspections else "sites"
        if not table.counting:  # the tab keeps its last count until the new one is known
            self._relabel(pane, f"{label} ({count_text(total)})")
        self._update_status()

    def _relabel(self, pane: str, text: str) -> None:
        """A tab's new label (its count), with the underline put under the active tab at once.

        Setting ``Tab.label`` makes the tabs slide their underline to the new width for 0.3 s,
        some twenty frames, at every key of a search; here it is placed without sliding.
        """
        tabs = self.query_one(TabbedContent)
        tab = tabs.get_tab(pane)
        if str(tab.label) == text:
            return
        # A label of another width lays the tabs out again and moves the underline; one of the
        # same width (most new counts at a key: 60,416 then 33,528) is only drawn again.
        resized = tab.label.cell_length != cell_len(text)
        tab._label = Content.from_text(text)
        Static.update(tab, tab._label, layout=resized)  # not Tab.update, which posts Relabelled (the slide)
        if resized:
            tabs.query_one(Tabs)._highlight_active(animate=False)

    def _after_first_paint(self) -> None:
        # The day's summary and the sites list are read once the list in view is painted.
        self.load_summary()
        if not self.sites.loaded_once:
            self.sites.reload(self.sites.search)
        self.inspect_app.first_screen_ready()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        if self.active_table().stale:
            self.active_table().reload()
        self._update_status()
        self.refresh_bindings()

    def _update_status(self) -> None:
        table = self.active_table()
        if table.counting:
            text = _("Showing {shown} of …").format(shown=count_text(table.shown))
        else:
            text = _("Showing {shown} of {total}").format(shown=count_text(table.shown), total=count_text(table.total))
        if table.search:
            text += " · " + _("search: {q}").format(q=table.search)
        # One line of fixed height and full width: its size never changes, so no new layout.
        self.query_one("#home-status", Label).update(text, layout=False)
        hint = self.query_one("#home-hint", Label)
        message = self._empty_hint(table)
        if message != self._hint:  # a new text lays the screen out again: only when it changes
            self._hint = message
            hint.update(message)
            hint.display = bool(message)

    def _empty_hint(self, table: PagedTable[Any]) -> str:
        """What to do when the list in view is empty ("" when it is not, or not read yet)."""
        if not table.loaded_once or table.total > 0:
            return ""
        if table.search:
            return _("Nothing matches {q}; change the search or press ctrl+u in the search box to clear it.").format(
                q=table.search
            )
        if table is self.sites or (self.sites.loaded_once and self.sites.total == 0):
            return _("No sites yet: press n to create your first site.")
        return _("No inspections yet: press 2 for the sites, pick one and press i to start an inspection.")

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        from inspect_tui.tui import messages  # the message classes load on first use, not at start-up

        key = event.row_key.value
        if key is None:
            return
        if event.data_table is self.sites:
            self.post_message(messages.OpenSite(key))
        else:
            self.post_message(messages.OpenInspection(key))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit_site":
            return self.query_one(TabbedContent).active == "sites" and self.sites.selected() is not None
        return True

    def _selected_site_id(self) -> str | None:
        table = self.active_table()
        row = table.selected()
        if isinstance(row, SiteRow):
            return row.id
        if isinstance(row, InspectionRow):
            return row.site_id
        return None

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_new_site(self) -> None:
        from inspect_tui.tui import messages

        self.post_message(messages.NewSite())

    def action_inspect(self) -> None:
        from inspect_tui.tui import messages

        self.post_message(messages.NewInspection(self._selected_site_id()))

    def action_edit_site(self) -> None:
        from inspect_tui.tui import messages

        site_id = self._selected_site_id()
        if site_id is not None:
            self.post_message(messages.EditSite(site_id, done=lambda _saved: self.action_refresh()))

    def action_conflicts(self) -> None:
        from inspect_tui.tui import messages

        self.post_message(messages.OpenConflicts())

    def action_review(self) -> None:
        from inspect_tui.tui import messages

        self.post_message(messages.OpenReview())

    def action_switch_list(self) -> None:
        tabs = self.query_one(TabbedContent)
        self.action_show_tab("sites" if tabs.active == "inspections" else "inspections")

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.active_table().focus()

    def action_refresh(self) -> None:
        for table in (self.inspections, self.sites):
            selected = table.selected()
            table.reload(keep=getattr(selected, "id", None))
        self.load_summary()
