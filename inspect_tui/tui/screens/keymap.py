"""The full key map (? or F1): every key of the screen underneath and of the app."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label

from inspect_tui.tui.i18n import _
from inspect_tui.tui.screens.base import AppModal


def general_keys() -> list[tuple[str, str]]:
    """Keys that work everywhere."""
    return [
        ("ctrl+p", _("Command palette: every action by name")),
        ("tab / shift+tab", _("Move between fields and lists")),
        ("↑ ↓ pgup pgdn home end", _("Move in a list; more rows are read as you go")),
        ("enter", _("Open the selected row")),
        ("escape", _("Back, or close a dialog")),
        ("ctrl+q", _("Quit (everything confirmed is already saved)")),
    ]


class KeymapScreen(AppModal[None]):
    """Lists the bindings of the screen it was opened over."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", id="keymap.close"),
        Binding("f1,question_mark", "dismiss", "Close", show=False),  # the keys that opened it close it
    ]

    def __init__(self, over: Screen[object]) -> None:
        super().__init__(classes="keymap")
        self.over = over

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(_("Keys"), classes="dialog-title")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        table.add_columns(_("Key"), _("Action"), _("What it does"))
        seen: set[tuple[str, str]] = set()
        for active in self.over.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system:
                continue
            key = self.app.get_key_display(binding)
            # A widget made before its class's keys were translated (an Input of a dialog) keeps
            # Textual's English: said in the interface language here (a translated text stays).
            description, tooltip = _(binding.description), _(binding.tooltip) if binding.tooltip else ""
            if (key, description) in seen:
                continue
            seen.add((key, description))
            table.add_row(key, description, tooltip)
        for key, text in general_keys():
            table.add_row(key, "", text)
        table.focus()
