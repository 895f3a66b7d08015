"""The site, unit and occupant editors, saving through ``resolve``: the edit merges every diverged version."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.widgets import Static

from inspect_tui.domain.base import Record
from inspect_tui.store import StoreError, workflow
from inspect_tui.tui.screens.base import user_message
from inspect_tui.tui.screens.occupant_editor import OccupantEditor
from inspect_tui.tui.screens.record_editor import RecordEditor
from inspect_tui.tui.screens.site_editor import SiteEditor
from inspect_tui.tui.screens.unit_editor import UnitEditor


class ResolvingEditor(RecordEditor):
    """Opens on the provisional winner; saving writes the resolution (a revision merging all live leaves)."""

    @work(thread=True, group="editor", exclusive=True, exit_on_error=False)
    def _save(self, record: Record) -> None:
        try:
            with self.inspect_app.db() as db:
                workflow.resolve_site_record(db, record)
        except StoreError as exc:
            self.app.call_from_thread(self.query_one("#form-error", Static).update, user_message(exc))
            return
        self.app.call_from_thread(self.dismiss, record.id)


class ResolveSiteEditor(ResolvingEditor, SiteEditor):
    """Edit a site in conflict."""


class ResolveUnitEditor(ResolvingEditor, UnitEditor):
    """Edit a unit in conflict."""


class ResolveOccupantEditor(ResolvingEditor, OccupantEditor):
    """Edit an occupant in conflict."""


EDITORS: dict[str, type[ResolvingEditor]] = {
    "sites": ResolveSiteEditor,
    "units": ResolveUnitEditor,
    "occupants": ResolveOccupantEditor,
}
"""Kinds of record that have an editor, by table."""


def editor_for(entity: str, record_id: str, data: dict[str, Any]) -> ResolvingEditor | None:
    """The editor for a record in conflict, pre-filled with the winner; None for kinds without one."""
    editor = EDITORS.get(entity)
    if editor is None:
        return None
    if entity == "occupants":
        return editor(record_id, unit_id=data.get("unit_id"))
    return editor(record_id)
