"""The team lead's review of a day: every inspection, the findings page by page, decisions, exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
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
    Page,
    ReviewFindingRow,
    ReviewInspectionRow,
    ReviewSummary,
)
from inspect_tui.store.queries import inspection_history as history
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _, conflicts_note, ngettext
from inspect_tui.tui.messages import Target
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.fast_cell import fast_cells
from inspect_tui.tui.widgets.finding_life import finding_status_label
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.inspection_history import history_text, was_sent_back
from inspect_tui.tui.widgets.labels import severity_label, severity_text, status_label, status_text, status_width
from inspect_tui.tui.widgets.norms import norm_label
from inspect_tui.tui.widgets.paged_table import Column, PagedTable, PageSource
from inspect_tui.tui.widgets.reopened import reopened_cell, reopened_detail
from inspect_tui.tui.widgets.shown import shown_text

if TYPE_CHECKING:
    from sqlite_utils import Database

    from inspect_tui.store.workflow import ReviewOutcome

SEARCH_DELAY = 0.15
"""Seconds of quiet typing before the findings are searched again."""

STATUSES = ("completed", "returned", "approved", "draft")


def sort_label(sort: str) -> str:
    return {"severity": _("severity"), "deadline": _("deadline"), "site": _("site"), "inspector": _("inspector")}.get(
        sort, sort
    )


class ReviewScreen(AppScreen):
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

    def _findings_source(self, filters: FindingFilter) -> PageSource[ReviewFindingRow]:
        palette = self.inspect_app.palette()

        def fetch(db: Database, search: str, after: tuple[str, str] | None, limit: int) -> Page[ReviewFindingRow]:
            return queries.review_findings_page(db, filters, search=search, after=after, limit=limit)

        def cells(row: ReviewFindingRow) -> list[str | Text]:
            return [
                severity_text(row.severity, palette),
                Text(row.description, style="strike dim")
                + Text(" · " + finding_status_label("withdrawn"), style="italic")
                if row.status == "withdrawn"
                else Text(row.description),
                Text(row.site_name),
                Text(row.inspector),
                Text(norm_label(row.norm)),
                Text(row.deadline.strftime("%d-%m-%Y")),
                Text(str(row.photos) if row.photos else ""),
                status_text(row.inspection_status, palette),
            ]

        # The finding comes first: columns past the table's width are a horizontal scroll away.
        return PageSource(
            columns=[
                Column(_("Severity"), "severity", 8),
                Column(_("Finding"), "description", 34),
                Column(_("Site"), "site", 18),
                Column(_("Inspector"), "inspector", 14),
                Column(_("Norm"), "norm", 5),
                Column(_("Deadline"), "deadline", 10),
                Column(_("Photos"), "photos", 6),
                Column(_("Status"), "status", 9),
            ],
            fetch=fetch,
            count=lambda db, q: queries.count_review_findings(db, filters, search=q),
            cells=cells,
            key=lambda row: row.id,
        )

    @property
    def inspections(self) -> DataTable[Any]:
        return self.query_one("#review-inspections", DataTable)

    @property
    def findings(self) -> PagedTable[ReviewFindingRow]:
        return self.query_one("#review-findings", PagedTable)

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

    # --- reading -------------------------------------------------------------------------

    @work(thread=True, group="review-day", exclusive=True, exit_on_error=False)
    def load_day(self) -> None:
        assert self.day is not None
        day = self.day
        with self.inspect_app.db() as db:
            rows = queries.review_inspections(db, day)
            summary = queries.review_summary(db, day)
            self.open_conflicts = queries.open_conflict_count(db)
            self.reopened = queries.reopenings(db, [r.id for r in rows])
            resubmitted = history.resubmitted_after(db, [r.id for r in rows])
        self.app.call_from_thread(self._show_day, day, rows, summary, resubmitted)

    def _show_day(
        self,
        day: dt.date,
        rows: list[ReviewInspectionRow],
        summary: ReviewSummary,
        resubmitted: dict[str, str] | None = None,
    ) -> None:
        if day != self.day:
            return
        self.resubmitted = resubmitted or {}
        palette = self.inspect_app.palette()
        table = self.inspections
        keep = self.current_inspection()
        self.rows = {r.id: r for r in rows}
        self.marked &= set(self.rows)
        self.summary = summary
        table.clear()
        for r in rows:
            cells: list[object] = [
                "●" if r.id in self.marked else "",
                shown_text(r.site_name),
                shown_text(r.inspector),
                r.started_at.strftime("%H:%M"),
                status_text(r.status, palette),
                _count(r.critical, "error", palette),
                _count(r.major, "warning", palette),
                _count(r.minor, "", palette),
                self._reason_cell(r)
                if r.returned_reason or r.id in self.resubmitted or r.id not in self.reopened
                else reopened_cell(self.reopened[r.id]),
            ]
            table.add_row(*fast_cells(cells), key=r.id)
        if keep is not None and keep.id in self.rows:
            table.move_cursor(row=table.get_row_index(keep.id))
        self._fill_filters(rows, summary)
        self._show_title()
        self.apply_filters()

    def _reason_cell(self, row: ReviewInspectionRow) -> Text:
        if row.id in self.resubmitted:
            # Completed again after a send-back: the lead sees it came back, and why it was sent.
            was = _("resubmitted · was: {reason}").format(reason=self.resubmitted[row.id])
            return shown_text(was, style="italic")
        return shown_text(row.returned_reason, style="italic")

    def _fill_filters(self, rows: list[ReviewInspectionRow], summary: ReviewSummary) -> None:
        sites = sorted({(r.site_name, r.site_id) for r in rows}, key=lambda s: (s[0].casefold(), s[1]))
        for widget_id, options in (
            ("#filter-inspector", [(n, n) for n in summary.inspectors]),
            ("#filter-site", sites),
        ):
            if self._choices.get(widget_id) == options:
                continue
            self._choices[widget_id] = options
            select: Select[str] = self.query_one(widget_id, Select)
            current = select.value
            select.set_options(options)
            if current is not Select.NULL and any(v == current for _label, v in options):
                select.value = current

    def _show_title(self) -> None:
        summary = self.summary
        if summary is None or self.day is None:
            return
        statuses = ", ".join(f"{summary.by_status[s]} {status_label(s)}" for s in STATUSES if summary.by_status.get(s))
        findings = " · ".join(f"{summary.by_severity.get(s, 0)} {severity_label(s)}" for s in SEVERITIES)
        text = ngettext(
            "Review of {day}: {n} inspection", "Review of {day}: {n} inspections", summary.inspections
        ).format(day=self.day.strftime("%d-%m-%Y"), n=summary.inspections)
        if statuses:
            text += f" ({statuses})"
        text += " · " + _("findings: {counts}").format(counts=findings)
        if self.open_conflicts:
            text += " · " + conflicts_note(self.open_conflicts)
        self.query_one("#review-title", Static).update(text)

    def _filters(self) -> FindingFilter:
        day = self.day or self.inspect_app.today()
        if not self.is_mounted:
            return FindingFilter(day, sort=self.sort)

        def value(widget_id: str) -> str | None:
            chosen = self.query_one(widget_id, Select).value
            return None if chosen is Select.NULL else str(chosen)

        return FindingFilter(
            day,
            severity=value("#filter-severity"),
            norm=value("#filter-norm"),
            inspector=value("#filter-inspector"),
            site_id=value("#filter-site"),
            status=value("#filter-status"),
            sort=self.sort,
        )

    def apply_filters(self, *, force: bool = True) -> None:
        """Read the findings again with the filters, search and sort as they are now."""
        filters, search = self._filters(), self.query_one("#review-search", Input).value
        if not force and self._applied == (filters, search):
            return
        self._applied = (filters, search)
        table = self.findings
        table.source = self._findings_source(filters)
        selected = table.selected()
        table.reload(search, keep=selected.id if selected else None)

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

    def _update_status(self) -> None:
        table = self.findings
        text = _("{shown:,} of {total:,} findings · sort: {sort}").format(
            shown=table.shown, total=table.total, sort=sort_label(self.sort)
        )
        if table.search:
            text += " · " + _("search: {q}").format(q=table.search)
        current = self.current_inspection()
        if current is not None:
            text += " · " + _("selected: {site} ({inspector})").format(
                site=current.site_name, inspector=current.inspector
            )
        if self.marked:
            text += " · " + _("{n} marked").format(n=len(self.marked))
        self.query_one("#review-status", Label).update(text)

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
        self.app.call_from_thread(self.query_one("#review-detail", Static).update, text)

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
        self.app.call_from_thread(self.query_one("#review-detail", Static).update, text)

    @on(DataTable.RowSelected, "#review-inspections")
    def _open_inspection(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(messages.OpenInspection(event.row_key.value))

    # --- which inspection ----------------------------------------------------------------

    def current_inspection(self) -> ReviewInspectionRow | None:
        """The inspection under the cursor of the inspections table (it follows the findings table)."""
        table = self.inspections
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None else self.rows.get(key)

    def _target(self, row: ReviewInspectionRow) -> Target:
        label = f"{row.site_name} · {row.inspector} · {row.started_at:%H:%M} · {status_label(row.status)}"
        return Target(row.id, label, row.status)

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
        }[outcome.decision].format(n=len(outcome.decided))
        if outcome.skipped:
            message += " " + _("{n} skipped: not completed.").format(n=len(outcome.skipped))
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


def _count(value: int, tone: str, palette: Mapping[str, str]) -> Text:
    if not value:
        return Text("")
    style = palette.get(f"text-{tone}", "") if tone else ""
    return Text(str(value), style=style)


def _inside(widget: Widget, selector: str) -> bool:
    return any(node.id == selector.lstrip("#") for node in widget.ancestors_with_self)
