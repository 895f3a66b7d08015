"""The team lead's review of a day: every inspection, the findings page by page, decisions, exports.

The screen holds its keys, its layout and its actions; beside it ``review_tables`` (reading the
day into the two tables) and ``review_detail`` (the detail pane, filters and search).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable, Header, Input, Label, Select, Static

from inspect_tui.domain.enums import ReviewDecision
from inspect_tui.store import queries
from inspect_tui.store.queries import (
    FINDING_SORTS,
    NORMS,
    SEVERITIES,
    FindingFilter,
    ReviewInspectionRow,
    ReviewSummary,
)
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _, count_text, ngettext
from inspect_tui.tui.screens.review_detail import ReviewDetail
from inspect_tui.tui.screens.review_tables import STATUSES
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.labels import severity_label, status_label, status_width
from inspect_tui.tui.widgets.norms import norm_label
from inspect_tui.tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from inspect_tui.store.workflow import ReviewOutcome


class ReviewScreen(ReviewDetail):
    """Inspections of one day above; the day's findings, filtered and sorted, with a detail pane below."""

    FOOTER_FIRST: ClassVar[tuple[str, ...]] = ("back", "approve", "send_back", "choose_day", "report")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="review.back", tooltip="Back (from a filter: to the findings)"),
        Binding(
            "a",
            "approve",
            "Approve",
            id="review.approve",
            tooltip="Approve the marked inspections, or the selected one",
        ),
        Binding(
            "b",
            "send_back",
            "Send back",
            id="review.send_back",
            tooltip="Send the selected inspection back to the inspector with a reason",
        ),
        Binding("c", "comment", "Comment", id="review.comment", tooltip="Comment on the selected inspection"),
        Binding("space", "mark", "Mark", id="review.mark", tooltip="Mark or unmark the inspection to approve several"),
        Binding("slash", "search", "Search", id="review.search", tooltip="Search the findings and site names"),
        Binding("o", "sort", "Sort", id="review.sort", tooltip="Sort by severity, deadline, site or inspector"),
        Binding("d", "choose_day", "Day", id="review.day", tooltip="Review another day"),
        Binding(
            "left_square_bracket",
            "step_day(-1)",
            "Previous day",
            show=False,
            id="review.prev_day",
            tooltip="Review the day before",
        ),
        Binding(
            "right_square_bracket",
            "step_day(1)",
            "Next day",
            show=False,
            id="review.next_day",
            tooltip="Review the day after",
        ),
        Binding(
            "g",
            "summary",
            "Summary",
            id="review.summary",
            tooltip="The day's findings per severity, norm and site as a chart",
        ),
        Binding(
            "v",
            "photos",
            "Photos",
            show=False,
            id="review.photos",
            tooltip="Open the finding's photos with the system viewer",
        ),
        Binding("p", "report", "Report", id="review.report", tooltip="Write the selected inspection's report"),
        Binding(
            "x",
            "export_findings",
            "Export",
            id="review.export",
            tooltip="Write the day's findings as CSV (Excel), JSON or Markdown",
        ),
        Binding("I", "import_bundles", "Import", id="review.import", tooltip="Import the inspectors' bundles"),
        Binding(
            "C", "conflicts", "Conflicts", id="review.conflicts", tooltip="Records whose versions diverged, to resolve"
        ),
        Binding("f5", "refresh", "Refresh", show=False, id="review.refresh", tooltip="Read the day again"),
        Binding("tab", "next_pane", "Next pane", show=False, id="review.next_pane", tooltip="Inspections ⇄ findings"),
        Binding(
            "shift+tab",
            "next_pane(-1)",
            "Previous pane",
            show=False,
            id="review.previous_pane",
            tooltip="Findings ⇄ inspections",
        ),
    ]

    def __init__(self, day: dt.date | None = None) -> None:
        super().__init__(id="review")
        self.day = day
        self.rows: dict[str, ReviewInspectionRow] = {}
        self.resubmitted: dict[str, str] = {}
        """Completed inspections sent back (or reopened) before: the reason, for the reason column."""
        self.marked: set[str] = set()
        self.summary: ReviewSummary | None = None
        self.open_conflicts = 0
        self.reopened: dict[str, queries.Reopening] = {}
        self.sort = "severity"
        self.detail_id: str | None = None
        self._search_timer: Timer | None = None
        self._applied: tuple[FindingFilter, str] | None = None
        self._choices: dict[str, list[tuple[str, str]]] = {}

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="⌂")
        yield Static("", id="review-title", classes="status-line")
        yield DataTable(id="review-inspections", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="review-filters"):
            yield Input(placeholder=_("Search findings and sites…"), id="review-search", compact=True)
            yield Select(
                [(severity_label(s), s) for s in SEVERITIES],
                prompt=_("All severities"),
                id="filter-severity",
                compact=True,
            )
            yield Select([(norm_label(n), n) for n in NORMS], prompt=_("All norms"), id="filter-norm", compact=True)
            yield Select([], prompt=_("All inspectors"), id="filter-inspector", compact=True)
            yield Select([], prompt=_("All sites"), id="filter-site", compact=True)
            yield Select(
                [(status_label(s), s) for s in STATUSES], prompt=_("Any status"), id="filter-status", compact=True
            )
        with Horizontal(id="review-body"):
            yield PagedTable(self._findings_source(self._filters()), id="review-findings")
            with VerticalScroll(id="review-detail-pane"):
                yield Static(_("Move to a finding to see it here."), id="review-detail")
        yield Label("", id="review-status", classes="status-line")
        yield FitFooter()

    def on_mount(self) -> None:
        super().on_mount()
        if self.day is None:
            self.day = self.inspect_app.today()
        table = self.inspections
        table.add_column("", key="mark", width=1)
        for label, key, width in (
            (_("Site"), "site", 24),
            (_("Inspector"), "inspector", 19),
            (_("Started"), "started", 7),
            (_("Status"), "status", status_width(10)),
            (_("Crit"), "critical", 4),
            (_("Maj"), "major", 4),
            (_("Min"), "minor", 4),
            (_("Sent back because"), "reason", 30),
        ):
            table.add_column(label, key=key, width=width)
        self.load_day()
        table.focus()

    def on_return(self) -> None:
        # Back from another screen or a dialog: read again (things may have changed there).
        self.action_refresh()

    # --- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input | Select) or (focused is not None and _inside(focused, "#review-filters")):
            self.findings.focus()
            return
        self.app.pop_screen()

    def action_next_pane(self, step: int = 1) -> None:
        """Tab goes between the two tables (the search and filters are reached with / and tab from there)."""
        focused = self.focused
        if focused is self.inspections:
            self.findings.focus()
        elif focused is self.findings:
            self.inspections.focus()
        elif step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_mark(self) -> None:
        row = self.current_inspection()
        if row is None:
            return
        self.marked ^= {row.id}
        self.inspections.update_cell(row.id, "mark", "●" if row.id in self.marked else "")
        self._update_status()

    def action_approve(self) -> None:
        chosen = [self.rows[i] for i in self.rows if i in self.marked]
        if not chosen:
            current = self.current_inspection()
            chosen = [current] if current is not None else []
        self._decide(ReviewDecision.APPROVE, chosen)

    def action_send_back(self) -> None:
        current = self.current_inspection()
        self._decide(ReviewDecision.SEND_BACK, [current] if current is not None else [])

    def action_comment(self) -> None:
        current = self.current_inspection()
        self._decide(ReviewDecision.COMMENT, [current] if current is not None else [])

    def _decide(self, decision: ReviewDecision, rows: list[ReviewInspectionRow]) -> None:
        if not rows:
            self.app.notify(_("No inspection on this day to decide on."), severity="warning")
            return
        if decision is not ReviewDecision.COMMENT and not any(r.status == "completed" for r in rows):
            self.app.notify(_("Only completed inspections can be approved or sent back."), severity="warning")
            return
        self.post_message(messages.Decide(decision, [self._target(r) for r in rows], done=self._decided))

    def _decided(self, outcome: ReviewOutcome | None) -> None:
        if outcome is None:
            return
        message = {
            ReviewDecision.APPROVE: ngettext(
                "Approved {n} inspection.", "Approved {n} inspections.", len(outcome.decided)
            ),
            ReviewDecision.SEND_BACK: _("Sent back to the inspector; the next bundle carries it."),
            ReviewDecision.COMMENT: _("Comment recorded."),
        }[outcome.decision].format(n=count_text(len(outcome.decided)))
        if outcome.skipped:
            message += " " + _("{n} skipped: not completed.").format(n=count_text(len(outcome.skipped)))
        self.app.notify(message)
        self.marked -= set(outcome.decided)
        self.action_refresh()

    def action_search(self) -> None:
        self.query_one("#review-search", Input).focus()

    def action_sort(self) -> None:
        order = list(FINDING_SORTS)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        self.apply_filters()

    def action_choose_day(self) -> None:
        assert self.day is not None
        self.post_message(messages.ChooseDay(self.day, self.inspect_app.today(), done=self._set_day))

    def action_step_day(self, step: int) -> None:
        assert self.day is not None
        self._set_day(self.day + dt.timedelta(days=step))

    def _set_day(self, day: dt.date | None) -> None:
        if day is None or day == self.day:
            return
        self.day = day
        self.marked.clear()
        self.detail_id = None
        self.load_day()

    def action_refresh(self) -> None:
        self.detail_id = None
        self.load_day()

    def action_summary(self) -> None:
        assert self.day is not None
        self.post_message(messages.OpenDaySummary(self.day))

    def action_conflicts(self) -> None:
        self.post_message(messages.OpenConflicts())

    def action_import_bundles(self) -> None:
        self.post_message(messages.ImportBundles())

    def action_report(self) -> None:
        row = self.current_inspection()
        if row is None:
            self.app.notify(_("No inspection on this day to report on."), severity="warning")
            return
        label = self._target(row).label
        self.post_message(messages.WriteReport(row.id, row.started_at.date(), row.site_name, label))

    def action_export_findings(self) -> None:
        assert self.day is not None
        filters = self._filters()
        about = _("Findings of the inspections started on {day}").format(day=self.day.strftime("%d-%m-%Y"))
        if filters.inspector:
            about += " · " + filters.inspector
        if filters.site_id and filters.site_id in {r.site_id for r in self.rows.values()}:
            about += " · " + next(r.site_name for r in self.rows.values() if r.site_id == filters.site_id)
        self.post_message(
            messages.ExportFindings(self.day, about, inspector=filters.inspector, site_id=filters.site_id)
        )

    def action_photos(self) -> None:
        row = self.findings.selected()
        if row is None or not row.photos:
            self.app.notify(_("The selected finding has no photos."), severity="warning")
            return
        self._open_photos(row.id)

    @work(thread=True, group="review-photos", exit_on_error=False)
    def _open_photos(self, finding_id: str) -> None:
        from inspect_tui.store import StoreError
        from inspect_tui.tui.screens.review_photos import extract_attachment, open_with_system_viewer

        try:
            with self.inspect_app.db() as db:
                paths = [extract_attachment(db, a) for a in queries.finding_attachments(db, finding_id)]
        except StoreError as exc:  # not a photo, or its viewer folder is not safe: nothing is opened
            self.app.notify(str(exc), severity="error", markup=False)
            return
        written = [p for p in paths if p is not None]
        if len(written) < len(paths):
            self.app.notify(_("Some photos are not in this database (not imported yet)."), severity="warning")
        opened = [p for p in written if open_with_system_viewer(p)]
        if len(opened) < len(written):
            listed = "\n".join(str(p) for p in written)
            self.app.notify(
                _("No system viewer on this machine; the photos are at:") + "\n" + listed,
                severity="warning",
                timeout=20,
                markup=False,
            )


def _inside(widget: Widget, selector: str) -> bool:
    return any(node.id == selector.lstrip("#") for node in widget.ancestors_with_self)
