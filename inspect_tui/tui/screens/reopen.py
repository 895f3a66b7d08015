"""Reopen a completed inspection; who and why are recorded."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from inspect_tui.domain.models import Inspection
from inspect_tui.store import StoreError, queries
from inspect_tui.store.workflow import reopen
from inspect_tui.tui.i18n import _
from inspect_tui.tui.screens.base import AppModal, user_message
from inspect_tui.tui.worker_results import deliver


class ReopenScreen(AppModal[bool]):
    """Dismisses with True once reopened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "reopen", "Reopen", id="reopen.reopen", tooltip="Reopen the inspection"),
        Binding("escape", "cancel", "Cancel", id="reopen.cancel"),
    ]

    AUTO_FOCUS = "#reopen-reason"
    """The reason first: the name is filled in (the inspection's signer) while the dialog opens, so
    what is typed at once is the reason and never lands behind the name as it arrives."""

    def __init__(self, inspection_id: str) -> None:
        super().__init__(classes="reopen")
        self.inspection_id = inspection_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog auto"):
            yield Label(_("Reopen inspection"), classes="dialog-title")
            yield Static(_("The reopening is recorded with your name and the reason."), classes="dialog-text")
            yield Label(_("Your name"), classes="field-label")
            yield Input(id="reopen-name")
            yield Label(_("Reason"), classes="field-label")
            yield Input(id="reopen-reason")
            yield Static("", id="reopen-error", classes="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Reopen"), id="reopen", variant="warning")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self._prefill()

    @work(thread=True, group="reopen", exit_on_error=False)
    def _prefill(self) -> None:
        with self.inspect_app.db() as db:
            inspection = queries.current(db, Inspection, self.inspection_id)
        if inspection is not None:
            deliver(self.app, self._set_name, inspection.signed_by or inspection.inspector)

    def _set_name(self, name: str) -> None:
        field = self.query_one("#reopen-name", Input)
        if not field.value:  # a name already typed is the user's
            field.value = name

    @on(Button.Pressed, "#reopen")
    @on(Input.Submitted, "#reopen-reason")
    def action_reopen(self) -> None:
        name = self.query_one("#reopen-name", Input).value.strip()
        reason = self.query_one("#reopen-reason", Input).value.strip()
        error = self.query_one("#reopen-error", Static)
        if not name or not reason:
            error.update(_("Fill in your name and the reason."))
            return
        self._reopen(name, reason)

    @work(thread=True, group="reopen", exclusive=True, exit_on_error=False)
    def _reopen(self, name: str, reason: str) -> None:
        try:
            with self.inspect_app.db() as db:
                reopen(db, self.inspection_id, name, reason, now=self.inspect_app.clock())
        except (StoreError, ValueError) as exc:
            self.app.call_from_thread(self.query_one("#reopen-error", Static).update, user_message(exc))
            return
        self.app.call_from_thread(self.app.notify, _("Inspection reopened."))
        self.app.call_from_thread(self.dismiss, True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
