"""A form of labelled fields with an error line under each, for inline validation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from inspect_tui.domain.numbers import ambiguous_figure, exact_figure, unreadable_figure
from inspect_tui.i18n import date_input, localise_figures, no_such_day, parse_date
from inspect_tui.tui.i18n import _
from inspect_tui.tui.widgets.bsn_input import BsnInput
from inspect_tui.tui.widgets.tab_paste import TabPasteInput

Kind = Literal["text", "number", "integer", "select", "tristate", "date", "bsn"]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form: the model field it fills and how it is edited."""

    name: str
    label: str
    kind: Kind = "text"
    options: Sequence[tuple[str, str]] = field(default=())
    placeholder: str = ""
    allow_blank: bool = True


class FormInput(TabPasteInput):
    """A text field of a form: a pasted tab (a spreadsheet row, a barcode scanner) goes on to the next field."""


class Form(VerticalScroll):
    """Fields in a column; values() gives raw values for the model, show_errors() marks fields.

    Tab and shift+tab are priority keys here: Textual otherwise sends tab to the focused field
    first and moves focus only once the key has bubbled up through the form's containers, so the
    keys typed right after a fast tab (a typist, a scanner) still landed in the field being left.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self, specs: Sequence[FieldSpec], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="form")
        self.specs = list(specs)
        self.can_focus = False

    def compose(self) -> ComposeResult:
        for spec in self.specs:
            with Vertical(classes="field", id=f"field-{spec.name}"):
                yield Label(spec.label, classes="field-label")
                yield self._control(spec)
                yield Static("", classes="field-error", id=f"error-{spec.name}")

    def _control(self, spec: FieldSpec) -> Widget:
        control_id = f"input-{spec.name}"
        if spec.kind == "bsn":
            return BsnInput(id=control_id)
        if spec.kind == "select":
            return Select(list(spec.options), id=control_id, allow_blank=spec.allow_blank, prompt=_("(none)"))
        if spec.kind == "tristate":
            options = [(_("yes"), "true"), (_("no"), "false")]
            return Select(options, id=control_id, prompt=_("(unknown)"))
        placeholder = spec.placeholder or (_("dd-mm-yyyy") if spec.kind == "date" else "")
        # Not type="number": that refuses the decimal comma Dutch inspectors type ("24,5"). Nor a
        # restrict: it drops the keys it refuses, so "24m2" became 242; the model says what is wrong.
        return FormInput(id=control_id, placeholder=placeholder)

    def control(self, name: str) -> Widget:
        """The input of one field."""
        return self.query_one(f"#input-{name}")

    def load(self, data: dict[str, Any]) -> None:
        """Fill the fields from a record's data (as from ``model_dump(mode="json")``)."""
        for spec in self.specs:
            value = data.get(spec.name)
            widget = self.control(spec.name)
            if isinstance(widget, BsnInput):
                widget.set_bsn(value)
            elif isinstance(widget, Select):
                if spec.kind == "tristate":
                    value = None if value is None else ("true" if value else "false")
                widget.value = Select.NULL if value is None else str(value)
            elif isinstance(widget, Input):
                widget.value = "" if value is None else date_input(value) if spec.kind == "date" else _format(value)

    def values(self) -> dict[str, Any]:
        """Raw values by field name; blank fields are None, numbers accept a decimal comma."""
        result: dict[str, Any] = {}
        for spec in self.specs:
            widget = self.control(spec.name)
            value: Any
            if isinstance(widget, BsnInput):
                value = widget.bsn.strip() or None
            elif isinstance(widget, Select):
                raw = widget.value
                value = None if raw is Select.NULL else raw
                if spec.kind == "tristate" and value is not None:
                    value = value == "true"
            else:
                assert isinstance(widget, Input)
                value = widget.value.strip() or None
                if value is not None and spec.kind in ("number", "integer"):
                    value = value.replace(",", ".")
                if value is not None and spec.kind == "date":
                    value = _iso_date(value)
            result[spec.name] = value
        return result

    def figure_problems(self) -> dict[str, str]:
        """The number fields whose text is not a figure ("1_5", "1e3") or reads two ways ("1.000"), and
        the date fields holding a day the calendar lacks (31-02-2026)."""
        problems: dict[str, str] = {}
        for spec in self.specs:
            widget = self.control(spec.name)
            if spec.kind in ("number", "integer") and isinstance(widget, Input):
                problem = unreadable_figure(widget.value) or ambiguous_figure(widget.value)
                if problem is not None:
                    problems[spec.name] = problem
            if spec.kind == "date" and isinstance(widget, Input):
                day_problem = no_such_day(widget.value)  # 31-02-2026: not "is not a date"
                if day_problem is not None:
                    problems[spec.name] = day_problem
        return problems

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field (clearing the others) and focus the first bad field."""
        first: Widget | None = None
        for spec in self.specs:
            message = errors.get(spec.name, "")
            self.query_one(f"#error-{spec.name}", Static).update(message)
            box = self.query_one(f"#field-{spec.name}")
            box.set_class(bool(message), "-invalid")
            if message and first is None:
                first = self.control(spec.name)
        if first is not None:
            first.focus()
            self.scroll_to_widget(first)

    def error_of(self, name: str) -> str:
        """The message shown under a field ("" when none)."""
        return str(self.query_one(f"#error-{name}", Static).content)


def _format(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return localise_figures(exact_figure(value))  # 9,5 in Dutch; every digit stored, read back by values()
    return str(value)


def _iso_date(text: str) -> str:
    """A typed date (dd-mm-yyyy or ISO) as ISO for the model; anything else as typed (the model names it)."""
    try:
        return parse_date(text).isoformat()
    except ValueError:
        return text
