"""Start an inspection of a site with one or more checklist templates."""

from __future__ import annotations

import getpass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from inspect_tui.checklists import ChecklistError, list_templates
from inspect_tui.domain.checklist import ChecklistTemplate
from inspect_tui.domain.models import Site
from inspect_tui.store import StoreError, queries
from inspect_tui.store.workflow import open_findings_of_site, start_inspection
from inspect_tui.tui.i18n import _, ngettext, pick
from inspect_tui.tui.screens.base import AppModal, user_message
from inspect_tui.tui.worker_results import deliver

PREFERRED_ORDER = ["snf", "akf", "rie", "covid-2020"]
"""Templates are walked in this order: the housing norms first, SNF before AKF."""


def default_templates(site: Site, available: list[str]) -> list[str]:
    """Housing gets SNF and AKF (side by side) and the COVID list; a workplace gets the RI&E."""
    wanted = ["snf", "akf", "covid-2020"] if site.kind.value == "housing" else ["rie", "covid-2020"]
    return [t for t in wanted if t in available]


class StartInspection(AppModal[str | None]):
    """Dismisses with the new inspection's id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", id="start.start", tooltip="Start the inspection"),
        Binding("escape", "cancel", "Cancel", id="start.cancel"),
    ]

    def __init__(self, site_id: str) -> None:
        super().__init__(classes="start")
        self.site_id = site_id
        self.templates: list[ChecklistTemplate] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog auto"):
            yield Label(_("New inspection"), classes="dialog-title")
            yield Static("", id="start-site", classes="dialog-text")
            yield Label(_("Checklists (space to tick)"), classes="field-label")
            yield SelectionList[str](id="start-templates")
            yield Label(_("Inspector"), classes="field-label")
            yield Input(id="start-inspector")
            yield Static("", id="start-error", classes="form-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Start"), id="start", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self._load()

    @work(thread=True, group="start", exit_on_error=False)
    def _load(self) -> None:
        with self.inspect_app.db() as db:
            site = queries.current(db, Site, self.site_id)
            inspector = queries.last_inspector(db)
            pending = len(open_findings_of_site(db, self.site_id)) if site else 0
        try:
            templates = list_templates()
        except ChecklistError as exc:
            self.report(exc)
            templates = []
        deliver(self.app, self._show, site, templates, inspector, pending)

    def _show(self, site: Site | None, templates: list[ChecklistTemplate], inspector: str | None, pending: int) -> None:
        if site is None:
            self.app.notify(_("That site no longer exists."), severity="warning")
            self.dismiss(None)
            return
        self.templates = templates
        text = f"{site.name}  {site.address_line()}"
        if pending:
            text += "\n" + ngettext(
                "{n} open finding of earlier inspections will be listed to confirm.",
                "{n} open findings of earlier inspections will be listed to confirm.",
                pending,
            ).format(n=pending)
        self.query_one("#start-site", Static).update(text)
        chosen = default_templates(site, [t.id for t in templates])
        options = self.query_one(SelectionList)
        order = [*PREFERRED_ORDER, *(t.id for t in templates)]
        for template in sorted(templates, key=lambda t: order.index(t.id)):
            ticked = template.id in chosen
            options.add_option(Selection(self._label(template, ticked), template.id, ticked, id=template.id))
        field = self.query_one("#start-inspector", Input)
        field.value = inspector or _default_user()
        options.focus()
        if options.option_count:
            options.highlighted = 0

    def _label(self, template: ChecklistTemplate, ticked: bool) -> Text:
        """A checklist's line: a mark that differs in words, not only in colour, then id, title and size."""
        title = pick(template.title_en, template.title_nl)
        label = Text("[x] " if ticked else "[ ] ", style="bold" if ticked else "dim")
        label.append(f"{template.id:<11} {title} ({len(template.items)})", style="bold" if ticked else "")
        return label

    @on(SelectionList.SelectedChanged, "#start-templates")
    def _ticked(self) -> None:
        options = self.query_one(SelectionList)
        selected = set(options.selected)
        for template in self.templates:
            try:
                options.replace_option_prompt(template.id, self._label(template, template.id in selected))
            except OptionDoesNotExist:  # not listed: nothing to redraw
                continue

    @on(Button.Pressed, "#start")
    @on(Input.Submitted, "#start-inspector")
    def action_start(self) -> None:
        chosen = list(self.query_one(SelectionList).selected)
        inspector = self.query_one("#start-inspector", Input).value.strip()
        error = self.query_one("#start-error", Static)
        if not chosen:
            error.update(_("Tick at least one checklist."))
            return
        if not inspector:
            error.update(_("Fill in the inspector's name."))
            self.query_one("#start-inspector", Input).focus()
            return
        error.update("")
        order = [*PREFERRED_ORDER, *(t.id for t in self.templates)]
        self._start(sorted(chosen, key=order.index), inspector)

    @work(thread=True, group="start", exclusive=True, exit_on_error=False)
    def _start(self, templates: list[str], inspector: str) -> None:
        try:
            with self.inspect_app.db() as db:
                inspection = start_inspection(db, self.site_id, templates, inspector, now=self.inspect_app.clock())
        except (StoreError, ChecklistError, ValueError) as exc:
            self.app.call_from_thread(self.query_one("#start-error", Static).update, user_message(exc))
            return
        self.app.call_from_thread(self.dismiss, inspection.id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""
