"""Ask for a reason (and, for some actions, a name or a new date) before deleting, withdrawing or extending."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from inspect_tui.i18n import no_such_day
from inspect_tui.tui.i18n import _, format_date
from inspect_tui.tui.screens.base import AppModal


@dataclass(frozen=True)
class ReasonAnswer:
    """What the dialog was given."""

    reason: str
    name: str | None = None
    date: dt.date | None = None


def parse_day(text: str) -> dt.date | None:
    """A date typed as dd-mm-yyyy (the way it is shown) or yyyy-mm-dd; None when it is neither."""
    text = text.strip()
    for form in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


class ReasonScreen(AppModal[ReasonAnswer | None]):
    """Dismisses with the answer, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Confirm", id="reason.done", tooltip="Confirm with this reason"),
        Binding("escape", "cancel", "Cancel", id="reason.cancel"),
    ]

    def __init__(
        self,
        title: str,
        text: str,
        *,
        action: str,
        name: str | None = None,
        date: dt.date | None = None,
    ) -> None:
        super().__init__(classes="reason")
        self.title_text = title
        self.body = text
        self.action_text = action
        self.ask_name = name
        self.date = date

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog auto"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.body, classes="dialog-text", markup=False)
            if self.date is not None:
                yield Label(_("New deadline (dd-mm-yyyy)"), classes="field-label")
                yield Input(format_date(self.date), id="reason-date")
            if self.ask_name is not None:
                yield Label(_("Your name"), classes="field-label")
                yield Input(self.ask_name, id="reason-name")
            yield Label(_("Reason"), classes="field-label")
            yield Input(id="reason-text")
            yield Static("", id="reason-error", classes="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.action_text, id="reason-ok", variant="warning")
                yield Button(_("Cancel"), id="reason-cancel")

    def on_mount(self) -> None:
        super().on_mount()
        first = "#reason-date" if self.date is not None else "#reason-text"
        self.query_one(first, Input).focus()

    @on(Button.Pressed, "#reason-ok")
    @on(Input.Submitted, "#reason-text")
    def action_done(self) -> None:
        error = self.query_one("#reason-error", Static)
        date: dt.date | None = None
        if self.date is not None:
            typed = self.query_one("#reason-date", Input).value
            date = parse_day(typed)
            if date is None:
                error.update(no_such_day(typed) or _("The new deadline is not a date: type it as dd-mm-yyyy."))
                self.query_one("#reason-date", Input).focus()
                return
        name: str | None = None
        if self.ask_name is not None:
            name = self.query_one("#reason-name", Input).value.strip()
            if not name:
                error.update(_("Fill in your name."))
                self.query_one("#reason-name", Input).focus()
                return
        reason = " ".join(self.query_one("#reason-text", Input).value.split())
        if not reason:
            error.update(_("Say why: a reason is required."))
            self.query_one("#reason-text", Input).focus()
            return
        self.dismiss(ReasonAnswer(reason, name, date))

    @on(Input.Submitted, "#reason-date")
    @on(Input.Submitted, "#reason-name")
    def _next(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#reason-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
