"""The checklist of an inspection: sections and items, answered with single keys, saved at once.

The screen holds its keys, its layout and answering; beside it ``checklist_view`` (the table,
progress and detail), ``checklist_workers`` (reading in worker threads) and ``checklist_actions``
(the other actions).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar, Literal

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Header, Label, ProgressBar, Static

from inspect_tui.domain.answers import accepts_not_applicable
from inspect_tui.domain.checklist import AnswerType, Item
from inspect_tui.store.queries import AnswerRow, Checklist, State
from inspect_tui.tui.answer_queue import AnswerQueue
from inspect_tui.tui.i18n import _, format_date, unit_word
from inspect_tui.tui.screens.base import user_message
from inspect_tui.tui.screens.checklist_actions import ChecklistActions
from inspect_tui.tui.screens.checklist_view import WRITE_ERRORS
from inspect_tui.tui.screens.checklist_workers import ChecklistWorkers
from inspect_tui.tui.widgets.answer_input import AnswerInput
from inspect_tui.tui.widgets.cursor_table import CursorTable
from inspect_tui.tui.widgets.fit_footer import FitFooter


class ChecklistScreen(ChecklistActions, ChecklistWorkers):
    """Walk the checklists; every answer is committed before the next key is handled."""

    PLACE_SAVE_DELAY: ClassVar[float] = 1.0
    """Seconds the cursor rests on an item before that place is remembered for a restart."""

    REFRESH_DELAY: ClassVar[float] = 0.2
    """Seconds of quiet after an answer before progress and figures are read back."""

    FOOTER_FIRST: ClassVar[tuple[str, ...]] = ("leave", "complete", "type_value", "finding", "findings")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back", id="checklist.back", tooltip="Back to the home screen"),
        Binding("y", "answer('yes')", "Yes", id="checklist.yes", tooltip="Answer yes"),
        Binding("n", "answer('no')", "No", id="checklist.no", tooltip="Answer no"),
        Binding("x", "answer('n.a.')", "N.a.", id="checklist.na", tooltip="Not applicable here"),
        Binding("enter", "type_value", "Type", id="checklist.type", tooltip="Type a number, date, choice or text"),
        Binding("backspace,delete", "clear", "Clear", show=False, id="checklist.clear", tooltip="Remove the answer"),
        Binding("m", "note", "Note", id="checklist.note", tooltip="Add or change the note of the item"),
        Binding("f", "finding", "Finding", id="checklist.finding", tooltip="Add a finding for this item"),
        Binding(
            "F",
            "findings",
            "Findings",
            id="checklist.findings",
            tooltip="Findings of this inspection and earlier ones to confirm",
        ),
        Binding("o", "occupancy", "Occupancy", id="checklist.occupancy", tooltip="Persons, beds and register"),
        Binding(
            "p",
            "photo",
            "Photo",
            show=False,
            id="checklist.photo",
            tooltip="Add a photo to the answer of this item (answer it first)",
        ),
        Binding(
            "s",
            "toggle_source",
            "Source",
            show=False,
            id="checklist.source",
            tooltip="Show or hide where the norm and its thresholds come from",
        ),
        Binding(
            "l",
            "toggle_language",
            "NL/EN",
            show=False,
            id="checklist.language",
            tooltip="Show the items in Dutch or English",
        ),
        Binding(
            "u",
            "next_open",
            "Next open",
            show=False,
            id="checklist.next_open",
            tooltip="Jump to the next unanswered item",
        ),
        Binding("right_square_bracket", "section(1)", "Next section", show=False, id="checklist.next_section"),
        Binding("left_square_bracket", "section(-1)", "Previous section", show=False, id="checklist.prev_section"),
        Binding("c", "complete", "Complete", id="checklist.complete", tooltip="Complete and sign the inspection"),
        Binding("R", "reopen", "Reopen", id="checklist.reopen", tooltip="Reopen a completed inspection"),
        Binding(
            "h",
            "history",
            "History",
            show=False,
            id="checklist.history",
            tooltip="Every version of the inspection: who, when, what changed",
        ),
        Binding(
            "D",
            "delete_draft",
            "Delete draft",
            show=False,
            id="checklist.delete_draft",
            tooltip="Delete this draft (never signed) with what is in it, with a reason",
        ),
    ]

    class AnswerSaved(Message):
        """An answer is committed; latency runs from the key to the commit."""

        def __init__(self, item_id: str, latency: float) -> None:
            super().__init__()
            self.item_id = item_id
            self.latency = latency

    def __init__(self, inspection_id: str, *, item_id: str | None = None) -> None:
        super().__init__(id="checklist-screen")
        self.inspection_id = inspection_id
        self.start_item = item_id
        self.checklist: Checklist | None = None
        self.state: State | None = None
        self.answer_queue: AnswerQueue
        self._place_timer: Timer | None = None
        self._refresh_timer: Timer | None = None
        self._figures_stale = False

    def compose(self) -> ComposeResult:
        yield Header(icon="⌂")
        yield Static("", id="inspection-header")
        with Horizontal(id="progress-line"):
            yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="progress")
            yield Label("", id="progress-text")
        yield Label("", id="pending-banner")
        yield CursorTable(id="items", cursor_type="row", zebra_stripes=False)
        yield AnswerInput(id="answer-input")
        yield Static("", id="item-detail")
        yield FitFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(AnswerInput).display = False
        self.query_one("#pending-banner").display = False
        self.answer_queue = AnswerQueue(self.inspection_id, self.inspect_app.db)
        self._reader()
        self.load()

    def on_unmount(self) -> None:
        self.answer_queue.close()

    def on_screen_resume(self) -> None:
        if self.checklist is not None:
            self.load()

    @on(DataTable.RowHighlighted, "#items")
    def _moved(self) -> None:
        self._show_detail()
        self.refresh_bindings()
        if self._place_timer is not None:
            self._place_timer.stop()
        item = self.current_item()
        if item is not None and not self.locked:
            self._place_timer = self._later(self.PLACE_SAVE_DELAY, lambda: self._remember(item.id))

    @on(DataTable.RowSelected, "#items")
    def _row_selected(self) -> None:
        # The table takes enter for itself; on a typed item it means "type the answer".
        item = self.current_item()
        if item is not None and not self.locked and item.answer_type is not AnswerType.YES_NO_NA:
            self.action_type_value()

    def _commit(self, kind: Literal["answer", "note"], item_id: str, value: str | None, stamp: float) -> bool:
        """Commit a confirmed answer or note at once, with where the inspector is, in one transaction.

        The row shows the saved answer straight away; progress and computed figures are read
        back by the screen's worker once the inspector pauses, so quick typing never waits.
        """
        try:
            saved = self.answer_queue.save(kind, item_id, value)
        except WRITE_ERRORS as exc:
            self.app.notify(user_message(exc), severity="error", markup=False)
            return False
        self.post_message(self.AnswerSaved(item_id, time.perf_counter() - stamp))
        if self.state is not None:
            answers = dict(self.state.answers)
            answers[item_id] = AnswerRow(saved.item_id, saved.value, saved.verdict.value, saved.figure, saved.note)
            self._apply_state(replace(self.state, answers=answers))
        item = self.checklist.item(item_id) if self.checklist else None
        self._figures_stale |= item is not None and (item.measure is not None or item.rule is not None)
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self._later(self.REFRESH_DELAY, self._ask_refresh)
        return True

    def _later(self, delay: float, callback: Callable[[], object]) -> Timer | None:
        """Run callback after delay seconds of quiet (a timer to stop), or at once when the delay is 0."""
        if delay <= 0:
            self.call_later(callback)
            return None
        return self.set_timer(delay, callback)

    def _submit(self, item: Item, value: str | None) -> bool:
        """Save an answer; False (with a message, nothing saved) when it is refused."""
        if self.locked:
            self.app.notify(_("The inspection is locked; press R to reopen it."), severity="warning")
            return False
        if value == "n.a." and not accepts_not_applicable(item):
            self.app.notify(
                _("N.a. is not allowed here: this item is required. Press enter to type the answer."),
                severity="warning",
            )
            return False
        return self._commit("answer", item.id, value, time.perf_counter())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reopen":
            return self.locked
        if action == "delete_draft":
            return self.checklist is not None and not self.locked
        if action in ("answer", "type_value", "clear", "note", "finding", "complete"):
            if self.locked:
                return False
            item = self.current_item()
            if action == "complete":
                return True
            if item is None:
                return False
            if action == "answer" and parameters and parameters[0] != "n.a.":
                return item.answer_type is AnswerType.YES_NO_NA and item.rule is None
            if action == "type_value":
                return item.answer_type is not AnswerType.YES_NO_NA
        return True

    def action_answer(self, value: str) -> None:
        item = self.current_item()
        if item is None:
            return
        # A refused answer keeps the cursor here: moving on would look as if it were recorded.
        if self._submit(item, value):
            self._advance()

    def _advance(self) -> None:
        table = self.table
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
            if self.current_item() is None and table.cursor_row < table.row_count - 1:
                table.move_cursor(row=table.cursor_row + 1)

    def action_clear(self) -> None:
        item = self.current_item()
        if item is not None:
            self._submit(item, None)

    def action_type_value(self, first: str = "") -> None:
        item = self.current_item()
        if item is None or self.state is None or item.answer_type is AnswerType.YES_NO_NA:
            return
        answer = self.state.answers.get(item.id)
        value = first or (answer.value if answer and answer.value else "")
        if value and item.answer_type is AnswerType.DATE and value != "n.a.":
            value = format_date(value) if len(value) == 10 and value[4] == "-" else value
        if not value and item.answer_type is AnswerType.DATE:
            value = format_date(self.inspect_app.today())
        hint = {
            AnswerType.NUMBER: _("number in {unit}").format(unit=unit_word(item.unit)),
            AnswerType.COUNT: _("whole number of {unit}").format(unit=unit_word(item.unit)),
            AnswerType.DATE: _("dd-mm-yyyy"),
            AnswerType.CHOICE: " / ".join(c.value for c in item.choices or ()),
        }.get(item.answer_type, _("text"))
        self.query_one(AnswerInput).start(item.id, "value", value, hint)

    def action_note(self) -> None:
        item = self.current_item()
        if item is None or self.state is None:
            return
        answer = self.state.answers.get(item.id)
        self.query_one(AnswerInput).start(item.id, "note", answer.note if answer and answer.note else "", _("note"))

    def on_key(self, event: events.Key) -> None:
        """Digits start typing a number or a date at once; on a choice item they pick the n-th choice."""
        if self.focused is not self.table or self.locked or not event.character:
            return
        item = self.current_item()
        if item is None or not (event.character.isdigit() or event.character in ",."):
            return
        if item.answer_type in (AnswerType.NUMBER, AnswerType.COUNT) or (
            item.answer_type is AnswerType.DATE and event.character.isdigit()
        ):
            event.stop()
            self.action_type_value(event.character)
        elif item.answer_type is AnswerType.CHOICE and event.character.isdigit():
            choices = item.choices or ()
            index = int(event.character) - 1
            if 0 <= index < len(choices):
                event.stop()
                if self._submit(item, choices[index].value):
                    self._advance()

    @on(AnswerInput.Confirmed)
    def _typed(self, event: AnswerInput.Confirmed) -> None:
        assert self.checklist is not None
        item = self.checklist.item(event.item_id)
        typing = self.query_one(AnswerInput)
        if item is None:
            typing.close()
            self.table.focus()
            return
        # Refused text stays in the input with the message, to be corrected; never thrown away.
        if event.purpose == "note":
            if self._commit("note", item.id, event.text, time.perf_counter()):
                typing.close()
                self.table.focus()
            return
        value = event.text.strip()
        if item.answer_type is AnswerType.CHOICE and value.isdigit():
            choices = item.choices or ()
            if 1 <= int(value) <= len(choices):
                value = choices[int(value) - 1].value
        if self._submit(item, value or None):
            typing.close()
            self.table.focus()
            self._advance()

    @on(AnswerInput.Cancelled)
    def _typing_cancelled(self) -> None:
        self.table.focus()
