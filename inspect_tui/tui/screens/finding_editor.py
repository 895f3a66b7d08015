"""Add or change a finding: severity, description, deadline (default from severity) and photos by file path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, ListItem, ListView, ProgressBar, Select, Static, TextArea

from inspect_tui.domain.checklist import Item
from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import DeadlinePolicy, Finding, Inspection
from inspect_tui.i18n import date_input, no_such_day, parse_date
from inspect_tui.i18n.summer_time import amsterdam_today
from inspect_tui.store import StoreError, queries
from inspect_tui.store.workflow import (
    add_finding,
    attach_file,
    check_attachment,
    checklist_items,
    deadline_policy,
    update_finding,
)
from inspect_tui.tui import messages
from inspect_tui.tui.discard import close_asking
from inspect_tui.tui.i18n import _, pick
from inspect_tui.tui.record_words import field_word
from inspect_tui.tui.screens.base import AppModal, user_message
from inspect_tui.tui.widgets.labels import severity_label
from inspect_tui.tui.worker_results import deliver

PARTNERS = ("GGD", "NVWA", "gemeente", "Arbeidsinspectie")


class FindingEditor(AppModal[str | None]):
    """Dismisses with the finding's id once it and its photos are saved (a new one, or finding_id changed)."""

    DEFAULT_CSS = """
    FindingEditor .path-row { height: auto; }
    FindingEditor .path-row Input { width: 1fr; }
    FindingEditor .path-row Button { min-width: 12; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="finding.save", tooltip="Save the finding and attach the files"),
        Binding("escape", "cancel", "Cancel", id="finding.cancel"),
        Binding("ctrl+o", "browse", "Choose photo", id="finding.browse", tooltip="Choose photos from a folder"),
    ]

    def __init__(
        self,
        inspection_id: str,
        *,
        item: Item | None = None,
        unit_id: str | None = None,
        description: str = "",
        severity: Severity | None = None,
        finding_id: str | None = None,
    ) -> None:
        super().__init__(classes="finding")
        self.inspection_id = inspection_id
        self.finding_id = finding_id
        self.item = item
        self.unit_id = unit_id
        self.severity = severity or (Severity(item.severity_if_failed.value) if item else Severity.MAJOR)
        self.description = description or (pick(item.text_en, item.text_nl) if item else "")
        self.policy = DeadlinePolicy()
        self.found_on = amsterdam_today()
        self.deadline_touched = False
        self.paths: list[Path] = []
        self.saved_id: str | None = finding_id
        self.existing: Finding | None = None
        self.shown: tuple[object, ...] | None = None
        """The form's values as loaded: esc asks before discarding anything typed since."""
        self.checking = 0
        """Files being checked (their paths were entered); a save waits for them."""
        self.save_waiting = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Finding") if self.finding_id else _("New finding"), classes="dialog-title")
            about = pick(self.item.text_en, self.item.text_nl) if self.item else _("no checklist item")
            yield Static(_("About: {what}").format(what=about), classes="dialog-text", id="finding-about")
            with VerticalScroll(classes="form"):
                yield Label(_("Severity"), classes="field-label")
                yield Select(
                    [(severity_label(s.value), s.value) for s in Severity],
                    value=self.severity.value,
                    allow_blank=False,
                    id="finding-severity",
                )
                yield Label(_("Description"), classes="field-label")
                yield TextArea(self.description, id="finding-description", soft_wrap=True)
                yield Label(_("Deadline (dd-mm-yyyy)"), classes="field-label")
                yield Input(id="finding-deadline")
                yield Label(_("Share with partner"), classes="field-label")
                yield Select([(p, p) for p in PARTNERS], id="finding-partner", prompt=_("(none)"))
                yield Label(
                    _("Photos and documents: type a file path and press enter, or ctrl+o to choose"),
                    classes="field-label",
                )
                with Horizontal(classes="path-row"):
                    yield Input(placeholder="~/photos/IMG_0001.jpg", id="finding-path")
                    yield Button(_("Choose…"), id="browse")
                yield ListView(id="finding-files")
            yield ProgressBar(id="finding-progress", show_eta=False)
            yield Static("", id="finding-error", classes="form-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#finding-progress").display = False
        self._load_policy()
        self.query_one("#finding-severity", Select).focus()

    @work(thread=True, group="finding", exit_on_error=False)
    def _load_policy(self) -> None:
        with self.inspect_app.db() as db:
            policy = deadline_policy(db)
            existing = queries.current(db, Finding, self.finding_id) if self.finding_id else None
            inspection = queries.current(db, Inspection, self.inspection_id) if existing else None
        about = None
        if existing is not None and existing.item_id and inspection is not None:
            # The item by its text, as the inspector reads it on the checklist (not its id).
            item = next((i for i in checklist_items(inspection) if i.id == existing.item_id), None)
            about = pick(item.text_en, item.text_nl) if item else existing.item_id
        # From the day the finding is made, not from the day the inspection started.
        deliver(self.app, self._set_policy, policy, self.inspect_app.today())
        if existing is not None:
            deliver(self.app, self._fill, existing, about)

    def _fill(self, finding: Finding, about: str | None = None) -> None:
        """Show a finding already recorded, to change it."""
        self.existing = finding
        self.severity = finding.severity
        self.deadline_touched = True
        self.query_one("#finding-severity", Select).value = finding.severity.value
        self.query_one("#finding-description", TextArea).text = finding.description
        field = self.query_one("#finding-deadline", Input)
        with field.prevent(Input.Changed):
            field.value = date_input(finding.deadline) if finding.deadline else ""
        partner = self.query_one("#finding-partner", Select)
        partner.value = finding.partner if finding.partner in PARTNERS else Select.NULL
        if about:
            self.query_one("#finding-about", Static).update(_("About: {what}").format(what=about))
        self.shown = self._values()

    def _set_policy(self, policy: DeadlinePolicy, found_on: dt.date) -> None:
        self.policy, self.found_on = policy, found_on
        if self.finding_id is None:
            # As shown to a new finding: its first severity and text, the default deadline, no files.
            default = date_input(policy.deadline(self.severity, found_on))
            self.shown = (self.severity.value, self.description.strip(), default, None, (), "")
        self._default_deadline()

    def _values(self) -> tuple[object, ...]:
        partner = self.query_one("#finding-partner", Select).value
        return (
            self.query_one("#finding-severity", Select).value,
            self.query_one("#finding-description", TextArea).text.strip(),
            self.query_one("#finding-deadline", Input).value.strip(),
            partner if isinstance(partner, str) else None,
            tuple(self.paths),
            self.query_one("#finding-path", Input).value.strip(),
        )

    def changed(self) -> bool:
        """Whether anything was typed, chosen or added since the form was shown."""
        return self.shown is not None and self._values() != self.shown

    def _default_deadline(self) -> None:
        if not self.deadline_touched:
            field = self.query_one("#finding-deadline", Input)
            with field.prevent(Input.Changed):
                field.value = date_input(self.policy.deadline(self.severity, self.found_on))

    @on(Select.Changed, "#finding-severity")
    def _severity(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.severity = Severity(event.value)
            self._default_deadline()

    @on(Input.Changed, "#finding-deadline")
    def _deadline_typed(self) -> None:
        self.deadline_touched = True

    @on(Button.Pressed, "#browse")
    def action_browse(self) -> None:
        self.post_message(messages.PickPhoto(done=self._picked))

    def _picked(self, path: object) -> None:
        if isinstance(path, Path):
            self._add(path)
        self.query_one("#finding-path", Input).focus()

    @on(Input.Submitted, "#finding-path")
    def _add_path(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        self._add(Path(text).expanduser(), typed=True)

    def _add(self, path: Path, typed: bool = False) -> None:
        """Check the file, then put it on the list to attach on save; what is wrong is shown instead."""
        error = self.query_one("#finding-error", Static)
        if not path.is_file():
            error.update(_("No file at {path}; check the path.").format(path=path))
            return
        self.checking += 1
        self._check_file(path, typed)

    @work(thread=True, group="finding-file", exit_on_error=False)
    def _check_file(self, path: Path, typed: bool) -> None:
        try:
            check_attachment(path)
        except (StoreError, OSError) as exc:
            deliver(self.app, self._checked, path, typed, user_message(exc))
            return
        deliver(self.app, self._checked, path, typed, None)

    def _checked(self, path: Path, typed: bool, problem: str | None) -> None:
        self.checking -= 1
        error = self.query_one("#finding-error", Static)
        field = self.query_one("#finding-path", Input)
        if problem is not None:
            self.save_waiting = False
            error.update(problem)
            return
        error.update("")
        if typed and Path(field.value.strip()).expanduser() == path:
            field.value = ""
        if path not in self.paths:
            self.paths.append(path)
            self.query_one("#finding-files", ListView).append(ListItem(Label(str(path), markup=False)))
        if self.save_waiting and not self.checking:
            self.save_waiting = False
            self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.checking:
            self.save_waiting = True  # saved once the files entered are checked
            return
        pending = self.query_one("#finding-path", Input).value.strip()
        if pending:  # a path typed but not yet added (enter): added and checked first, never dropped
            self.save_waiting = True
            self._add(Path(pending).expanduser(), typed=True)
            if not self.checking:  # no file there: refused with the path, nothing saved
                self.save_waiting = False
            return
        description = self.query_one("#finding-description", TextArea).text.strip()
        error = self.query_one("#finding-error", Static)
        if not description:
            error.update(_("Describe what is wrong."))
            self.query_one("#finding-description").focus()
            return
        try:
            deadline = parse_date(self.query_one("#finding-deadline", Input).value)
        except ValueError:
            typed = self.query_one("#finding-deadline", Input).value
            error.update(no_such_day(typed) or _("Write the deadline as dd-mm-yyyy."))
            self.query_one("#finding-deadline").focus()
            return
        partner = self.query_one("#finding-partner", Select).value
        error.update("")
        self._save(description, deadline, partner if isinstance(partner, str) else None)

    @work(thread=True, group="finding", exclusive=True, exit_on_error=False)
    def _save(self, description: str, deadline: dt.date, partner: str | None) -> None:
        bar = self.query_one("#finding-progress", ProgressBar)
        try:
            if self.existing is not None:
                with self.inspect_app.db() as db:
                    update_finding(db, self.existing.id, self.severity, description, deadline, partner)
            elif self.saved_id is None:
                # Saved once only: a retry after a bad file path attaches to the same finding.
                with self.inspect_app.db() as db:
                    self.saved_id = add_finding(
                        db,
                        self.inspection_id,
                        self.severity,
                        description,
                        item_id=self.item.id if self.item else None,
                        unit_id=self.unit_id,
                        deadline=deadline,
                        partner=partner,
                        found_on=self.found_on,
                    ).id
            finding_id = self.saved_id
            assert finding_id is not None
            if self.paths:
                self.app.call_from_thread(self._show_progress, len(self.paths))
            for path in self.paths:
                # One file per transaction: a large photo never holds the database for long.
                with self.inspect_app.db() as db:
                    attach_file(db, finding_id, path)
                self.app.call_from_thread(bar.advance, 1)
        except (StoreError, ValueError, OSError) as exc:
            self.app.call_from_thread(self.query_one("#finding-error", Static).update, _field_named(user_message(exc)))
            return
        self.app.call_from_thread(self.app.notify, _("Finding saved."))
        self.app.call_from_thread(self.dismiss, finding_id)

    def _show_progress(self, total: int) -> None:
        bar = self.query_one("#finding-progress", ProgressBar)
        bar.update(total=total, progress=0)
        bar.display = True

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        close_asking(self, changed=self.changed())


def _field_named(said: str) -> str:
    """A record's refusal names the field as stored (``description: …``): here by its label (``Omschrijving: …``)."""
    field, sep, rest = said.partition(": ")
    if sep and field in ("description", "deadline", "severity", "partner"):
        return f"{field_word(field)}: {rest}"
    return said
