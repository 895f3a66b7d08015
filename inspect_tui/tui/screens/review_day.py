"""Choose the day to review: a date, today or yesterday."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from inspect_tui.reports.days import parse_day
from inspect_tui.tui.i18n import _, format_date
from inspect_tui.tui.screens.base import AppModal


class DayScreen(AppModal[dt.date | None]):
    """Dismisses with the chosen day (None on cancel)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="day.cancel", tooltip="Keep the day shown"),
    ]

    def __init__(self, current: dt.date, today: dt.date) -> None:
        super().__init__(classes="day")
        self.current = current
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(_("Day to review"), classes="dialog-title")
            yield Static(_("A date as YYYY-MM-DD or dd-mm-yyyy, or today / yesterday."), classes="dialog-text")
            yield Input(value=format_date(self.current), id="day-input")
            yield Static("", id="day-error", classes="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Show"), id="show", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#day-input", Input).focus()

    @on(Button.Pressed, "#show")
    @on(Input.Submitted, "#day-input")
    def _show(self) -> None:
        text = self.query_one("#day-input", Input).value
        try:
            day = parse_day(text, self.today)
        except ValueError:
            self.query_one("#day-error", Static).update(
                _("{text} is not a date; write YYYY-MM-DD, dd-mm-yyyy, today or yesterday.").format(text=text.strip())
                if text.strip()
                else _("Type a day: YYYY-MM-DD, dd-mm-yyyy, today or yesterday.")
            )
            return
        self.dismiss(day)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
