"""Pick a site by typing part of its name, city or postcode."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label

from inspect_tui.store import queries
from inspect_tui.store.queries import SiteRow
from inspect_tui.tui.i18n import _
from inspect_tui.tui.screens.base import AppModal
from inspect_tui.tui.widgets.paged_table import Column, PagedTable, PageSource


class SitePicker(AppModal[str | None]):
    """Dismisses with the chosen site's id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="picker")
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        source: PageSource[SiteRow] = PageSource(
            columns=[Column(_("Name"), "name"), Column(_("Address"), "address"), Column(_("City"), "city")],
            fetch=lambda db, q, after, n: queries.sites_page(db, search=q, after=after, limit=n),
            count=lambda db, q: queries.count_sites(db, search=q),
            cells=lambda r: [Text(r.name), Text(r.address), Text(r.city or "")],
            key=lambda r: r.id,
        )
        with Vertical(classes="dialog wide"):
            yield Label(_("Choose a site"), classes="dialog-title")
            yield Input(placeholder=_("Search sites…"), id="picker-search")
            yield PagedTable(source, id="picker-table")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(PagedTable).reload("")
        self.query_one("#picker-search", Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(0.15, lambda: self.query_one(PagedTable).reload(value))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        table = self.query_one(PagedTable)
        if table.row_count == 1:
            self._choose(table.selected())
        else:
            table.focus()

    def on_key(self, event: object) -> None:
        if getattr(event, "key", "") == "down" and isinstance(self.focused, Input):
            self.query_one(PagedTable).focus()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self._choose(self.query_one(PagedTable).selected())

    def _choose(self, row: object) -> None:
        if isinstance(row, SiteRow):
            self.dismiss(row.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
