"""Complete and sign an inspection; refused (with the list) while required items are unanswered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from inspect_tui.domain.models import Inspection
from inspect_tui.store import StoreError, queries
from inspect_tui.store.queries import inspection_history as history
from inspect_tui.store.queries import unrecorded as unrecorded_items
from inspect_tui.store.workflow import Progress, checklist_items, complete, progress
from inspect_tui.tui.i18n import _, ngettext, pick
from inspect_tui.tui.messages import RecordFinding
from inspect_tui.tui.screens.base import AppModal, user_message
from inspect_tui.tui.widgets.inspection_history import send_back_text
from inspect_tui.tui.worker_results import deliver


def item_texts(inspection: Inspection | None) -> dict[str, str]:
    """The text of every item of the inspection's checklists, in the interface language, by id."""
    if inspection is None:
        return {}
    return {item.id: pick(item.text_en, item.text_nl) for item in checklist_items(inspection)}


def missing_text(state: Progress, texts: dict[str, str] | None = None, limit: int = 12) -> str:
    """The required items still open, one per line, by their text (what the inspector reads)."""
    return items_text(state.missing_required, texts, limit, mark="○")


def items_text(item_ids: Sequence[str], texts: dict[str, str] | None = None, limit: int = 12, mark: str = "○") -> str:
    """Items one per line, by their text."""
    texts = texts or {}
    lines = [f"  {mark} {texts.get(item_id, item_id)}" for item_id in item_ids[:limit]]
    if len(item_ids) > limit:
        lines.append("  " + _("… and {n} more").format(n=len(item_ids) - limit))
    return "\n".join(lines)


