"""Write the selected inspection's report, or the day's findings, to a file chosen in a small dialog."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import ClassVar

from sqlite_utils import Database
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from inspect_tui.reports import FINDINGS_SUFFIXES, REPORT_SUFFIXES
from inspect_tui.tui.i18n import _, language
from inspect_tui.tui.screens.base import AppModal, user_message

REPORTS_FOLDER = "inspect-tui-reports"
"""Folder in the user's home where exports go unless another path is given."""


def reports_folder() -> Path:
    """Where exports go by default."""
    return Path.home() / REPORTS_FOLDER


def slug(text: str) -> str:
    """A file-name-safe short form of a site name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "site"


def default_report_path(day: dt.date, site_name: str, inspection_id: str) -> Path:
    """``~/inspect-tui-reports/<date>-<site>-<id>.pdf``."""
    return reports_folder() / f"{day.isoformat()}-{slug(site_name)}-{inspection_id[:8]}.pdf"


def default_findings_path(day: dt.date) -> Path:
    """``~/inspect-tui-reports/<date>-findings.csv``."""
    return reports_folder() / f"{day.isoformat()}-findings.csv"


def _prepare(path: Path) -> None:
    # The default folder is ours to make; any other folder must exist (a typo should not make one).
    if not path.parent.exists() and path.parent == reports_folder():
        path.parent.mkdir(parents=True, exist_ok=True)


def _size(data: bytes) -> str:
    """``20,9 kB`` in Dutch, ``20.9 kB`` in English."""
    from inspect_tui.i18n import format_number

    return f"{format_number(len(data) / 1000, 1)} kB" if len(data) >= 1000 else f"{len(data)} B"


class _ExportDialog(AppModal[Path | None]):
    """Asks for a path (pre-filled), writes in a worker, notifies with the path and dismisses with it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "write", "Write", id="export_file.write", tooltip="Write the file"),
        Binding("escape", "cancel", "Cancel", id="export_file.cancel", tooltip="Close without writing"),
    ]

    title_text = ""
    suffixes: ClassVar[dict[str, str]] = {}

    def __init__(self, default: Path, about: str) -> None:
        super().__init__(classes="export-file")
        self.default = default
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog auto"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.about, classes="dialog-text", markup=False)
            yield Label(
                _("File (the extension chooses the format: {formats})").format(
                    formats=", ".join(sorted(set(self.suffixes.values())))
                ),
                classes="field-label",
            )
            yield Input(value=str(self.default), id="export-path")
            yield from self.options()
            yield Static("", id="export-error", classes="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Write"), id="write", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def options(self) -> ComposeResult:
        """Extra fields under the path."""
        yield from ()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#export-path", Input).focus()

    @on(Button.Pressed, "#write")
    @on(Input.Submitted, "#export-path")
    def action_write(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        error = self.query_one("#export-error", Static)
        if not text:
            error.update(_("Give a file name."))
            return
        path = Path(text).expanduser()
        fmt = self.suffixes.get(path.suffix.lower())
        if fmt is None:
            error.update(_("End the file name with one of: {suffixes}.").format(suffixes=", ".join(self.suffixes)))
            return
        error.update(_("Writing…"))
        self.before_write()
        self._write(path, fmt)

    def before_write(self) -> None:
        """Read the extra fields (on the UI thread, before the worker starts)."""

    @work(thread=True, group="export-file", exclusive=True, exit_on_error=False)
    def _write(self, path: Path, fmt: str) -> None:
        from inspect_tui.reports.output import write_atomic

        try:
            with self.inspect_app.db() as db:
                data = self.build_file(db, fmt)
            _prepare(path)
            write_atomic(path, data)
        except Exception as exc:  # store, report and OS errors are all sentences for the user here
            self.app.call_from_thread(self.query_one("#export-error", Static).update, user_message(exc))
            return
        self.app.call_from_thread(
            self.app.notify,
            _("Wrote {path} ({size}).").format(path=path, size=_size(data)),
            title=self.title_text,
            markup=False,
        )
        self.app.call_from_thread(self.dismiss, path)

    def build_file(self, db: Database, fmt: str) -> bytes:
        """The file's bytes (runs in the worker)."""
        raise NotImplementedError

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ReportExportScreen(_ExportDialog):
    """The report of one inspection as PDF, HTML or Markdown."""

    suffixes: ClassVar[dict[str, str]] = REPORT_SUFFIXES

    def __init__(self, inspection_id: str, default: Path, about: str) -> None:
        super().__init__(default, about)
        self.inspection_id = inspection_id
        self.title_text = _("Inspection report")

    def build_file(self, db: Database, fmt: str) -> bytes:
        from inspect_tui.reports import render_report

        return render_report(
            db, self.inspection_id, fmt, lang=language(), generated_at=self.inspect_app.clock().replace(microsecond=0)
        )


class FindingsExportScreen(_ExportDialog):
    """The day's findings as CSV (Excel variant by default), JSON or Markdown."""

    suffixes: ClassVar[dict[str, str]] = FINDINGS_SUFFIXES

    def __init__(
        self, day: dt.date, default: Path, about: str, *, inspector: str | None = None, site_id: str | None = None
    ) -> None:
        super().__init__(default, about)
        self.day = day
        self.inspector = inspector
        self.site_id = site_id
        self.title_text = _("Findings of the day")
        self.excel = True

    def options(self) -> ComposeResult:
        yield Checkbox(_("CSV for Excel with Dutch settings (; and decimal comma)"), value=True, id="export-excel")

    def build_file(self, db: Database, fmt: str) -> bytes:
        from inspect_tui.reports.findings import query_findings, render_findings

        rows = query_findings(db, self.day, inspector=self.inspector, site_id=self.site_id)
        return render_findings(rows, fmt, self.day, excel=fmt == "csv" and self.excel, lang=language()).encode("utf-8")

    def before_write(self) -> None:
        self.excel = self.query_one("#export-excel", Checkbox).value
