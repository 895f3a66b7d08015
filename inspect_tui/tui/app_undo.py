"""Undoing the last deletion of a session (ctrl+z): remembered when a screen deletes, brought back here.

``AppUndo`` is a part of ``tui.app.InspectApp``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App

from inspect_tui.tui.access import DbAccess
from inspect_tui.tui.i18n import _

if TYPE_CHECKING:
    from inspect_tui.tui import messages as msg


class AppUndo(App[None]):
    """Remembers the session's last deletion and brings it back on ctrl+z."""

    db: DbAccess
    last_deletion: Any

    def on_deleted(self, message: msg.Deleted) -> None:
        self.last_deletion = message.deletion
        self.refresh_bindings()
        self.notify(_("Deleted. ctrl+z brings it back."))

    def action_undo_delete(self) -> None:
        if self.last_deletion is None:
            self.notify(_("Nothing to undo: nothing was deleted in this session."))
            return
        self._undo(self.last_deletion)

    @work(thread=True, group="undo-delete", exclusive=True, exit_on_error=False)
    def _undo(self, deletion: Any) -> None:
        from inspect_tui.store import StoreError
        from inspect_tui.store.workflow import undo_deletion

        try:
            with self.db() as db:
                undo_deletion(db, deletion)
        except StoreError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(self._undone)

    def _undone(self) -> None:
        self.last_deletion = None
        self.refresh_bindings()
        self.notify(_("Brought back what was deleted."))
        for name in ("action_refresh", "load"):  # the screen underneath shows what came back
            reload = getattr(self.screen, name, None)
            if callable(reload):
                reload()
                break
