"""The checklist of an inspection: sections and items, answered with single keys, saved at once."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import DataTable, Header, Label, ProgressBar, Static
from textual.widgets.data_table import ColumnKey
from textual.worker import get_current_worker

from inspect_tui.domain.answers import accepts_not_applicable
from inspect_tui.domain.checklist import AnswerType, Item
from inspect_tui.store import StoreError
from inspect_tui.store.queries import AnswerRow, Checklist, State, read_checklist, read_state, returned_reason
from inspect_tui.store.workflow import attach_item_photo, delete_inspection, inspection_contents, removal_problem
from inspect_tui.tui import messages
from inspect_tui.tui.answer_queue import AnswerQueue
from inspect_tui.tui.i18n import (
    _,
    format_date,
    format_datetime,
    format_figure,
    localise_figures,
    ngettext,
    pick,
    unit_word,
)
from inspect_tui.tui.screens.base import AppScreen, user_message
from inspect_tui.tui.widgets.answer_input import AnswerInput
from inspect_tui.tui.widgets.cursor_table import CursorTable
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.item_detail import ItemView, render_detail
from inspect_tui.tui.widgets.labels import answer_label, status_label, verdict_text

SECTION = "§"
"""Row keys of section headers start with this."""

WRITE_ERRORS = (StoreError, ValueError, sqlite3.Error)
"""What a refused or failed write raises; shown as one sentence, the screen stays."""


class ChecklistScreen(AppScreen):
    """Walk the checklists; every answer is committed before the next key is handled."""

    PLACE_SAVE_DELAY: ClassVar[float] = 1.0
    """Seconds the cursor rests on an item before that place is remembered for a restart."""

    REFRESH_DELAY: ClassVar[float] = 0.2
    """Seconds of quiet after an answer before progress and figures are read back."""

    show_source = var(False, init=False)
    """Show where the norm and its thresholds come from, in the item detail."""

    dutch_items = var(True, init=False)
    """Show the items in Dutch (False: in English)."""

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

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#items", DataTable)

    @property
    def locked(self) -> bool:
        return self.checklist is not None and self.checklist.inspection.locked

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

    # --- reading ------------------------------------------------------------------------

    @work(thread=True, group="checklist-load", exclusive=True, exit_on_error=False)
    def load(self) -> None:
        try:
            with self.inspect_app.db() as db:
                checklist = read_checklist(db, self.inspection_id)
                state = read_state(db, checklist)
                reason = returned_reason(db, self.inspection_id) if checklist.inspection.status == "returned" else None
            # Open the answer connection now, so the first key does not wait for it.
            with self.inspect_app.db.quick():
                pass
        except StoreError as exc:
            self.report(exc)
            self.app.call_from_thread(self.app.pop_screen)
            return
        self.app.call_from_thread(self._loaded, checklist, state, reason)

    def _loaded(self, checklist: Checklist, state: State, returned: str | None = None) -> None:
        first = self.checklist is None
        self.checklist = checklist
        self._show_header(returned)
        if first:
            self._build_table(state)
            if not self.locked:
                self._remember(self.start_item)
        else:
            self._apply_state(state)
        self.refresh_bindings()

    def _show_header(self, returned: str | None = None) -> None:
        assert self.checklist is not None
        inspection, site = self.checklist.inspection, self.checklist.site
        text = Text(site.name if site else "?", style="bold")
        text.append(f"  {', '.join(inspection.templates)} · {status_label(inspection.status.value)}")
        if returned:  # sent back by the team lead: the reason is what the inspector has to fix
            text.append(": " + returned, style=self.inspect_app.palette().get("text-error", "") + " bold")
        text.append(f" · {inspection.inspector} · {format_datetime(inspection.started_at)}", style="dim")
        if inspection.locked and inspection.signed_by:
            text.append(" · " + _("signed by {name}").format(name=inspection.signed_by), style="bold")
        self.query_one("#inspection-header", Static).update(text)

    def _columns(self) -> tuple[int, int]:
        """Widths of the item text and the result: the item text takes what the terminal has."""
        width = max(self.app.size.width, 60)
        result = 18 if width < 110 else max(38, (width - 26) // 3)
        return max(20, width - result - 12 - 2 - 12), result

    def on_resize(self) -> None:
        """A wider or narrower terminal: the item text and the result follow."""
        if self.checklist is None or self.state is None or not self.table.columns:
            return
        item_width, result_width = self._columns()
        changed = False
        for key, width in (("text", item_width), ("result", result_width)):
            column = self.table.columns.get(ColumnKey(key))
            if column is not None and column.width != width:
                column.width = width
                changed = True
        if changed:
            state, self.state = self.state, None
            self._apply_state(state)  # every row again: the result's wording depends on its width
            self.table.refresh(layout=True)

    def _build_table(self, state: State) -> None:
        assert self.checklist is not None
        table = self.table
        item_width, result_width = self._columns()
        table.add_column("", key="mark", width=2)
        table.add_column(_("Item"), key="text", width=item_width)
        table.add_column(_("Answer"), key="answer", width=12)
        table.add_column(_("Result"), key="result", width=result_width)
        for template in self.checklist.templates:
            for section in template.sections:
                prefix = template.id + "."
                items = [i for i in self.checklist.items if i.id.startswith(prefix) and i.section == section.id]
                if not items:
                    continue
                title = Text(f"{template.id.upper()} · {pick(section.title_en, section.title_nl)}", style="bold")
                table.add_row("", title, "", "", key=f"{SECTION}{template.id}.{section.id}")
                for item in items:
                    table.add_row(*self._cells(item, state), key=item.id)
        self.state = state
        self._show_progress()
        target = self.start_item if self.start_item and self.checklist.item(self.start_item) else None
        if target is None:
            target = next((i.id for i in self.checklist.items if i.id not in state.answers), None)
        if target is not None:
            table.move_cursor(row=table.get_row_index(target))
        table.focus()
        self._show_detail()

    def _cells(self, item: Item, state: State) -> list[Text | str]:
        palette = self.inspect_app.palette()
        answer = state.answers.get(item.id)
        value = answer.value if answer else None
        verdict = answer.verdict if answer else None
        if value is None and item.required and item.id not in state.derived:
            mark = Text("○", style="dim")
        else:
            mark = verdict_text(verdict, palette)
        label = Text(item.text_nl if self.dutch_items else item.text_en)
        if state.findings_by_item.get(item.id):
            label.append(" ⚑", style="bold")
        if answer is not None and answer.note:
            label.append(" ✎", style="dim")
        if item.rule is not None:
            shown: Text = Text(answer_label(value) if value == "n.a." else "")
        elif value is not None and item.answer_type is AnswerType.CHOICE:
            choice = next((c for c in item.choices or () if c.value == value), None)
            label_text = choice.text_nl if choice and self.dutch_items else choice.text_en if choice else None
            shown = Text(label_text or answer_label(value))
        elif value is not None:
            unit = (
                f" {unit_word(item.unit)}"
                if item.unit and item.answer_type in (AnswerType.NUMBER, AnswerType.COUNT)
                else ""
            )
            dated = item.answer_type is AnswerType.DATE and len(value) == 10 and value[4] == "-"
            shown = Text((format_date(value) if dated else localise_figures(answer_label(value))) + unit)
        elif item.id in state.derived:
            figure, _origin = state.derived[item.id]
            shown = Text(f"{format_figure(figure)} {unit_word(item.unit)}".strip(), style="dim italic")
        else:
            shown = Text("")
        result = Text("")
        line = localise_figures(state.side_by_side.get(item.id) or "")
        if line:
            _w, width = self._columns()
            result = Text(line if width >= 38 else line.split(" — ")[0] + " " + (verdict_text(verdict).plain))
            if verdict == "fail":
                result.stylize(palette.get("text-error", ""))
        return [mark, label, shown, result]

    def _apply_state(self, state: State) -> None:
        assert self.checklist is not None
        previous = self.state
        self.state = state
        for item in self.checklist.items:
            if previous is not None and _same(previous, state, item.id):
                continue
            for key, cell in zip(("mark", "text", "answer", "result"), self._cells(item, state), strict=True):
                self.table.update_cell(item.id, key, cell)
        self._show_progress()
        self._show_detail()

    def _show_progress(self) -> None:
        assert self.state is not None
        done = self.state.progress
        bar = self.query_one(ProgressBar)
        bar.update(total=max(done.total, 1), progress=done.answered)
        text = _("{answered} / {total} answered · {failed} failed · {missing} required open").format(
            answered=done.answered, total=done.total, failed=done.failed, missing=len(done.missing_required)
        )
        if self.state.open_findings:
            text += " · " + ngettext("{n} finding", "{n} findings", self.state.open_findings).format(
                n=self.state.open_findings
            )
        self.query_one("#progress-text", Label).update(text)
        banner = self.query_one("#pending-banner", Label)
        banner.display = done.pending_findings > 0
        banner.update(
            ngettext(
                "{n} open finding of the last inspection to confirm: press F",
                "{n} open findings of the last inspection to confirm: press F",
                done.pending_findings,
            ).format(n=done.pending_findings)
        )

    def current_item(self) -> Item | None:
        if self.checklist is None or self.table.row_count == 0:
            return None
        key = self.table.coordinate_to_cell_key(self.table.cursor_coordinate).row_key.value
        return None if key is None or key.startswith(SECTION) else self.checklist.item(key)

    def _show_detail(self) -> None:
        item = self.current_item()
        detail = self.query_one("#item-detail", Static)
        if item is None or self.state is None:
            detail.update(_("A section: move down to its items."))
            return
        view = ItemView(
            item,
            self.state.answers.get(item.id),
            self.state.side_by_side.get(item.id),
            self.state.derived.get(item.id),
            self.state.now.get(item.id),
        )
        detail.update(render_detail(view, show_source=self.show_source, locked=self.locked))

    def watch_show_source(self) -> None:
        self._show_detail()

    def watch_dutch_items(self) -> None:
        if self.checklist is not None and self.state is not None:
            for item in self.checklist.items:
                self.table.update_cell(item.id, "text", self._cells(item, self.state)[1])

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

    # --- writing ------------------------------------------------------------------------

    @work(thread=True, group="checklist-reader", exit_on_error=False)
    def _reader(self) -> None:
        """Reads progress and figures back when asked, one request after the other."""
        worker = get_current_worker()
        self.answer_queue.serve(self._read_back, lambda: worker.is_cancelled)

    def _read_back(self, figures: bool) -> None:
        try:
            with self.inspect_app.db() as db:
                assert self.checklist is not None
                state = read_state(db, self.checklist, figures=figures, previous=self.state)
        except (StoreError, ValueError) as exc:
            self.app.call_from_thread(self.app.notify, user_message(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._refreshed, state)

    def _remember(self, item_id: str | None) -> None:
        """Where the inspector is, so a restart (even after a kill) opens here again."""
        if self.inspect_app.read_only is not None:
            return  # nothing can be written; the banner says so
        try:
            self.answer_queue.remember(item_id)
        except WRITE_ERRORS as exc:
            self.app.notify(user_message(exc), severity="error", markup=False)

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

    def _ask_refresh(self) -> None:
        self.answer_queue.ask_refresh(self._figures_stale)
        self._figures_stale = False

    def _refreshed(self, state: State) -> None:
        if self.is_attached:
            self._apply_state(state)

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
        """Digits start typing a number at once; on a choice item they pick the n-th choice."""
        if self.focused is not self.table or self.locked or not event.character:
            return
        item = self.current_item()
        if item is None or not (event.character.isdigit() or event.character in ",."):
            return
        if item.answer_type in (AnswerType.NUMBER, AnswerType.COUNT):
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

    # --- other actions ------------------------------------------------------------------

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
                table.move_cursor(row=min(row + 1, table.row_count - 1))
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
            "Goes with it — answers: {answers} · notes: {notes} · findings: {findings} · photos: {photos}."
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


def _same(before: State, after: State, item_id: str) -> bool:
    return (
        before.answers.get(item_id) == after.answers.get(item_id)
        and before.side_by_side.get(item_id) == after.side_by_side.get(item_id)
        and before.derived.get(item_id) == after.derived.get(item_id)
        and before.findings_by_item.get(item_id) == after.findings_by_item.get(item_id)
    )
