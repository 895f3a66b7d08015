"""A form's text field that passes a pasted row on: each tab goes on to the next field."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TabPasteInput(Input):
    """A pasted tab (a spreadsheet row, a barcode scanner) goes on to the next field with the rest."""

    def _on_paste(self, event: events.Paste) -> None:
        first, tab, rest = event.text.partition("\t")
        if not tab:
            return  # Textual calls Input's own handler next
        event.stop()
        event.prevent_default()
        super()._on_paste(events.Paste(first))
        self.screen.focus_next()
        following = self.screen.focused
        if following is not None and following is not self and rest:
            following._forward_event(events.Paste(rest))