class CompleteScreen(AppModal[bool | str | RecordFinding]):
    """Dismisses with True once the inspection is completed, signed and locked; with the id of
    the first required item still open when signing is refused for it; with RecordFinding when
    the inspector goes to record a finding for a failed critical item; False on cancel.

    Failed critical items without a finding are listed; ctrl+s and enter then do not sign: only
    the "Sign anyway" button does, or a finding is recorded first (ctrl+f)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "sign", "Sign", id="complete.sign", tooltip="Complete, sign and lock the inspection"),
        Binding(
            "ctrl+f",
            "record_finding",
            "Record finding",
            id="complete.record_finding",
            tooltip="Go to the first failed critical item without a finding and record one",
        ),
        Binding("escape", "cancel", "Cancel", id="complete.cancel"),
    ]

    def __init__(self, inspection_id: str) -> None:
        super().__init__(classes="complete")
        self.inspection_id = inspection_id
        self.texts: dict[str, str] = {}
        self.unrecorded: list[str] = []
        """Failed critical items without a finding, as last read."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Complete and sign"), classes="dialog-title")
            # Only the summary scrolls: the signer and the buttons stay in view at 80×24.
            with VerticalScroll(id="complete-scroll"):
                yield Static("", id="complete-summary", classes="dialog-text", markup=False)
            yield Label(_("Signed by"), classes="field-label")
            yield Input(id="complete-name")
            yield Static("", id="complete-error", classes="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Sign"), id="sign", variant="primary")
                record = Button(_("Record finding"), id="record-finding", variant="primary")
                record.display = False  # shown while failed critical items have no finding
                yield record
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self._load()
        self.query_one("#complete-name", Input).focus()

    @work(thread=True, group="complete", exit_on_error=False)
    def _load(self) -> None:
        with self.inspect_app.db() as db:
            inspection = queries.current(db, Inspection, self.inspection_id)
            state = progress(db, self.inspection_id)
            returned = inspection is not None and inspection.status.value == "returned"
            sent_back = history.latest_send_back(db, self.inspection_id) if returned else None
            unrecorded = [] if inspection is None else unrecorded_items.failed_critical_without_finding(db, inspection)
        deliver(self.app, self._show, inspection, state, sent_back, unrecorded)

    def _show(
        self,
        inspection: Inspection | None,
        state: Progress,
        sent_back: history.SendBack | None = None,
        unrecorded: list[str] | None = None,
    ) -> None:
        self.unrecorded = list(unrecorded or [])
        summary = _("{answered} / {total} answered · {failed} failed").format(
            answered=state.answered, total=state.total, failed=state.failed
        )
        if state.advice:  # failed recommendations: advice, as the report counts them
            summary += " · " + ngettext("{n} advice", "{n} advice", state.advice).format(n=state.advice)
        if sent_back is not None:
            # The lead's reason first: what the inspector resubmits is judged against it.
            summary = send_back_text(sent_back) + "\n\n" + summary
        if state.missing_required:
            self.texts = self.texts or item_texts(inspection)
            summary += "\n" + _("Required items still unanswered:") + "\n" + missing_text(state, self.texts)
        if state.pending_findings:
            summary += "\n" + ngettext(
                "{n} earlier finding still to confirm (F on the checklist).",
                "{n} earlier findings still to confirm (F on the checklist).",
                state.pending_findings,
            ).format(n=state.pending_findings)
        if self.unrecorded:
            self.texts = self.texts or item_texts(inspection)
            summary += "\n" + ngettext(
                "{n} failed critical item has no finding:",
                "{n} failed critical items have no finding:",
                len(self.unrecorded),
            ).format(n=len(self.unrecorded))
            summary += "\n" + items_text(self.unrecorded, self.texts, mark="✗")
            summary += "\n" + _("ctrl+f records a finding for the first; only Sign anyway signs without.")
        if not state.missing_required and not state.pending_findings:
            summary += "\n" + _("Signing locks the inspection; it can be reopened (that is recorded).")
        self.query_one("#complete-summary", Static).update(summary)
        sign = self.query_one("#sign", Button)
        sign.label = _("Sign anyway") if self.unrecorded else _("Sign")
        sign.variant = "error" if self.unrecorded else "primary"
        self.query_one("#record-finding", Button).display = bool(self.unrecorded)
        self.refresh_bindings()
        name = self.query_one("#complete-name", Input)
        if inspection is not None and not name.value:
            name.value = inspection.inspector
            name.select_all()  # typing replaces the suggested name, however the focus and the read raced

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "record_finding":
            return bool(self.unrecorded)  # in the footer only while there is one to record
        return True

    @on(Input.Submitted, "#complete-name")
    def action_sign(self) -> None:
        """ctrl+s and enter: sign, but not over failed critical items without a finding."""
        self._sign(self.query_one("#complete-name", Input).value, anyway=False)

    @on(Button.Pressed, "#sign")
    def _sign_pressed(self) -> None:
        # The button says "Sign anyway" while failed critical items have no finding: pressing it is explicit.
        self._sign(self.query_one("#complete-name", Input).value, anyway=bool(self.unrecorded))

    @on(Button.Pressed, "#record-finding")
    def action_record_finding(self) -> None:
        if not self.unrecorded:
            self.app.notify(_("Every failed critical item has a finding."))
            return
        self.dismiss(RecordFinding(self.unrecorded[0]))

    @work(thread=True, group="complete", exclusive=True, exit_on_error=False)
    def _sign(self, name: str, anyway: bool) -> None:
        try:
            with self.inspect_app.db() as db:
                state = progress(db, self.inspection_id)
                if state.missing_required:
                    inspection = queries.current(db, Inspection, self.inspection_id)
                    self.app.call_from_thread(self._refused_for_missing, state, inspection)
                    return
                inspection = queries.current(db, Inspection, self.inspection_id)
                unrecorded = (
                    [] if inspection is None else unrecorded_items.failed_critical_without_finding(db, inspection)
                )
                if unrecorded and not (anyway and set(unrecorded) <= set(self.unrecorded)):
                    # Not signed over critical failures nobody recorded; the list is shown again.
                    self.app.call_from_thread(self._refused_for_unrecorded, len(unrecorded))
                    self.app.call_from_thread(self._load)
                    return
                complete(db, self.inspection_id, name, now=self.inspect_app.clock())
        except StoreError as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        self.app.call_from_thread(self.app.notify, _("Inspection completed and signed."))
        self.app.call_from_thread(self.dismiss, True)

    def _refused_for_missing(self, state: Progress, inspection: Inspection | None) -> None:
        """Not signed: say which items by their text and go to the first on the checklist."""
        self.texts = self.texts or item_texts(inspection)
        count = len(state.missing_required)
        self.app.notify(
            ngettext(
                "Not completed: {n} required item is unanswered:",
                "Not completed: {n} required items are unanswered:",
                count,
            ).format(n=count)
            + "\n"
            + missing_text(state, self.texts, limit=5),
            severity="warning",
            markup=False,
        )
        self.dismiss(state.missing_required[0])

    def _refused_for_unrecorded(self, count: int) -> None:
        self.query_one("#complete-error", Static).update(
            ngettext(
                "Not signed: {n} failed critical item has no finding. ctrl+f records one; Sign anyway signs without.",
                "Not signed: {n} failed critical items have no finding. ctrl+f records one; Sign anyway signs without.",
                count,
            ).format(n=count)
        )

    def _refused(self, exc: StoreError) -> None:
        self.query_one("#complete-error", Static).update(_("Not completed: {reason}").format(reason=user_message(exc)))
        self._load()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
