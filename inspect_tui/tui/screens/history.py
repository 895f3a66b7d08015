"""A record's history: every revision with who made it (person, device), when, and what changed.

Opened with ``h`` from a record's screen (site, inspection, finding, occupant) and from the
conflicts screen. The list above has one row per revision, oldest first, in the same order on
every database; below, the highlighted revision's changes field by field, in the interface language.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Label, Static

from inspect_tui.store.queries import HistoryEntry, device_name, record_history, reference_names
from inspect_tui.tui.i18n import _, format_datetime, ngettext
from inspect_tui.tui.record_words import field_word
from inspect_tui.tui.record_words import shown as shown_value
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.shown import shown_text
from inspect_tui.tui.worker_results import deliver


def when_text(entry: HistoryEntry) -> str:
    return format_datetime(entry.made_at) if entry.made_at else _("unknown time")


def device_text(entry: HistoryEntry) -> str:
    return device_name(entry.origin, entry.origin if entry.here else "")


def change_summary(entry: HistoryEntry) -> str:
    """One line: created, changed which fields, deleted, or resolved a conflict."""
    if entry.deleted:
        return _("deleted")
    names = ", ".join(field_word(c.field) for c in entry.changes)
    if entry.first:
        return _("created")
    if entry.merges:
        head = ngettext("resolved a conflict of {n} versions", "resolved a conflict of {n} versions", entry.merges + 1)
        text = head.format(n=entry.merges + 1)
        return f"{text}: {names}" if names else text
    return _("changed: {fields}").format(fields=names) if names else _("saved again, nothing changed")


def change_lines(entity: str, entry: HistoryEntry, names: dict[str, str] | None = None) -> Text:
    """The revision's changes, one field a line: "Beds: 4 → 6" (a first version: every value set).

    names: what referenced records are called (see ``reference_names``), shown instead of their ids."""
    names = names or {}

    def shown(entity: str, field: str, value: Any) -> str:
        if isinstance(value, str) and value in names:
            return names[value]
        return shown_value(entity, field, value)

    text = Text()
    text.append(f"{entry.gen}. {when_text(entry)} · {entry.person or _('unknown person')} · {device_text(entry)}")
    if entry.in_effect:
        text.append(" · " + _("in effect now"), style="bold")
    text.append("\n")
    if entry.deleted:
        text.append(_("The record was deleted in this version.") + "\n")
        return text
    if not entry.changes and not entry.merged:
        text.append(_("No field changed.") + "\n", style="dim")
    for change in entry.changes:
        text.append(f"{field_word(change.field)}: ", style="bold")
        if entry.first:
            text.append(shown(entity, change.field, change.after) + "\n")
        else:
            before, after = shown(entity, change.field, change.before), shown(entity, change.field, change.after)
            # A value that reads the same either way (the figures recorded at signing) says only that it changed.
            text.append((f"{before} → {after}" if before != after else _("changed")) + "\n")
    for person, made_at, changes in entry.merged:
        when = format_datetime(made_at) if made_at else _("unknown time")
        text.append(
            _("Instead of the version of {person} ({when}):").format(person=person or _("unknown person"), when=when)
            + "\n",
            style="italic",
        )
        if not changes:
            text.append("  " + _("the same values") + "\n", style="dim")
        for change in changes:
            before, after = shown(entity, change.field, change.before), shown(entity, change.field, change.after)
            text.append(f"  {field_word(change.field)}: {before} → {after}\n")
    return text


class HistoryScreen(AppScreen):
    """Every version of one record; nothing here changes anything."""

    DEFAULT_CSS = """
    #history-list { height: auto; max-height: 50%; }
    #history-detail { height: 1fr; padding: 0 1; overflow-y: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="history.back", tooltip="Back to the previous screen"),
        Binding("f5", "refresh", "Refresh", show=False, id="history.refresh", tooltip="Read the history again"),
    ]

    def __init__(self, entity: str, record_id: str, label: str) -> None:
        super().__init__(id="history")
        self.entity = entity
        self.record_id = record_id
        self.label = label
        self.entries: dict[str, HistoryEntry] = {}
        self.names: dict[str, str] = {}
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header(icon="⌂")
        yield Label(_("History of {label}").format(label=self.label), classes="pane-title", id="history-title")
        yield DataTable(id="history-list", cursor_type="row", zebra_stripes=True)
        yield Static("", id="history-detail")
        yield FitFooter()

    @property
    def listing(self) -> DataTable[Any]:
        return self.query_one("#history-list", DataTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.listing.add_column("#", key="gen", width=3)
        self.listing.add_column(_("When"), key="when", width=16)
        self.listing.add_column(_("Who"), key="who", width=18)
        self.listing.add_column(_("Device"), key="device", width=15)
        self.listing.add_column(_("What changed"), key="what", width=60)
        self.load()
        self.listing.focus()

    def action_refresh(self) -> None:
        self.load()

    @work(thread=True, group="history", exclusive=True, exit_on_error=False)
    def load(self) -> None:
        with self.inspect_app.db() as db:
            entries = record_history(db, self.entity, self.record_id)
            names = reference_names(db, entries)
        deliver(self.app, self._show, entries, names)

    def _show(self, entries: list[HistoryEntry], names: dict[str, str] | None = None) -> None:
        self.loaded = True
        self.names = names or {}
        self.entries = {e.rev: e for e in entries}
        table = self.listing
        table.clear()
        for entry in entries:
            table.add_row(
                str(entry.gen),
                when_text(entry),
                shown_text(entry.person or _("unknown person")),
                device_text(entry),
                Text(change_summary(entry), style="bold" if entry.in_effect else ""),
                key=entry.rev,
            )
        title = _("History of {label}").format(label=self.label)
        count = ngettext("{n} version", "{n} versions", len(entries)).format(n=len(entries))
        self.query_one("#history-title", Label).update(f"{title} · {count}")
        if not entries:
            self.query_one("#history-detail", Static).update(_("No versions of this record are stored here."))
            return
        table.move_cursor(row=len(entries) - 1)
        self._highlighted()

    @on(DataTable.RowHighlighted, "#history-list")
    def _highlighted(self) -> None:
        table = self.listing
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        entry = self.entries.get(key or "")
        if entry is not None:
            self.query_one("#history-detail", Static).update(change_lines(self.entity, entry, self.names))
