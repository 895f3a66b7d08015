"""The day summary: findings per severity, norm and site as bar charts, sites with critical findings first."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Label, Static

from inspect_tui.i18n.counts import kind_count
from inspect_tui.store import queries
from inspect_tui.store.queries import SEVERITIES, ReviewSummary
from inspect_tui.tui.i18n import _, ngettext
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.labels import severity_label
from inspect_tui.tui.widgets.norms import norm_label
from inspect_tui.tui.widgets.severity_chart import BLOCK, ChartRow, SeverityChart
from inspect_tui.tui.worker_results import deliver

MAX_SITES = 30
"""Sites drawn in the chart; the rest are counted in one line."""


class DaySummaryScreen(AppScreen):
    """Counts per severity, norm and site for one day, drawn as bars coloured by severity."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="summary.back", tooltip="Back to the review"),
        Binding("f5", "refresh", "Refresh", show=False, id="summary.refresh", tooltip="Count again"),
    ]

    def __init__(self, day: dt.date) -> None:
        super().__init__(id="day-summary")
        self.day = day
        self.summary: ReviewSummary | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="⌂")
        yield Static("", id="summary-title", classes="status-line")
        yield Static("", id="summary-legend", classes="summary-legend")
        with VerticalScroll(id="summary-body"):
            with Horizontal(id="summary-top"):
                with Vertical(classes="summary-block"):
                    yield Label(_("Per severity"), classes="pane-title")
                    yield SeverityChart(id="chart-severity")
                with Vertical(classes="summary-block"):
                    yield Label(_("Per norm"), classes="pane-title")
                    yield SeverityChart(id="chart-norm")
            yield Label(_("Per site, critical first"), classes="pane-title")
            yield SeverityChart(id="chart-sites")
            yield Static("", id="summary-more", classes="summary-more")
        yield FitFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    def action_refresh(self) -> None:
        self.load()

    @work(thread=True, group="summary", exclusive=True, exit_on_error=False)
    def load(self) -> None:
        with self.inspect_app.db() as db:
            summary = queries.review_summary(db, self.day)
        deliver(self.app, self._show, summary)

    def _show(self, summary: ReviewSummary) -> None:
        self.summary = summary
        palette = self.inspect_app.palette()
        title = _("Day summary of {day}: {counts}").format(
            day=self.day.strftime("%d-%m-%Y"),
            counts=kind_count("inspections", summary.inspections) + ", " + kind_count("findings", summary.findings),
        )
        self.query_one("#summary-title", Static).update(title)
        legend = Text()
        for severity in SEVERITIES:
            legend.append(
                BLOCK * 2, style=palette.get({"critical": "error", "major": "warning"}.get(severity, "primary"), "")
            )
            legend.append(f" {severity_label(severity)}   ")
        legend.append(_("(counts: critical major minor)"), style="dim")
        self.query_one("#summary-legend", Static).update(legend)
        self.query_one("#chart-severity", SeverityChart).set_rows(
            [ChartRow(severity_label(s), {s: summary.by_severity.get(s, 0)}) for s in SEVERITIES]
        )
        self.query_one("#chart-norm", SeverityChart).set_rows(
            [ChartRow(norm_label(n), counts) for n, counts in summary.by_norm.items()]
        )
        self.query_one("#chart-sites", SeverityChart).set_rows(
            [ChartRow(s.name, s.counts) for s in summary.sites[:MAX_SITES]]
        )
        more = self.query_one("#summary-more", Static)
        hidden = summary.sites[MAX_SITES:]
        if hidden:
            more.update(
                ngettext("… and {n} more site with {f}", "… and {n} more sites with {f}", len(hidden)).format(
                    n=len(hidden), f=kind_count("findings", sum(s.total for s in hidden))
                )
            )
        elif not summary.sites:
            more.update(_("No findings on this day."))
        else:
            more.update("")
