"""A dialog that edits one record through a form: refused input is shown next to its field."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from inspect_tui.domain.base import Record, field_errors
from inspect_tui.store import StoreError, queries, workflow
from inspect_tui.tui.discard import close_asking
from inspect_tui.tui.i18n import _
from inspect_tui.tui.screens.base import AppModal, user_message
from inspect_tui.tui.widgets.form import FieldSpec, Form
from inspect_tui.tui.worker_results import deliver


class RecordEditor(AppModal[str | None]):
    """Edit (record_id given) or create a record; dismisses with its id once saved, None on cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="editor.save", tooltip="Check the fields and save"),
        Binding("escape", "cancel", "Cancel", id="editor.cancel", tooltip="Close without saving"),
    ]

    model: ClassVar[type[Record]]
    title_new: ClassVar[str] = ""
    title_edit: ClassVar[str] = ""

    def __init__(self, record_id: str | None, **fixed: Any) -> None:
        super().__init__(classes="editor")
        self.record_id = record_id
        self.fixed = fixed
        self.original: dict[str, Any] = {}
        self.shown: dict[str, Any] | None = None
        """The form's values as loaded: esc asks before discarding anything typed since."""

    def specs(self) -> Sequence[FieldSpec]:
        """The fields shown, in order."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_(self.title_edit if self.record_id else self.title_new), classes="dialog-title")
            yield Static("", id="form-error", classes="form-error")
            yield Form(self.specs(), id="form")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    @property
    def form(self) -> Form:
        return self.query_one(Form)

    def on_mount(self) -> None:
        super().on_mount()
        if self.record_id is not None:
            self._load()
        else:
            self.loaded({})

    @work(thread=True, group="editor", exit_on_error=False)
    def _load(self) -> None:
        assert self.record_id is not None
        with self.inspect_app.db() as db:
            record = queries.current(db, self.model, self.record_id)
            extra = self.load_extra(db)
        if record is None:
            self.app.call_from_thread(self._vanished)
            return
        deliver(self.app, self.loaded, record.model_dump(mode="json"), extra)

    def load_extra(self, db: Any) -> Any:
        """Anything else the form needs from the database (read in the same worker)."""
        return None

    def _vanished(self) -> None:
        self.app.notify(_("That record no longer exists."), severity="warning")
        self.dismiss(None)

    def loaded(self, data: dict[str, Any], extra: Any = None) -> None:
        self.original = data
        self.form.load(data)
        self.shown = self.form.values()
        self.focus_first()

    def focus_first(self) -> None:
        # The form from its top: scrolling the first field into view hid its label at 80×24.
        self.form.control(self.specs()[0].name).focus(scroll_visible=False)
        self.call_after_refresh(self.form.scroll_home, animate=False)

    def build(self) -> Record:
        """The record from the form, or ValidationError naming the bad fields."""
        data = {**self.original, **self.fixed, **self.form.values()}
        if self.record_id is not None:
            data["id"] = self.record_id
        return self.model.model_validate(data)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        figures = self.form.figure_problems()
        if figures:
            self.form.show_errors(figures)
            self.query_one("#form-error", Static).update(_("Correct the marked fields."))
            return
        try:
            record = self.build()
        except ValidationError as exc:
            errors = field_errors(exc)
            self.form.show_errors(errors)
            shown = {s.name for s in self.specs()}
            general = [f"{k}: {v}" if k != "record" else v for k, v in errors.items() if k not in shown]
            self.query_one("#form-error", Static).update("\n".join(general) or _("Correct the marked fields."))
            return
        self.form.show_errors({})
        self.query_one("#form-error", Static).update("")
        self._save(record)

    @work(thread=True, group="editor", exclusive=True, exit_on_error=False)
    def _save(self, record: Record) -> None:
        try:
            with self.inspect_app.db() as db:
                workflow.save_site_record(db, record)
        except (StoreError, sqlite3.Error) as exc:  # sqlite3: a database that cannot be written
            self.app.call_from_thread(self.query_one("#form-error", Static).update, user_message(exc))
            return
        self.app.call_from_thread(self.dismiss, record.id)

    def changed(self) -> bool:
        """Whether anything was typed or chosen since the form was shown."""
        return self.shown is not None and self.form.values() != self.shown

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        close_asking(self, changed=self.changed())
