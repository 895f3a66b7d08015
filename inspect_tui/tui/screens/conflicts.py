"""Conflicts from imports: each record whose versions diverged, its versions side by side, resolved by a person.

Resolving writes a new revision that merges every version (chosen or edited); every version stays
in the record's history, and the resolution travels in the next bundle. A deletion that an edit did
not see is one of the versions: keeping it removes the record again.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Label, Static

from inspect_tui.domain.printable import printable
from inspect_tui.i18n import N_
from inspect_tui.i18n.counts import kind_count
from inspect_tui.store import StoreError, queries, workflow
from inspect_tui.store.queries import DELETED_FIELD, ConflictRow, Version, version_label
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _, count_text, ngettext
from inspect_tui.tui.messages import RESOLVED_BY_EDITING
from inspect_tui.tui.record_words import field_word, value_text
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.shown import shown_text
from inspect_tui.tui.worker_results import deliver

MAX_VERSIONS = 9
"""Versions are numbered 1–9 in a stable order (time made, device, id): the keys that keep them."""

_MORE_KEYS = (
    (N_("Keep 3"), N_("Resolve with version 3")),
    (N_("Keep 4"), N_("Resolve with version 4")),
    (N_("Keep 5"), N_("Resolve with version 5")),
    (N_("Keep 6"), N_("Resolve with version 6")),
    (N_("Keep 7"), N_("Resolve with version 7")),
    (N_("Keep 8"), N_("Resolve with version 8")),
    (N_("Keep 9"), N_("Resolve with version 9")),
)
"""The texts of the keys 3 to MAX_VERSIONS, written out so the catalog's extraction finds them."""


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
    """A field's value as the conflicts screen may show it: words, BSNs masked, sealed fields as encrypted."""
    value = data.get(field)
    if field == "sealed" and value:
        return ", ".join(field_word(f) for f in sorted(value)) + " " + _("(encrypted)")
    return value_text(entity, field, data)


