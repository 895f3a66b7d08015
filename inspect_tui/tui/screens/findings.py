"""Findings of an inspection, and the open findings of the last inspection to confirm (re-inspection)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Label, Static

from inspect_tui.domain.models import Finding, Inspection
from inspect_tui.store import StoreError, queries, workflow
from inspect_tui.store.queries import FindingRow
from inspect_tui.store.workflow import (
    confirm_finding,
    delete_finding,
    extend_deadline,
    open_findings_of_site,
    removal_problem,
    was_signed,
    withdraw_finding,
)
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _, count_text, format_date, ngettext
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.finding_life import finding_life_lines, finding_status_label
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.labels import severity_text
from inspect_tui.tui.widgets.shown import shown_text
from inspect_tui.tui.worker_results import deliver


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
        Binding("x", "extend", "Extend deadline", id="findings.extend", tooltip="Extend the deadline, with a reason"),
        Binding(
            "w",
            "withdraw",
            "Withdraw",
            id="findings.withdraw",
            tooltip="Withdraw a finding of a signed inspection, with a reason",
        ),
        Binding("d", "delete", "Delete", id="findings.delete", tooltip="Delete a finding of a draft never signed"),
    ]

    def __init__(self, inspection_id: str) -> None:
        super().__init__(id="findings-screen")
        self.inspection_id = inspection_id
        self.earlier: list[Finding] = []
        self.locked = False
        self.signed_once = False
        """The inspection was signed at least once: its findings are withdrawn, not deleted."""
        self.current: list[FindingRow] = []
        self.inspector = ""

    def compose(self) -> ComposeResult:
        yield Header(icon="⌂")
        yield Label(_("Earlier findings to confirm"), classes="pane-title", id="earlier-title")
        yield DataTable(id="earlier", cursor_type="row", zebra_stripes=True)
        yield Label(_("Findings of this inspection"), classes="pane-title")
        yield DataTable(id="current", cursor_type="row", zebra_stripes=True)
        yield Static("", id="finding-life", classes="status-line", markup=False)
        yield Static("", id="findings-hint", classes="status-line")
        yield FitFooter()

    def on_mount(self) -> None:
        super().on_mount()
        earlier = self.query_one("#earlier", DataTable)
        # Severity, deadline and status first: a long description pushes what follows it off the screen.
        earlier.add_columns(_("Severity"), _("Deadline"), _("Description"))
        current = self.query_one("#current", DataTable)
        current.add_columns(_("Severity"), _("Deadline"), _("Status"), _("Files"), _("Description"), _("Item"))
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
            signed_once = workflow.was_signed(db, inspection)
        deliver(self.app, self._show, inspection, earlier, current, signed_once)

    def _show(
        self, inspection: Inspection, earlier: list[Finding], current: list[FindingRow], signed_once: bool = False
    ) -> None:
        palette = self.inspect_app.palette()
        self.locked = inspection.locked
        self.signed_once = signed_once
        self.earlier = earlier
        self.current = current
        self.inspector = inspection.signed_by or inspection.inspector
        table = self.query_one("#earlier", DataTable)
        table.clear()
        for f in earlier:
            table.add_row(
                severity_text(f.severity.value, palette), format_date(f.deadline), shown_text(f.description), key=f.id
            )
        visible = bool(earlier)
        table.display = visible
        self.query_one("#earlier-title").display = visible
        table2 = self.query_one("#current", DataTable)
        cursor = table2.cursor_row
        table2.clear()
        for row in current:
            status = finding_status_label(row.shown_status)
            origin = " ↺" if row.origin_id else ""
            table2.add_row(
                severity_text(row.severity, palette),
                format_date(row.deadline),
                status,
                str(row.attachments or ""),
                shown_text(row.description + origin),
                Text(row.item_id or ""),
                key=row.id,
            )
        hint = (
            _("r resolved · u still open — for each earlier finding")
            if earlier
            else ngettext("{n} finding", "{n} findings", len(current)).format(n=count_text(len(current)))
        )
        if current:
            table2.move_cursor(row=min(cursor, len(current) - 1))
        else:
            self.query_one("#finding-life", Static).update("")
        self.query_one("#findings-hint", Static).update(hint)
        (table if visible else table2).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return bool(self.earlier) and not self.locked
        if action == "add":
            return not self.locked
        if action == "withdraw":  # a finding of a signed inspection is withdrawn, one of a draft deleted
            return bool(self.current) and self.signed_once
        if action == "delete":
            return bool(self.current) and not self.signed_once
        if action == "extend":
            return bool(self.current)
        return True

    def _selected(self) -> FindingRow | None:
        table: DataTable[Any] = self.query_one("#current", DataTable)
        if not self.current or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((row for row in self.current if row.id == key), None)

    @on(DataTable.RowHighlighted, "#current")
    def _highlighted(self) -> None:
        row = self._selected()
        if row is not None:
            self._show_life(row.id)

    @work(thread=True, group="finding-life", exclusive=True, exit_on_error=False)
    def _show_life(self, finding_id: str) -> None:
        with self.inspect_app.db() as db:
            finding = queries.current(db, Finding, finding_id)
        lines = finding_life_lines(finding) if finding is not None else []
        deliver(self.app, self.query_one("#finding-life", Static).update, "\n".join(lines))

    def action_extend(self) -> None:
        row = self._selected()
        if row is None:
            return
        if row.status != "open":
            self.app.notify(_("Only an open finding's deadline can be extended."), severity="warning")
            return

        def done(answer: object) -> None:
            if answer is not None:
                self._act("extend", row.id, answer)

        self.post_message(
            messages.AskReason(
                _("Extend deadline"),
                _("The extension is recorded with the old and the new date, your name and the reason."),
                _("Extend"),
                name=self.inspector,
                date=max(row.deadline, self.inspect_app.today()) + dt.timedelta(days=14),
                done=done,
            )
        )

    def action_withdraw(self) -> None:
        row = self._selected()
        if row is None:
            return
        if row.status != "open":
            self.app.notify(_("Only an open finding can be withdrawn."), severity="warning")
            return
        if not self.locked:
            self._ask_delete_or_withdraw(row, withdraw=True)
            return
        self._ask_withdraw(row)

    def _ask_withdraw(self, row: FindingRow) -> None:
        def done(answer: object) -> None:
            if answer is not None:
                self._act("withdraw", row.id, answer)

        self.post_message(
            messages.AskReason(
                _("Withdraw finding"),
                _(
                    "A withdrawn finding stays in the report as withdrawn, with the reason; it no longer counts as open."
                ),
                _("Withdraw"),
                name=self.inspector,
                done=done,
            )
        )

    def action_delete(self) -> None:
        row = self._selected()
        if row is not None:
            self._ask_delete_or_withdraw(row, withdraw=False)

    @work(thread=True, group="findings-edit", exit_on_error=False)
    def _ask_delete_or_withdraw(self, row: FindingRow, withdraw: bool) -> None:
        """Asked before any question: a finding of a signed inspection is withdrawn, one of a draft deleted."""
        with self.inspect_app.db() as db:
            problem = removal_problem(db, "finding", row.id)
            inspection = queries.current(db, Inspection, self.inspection_id)
            signed = inspection is not None and was_signed(db, inspection)
        if withdraw and not signed:
            self.app.call_from_thread(
                self.app.notify,
                _("This inspection was never signed: delete the finding instead (d)."),
                severity="warning",
            )
            return
        if withdraw:
            self.app.call_from_thread(self._ask_withdraw, row)
            return
        if problem is not None:
            message = (
                _("The inspection was signed: a finding can then only be withdrawn, with a reason (w).")
                if signed
                else _("A later inspection carries this finding; it cannot be deleted.")
            )
            self.app.call_from_thread(self.app.notify, message, severity="error")
            return

        def confirmed(yes: object) -> None:
            if yes:
                self._act("delete", row.id, None)

        question = _("Delete finding “{text}” and its photos?").format(text=row.description.splitlines()[0][:60])
        self.app.call_from_thread(self.post_message, messages.Confirm(_("Delete finding"), question, done=confirmed))

    @work(thread=True, group="findings-edit", exit_on_error=False)
    def _act(self, action: str, finding_id: str, answer: Any) -> None:
        try:
            with self.inspect_app.db() as db:
                if action == "extend":
                    extend_deadline(
                        db, finding_id, answer.date, answer.reason, by=answer.name, now=self.inspect_app.clock()
                    )
                elif action == "withdraw":
                    withdraw_finding(db, finding_id, answer.reason, by=answer.name, now=self.inspect_app.clock())
                else:
                    deletion = delete_finding(db, finding_id)
                    self.app.call_from_thread(self.post_message, messages.Deleted(deletion))
        except StoreError as exc:
            self.report(exc)
            return
        if action != "delete":
            done = _("Deadline extended.") if action == "extend" else _("Finding withdrawn.")
            self.app.call_from_thread(self.app.notify, done)
        self.app.call_from_thread(self.load)

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
