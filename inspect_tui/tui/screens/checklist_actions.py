"""The checklist screen's actions besides answering: moving, findings, photos, signing, deleting, leaving.

``ChecklistActions`` is a part of ``screens.checklist.ChecklistScreen``; the keys are bound there.
"""

from __future__ import annotations

from pathlib import Path

from textual import work

from inspect_tui.store.workflow import attach_item_photo, delete_inspection, inspection_contents, removal_problem
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _, pick
from inspect_tui.tui.screens.base import user_message
from inspect_tui.tui.screens.checklist_view import SECTION, WRITE_ERRORS, ChecklistView


class ChecklistActions(ChecklistView):
    """The checklist's actions that open other screens, move the cursor, or delete and leave."""

    def action_toggle_source(self) -> None:
        self.show_source = not self.show_source

    def action_toggle_language(self) -> None:
        self.dutch_items = not self.dutch_items

    def action_next_open(self) -> None:
        if self.checklist is None or self.state is None:
            return
        open_ids = set(self.state.progress.missing_required) or {
            i.id for i in self.checklist.items if i.id not in self.state.answers
        }
        start = self.table.cursor_row
        for offset in range(1, self.table.row_count + 1):
            row = (start + offset) % self.table.row_count
            key = self.table.coordinate_to_cell_key((row, 0)).row_key.value  # type: ignore[arg-type]
            if key in open_ids:
                self.table.move_cursor(row=row)
                return
        self.app.notify(_("Every item is answered."))

    def action_section(self, step: int) -> None:
        table = self.table
        rows = range(table.cursor_row + step, table.row_count if step > 0 else -1, step)
        for row in rows:
            key = table.coordinate_to_cell_key((row, 0)).row_key.value  # type: ignore[arg-type]
            if key and key.startswith(SECTION):
                target = min(row + 1, table.row_count - 1)
                if target == table.cursor_row:  # on a section's first item: back to the one before
                    continue
                table.move_cursor(row=target)
                return

    def action_finding(self) -> None:
        item = self.current_item()
        if item is None:
            return
        from inspect_tui.checklists.rule_kind import proposed_finding

        text = pick(item.text_en, item.text_nl)
        described = proposed_finding(item, text, self.state.side_by_side.get(item.id) if self.state else None)
        self.post_message(messages.AddFinding(self.inspection_id, item=item, description=described))

    def action_photo(self) -> None:
        """Choose a photo for the current item's answer (only an answered item takes one)."""
        item = self.current_item()
        if item is None or self.state is None:
            return
        if self.locked:
            self.app.notify(_("The inspection is locked; press R to reopen it."), severity="warning")
            return
        if self.state.answers.get(item.id) is None:
            self.app.notify(_("Answer this item first, then add its photo."), severity="warning")
            return
        item_id = item.id
        self.post_message(messages.PickPhoto(done=lambda path: self._photo_picked(item_id, path)))

    def _photo_picked(self, item_id: str, path: object) -> None:
        if isinstance(path, Path):
            self._attach_photo(item_id, path)

    @work(thread=True, group="checklist-photo", exit_on_error=False)
    def _attach_photo(self, item_id: str, path: Path) -> None:
        try:
            with self.inspect_app.db() as db:
                attached = attach_item_photo(db, self.inspection_id, item_id, path)
        except WRITE_ERRORS as exc:
            self.report(exc)
            return
        self.app.notify(_("Photo {name} added to the item.").format(name=attached.file_name), markup=False)

    def action_findings(self) -> None:
        self.post_message(messages.OpenFindings(self.inspection_id))

    def action_occupancy(self) -> None:
        if self.checklist is not None:
            site_id = self.checklist.inspection.site_id
            self.post_message(messages.OpenOccupancy(site_id, inspection_id=self.inspection_id))

    def action_complete(self) -> None:
        self.post_message(messages.CompleteInspection(self.inspection_id, done=self._after_complete))

    def _after_complete(self, result: object) -> None:
        """Signing was refused for open required items: go to the first of them. The inspector
        chose to record a finding for a failed critical item: go to it and open the finding form."""
        item_id = result.item_id if isinstance(result, messages.RecordFinding) else result
        if isinstance(item_id, str) and self.checklist is not None and self.checklist.item(item_id) is not None:
            self.table.move_cursor(row=self.table.get_row_index(item_id))
            self.table.focus()
            if isinstance(result, messages.RecordFinding):
                self.action_finding()

    def action_reopen(self) -> None:
        self.post_message(messages.ReopenInspection(self.inspection_id))

    def action_history(self) -> None:
        self.post_message(messages.OpenHistory("inspections", self.inspection_id, _("this inspection")))

    def action_delete_draft(self) -> None:
        self._ask_delete_draft()

    @work(thread=True, group="checklist-delete", exit_on_error=False)
    def _ask_delete_draft(self) -> None:
        """Refused before the question when the inspection was signed or is followed up."""
        with self.inspect_app.db() as db:
            problem = removal_problem(db, "inspection", self.inspection_id)
            contents = inspection_contents(db, self.inspection_id)
        if problem is not None:
            self.app.call_from_thread(
                self.app.notify,
                _("Only a draft that was never signed (and that no later inspection follows up) can be deleted."),
                severity="error",
            )
            return
        goes = _(
            # typed: the answers worked out from the site's units and occupants are made again anywhere
            "Goes with it — typed answers: {answers} · notes: {notes} · findings: {findings} · photos: {photos}."
        ).format(**contents)

        def done(answer: object) -> None:
            reason = getattr(answer, "reason", None)
            if reason:
                self._delete_draft(reason)

        self.app.call_from_thread(
            self.post_message,
            messages.AskReason(
                _("Delete draft"),
                _("Delete this draft?")
                + " "
                + goes
                + " "
                + _("The deletion and its reason travel in the next bundle."),
                _("Delete"),
                done=done,
            ),
        )

    @work(thread=True, group="checklist-delete", exit_on_error=False)
    def _delete_draft(self, reason: str) -> None:
        try:
            with self.inspect_app.db() as db:
                deletion = delete_inspection(db, self.inspection_id, reason)
        except WRITE_ERRORS as exc:
            self.report(exc)
            return
        self.app.call_from_thread(self.post_message, messages.Deleted(deletion))
        self.app.call_from_thread(self._deleted)

    def _deleted(self) -> None:
        if self._place_timer is not None:
            self._place_timer.stop()
        self.app.pop_screen()

    def action_leave(self) -> None:
        # Leaving on purpose: the next start opens on the home screen, not here.
        if self._place_timer is not None:
            self._place_timer.stop()
        try:
            if self.inspect_app.read_only is None:
                self.answer_queue.forget()
        except WRITE_ERRORS as exc:
            self.app.notify(user_message(exc), severity="error", markup=False)
        self.app.pop_screen()
