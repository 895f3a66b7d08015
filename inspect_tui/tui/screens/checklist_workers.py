"""The checklist screen's workers: reading the checklist, reading progress back, remembering the place.

``ChecklistWorkers`` is a part of ``screens.checklist.ChecklistScreen`` (see ``checklist_view``
for what it shows).
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from inspect_tui.store import StoreError
from inspect_tui.store.queries import Checklist, State, read_checklist, read_state, returned_reason
from inspect_tui.tui.screens.base import user_message
from inspect_tui.tui.screens.checklist_view import WRITE_ERRORS, ChecklistView
from inspect_tui.tui.worker_results import deliver


class ChecklistWorkers(ChecklistView):
    """Reads the checklist and its state in worker threads and shows what they read."""

    @work(thread=True, group="checklist-load", exclusive=True, exit_on_error=False)
    def load(self) -> None:
        try:
            with self.inspect_app.db() as db:
                checklist = read_checklist(db, self.inspection_id)
                state = read_state(db, checklist)
                reason = returned_reason(db, self.inspection_id) if checklist.inspection.status == "returned" else None
            # Open the answer connection now, so the first key does not wait for it.
            with self.inspect_app.db.quick():
                pass
        except StoreError as exc:
            self.report(exc)
            self.app.call_from_thread(self.app.pop_screen)
            return
        deliver(self.app, self._loaded, checklist, state, reason)

    def _loaded(self, checklist: Checklist, state: State, returned: str | None = None) -> None:
        first = self.checklist is None
        self.checklist = checklist
        self._show_header(returned)
        if first:
            self._build_table(state)
            if not self.locked:
                self._remember(self.start_item)
        else:
            self._apply_state(state)
        self.refresh_bindings()

    @work(thread=True, group="checklist-reader", exit_on_error=False)
    def _reader(self) -> None:
        """Reads progress and figures back when asked, one request after the other."""
        worker = get_current_worker()
        self.answer_queue.serve(self._read_back, lambda: worker.is_cancelled)

    def _read_back(self, figures: bool) -> None:
        try:
            with self.inspect_app.db() as db:
                assert self.checklist is not None
                state = read_state(db, self.checklist, figures=figures, previous=self.state)
        except (StoreError, ValueError) as exc:
            self.app.call_from_thread(self.app.notify, user_message(exc), severity="error", markup=False)
            return
        deliver(self.app, self._refreshed, state)

    def _remember(self, item_id: str | None) -> None:
        """Where the inspector is, so a restart (even after a kill) opens here again."""
        if self.inspect_app.read_only is not None:
            return  # nothing can be written; the banner says so
        try:
            self.answer_queue.remember(item_id)
        except WRITE_ERRORS as exc:
            self.app.notify(user_message(exc), severity="error", markup=False)

    def _ask_refresh(self) -> None:
        self.answer_queue.ask_refresh(self._figures_stale)
        self._figures_stale = False

    def _refreshed(self, state: State) -> None:
        if self.is_attached:
            self._apply_state(state)
