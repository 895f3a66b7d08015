"""Import the inspectors' bundles: paths asked in a dialog, checked and merged in a worker, a receipt shown."""

from __future__ import annotations

import glob
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, ProgressBar, Static

from inspect_tui.i18n.counts import count_text, kind_word, records_and_revisions
from inspect_tui.sync.bundle_files import zip_files
from inspect_tui.sync.importer import Receipt
from inspect_tui.tui.i18n import _, ngettext
from inspect_tui.tui.screens.base import AppModal, user_message


class PathProblem(ValueError):
    """A path typed in the dialog that does not lead to a bundle."""


def expand_paths(text: str) -> list[Path]:
    """Bundle files from what was typed: paths (quote those with spaces), ~, wildcards, or folders of .zip files."""
    try:
        words = shlex.split(text)
    except ValueError:
        raise PathProblem(_("A quote is not closed; put paths with spaces between quotes.")) from None
    found: list[Path] = []
    for word in words:
        expanded = str(Path(word).expanduser())
        matches = sorted(glob.glob(expanded)) if glob.has_magic(expanded) else [expanded]
        if not matches:
            raise PathProblem(_("Nothing matches {pattern}.").format(pattern=word))
        for match in matches:
            path = Path(match)
            if path.is_dir():
                zips = zip_files(path)
                if not zips:
                    raise PathProblem(_("The folder {path} holds no .zip bundles.").format(path=path))
                found.extend(zips)
            elif path.is_file():
                found.append(path)
            else:
                raise PathProblem(_("No bundle at {path}; check the path.").format(path=path))
    if not found:
        raise PathProblem(_("Give one or more bundle files or a folder."))
    return list(dict.fromkeys(found))


def receipt_text(receipts: Sequence[Receipt], open_conflicts: int) -> str:
    """The receipt: per bundle and kind, records new / updated / unchanged / in conflict, and new signers."""
    lines: list[str] = []
    for receipt in receipts:
        if receipt.already:
            lines.append(
                _("{source}: bundle {id} {why}; nothing changed.").format(
                    source=Path(receipt.source).name, id=receipt.bundle_id[:8], why=receipt.already
                )
            )
            continue
        lines.append(
            _("Imported {source} (bundle {id}, device {device}, signed by {signer})").format(
                source=Path(receipt.source).name,
                id=receipt.bundle_id[:8],
                device=receipt.device_id[:8],
                signer=receipt.signer_fingerprint,
            )
        )
        if receipt.new_signer:
            lines.append(
                "  "
                + _("New signer: {signer}; check it is one of your inspectors.").format(
                    signer=receipt.signer_fingerprint
                )
            )
        lines.extend(f"  {note}" for note in receipt.notes)
        carried = [
            records_and_revisions(kind, sum(counts.values()), receipt.revisions.get(kind, 0))
            for kind, counts in receipt.counts.items()
            if any(counts.values())
        ]
        if carried:
            lines.append("  " + ", ".join(carried))
        lines.extend(_outcome_table(receipt.counts))
        lines.append("  " + _("attachment files stored: {n}").format(n=count_text(receipt.files)))
    if open_conflicts:
        lines.append(
            ngettext(
                "{n} open conflict waits to be resolved (C on the review screen).",
                "{n} open conflicts wait to be resolved (C on the review screen).",
                open_conflicts,
            ).format(n=open_conflicts)
        )
    return "\n".join(lines)


