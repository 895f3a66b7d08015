"""The review screen's detail pane and the handlers that follow the cursor, the filters and the search.

``ReviewDetail`` is a part of ``screens.review.ReviewScreen`` (see ``review_tables`` for the tables).
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.timer import Timer
from textual.widgets import DataTable, Input, Select, Static

from inspect_tui.store import queries
from inspect_tui.store.queries import ReviewInspectionRow
from inspect_tui.store.queries import inspection_history as history
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _
from inspect_tui.tui.screens.review_tables import ReviewTables
from inspect_tui.tui.widgets.inspection_history import history_text, was_sent_back
from inspect_tui.tui.widgets.labels import status_label
from inspect_tui.tui.widgets.paged_table import PagedTable
from inspect_tui.tui.widgets.reopened import reopened_detail
from inspect_tui.tui.worker_results import deliver

SEARCH_DELAY = 0.15
"""Seconds of quiet typing before the findings are searched again."""


class ReviewDetail(ReviewTables):
    """Shows the finding or inspection under the cursor and reacts to the filters and the search."""

    _search_timer: Timer | None

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        if self.summary is not None:
            self.apply_filters(force=False)

    @on(Input.Changed, "#review-search")
    def _search_changed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self.apply_filters(force=False))

    @on(Input.Submitted, "#review-search")
    def _search_done(self) -> None:
        self.findings.focus()

    @on(PagedTable.Loaded, "#review-findings")
    def _findings_loaded(self) -> None:
        self._update_status()
        if self.findings.row_count == 0:
            self.detail_id = None
            self.query_one("#review-detail", Static).update(_("No findings match."))
        else:
            self._highlighted()

    @on(DataTable.RowHighlighted, "#review-findings")
    def _highlighted(self) -> None:
        row = self.findings.selected()
        if row is None or row.id == self.detail_id:
            return
        self.detail_id = row.id
        if self.focused is not self.inspections:
            # Not while the user moves in the inspections table: a reload must not move its cursor.
            self._follow_finding()
        self._load_detail(row.id)

    def _follow_finding(self) -> None:
        """The inspections table follows the finding, so a decision acts on what is being read."""
        row = self.findings.selected()
        if row is not None and row.inspection_id in self.rows:
            self.inspections.move_cursor(row=self.inspections.get_row_index(row.inspection_id))

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        if event.widget is self.findings:
            self._follow_finding()
            self.detail_id = None  # the pane showed the inspection: show the finding again
            self._highlighted()

    @on(DataTable.RowHighlighted, "#review-inspections")
    def _inspection_moved(self) -> None:
        if self.detail_id is not None and self.inspections.cursor_row == self.row_as_read:
            # The day's inspections read (again), not a move: the finding shown stays, whichever
            # of the two lists was read first.
            self._update_status()
            return
        self._inspection_highlighted()

    def _inspection_highlighted(self) -> None:
        self._update_status()
        current = self.current_inspection()
        if current is None or self.focused is not self.inspections:
            return
        self.detail_id = None
        if current.id in self.reopened:
            self._show_reopening()
        else:  # moving in the inspections: the pane tells the inspection's history
            self._load_inspection_detail(current)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.inspections:
            self._inspection_highlighted()

    def _show_reopening(self) -> None:
        """With the cursor on a reopened inspection (the inspections table focused): why, and what changed."""
        current = self.current_inspection()
        if current is not None and current.id in self.reopened and self.focused is self.inspections:
            self.detail_id = None
            self.query_one("#review-detail", Static).update(reopened_detail(self.reopened[current.id]))

    @work(thread=True, group="review-detail", exclusive=True, exit_on_error=False)
    def _load_inspection_detail(self, row: ReviewInspectionRow) -> None:
        with self.inspect_app.db() as db:
            events = history.inspection_history(db, row.id)
        text = Text(f"{row.site_name} · {row.inspector} · {status_label(row.status)}\n", style="bold")
        text.append(history_text(events) or _("Not signed yet."))
        deliver(self.app, self.query_one("#review-detail", Static).update, text)

    @work(thread=True, group="review-detail", exclusive=True, exit_on_error=False)
    def _load_detail(self, finding_id: str) -> None:
        # Imported here: the report model it uses is not needed to open the screen.
        from inspect_tui.tui.widgets.finding_detail import render_finding_detail

        with self.inspect_app.db() as db:
            detail = queries.finding_detail(db, finding_id)
            events = [] if detail is None else history.inspection_history(db, detail.inspection.id)
        if detail is None:
            text: str | Text = _("That finding no longer exists.")
        else:
            text = render_finding_detail(detail, self.inspect_app.palette())
            if was_sent_back(events):
                text.append("\n" + history_text(events) + "\n")
        deliver(self.app, self.query_one("#review-detail", Static).update, text)

    @on(DataTable.RowSelected, "#review-inspections")
    def _open_inspection(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(messages.OpenInspection(event.row_key.value))
