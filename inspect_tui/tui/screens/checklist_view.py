"""The checklist screen's table: rows of sections and items, the header, progress and item detail.

``ChecklistView`` is the base of ``screens.checklist.ChecklistScreen``: it shows what the screen
read (``Checklist``, ``State``); reading and writing live in ``checklist_workers``, the actions
besides answering in ``checklist_actions``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from rich.text import Text
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import DataTable, Label, ProgressBar, Static
from textual.widgets.data_table import ColumnKey

from inspect_tui.domain.answers import stored_number
from inspect_tui.domain.checklist import AnswerType, Item
from inspect_tui.store import StoreError
from inspect_tui.store.queries import Checklist, State
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
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.item_detail import ItemView, render_detail
from inspect_tui.tui.widgets.labels import answer_label, status_label, verdict_text

SECTION = "§"
"""Row keys of section headers start with this."""

WRITE_ERRORS = (StoreError, ValueError, sqlite3.Error)
"""What a refused or failed write raises; shown as one sentence, the screen stays."""


ANSWER_WIDTH = 14
"""The answer column: "2 slaapkamers", "65,92 m²" whole (a figure keeps every digit typed)."""


class ChecklistView(AppScreen):
    """Shows an inspection's checklist: one row per section and item, progress, the item's detail."""

    show_source = var(False, init=False)
    """Show where the norm and its thresholds come from, in the item detail."""

    dutch_items = var(True, init=False)
    """Show the items in Dutch (False: in English)."""

    inspection_id: str
    start_item: str | None
    checklist: Checklist | None
    state: State | None
    answer_queue: AnswerQueue
    _place_timer: Timer | None
    _refresh_timer: Timer | None
    _figures_stale: bool

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#items", DataTable)

    @property
    def locked(self) -> bool:
        return self.checklist is not None and self.checklist.inspection.locked

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
        return max(20, width - result - ANSWER_WIDTH - 2 - 12), result

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
        table.add_column(_("Answer"), key="answer", width=ANSWER_WIDTH)
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
                f" {unit_word(item.unit, stored_number(value))}"  # 1 toilet, 2 toilets
                if item.unit and item.answer_type in (AnswerType.NUMBER, AnswerType.COUNT)
                else ""
            )
            dated = item.answer_type is AnswerType.DATE and len(value) == 10 and value[4] == "-"
            shown = Text((format_date(value) if dated else localise_figures(answer_label(value))) + unit)
        elif item.id in state.derived:
            figure, _origin = state.derived[item.id]
            shown = Text(f"{format_figure(figure)} {unit_word(item.unit, figure)}".strip(), style="dim italic")
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
        if done.advice:  # failed recommendations: advice, as the report counts them
            text += " · " + ngettext("{n} advice", "{n} advice", done.advice).format(n=done.advice)
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


def _same(before: State, after: State, item_id: str) -> bool:
    return (
        before.answers.get(item_id) == after.answers.get(item_id)
        and before.side_by_side.get(item_id) == after.side_by_side.get(item_id)
        and before.derived.get(item_id) == after.derived.get(item_id)
        and before.findings_by_item.get(item_id) == after.findings_by_item.get(item_id)
    )
