"""The team lead's decision on one or more inspections: approve, send back (with a reason) or comment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from inspect_tui.domain.enums import ReviewDecision
from inspect_tui.store import StoreError, queries, workflow
from inspect_tui.store.queries import REVIEWER_KEY
from inspect_tui.store.workflow import ReviewOutcome
from inspect_tui.tui.discard import close_asking
from inspect_tui.tui.i18n import _, count_text, ngettext
from inspect_tui.tui.messages import Target
from inspect_tui.tui.screens.base import AppModal, user_message
from inspect_tui.tui.widgets.labels import status_label
from inspect_tui.tui.worker_results import deliver

__all__ = ["REVIEWER_KEY", "DecisionScreen"]


def _title(decision: ReviewDecision, targets: Sequence[Target]) -> str:
    if decision is ReviewDecision.APPROVE:
        decidable = sum(1 for t in targets if t.status == "completed")
        title = ngettext("Approve {n} inspection", "Approve {n} inspections", decidable).format(n=decidable)
        skipped = Counter(t.status for t in targets if t.status != "completed")
        for status, n in sorted(skipped.items()):
            title += "; " + ngettext("{n} {status} one is skipped", "{n} {status} ones are skipped", n).format(
                n=n, status=status_label(status)
            )
        return title
    if decision is ReviewDecision.SEND_BACK:
        return _("Send back to the inspector")
    return _("Comment on the inspection")


class DecisionScreen(AppModal[ReviewOutcome | None]):
    """Asks who decides (remembered) and why; writes one review record per inspection in one transaction."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "decide", "Record", id="decision.record", tooltip="Record the decision"),
        Binding("escape", "cancel", "Cancel", id="decision.cancel", tooltip="Close without deciding"),
    ]

    AUTO_FOCUS = "#decision-reason"
    """The reason first: the reviewer's name (the last one here) is filled in while the dialog opens,
    so what is typed at once is the reason and never lands behind the name as it arrives."""

    def __init__(self, decision: ReviewDecision, targets: Sequence[Target]) -> None:
        super().__init__(classes="decision")
        self.decision = decision
        self.targets = list(targets)

    @property
    def reason_required(self) -> bool:
        return self.decision in (ReviewDecision.SEND_BACK, ReviewDecision.COMMENT)

    def compose(self) -> ComposeResult:
        reason_label = {
            ReviewDecision.SEND_BACK: _("Reason (required; the inspector sees it)"),
            ReviewDecision.COMMENT: _("Comment"),
        }.get(self.decision, _("Note (optional)"))
        with Vertical(classes="dialog auto"):
            yield Label(_title(self.decision, self.targets), classes="dialog-title")
            yield Static(self._targets_text(), id="decision-targets", classes="dialog-text", markup=False)
            yield Label(_("Reviewer"), classes="field-label")
            yield Input(id="decision-reviewer", placeholder=_("Your name"))
            yield Label(reason_label, classes="field-label")
            yield Input(id="decision-reason")
            yield Static("", id="decision-error", classes="form-error", markup=False)
            with Horizontal(classes="buttons"):
                send_back = self.decision is ReviewDecision.SEND_BACK
                yield Button(_("Record"), id="decide", variant="warning" if send_back else "primary")
                yield Button(_("Cancel"), id="cancel")

    def _targets_text(self) -> str:
        lines = [f"• {t.label}" for t in self.targets[:8]]
        if len(self.targets) > 8:
            lines.append(_("… and {n} more").format(n=count_text(len(self.targets) - 8)))
        return "\n".join(lines)

    def on_mount(self) -> None:
        super().on_mount()
        self._prefill()

    @work(thread=True, group="decision", exit_on_error=False)
    def _prefill(self) -> None:
        with self.inspect_app.db() as db:
            name = queries.last_reviewer(db)
        deliver(self.app, self._set_reviewer, name or "")

    def _set_reviewer(self, name: str) -> None:
        field = self.query_one("#decision-reviewer", Input)
        if not field.value:  # a name already typed is the user's
            field.value = name
        # Focus stays where it is: keys typed while the name was read may still be on their way to
        # the reason field, and moving focus now split one text over both fields (the reason's
        # first letter, the rest as the reviewer). Without a name, recording asks for it.

    @on(Button.Pressed, "#decide")
    @on(Input.Submitted)
    def action_decide(self) -> None:
        reviewer = self.query_one("#decision-reviewer", Input).value.strip()
        reason = self.query_one("#decision-reason", Input).value.strip()
        error = self.query_one("#decision-error", Static)
        if not reviewer:
            error.update(_("Fill in your name: every decision is recorded with the reviewer."))
            self.query_one("#decision-reviewer", Input).focus()
            return
        if self.reason_required and not reason:
            error.update(
                _("Write the reason: the inspector sees it with the returned inspection.")
                if self.decision is ReviewDecision.SEND_BACK
                else _("Write the comment.")
            )
            self.query_one("#decision-reason", Input).focus()
            return
        error.update("")
        self._record(reviewer, reason or None)

    @work(thread=True, group="decision", exclusive=True, exit_on_error=False)
    def _record(self, reviewer: str, reason: str | None) -> None:
        ids = [target.id for target in self.targets]
        try:
            with self.inspect_app.db() as db:
                outcome = workflow.review_many(db, ids, reviewer, self.decision, reason, now=self.inspect_app.clock())
        except (StoreError, ValueError) as exc:
            self.app.call_from_thread(self.query_one("#decision-error", Static).update, user_message(exc))
            return
        if not outcome.decided:
            refused = _("Only completed inspections can be approved or sent back; none of these is completed.")
            self.app.call_from_thread(self.query_one("#decision-error", Static).update, refused)
            return
        self.app.call_from_thread(self.dismiss, outcome)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        close_asking(
            self, changed=bool(self.query_one("#decision-reason", Input).value.strip())
        )  # a reason or comment typed is not lost by one key
