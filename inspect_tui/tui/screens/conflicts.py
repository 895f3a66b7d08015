"""Conflicts from imports: each record whose versions diverged, its versions side by side, resolved by a person.

Resolving writes a new revision that merges every live version (chosen or edited); nothing is
deleted, every version stays in the record's history, and the resolution travels in the next bundle.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Label, Static

from inspect_tui.domain.identifiers import mask_bsn
from inspect_tui.store import StoreError, queries, workflow
from inspect_tui.store.queries import ConflictRow, Version
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _
from inspect_tui.tui.messages import RESOLVED_BY_EDITING
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.shown import shown_text

LETTERS = "ABCDEFGHI"
"""Versions are named A, B, C… (A is the provisional winner)."""


def entity_label(entity: str) -> str:
    return {
        "sites": _("site"),
        "units": _("unit"),
        "occupants": _("occupant"),
        "inspections": _("inspection"),
        "answers": _("answer"),
        "findings": _("finding"),
        "attachments": _("attachment"),
        "reviews": _("review"),
    }.get(entity, entity)


def shown_value(entity: str, field: str, data: dict[str, Any]) -> str:
    """A field's value as the conflicts screen may show it: BSNs masked, sealed fields as encrypted."""
    sealed = data.get("sealed") or {}
    if field in sealed:
        return _("encrypted")
    value = data.get(field)
    if value is None:
        return "—"
    if entity == "occupants" and field == "bsn":
        return mask_bsn(str(value))
    if field == "sealed":
        return ", ".join(sorted(value)) + " " + _("(encrypted)")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class ConflictsScreen(AppScreen):
    """Pick a conflict above; compare its versions below; keep one (1–9) or edit (e) to resolve it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="conflicts.back", tooltip="Back to the previous screen"),
        Binding("1", "choose(0)", "Keep A", id="conflicts.keep_a", tooltip="Resolve with version A"),
        Binding("2", "choose(1)", "Keep B", id="conflicts.keep_b", tooltip="Resolve with version B"),
        *[
            Binding(
                str(n + 1),
                f"choose({n})",
                f"Keep {LETTERS[n]}",
                show=False,
                id=f"conflicts.keep_{n + 1}",
                tooltip=f"Resolve with version {LETTERS[n]}",
            )  # translated through the catalog like the literal ones
            for n in range(2, 9)
        ],
        Binding(
            "e",
            "edit",
            "Edit",
            id="conflicts.edit",
            tooltip="Edit the record (starting from version A) and save it as the resolution",
        ),
        Binding(
            "tab",
            "switch",
            "Versions",
            show=False,
            id="conflicts.switch",
            tooltip="Move between the list and the versions",
        ),
        Binding("f5", "refresh", "Refresh", show=False, id="conflicts.refresh", tooltip="Read the conflicts again"),
    ]

    def __init__(self) -> None:
        super().__init__(id="conflicts")
        self.rows: dict[str, ConflictRow] = {}
        self.versions: list[Version] = []
        self.shown_key: str | None = None
        self.here = ""
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header(icon="⌂")
        yield Label(_("Open conflicts"), classes="pane-title", id="conflicts-title")
        yield DataTable(id="conflict-list", cursor_type="row", zebra_stripes=True)
        yield Label("", classes="pane-title", id="versions-title")
        yield DataTable(id="conflict-versions", cursor_type="row", zebra_stripes=False)
        yield Static("", id="conflicts-hint", classes="status-line")
        yield FitFooter()

    @property
    def listing(self) -> DataTable[Any]:
        return self.query_one("#conflict-list", DataTable)

    @property
    def side_by_side(self) -> DataTable[Any]:
        return self.query_one("#conflict-versions", DataTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.listing.add_column(_("Kind"), key="kind", width=11)
        self.listing.add_column(_("Record id"), key="record", width=36)
        self.listing.add_column(_("Conflict"), key="type", width=8)
        self.listing.add_column(_("Versions"), key="versions", width=8)
        self.listing.add_column(_("Fields that differ"), key="fields", width=48)
        self.load()
        self.listing.focus()

    def on_return(self) -> None:
        # Back from another screen or a dialog: read again (things may have changed there).
        self.load()

    @work(thread=True, group="conflicts", exclusive=True, exit_on_error=False)
    def load(self) -> None:
        with self.inspect_app.db() as db:
            overview = queries.conflicts_overview(db)
        self.app.call_from_thread(self._show, overview.rows, overview.device_id)

    def _show(self, rows: list[ConflictRow], here: str) -> None:
        self.here = here
        self.loaded = True
        table = self.listing
        keep = self.current_key()
        self.rows = {f"{r.conflict.entity}/{r.conflict.record_id}": r for r in rows}
        table.clear()
        for key, row in self.rows.items():
            kind = _("hard") if row.conflict.kind == "hard" else _("soft")
            table.add_row(
                entity_label(row.conflict.entity),
                shown_text(row.label),
                kind,
                str(len(row.conflict.leaves)),
                Text(", ".join(row.conflict.fields) or _("(same data)")),
                key=key,
            )
        if keep in self.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self.query_one("#conflicts-title", Label).update(_("Open conflicts ({n})").format(n=len(rows)))
        self.shown_key = None
        if not rows:
            self.versions = []
            self.side_by_side.clear(columns=True)
            self.query_one("#versions-title", Label).update("")
            self.query_one("#conflicts-hint", Static).update(_("No open conflicts."))
        else:
            self._highlighted()
        self.refresh_bindings()

    def current_key(self) -> str | None:
        table = self.listing
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(DataTable.RowHighlighted, "#conflict-list")
    def _highlighted(self) -> None:
        key = self.current_key()
        if key is None or key == self.shown_key or key not in self.rows:
            return
        self.shown_key = key
        conflict = self.rows[key].conflict
        self._load_versions(key, conflict.entity, conflict.record_id)

    @work(thread=True, group="conflict-versions", exclusive=True, exit_on_error=False)
    def _load_versions(self, key: str, entity: str, record_id: str) -> None:
        with self.inspect_app.db() as db:
            versions = queries.conflict_versions(db, entity, record_id)
        self.app.call_from_thread(self._show_versions, key, versions)

    def _show_versions(self, key: str, versions: list[Version]) -> None:
        if key != self.shown_key:
            return
        row = self.rows[key]
        entity = row.conflict.entity
        self.versions = versions[: len(LETTERS)]
        differing = set(row.conflict.fields)
        palette = self.inspect_app.palette()
        marked = palette.get("text-warning", "") + " bold"
        table = self.side_by_side
        table.clear(columns=True)
        table.add_column("", key="mark", width=1)
        table.add_column(_("Field"), key="field", width=22)
        for n, version in enumerate(self.versions):
            device = _("this device") if version.origin == self.here else version.origin[:8]
            label = f"{LETTERS[n]} · {device} · {version.rev[:10]}"
            table.add_column(label, key=f"v{n}", width=max(30, len(label)))
        names = sorted({k for v in self.versions for k in v.data if k != "id"}, key=lambda f: (f not in differing, f))
        for name in names:
            differs = name in differing
            style = marked if differs else ""
            cells = [Text(shown_value(entity, name, v.data), style=style) for v in self.versions]
            table.add_row(Text("●" if differs else "", style=marked), Text(name, style=style), *cells, key=name)
        self.query_one("#versions-title", Label).update(
            _("{kind} {label}: {n} versions, differing fields marked ●").format(
                kind=entity_label(entity), label=row.label, n=len(self.versions)
            )
        )
        keys = _("1–{n} keep that version").format(n=len(self.versions))
        if entity in RESOLVED_BY_EDITING:
            keys += " · " + _("e edit and save as the resolution")
        self.query_one("#conflicts-hint", Static).update(
            keys + " · " + _("nothing is deleted: every version stays in the history")
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            index = parameters[0] if parameters else 0
            return isinstance(index, int) and index < len(self.versions)
        if action == "edit":
            row = self.rows.get(self.shown_key or "")
            return row is not None and row.conflict.entity in RESOLVED_BY_EDITING
        return True

    def action_switch(self) -> None:
        (self.side_by_side if self.focused is self.listing else self.listing).focus()

    def action_refresh(self) -> None:
        self.load()

    def action_choose(self, index: int) -> None:
        row = self.rows.get(self.shown_key or "")
        if row is None or index >= len(self.versions):
            return
        version = self.versions[index]
        question = _("Keep version {letter} of {kind} {label}? The other versions stay in the history.").format(
            letter=LETTERS[index], kind=entity_label(row.conflict.entity), label=row.label
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._resolve(row.conflict.entity, version.data)

        self.post_message(messages.Confirm(_("Resolve conflict"), question, done=answered))

    @work(thread=True, group="conflict-resolve", exclusive=True, exit_on_error=False)
    def _resolve(self, entity: str, data: dict[str, Any]) -> None:
        try:
            with self.inspect_app.db() as db:
                workflow.keep_version(db, entity, data)
        except (StoreError, ValueError) as exc:
            self.report(exc)
            return
        self.app.call_from_thread(self._resolved)

    def _resolved(self, saved: str | None = "") -> None:
        if saved is None:
            return
        self.app.notify(_("Resolved: the result is a new version; the next bundle carries it."))
        self.load()

    def action_edit(self) -> None:
        row = self.rows.get(self.shown_key or "")
        if row is None or not self.versions or row.conflict.entity not in RESOLVED_BY_EDITING:
            return
        conflict = row.conflict
        self.post_message(
            messages.EditConflicted(conflict.entity, conflict.record_id, self.versions[0].data, done=self._resolved)
        )
