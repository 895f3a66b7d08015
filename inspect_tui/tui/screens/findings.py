"""Findings of an inspection, and the open findings of the last inspection to confirm (re-inspection)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Label, Static

from inspect_tui.domain.models import Finding, Inspection
from inspect_tui.store import StoreError, queries
from inspect_tui.store.queries import FindingRow
from inspect_tui.store.workflow import confirm_finding, open_findings_of_site
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _, format_date, ngettext
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.labels import severity_text
from inspect_tui.tui.widgets.shown import shown_text


class FindingsScreen(AppScreen):
    """Confirm earlier findings resolved (r) or still open (u); list this inspection's findings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="findings.back"),
        Binding("a", "add", "Add finding", id="findings.add", tooltip="Add a finding not tied to an item"),
        Binding("r", "confirm(True)", "Resolved", id="findings.resolved", tooltip="The earlier finding is resolved"),
        Binding(
            "u",
            "confirm(False)",
            "Still open",
            id="findings.unresolved",
            tooltip="The earlier finding is not resolved: carry it into this inspection",
        ),
        Binding(
            "h",
            "history",
            "History",
            show=False,
            id="findings.history",
            tooltip="Every version of the selected finding: who, when, what changed",
        ),
    ]

    def __init__(self, inspection_id: str) -> None:
        super().__init__(id="findings-screen")
        self.inspection_id = inspection_id
        self.earlier: list[Finding] = []
        self.locked = False

    def compose(self) -> ComposeResult:
        yield Header(icon="⌂")
        yield Label(_("Earlier findings to confirm"), classes="pane-title", id="earlier-title")
        yield DataTable(id="earlier", cursor_type="row", zebra_stripes=True)
        yield Label(_("Findings of this inspection"), classes="pane-title")
        yield DataTable(id="current", cursor_type="row", zebra_stripes=True)
        yield Static("", id="findings-hint", classes="status-line")
        yield FitFooter()

    def on_mount(self) -> None:
        super().on_mount()
        earlier = self.query_one("#earlier", DataTable)
        earlier.add_columns(_("Severity"), _("Description"), _("Deadline"))
        current = self.query_one("#current", DataTable)
        current.add_columns(_("Severity"), _("Description"), _("Deadline"), _("Status"), _("Files"), _("Item"))
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, group="findings", exclusive=True, exit_on_error=False)
    def load(self) -> None:
        with self.inspect_app.db() as db:
            inspection = queries.current(db, Inspection, self.inspection_id)
            if inspection is None:
                return
            earlier = open_findings_of_site(db, inspection.site_id, inspection)
            current = queries.inspection_findings(db, self.inspection_id)
        self.app.call_from_thread(self._show, inspection, earlier, current)

    def _show(self, inspection: Inspection, earlier: list[Finding], current: list[FindingRow]) -> None:
        palette = self.inspect_app.palette()
        self.locked = inspection.locked
        self.earlier = earlier
        table = self.query_one("#earlier", DataTable)
        table.clear()
        for f in earlier:
            table.add_row(
                severity_text(f.severity.value, palette), shown_text(f.description), format_date(f.deadline), key=f.id
            )
        visible = bool(earlier)
        table.display = visible
        self.query_one("#earlier-title").display = visible
        table2 = self.query_one("#current", DataTable)
        table2.clear()
        for row in current:
            status = _("open") if row.status == "open" else _("resolved")
            origin = " ↺" if row.origin_id else ""
            table2.add_row(
                severity_text(row.severity, palette),
                shown_text(row.description + origin),
                format_date(row.deadline),
                status,
                str(row.attachments or ""),
                Text(row.item_id or ""),
                key=row.id,
            )
        hint = (
            _("r resolved · u still open — for each earlier finding")
            if earlier
            else ngettext("{n} finding", "{n} findings", len(current)).format(n=len(current))
        )
        self.query_one("#findings-hint", Static).update(hint)
        (table if visible else table2).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return bool(self.earlier) and not self.locked
        if action == "add":
            return not self.locked
        return True

    def action_confirm(self, resolved: bool) -> None:
        table: DataTable[Any] = self.query_one("#earlier", DataTable)
        if not self.earlier or table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self._confirm(key, resolved)

    @work(thread=True, group="findings-edit", exit_on_error=False)
    def _confirm(self, finding_id: str, resolved: bool) -> None:
        try:
            with self.inspect_app.db() as db:
                confirm_finding(db, self.inspection_id, finding_id, resolved, now=self.inspect_app.clock())
        except StoreError as exc:
            self.report(exc)
            return
        self.app.call_from_thread(self.load)

    def action_add(self) -> None:
        self.post_message(messages.AddFinding(self.inspection_id))

    @on(DataTable.RowSelected, "#current")
    def _open_finding(self, event: DataTable.RowSelected) -> None:
        """Enter on a finding opens it to change it or add photos; a signed inspection only after reopening."""
        if self.locked:
            self.app.notify(
                _("The inspection is signed and locked; reopen it (R on the checklist) to change findings.")
            )
            return
        if event.row_key.value:
            self.post_message(messages.EditFinding(self.inspection_id, event.row_key.value))

    def action_history(self) -> None:
        focused = self.focused
        table: DataTable[Any] = focused if isinstance(focused, DataTable) else self.query_one("#current", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key:
            described = str(table.get_row(key)[1])[:40]
            self.post_message(messages.OpenHistory("findings", key, _("finding {name}").format(name=described)))
