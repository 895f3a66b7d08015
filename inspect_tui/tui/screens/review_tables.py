"""The review screen's two tables: the day's inspections and its findings, read and filtered.

``ReviewTables`` is the base of ``screens.review.ReviewScreen``: it reads the day, fills the
inspections table and the filters, and pages the findings; the detail pane and what follows the
cursor live in ``review_detail``, the keys and actions in ``screens.review``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.widgets import DataTable, Input, Label, Select, Static

from inspect_tui.i18n.counts import count_text
from inspect_tui.store import queries
from inspect_tui.store.queries import (
    SEVERITIES,
    FindingFilter,
    Page,
    ReviewFindingRow,
    ReviewInspectionRow,
    ReviewSummary,
)
from inspect_tui.store.queries import inspection_history as history
from inspect_tui.tui.i18n import _, conflicts_note, ngettext
from inspect_tui.tui.messages import Target
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.fast_cell import fast_cells
from inspect_tui.tui.widgets.finding_life import finding_status_label
from inspect_tui.tui.widgets.labels import severity_label, severity_text, status_label, status_text
from inspect_tui.tui.widgets.norms import norm_label
from inspect_tui.tui.widgets.paged_table import Column, PagedTable, PageSource
from inspect_tui.tui.widgets.reopened import reopened_cell
from inspect_tui.tui.widgets.shown import shown_text
from inspect_tui.tui.worker_results import deliver

if TYPE_CHECKING:
    from sqlite_utils import Database


STATUSES = ("completed", "returned", "approved", "draft")


def sort_label(sort: str) -> str:
    return {"severity": _("severity"), "deadline": _("deadline"), "site": _("site"), "inspector": _("inspector")}.get(
        sort, sort
    )


class ReviewTables(AppScreen):
    """Reads a day for the review: its inspections in one table, its findings page by page in another."""

    day: dt.date | None
    rows: dict[str, ReviewInspectionRow]
    resubmitted: dict[str, str]
    marked: set[str]
    summary: ReviewSummary | None
    open_conflicts: int
    reopened: dict[str, queries.Reopening]
    sort: str
    detail_id: str | None
    row_as_read: int | None = None
    """The inspections table's cursor row as the day was last read into it (a highlight of that
    row then is the read's, not a move of the user's)."""
    _applied: tuple[FindingFilter, str] | None
    _choices: dict[str, list[tuple[str, str]]]

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
        deliver(self.app, self._show_day, day, rows, summary, resubmitted)

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
        self.row_as_read = table.cursor_row
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

    def _update_status(self) -> None:
        table = self.findings
        text = _("{shown} of {total} findings · sort: {sort}").format(
            shown=count_text(table.shown), total=count_text(table.total), sort=sort_label(self.sort)
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


def _count(value: int, tone: str, palette: Mapping[str, str]) -> Text:
    if not value:
        return Text("")
    style = palette.get(f"text-{tone}", "") if tone else ""
    return Text(str(value), style=style)
