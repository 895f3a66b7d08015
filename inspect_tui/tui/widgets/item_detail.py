"""What the detail pane under the checklist says about the current item."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from inspect_tui.checklists.rule_kind import rule_kind
from inspect_tui.checklists.verdict_words import akf_word
from inspect_tui.domain.answers import stored_number
from inspect_tui.domain.bsn_text import masked_bsns
from inspect_tui.domain.checklist import AnswerType, Item, Threshold
from inspect_tui.store.queries import AnswerRow
from inspect_tui.tui.i18n import _, format_date, format_figure, language, localise_figures, pick, unit_word
from inspect_tui.tui.widgets.labels import Palette, answer_label, severity_label


@dataclass(frozen=True)
class ItemView:
    """Everything shown about one item besides its row."""

    item: Item
    answer: AnswerRow | None
    side_by_side: str | None
    derived: tuple[float, str] | None
    """A measurement that follows from the site's units and occupants, and its origin."""
    now: float | None = None
    """Today's figure beside the signed one, where it differs (a signed inspection only)."""


def keys_hint(item: Item, locked: bool) -> str:
    """The keys that do something on this item."""
    if locked:
        return _("Locked: R reopens the inspection.")
    if item.rule is not None:
        return _("Computed from the measurements · x n.a. · m note · f finding · s sources")
    kind = item.answer_type
    if kind is AnswerType.YES_NO_NA:
        return _("y yes · n no · x n.a. · m note · f finding · s source")
    if kind in (AnswerType.NUMBER, AnswerType.COUNT):
        return _("Type a number, enter to save · x n.a. · m note · s source")
    if kind is AnswerType.CHOICE:
        return _("1–9 choose · enter to type · m note · s source")
    return _("enter to type the answer · m note · s source")


def _threshold_line(threshold: Threshold, comparator: str, unit: str) -> str:
    limit = format_figure(threshold.value) if threshold.value is not None else _("by number of persons")
    condition = threshold.condition
    scope = []
    if condition is not None:
        if condition.housing_types:
            scope.append(_("housing type") + " " + "/".join(h.value for h in condition.housing_types))
        if condition.akf_categories:
            scope.append("AKF " + "/".join(akf_word(c.value) for c in condition.akf_categories))
        if condition.high_risk is not None:
            scope.append(_("high-risk sector") if condition.high_risk else _("not high-risk"))
        if condition.max_persons is not None:
            scope.append(_("at most {n} persons").format(n=condition.max_persons))
    until = f"–{format_date(threshold.source.effective_until)}" if threshold.source.effective_until else ""
    where = f" ({', '.join(scope)})" if scope else ""
    return (
        f"  {comparator} {limit} {unit}{where}: {threshold.source.label}, "
        f"{_('from')} {format_date(threshold.source.effective_from)}{until}"
    )


def render_detail(view: ItemView, *, show_source: bool, locked: bool, palette: Palette | None = None) -> Text:
    """The detail pane: both languages, figure against the norms, source on demand, note, keys."""
    item = view.item
    text = Text()
    flags = [
        _("required") if item.required else _("optional"),
        _("{s} if failed").format(s=severity_label(item.severity_if_failed.value)),
        _(rule_kind(item).label) + ("" if rule_kind(item).binding else " — " + _("a failure is advice")),
    ]
    text.append(item.id, style="bold")
    text.append("  " + " · ".join(flags) + "\n", style="dim")
    first, second = (item.text_nl, item.text_en) if language() == "nl" else (item.text_en, item.text_nl)
    text.append(first + "\n")
    text.append(second + "\n", style="italic dim")
    if item.choices:
        choices = "  ".join(f"{n}={pick(c.text_en, c.text_nl)}" for n, c in enumerate(item.choices, start=1))
        text.append(choices + "\n", style="dim")
    if view.side_by_side:
        text.append(localise_figures(view.side_by_side) + "\n", style="bold")
    if view.derived is not None and (view.answer is None or view.answer.value is None):
        value, origin = view.derived
        where = _("from the site's units and occupants") if origin == "site" else _("measured")
        now = "" if view.now is None else " (" + _("now: {value}").format(value=format_figure(view.now)) + ")"
        text.append(f"{format_figure(value)} {unit_word(item.unit, value)} — {where}{now}\n", style="dim")
    if view.answer is not None and view.answer.value is not None and item.rule is None:
        count = stored_number(view.answer.value)  # 1 toilet, 2 toilets
        text.append(
            _("Answer") + f": {localise_figures(answer_label(view.answer.value))} {unit_word(item.unit, count)}\n"
        )
    if show_source:
        text.append(
            _("Source") + f": {item.source.label}, {_('from')} {format_date(item.source.effective_from)}\n", style="dim"
        )
        if item.source.note:
            text.append(f"  {item.source.note}\n", style="dim")
        if item.rule is not None:
            comparator = item.rule.comparator.symbol
            for threshold in item.rule.thresholds:
                text.append(_threshold_line(threshold, comparator, "") + "\n", style="dim")
    else:
        text.append(_("Source") + f": {item.source.label}  " + _("(s for details)") + "\n", style="dim")
    if view.answer is not None and view.answer.note:
        text.append(_("Note") + f": {masked_bsns(view.answer.note)}\n", style="italic")
    text.append(keys_hint(item, locked), style="dim")
    return text
