"""The one-line input under the checklist for numbers, text, dates and notes."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from inspect_tui.tui.i18n import localise_bindings

Purpose = Literal["value", "note"]


class AnswerInput(Input):
    """Shown while typing an answer or a note; enter confirms, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="answer_input.cancel"),
    ]

    class Confirmed(Message):
        """The typed text for an item."""

        def __init__(self, item_id: str, purpose: Purpose, text: str) -> None:
            super().__init__()
            self.item_id = item_id
            self.purpose = purpose
            self.text = text

    class Cancelled(Message):
        """Typing was abandoned."""

    def __init__(self, *, id: str | None = None) -> None:
        # No select-on-focus: the digit that opened the input must stay when the next one is typed.
        super().__init__(id=id, select_on_focus=False)
        localise_bindings(self)
        self.item_id = ""
        self.purpose: Purpose = "value"

    def start(self, item_id: str, purpose: Purpose, value: str, placeholder: str) -> None:
        """Show the input for an item, pre-filled with value."""
        self.item_id = item_id
        self.purpose = purpose
        self.placeholder = placeholder
        self.value = value
        self.display = True
        self.focus()
        self.cursor_position = len(value)

    def close(self) -> None:
        """Hide the input again."""
        self.display = False
        self.value = ""

    async def action_submit(self) -> None:
        self.post_message(self.Confirmed(self.item_id, self.purpose, self.value))
        self.close()

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Cancelled())
