"""What a judged rule item says, pure: dates in force, the stored per-unit lines, the checklist line.

``item_lines_of`` gives the line the checklist and the detail pane show for each rule item from
what was read (the dwellings, the measurements, the answers' stored lines); a signed inspection
shows the lines it was signed with, never a new verdict. ``report_texts`` is what a report prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from inspect_tui.checklists import load_template
from inspect_tui.checklists.rule_kind import kind_label, rule_kind
from inspect_tui.checklists.verdict_words import shown_line
from inspect_tui.domain.checklist import Item, Rule, shown_days
from inspect_tui.domain.dwellings import DwellingFigures, Judgement, judge
from inspect_tui.domain.norms import Measurements, SiteContext, format_figure, metric_unit


def out_of_force(item: Item, on_date: dt.date) -> str | None:
    """Why the item is not asked on ``on_date`` (outside its effective dates), or ``None``."""
    source = item.source
    if source.in_force_on(on_date):
        return None
    until = f" until {source.effective_until.isoformat()}" if source.effective_until else ""
    return f"not applicable on {on_date.isoformat()}: applies from {source.effective_from.isoformat()}{until}"


def stored_units(judgement: Judgement) -> str:
    """What an answer keeps of a judgement: its head line, then every failing or undecided unit."""
    return "\n".join((judgement.head(), *judgement.unit_lines()))


def judged_by(item: Item, judgement: Judgement) -> str:
    """Checklist version and the threshold that produced the verdict (at most 200 characters)."""
    template = load_template(item.id.split(".", 1)[0])
    text = f"{template.id} {template.version}: {judgement.verdict.norm}"
    return text if len(text) <= 200 else text[:199] + "…"


def joined(stored: str) -> str:
    """The stored lines on one line: ``head: unit; unit``."""
    head, *units = stored.split("\n")
    return head + (": " + "; ".join(units) if units else "")


def judge_items(
    items: Iterable[Item], units: tuple[DwellingFigures, ...], measurements: Measurements, context: SiteContext
) -> dict[str, Judgement]:
    """Every rule item in force on the context's date, judged per dwelling or bedroom; a figure is
    never shown rounded across the other norm's limit for it (SNF beside AKF, ``judge``'s ``beside``)."""
    return {
        item.id: judge(item.rule, units, measurements, context, rules_beside(item))
        for item in items
        if item.rule is not None and out_of_force(item, context.on_date) is None
    }


def rules_beside(item: Item) -> tuple[Rule, ...]:
    """The rules of the other housing norm (SNF for an AKF item, AKF for an SNF one) for the same
    figure: their limits are shown beside the item's (aanbeveling 2.10)."""
    if item.rule is None:
        return ()
    mine = item.id.split(".", 1)[0]
    others = [t for t in ("snf", "akf") if t != mine]
    return tuple(
        other.rule
        for template_id in others
        for other in load_template(template_id).items
        if other.rule is not None and other.rule.metric is item.rule.metric
    )


def other_norm_judgements(
    units: tuple[DwellingFigures, ...], measurements: Measurements, context: SiteContext
) -> dict[tuple[str, str], str]:
    """For a metric SNF and AKF both rule, the other norm's verdict (aanbeveling 2.10), by (template, metric)."""
    by_template: dict[str, dict[str, Judgement]] = {}
    for template_id in ("snf", "akf"):
        template = load_template(template_id)
        by_template[template_id] = {
            item.rule.metric.value: judge(item.rule, units, measurements, context)
            for item in template.items
            if item.rule is not None
        }
    result: dict[tuple[str, str], str] = {}
    for mine, theirs in (("snf", "akf"), ("akf", "snf")):
        for metric, judgement in by_template[theirs].items():
            if metric in by_template[mine]:
                verdict = judgement.verdict
                if verdict.needs == "akf_category":
                    shown = "n/a (no AKF category)"
                elif verdict.needs is not None:
                    shown = f"? ({verdict.reason})"
                else:
                    shown = "n/a" if not verdict.applies else f"{verdict.limit_text()} {verdict.mark}"
                result[(mine, metric)] = f"{theirs.upper()} {shown}"
    return result


def item_lines_of(
    items: Iterable[Item],
    *,
    locked: bool,
    stored: Mapping[str, str | None],
    units: tuple[DwellingFigures, ...],
    measurements: Measurements,
    context: SiteContext,
) -> dict[str, str]:
    """The line shown with each rule item: the per-unit result, kind of rule, SNF beside AKF.

    E.g. ``1 of 4 bedrooms fail: Slaapkamer 3: 2.7 m²/p < 3.5 — certification norm · AKF n/a``.
    A signed (locked) inspection shows the stored lines (``stored``: item id → answer's units).
    """
    rule_items = [item for item in items if item.rule is not None]
    lines: dict[str, str] = {}
    if locked:
        for item in rule_items:
            kept = stored.get(item.id)
            if kept:
                lines[item.id] = f"{shown_line(joined(kept))} — {kind_label(item)}"
        return lines
    judgements = judge_items(rule_items, units, measurements, context)
    others = other_norm_judgements(units, measurements, context)
    for item in rule_items:
        assert item.rule is not None
        reason = out_of_force(item, context.on_date)
        if reason is not None:
            lines[item.id] = f"{shown_line(reason)} — {kind_label(item)}"
            continue
        line = f"{shown_line(judgements[item.id].summary())} — {kind_label(item)}"
        other = others.get((item.id.split(".", 1)[0], item.rule.metric.value))
        if other is not None:
            line += f" · {shown_line(other)}"
        lines[item.id] = line
    return lines


@dataclass(frozen=True)
class ReportTexts:
    """What a report prints beside an item: kind of rule, per-unit result, rule version."""

    kind: str
    advice: bool
    """A failure of this item is advice (a recommendation), not a violation."""
    comparison: str | None
    judged_by: str | None
    figure_text: str | None


def report_texts(
    item: Item, units: str | None, judged: str | None, figure: float | None, computed: bool, not_in_force: str | None
) -> ReportTexts:
    """The stored judgement of an item as a report shows it (never re-judged)."""
    kind = rule_kind(item)
    comparison = shown_line(joined(units)) if units else None
    judged = shown_days(shown_line(judged)) if units and judged else None
    if not_in_force is not None:
        comparison = shown_line(not_in_force)
    figure_text = None
    if item.rule is not None and figure is not None and computed:
        figure_text = f"{format_figure(figure, item.rule.comparator, None)} {metric_unit(item.rule.metric)}"
    return ReportTexts(kind_label(item), not kind.binding, comparison, judged, figure_text)