class ImportBundlesScreen(AppModal[list[Receipt] | None]):
    """Dismisses with the receipts of what was imported (None when nothing was)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "import_bundles", "Import", id="import.run", tooltip="Check and import the bundles"),
        Binding("escape", "close", "Close", id="import.close", tooltip="Close the dialog"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="import")
        self.receipts: list[Receipt] | None = None
        self.running = False
        self._shown = -1
        self.accepting: str | None = None
        """Fingerprint of a new signer shown for confirmation: the next Import accepts it (recorded)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog auto wide"):
            yield Label(_("Import bundles"), classes="dialog-title")
            yield Static(
                _(
                    "Bundle files or folders, separated by spaces; quote paths with spaces. "
                    "All bundles are imported together, or none of them."
                ),
                classes="dialog-text",
            )
            yield Input(id="import-paths", placeholder="~/usb/*.zip")
            yield ProgressBar(total=1000, show_eta=False, id="import-progress")
            yield Static("", id="import-error", classes="form-error", markup=False)
            yield Static("", id="import-receipt", classes="dialog-text receipt", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Import"), id="import", variant="primary")
                yield Button(_("Close"), id="close")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ProgressBar).display = False
        self.query_one("#import-paths", Input).focus()

    @on(Button.Pressed, "#import")
    @on(Input.Submitted, "#import-paths")
    def action_import_bundles(self) -> None:
        if self.running:
            return
        error = self.query_one("#import-error", Static)
        try:
            paths = expand_paths(self.query_one("#import-paths", Input).value)
        except PathProblem as exc:
            error.update(str(exc))
            return
        error.update("")
        self.query_one("#import-receipt", Static).update(
            ngettext("Checking {n} bundle…", "Checking {n} bundles…", len(paths)).format(n=len(paths))
        )
        bar = self.query_one(ProgressBar)
        bar.update(progress=0)
        bar.display = True
        self.running = True
        self._import(paths, self.accepting is not None)

    def _progress(self, done: int, total: int) -> None:
        # Called from the worker thread, often: pass on whole percents only.
        percent = 100 * done // max(total, 1)
        if percent != self._shown:
            self._shown = percent
            self.app.call_from_thread(self.query_one(ProgressBar).update, progress=10 * percent)

    @work(thread=True, group="import", exclusive=True, exit_on_error=False)
    def _import(self, paths: list[Path], trust_new: bool = False) -> None:
        from inspect_tui.store.queries import open_conflict_count
        from inspect_tui.sync.errors import NewSigner
        from inspect_tui.sync.importer import import_bundles
        from inspect_tui.sync.keys import fingerprint

        db_path = self.inspect_app.db_path
        snapshot = Path(f"{db_path}.pre-import.sqlite") if db_path is not None else None
        try:
            with self.inspect_app.db() as db:
                receipts = import_bundles(db, paths, snapshot=snapshot, progress=self._progress, trust_new=trust_new)
                conflicts = open_conflict_count(db)
        except NewSigner as exc:  # the same rule as the command line's --trust-new: a person decides
            self.app.call_from_thread(self._confirm, fingerprint(exc.key), exc.device)
            return
        except Exception as exc:  # a refused bundle (BundleError), a full disk…: one sentence, nothing changed
            self.app.call_from_thread(self._refused, user_message(exc))
            return
        self.app.call_from_thread(self._done, receipts, conflicts)

    def _confirm(self, signer: str, device: str) -> None:
        self._refused(
            _(
                "New signer {signer} (device {device}). Check this fingerprint with its owner; "
                "press Import again to accept it as an inspector (recorded)."
            ).format(signer=signer, device=device[:8])
        )
        self.accepting = signer

    def _refused(self, message: str) -> None:
        self.accepting = None
        self.running = False
        self.query_one(ProgressBar).display = False
        self.query_one("#import-receipt", Static).update(_("Nothing was imported; the database is unchanged."))
        self.query_one("#import-error", Static).update(message)

    def _done(self, receipts: list[Receipt], conflicts: int) -> None:
        self.running = False
        self.receipts = [*(self.receipts or []), *receipts]
        self.query_one(ProgressBar).update(progress=1000)
        self.query_one("#import-receipt", Static).update(receipt_text(receipts, conflicts))
        self.query_one("#close", Button).focus()
        imported = sum(1 for r in receipts if not r.already)
        self.app.notify(
            ngettext("Imported {n} bundle.", "Imported {n} bundles.", imported).format(n=imported),
            title=_("Import bundles"),
        )

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.receipts)


OUTCOMES = ("new", "updated", "unchanged", "conflict")


def _outcome_table(counts: dict[str, dict[str, int]]) -> list[str]:
    """Records per kind and outcome, each column as wide as its longest word or count (in Dutch
    "ongewijzigd" and "beoordelingen" are longer than their English words)."""
    heads = [_("new"), _("updated"), _("unchanged"), _("conflicts")]
    rows = [
        [kind_word(kind), *(count_text(outcome.get(what, 0)) for what in OUTCOMES)]
        for kind, outcome in counts.items()
        if any(outcome.values())
    ]
    widths = [max(len(cell) for cell in column) for column in zip(["", *heads], *rows, strict=True)]
    widths = [max(width, least) for width, least in zip(widths, (12, 7, 8, 9, 9), strict=True)]
    table = []
    for cells in (["", *heads], *rows):
        first, *numbers = cells
        table.append(
            "  "
            + first.ljust(widths[0])
            + "".join(" " + cell.rjust(w) for cell, w in zip(numbers, widths[1:], strict=True))
        )
    return table
