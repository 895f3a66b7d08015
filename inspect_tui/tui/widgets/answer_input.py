"""The one-line input under the checklist for numbers, text, dates and notes."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from inspect_tui.domain.text import MAX_LONG
from inspect_tui.i18n.counts import count_text
from inspect_tui.tui.i18n import _, localise_bindings

Purpose = Literal["value", "note"]


class AnswerInput(Input):
    """Shown while typing an answer or a note; enter confirms, escape cancels.

    Confirming does not close it: the screen closes it once the text is saved, so a refused
    text stays here to be corrected. Text can never be longer than a note may be (4,000
    characters): typing stops there, a paste is cut there with a message, and a counter shows
    how much is used.
    """

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
        self.max_length = MAX_LONG
        self.value = value[:MAX_LONG]
        self.display = True
        self.focus()
        self.cursor_position = len(self.value)
        self._count()

    def _count(self) -> None:
        used = len(self.value)
        self.border_subtitle = (
            _("{used} of {most} characters").format(used=count_text(used), most=count_text(MAX_LONG))
            if used > MAX_LONG // 2
            else ""
        )

    def _on_input_changed(self, event: Input.Changed) -> None:
        self._count()

    def _on_paste(self, event: events.Paste) -> None:
        room = MAX_LONG - len(self.value) + len(self.selected_text)
        text = event.text.splitlines()[0] if event.text else ""
        if len(text) > room:
            event.prevent_default()
            event.stop()
            self.app.notify(
                _("Only the first {n} characters were pasted: a text holds at most {most}.").format(
                    n=count_text(max(room, 0)), most=count_text(MAX_LONG)
                ),
                severity="warning",
            )
            if room > 0:
                start, end = sorted(self.selection)
                self.replace(text[:room], start, end)

    def close(self) -> None:
        """Hide the input again."""
        self.display = False
        self.value = ""

    async def action_submit(self) -> None:
        self.post_message(self.Confirmed(self.item_id, self.purpose, self.value))

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Cancelled())
