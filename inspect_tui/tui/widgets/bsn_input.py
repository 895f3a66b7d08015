"""An input that shows a BSN masked (●●●●●●333) except while it has focus."""

from __future__ import annotations

from textual import events

from inspect_tui.domain.identifiers import mask_bsn
from inspect_tui.tui.i18n import _
from inspect_tui.tui.widgets.tab_paste import TabPasteInput


class BsnInput(TabPasteInput):
    """Holds the real number in ``bsn``; the screen shows it only while it is being edited. A pasted
    row goes on to the next field after the number, as in every other field of the form."""

    def __init__(self, value: str | None = None, *, id: str | None = None) -> None:
        self._real = value or ""
        # the hint is words, not a number that passes the 11-proef: an empty field never looks filled in
        super().__init__(value=mask_bsn(self._real), id=id, max_length=11, placeholder=_("9 digits"))

    @property
    def bsn(self) -> str:
        """The number as typed (what is validated and saved)."""
        return self.value if self.has_focus else self._real

    def set_bsn(self, value: str | None) -> None:
        """Replace the number (masked unless the field has focus)."""
        self._real = value or ""
        self.value = self._real if self.has_focus else mask_bsn(self._real)

    def _on_focus(self, event: events.Focus) -> None:
        self.value = self._real
        self.cursor_position = len(self.value)
        super()._on_focus(event)

    def _on_blur(self, event: events.Blur) -> None:
        self._real = self.value
        self.value = mask_bsn(self._real)
        super()._on_blur(event)