class ConflictsScreen(AppScreen):
    """Pick a conflict above; compare its versions below; keep one (1–9) or edit (e) to resolve it."""

    DEFAULT_CSS = """
    #versions-legend { height: auto; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="conflicts.back", tooltip="Back to the previous screen"),
        Binding("1", "choose(0)", "Keep 1", id="conflicts.keep_a", tooltip="Resolve with version 1"),
        Binding("2", "choose(1)", "Keep 2", id="conflicts.keep_b", tooltip="Resolve with version 2"),
        *[
            Binding(
                str(n + 1),
                f"choose({n})",
                keep,
                show=False,
                id=f"conflicts.keep_{n + 1}",
                tooltip=resolve,
            )  # translated through the catalog like the literal ones
            for n, (keep, resolve) in enumerate(_MORE_KEYS[: MAX_VERSIONS - 2], start=2)
        ],
        Binding(
            "h",
            "history",
            "History",
            id="conflicts.history",
            tooltip="Every version of the selected record: who, when, what changed",
        ),
        Binding(
            "e",
            "edit",
            "Edit",
            id="conflicts.edit",
            tooltip="Edit the record (starting from the version in effect) and save it as the resolution",
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
        self.names: dict[str, str] = {}
        """What the records the shown versions name are called (a unit's label for its id)."""
        self.shown_key: str | None = None
        self.here = ""
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header(icon="⌂")
        yield Label(_("Open conflicts"), classes="pane-title", id="conflicts-title")
        yield DataTable(id="conflict-list", cursor_type="row", zebra_stripes=True)
        yield Label("", classes="pane-title", id="versions-title")
        yield Static("", id="versions-legend")
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
        self.listing.add_column(_("Name"), key="record", width=36)
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
        deliver(self.app, self._show, overview.rows, overview.device_id)

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
                Text(", ".join(field_word(f) for f in row.conflict.fields) or _("(same data)")),
                key=key,
            )
        if keep in self.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self.query_one("#conflicts-title", Label).update(_("Open conflicts ({n})").format(n=count_text(len(rows))))
        self.shown_key = None
        if not rows:
            self.versions = []
            self.side_by_side.clear(columns=True)
            self.query_one("#versions-title", Label).update("")
            self.query_one("#versions-legend", Static).update("")
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
            names = queries.version_names(db, versions)
            held = all(v.deleted for v in versions)
            standing = queries.standing_under(db, entity, record_id) if held else []
        deliver(self.app, self._show_versions, key, versions, names, standing)

    def _show_versions(
        self,
        key: str,
        versions: list[Version],
        record_names: dict[str, str],
        standing: list[tuple[str, list[str], int]] | None = None,
    ) -> None:
        if key != self.shown_key:
            return
        self.names = record_names
        row = self.rows[key]
        entity = row.conflict.entity
        self.versions = versions[:MAX_VERSIONS]
        differing = set(row.conflict.fields)
        palette = self.inspect_app.palette()
        marked = palette.get("text-warning", "") + " bold"
        table = self.side_by_side
        table.clear(columns=True)
        table.add_column("", key="mark", width=1)
        table.add_column(_("Field"), key="field", width=22)
        for n, version in enumerate(self.versions):
            label = str(n + 1) + (" · " + _("in effect now") if version.in_effect else "")
            label += (" · " + _("deleted")) if version.deleted else ""
            table.add_column(label, key=f"v{n}", width=max(24, len(label)))
        self.query_one("#versions-legend", Static).update(
            "\n".join(version_label(n + 1, v, self.here) for n, v in enumerate(self.versions))
        )
        names = sorted(
            {k for v in self.versions for k in v.data if k != "id"},
            key=lambda f: (f not in differing, field_word(f).casefold()),
        )
        if any(v.deleted for v in self.versions):
            names.insert(0, DELETED_FIELD)
        for name in names:
            differs = name in differing
            style = marked if differs else ""
            cells = [Text(self._cell(entity, name, v), style=style) for v in self.versions]
            table.add_row(
                Text("●" if differs else "", style=marked), Text(field_word(name), style=style), *cells, key=name
            )
        self.query_one("#versions-title", Label).update(
            ngettext(
                "{kind} {label}: {n} version, differing fields marked ●",
                "{kind} {label}: {n} versions, differing fields marked ●",
                len(self.versions),
            ).format(kind=entity_label(entity), label=row.label, n=len(self.versions))
        )
        keys = _("1–{n} keep that version · h history").format(n=len(self.versions))
        if entity in RESOLVED_BY_EDITING:
            keys += " · " + _("e edit and save as the resolution")
        if standing:  # names typed by people: plain text, never read as markup
            keys = held_text(standing) + "\n" + keys
        if any(v.deleted for v in self.versions):
            keys += " · " + _("keeping the deletion removes the record again; every version stays in the history")
        else:
            keys += " · " + _("nothing is deleted: every version stays in the history")
        self.query_one("#conflicts-hint", Static).update(Text(keys) if standing else keys)
        self.refresh_bindings()

    def _cell(self, entity: str, name: str, version: Version) -> str:
        """A version's value of a field: "yes"/"no" for the deletion row, a named record's name."""
        if name == DELETED_FIELD:
            return _("yes") if version.deleted else _("no")
        value = version.data.get(name)
        if isinstance(value, str) and value in self.names:
            return self.names[value]
        return shown_value(entity, name, version.data)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            index = parameters[0] if parameters else 0
            return isinstance(index, int) and index < len(self.versions)
        if action == "history":
            return self.shown_key in self.rows
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
        kind = entity_label(row.conflict.entity)
        if version.deleted:
            question = _(
                "Keep the deletion of {kind} {label} (version {number})? The record is removed again; "
                "the other versions stay in the history."
            ).format(number=index + 1, kind=kind, label=row.label)
        else:
            question = _("Keep version {number} of {kind} {label}? The other versions stay in the history.").format(
                number=index + 1, kind=kind, label=row.label
            )
        question += "\n" + version_label(index + 1, version, self.here)
        conflict = row.conflict

        def answered(yes: bool | None) -> None:
            if yes:
                self._resolve(conflict.entity, conflict.record_id, None if version.deleted else version.data)

        self.post_message(messages.Confirm(_("Resolve conflict"), question, done=answered, default_yes=True))

    def action_history(self) -> None:
        row = self.rows.get(self.shown_key or "")
        if row is not None:
            self.post_message(
                messages.OpenHistory(
                    row.conflict.entity, row.conflict.record_id, f"{entity_label(row.conflict.entity)} {row.label}"
                )
            )

    @work(thread=True, group="conflict-resolve", exclusive=True, exit_on_error=False)
    def _resolve(self, entity: str, record_id: str, data: dict[str, Any] | None) -> None:
        """Keep the version with this data, or (data None) the deletion."""
        try:
            with self.inspect_app.db() as db:
                if data is None:
                    workflow.keep_deletion(db, entity, record_id)
                else:
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
        in_effect = next((v for v in self.versions if v.in_effect), self.versions[0])  # never a deletion
        self.post_message(
            messages.EditConflicted(conflict.entity, conflict.record_id, in_effect.data, done=self._resolved)
        )


def held_text(standing: list[tuple[str, list[str], int]]) -> str:
    """Why a removal stays in effect: ``still in effect: 1 unit stands under it (Stacaravan 9); …``."""
    parts = []
    for kind, names, count in standing:
        more = count - len(names)
        shown = ", ".join(printable(n) for n in names) + (" " + _("and {n} more").format(n=more) if more > 0 else "")
        parts.append(f"{kind_count(kind, count)} ({shown})" if shown else kind_count(kind, count))
    return _(
        "Removed elsewhere, still in effect because records stand under it: {records}. Remove or move them, "
        "then keep the deletion; or press e to keep it"
    ).format(records=", ".join(parts))
