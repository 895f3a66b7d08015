"""Export the database's changes to a bundle file (the sync engineer's exporter does the work)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from inspect_tui.i18n.counts import records_and_revisions
from inspect_tui.tui.i18n import _, ngettext
from inspect_tui.tui.screens.base import AppModal, user_message


def exporter() -> Any | None:
    """The bundle exporter, when this build has one."""
    try:
        module = importlib.import_module("inspect_tui.sync.export")
    except ImportError:
        return None
    return getattr(module, "export_bundle", None)


def plaintext_warning(db_path: object) -> str:
    """What the command line says too when no central key is set."""
    return _(
        "Warning: no central key is set, so occupants' BSN, date of birth, phone and e-mail travel "
        "UNENCRYPTED in this bundle. Set one with: inspect-tui --db {path} keys set-central PUBKEY"
    ).format(path=db_path)


class ExportScreen(AppModal[None]):
    """Ask where to write the bundle, then write it in a worker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", id="export.save", tooltip="Write the bundle"),
        Binding("escape", "dismiss", "Close", id="export.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog auto"):
            yield Label(_("Export bundle"), classes="dialog-title")
            yield Label(_("Folder to write the bundle to"), classes="field-label")
            yield Input(value=str(Path.cwd()), id="export-folder")
            yield Static("", id="export-warning", classes="dialog-text warning", markup=False)
            yield Static("", id="export-result", classes="dialog-text", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Export"), id="export", variant="primary")
                yield Button(_("Close"), id="close")

    def on_mount(self) -> None:
        super().on_mount()
        if exporter() is None:
            self.query_one("#export-result", Static).update(
                _("This build cannot write bundles yet; use the command line: inspect-tui export --help")
            )
            self.query_one("#export", Button).disabled = True
        else:
            self._check_personal_data()
        self.query_one("#export-folder", Input).focus()

    @work(thread=True, group="export-check", exit_on_error=False)
    def _check_personal_data(self) -> None:
        """Say plainly, before writing, when occupants' personal data would travel unencrypted."""
        from inspect_tui.sync.keys import central_key

        with self.inspect_app.db() as db:
            sealed = central_key(db) is not None
        if not sealed:
            self.app.call_from_thread(
                self.query_one("#export-warning", Static).update, plaintext_warning(self.inspect_app.db_path)
            )

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#export-folder")
    def action_export(self) -> None:
        if self.query_one("#export", Button).disabled:
            return
        folder = Path(self.query_one("#export-folder", Input).value.strip()).expanduser()
        self._write(folder)

    @work(thread=True, group="export", exclusive=True, exit_on_error=False)
    def _write(self, folder: Path) -> None:
        export = exporter()
        if export is None:
            return
        from inspect_tui.sync.keys import ensure_signing_key

        show = self.query_one("#export-result", Static).update
        self.app.call_from_thread(show, _("Writing the bundle…"))
        try:
            with self.inspect_app.db() as db:
                key = ensure_signing_key(db, self.inspect_app.db_path)
                result = export(db, folder, key, everything=False, progress=None)
        except Exception as exc:  # the exporter's errors (BundleError, OSError) are sentences for the user
            self.app.call_from_thread(show, user_message(exc))
            return
        if result is None:
            self.app.call_from_thread(show, _("Nothing changed since the last export."))
        else:
            carried = ", ".join(
                records_and_revisions(kind, result.records.get(kind, 0), revisions)
                for kind, revisions in result.counts.items()
                if revisions
            )
            text = _("Wrote {path}").format(path=result.path) + "\n" + _("Carries {records}.").format(records=carried)
            held = getattr(result, "held_back", 0)
            if held:
                text += "\n" + ngettext(
                    "Held back {n} occupant version holding personal data unencrypted (made without the central key).",
                    "Held back {n} occupant versions holding personal data unencrypted (made without the central key).",
                    held,
                ).format(n=held)
            self.app.call_from_thread(show, text)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)
