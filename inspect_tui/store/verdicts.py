"""Verdicts of an inspection: per dwelling and bedroom, dated, kind of rule, and kept once signed.

``judge_inspection`` judges every rule item per unit (``domain.dwellings``); ``item_lines`` gives
the line the checklist, the detail pane and reports show for it. A completed or approved
inspection is never re-judged: its lines come from the answers it was signed with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from inspect_tui.checklists import load_template
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.dwellings import Judgement, judge
from inspect_tui.domain.enums import AnswerVerdict, InspectionStatus
from inspect_tui.domain.models import Answer, Inspection, Site, answer_id
from inspect_tui.domain.norms import Measurements, SiteContext, format_figure, metric_unit
from inspect_tui.domain.rule_kind import rule_kind
from inspect_tui.store.db import device_id, get_meta, set_meta
from inspect_tui.store.dwelling_figures import dwellings, effective_high_risk
from inspect_tui.store.records import get
from inspect_tui.store.revisions import record_local_revision

REJUDGE_FLAG = "rejudge_open_inspections"
"""Meta key set by the migration that changed how verdicts are computed."""


def context_of(site: Site | None, on_date: dt.date) -> SiteContext:
    """The facts of the site that choose thresholds; high-risk from the sector unless overridden."""
    if site is None:
        return SiteContext(on_date=on_date)
    return SiteContext(
        on_date=on_date,
        housing_type=site.housing_type,
        akf_category=site.akf_category,
        high_risk=effective_high_risk(site.sector.value, site.high_risk),
        zoned_residential=site.zoned_residential,
    )


def out_of_force(item: Item, on_date: dt.date) -> str | None:
    """Why the item is not asked on ``on_date`` (outside its effective dates), or ``None``."""
    source = item.source
    if source.in_force_on(on_date):
        return None
    until = f" until {source.effective_until.isoformat()}" if source.effective_until else ""
    return f"not applicable on {on_date.isoformat()}: applies from {source.effective_from.isoformat()}{until}"


def judge_inspection(
    db: Database, inspection: Inspection, items: list[Item], measurements: Measurements
) -> dict[str, Judgement]:
    """Every rule item in force on the inspection's date, judged per dwelling or bedroom."""
    site = get(db, Site, inspection.site_id)
    on_date = inspection.started_at.date()
    context = context_of(site, on_date)
    units = dwellings(db, inspection.site_id)
    return {
        item.id: judge(item.rule, units, measurements, context)
        for item in items
        if item.rule is not None and out_of_force(item, on_date) is None
    }


def stored_units(judgement: Judgement) -> str:
    """What an answer keeps of a judgement: its head line, then every failing or undecided unit."""
    return "\n".join((judgement.head(), *judgement.unit_lines()))


def judged_by(item: Item, judgement: Judgement) -> str:
    """Checklist version and the threshold that produced the verdict."""
    template = load_template(item.id.split(".", 1)[0])
    return f"{template.id} {template.version}: {judgement.verdict.norm}"


def mark_out_of_force(
    db: Database, inspection: Inspection, items: list[Item], answers: dict[str, dict[str, object]]
) -> None:
    """Items outside their effective dates are not applicable on this inspection (inside a transaction)."""
    on_date = inspection.started_at.date()
    for item in items:
        reason = out_of_force(item, on_date)
        current = answers.get(item.id)
        if reason is None or (current is not None and current["value"] == "n.a."):
            continue
        note = current["note"] if current else None
        answer = Answer(
            id=answer_id(inspection.id, item.id),
            inspection_id=inspection.id,
            item_id=item.id,
            value="n.a.",
            verdict=AnswerVerdict.NOT_APPLICABLE,
            note=note if isinstance(note, str) else None,
            computed=True,
            units=reason,
        )
        record_local_revision(db, answer, device_id(db))


def item_lines(db: Database, inspection: Inspection, items: list[Item], measurements: Measurements) -> dict[str, str]:
    """The line shown with each rule item: kind of rule, the per-unit result, SNF beside AKF.

    E.g. ``1 of 4 bedrooms fail: Slaapkamer 3: 2.7 m²/p < 3.5 — certification norm · AKF n/a``.
    A signed (completed or approved) inspection shows what it was signed with, never a new verdict.
    """
    on_date = inspection.started_at.date()
    lines: dict[str, str] = {}
    if inspection.locked:
        for item in items:
            if item.rule is None:
                continue
            answer = get(db, Answer, answer_id(inspection.id, item.id))
            if answer is not None and answer.units:
                lines[item.id] = f"{_joined(answer.units)} — {rule_kind(item).label}"
        return lines
    judgements = judge_inspection(db, inspection, items, measurements)
    others = _other_norm_judgements(db, inspection, items, measurements)
    for item in items:
        if item.rule is None:
            continue
        reason = out_of_force(item, on_date)
        if reason is not None:
            lines[item.id] = f"{reason} — {rule_kind(item).label}"
            continue
        judgement = judgements[item.id]
        line = f"{judgement.summary()} — {rule_kind(item).label}"
        other = others.get((item.id.split(".", 1)[0], item.rule.metric.value))
        if other is not None:
            line += f" · {other}"
        lines[item.id] = line
    return lines


def _joined(stored: str) -> str:
    head, *units = stored.split("\n")
    return head + (": " + "; ".join(units) if units else "")


def _other_norm_judgements(
    db: Database, inspection: Inspection, items: list[Item], measurements: Measurements
) -> dict[tuple[str, str], str]:
    """For a metric SNF and AKF both rule, the other norm's verdict (aanbeveling 2.10), by (template, metric)."""
    site = get(db, Site, inspection.site_id)
    context = context_of(site, inspection.started_at.date())
    units = dwellings(db, inspection.site_id)
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


def rejudge_open_inspections(db: Database) -> int:
    """Once after a migration: re-judge drafts and returned inspections; signed ones keep their verdicts."""
    if get_meta(db, REJUDGE_FLAG) != "1":
        return 0
    from inspect_tui.store.workflow import _recompute_rules  # the workflow module imports this one

    rows = db.execute(
        "SELECT id FROM inspections WHERE status IN (?, ?) ORDER BY id",
        [InspectionStatus.DRAFT.value, InspectionStatus.RETURNED.value],
    ).fetchall()
    with db.atomic():
        for (inspection_id,) in rows:
            inspection = get(db, Inspection, inspection_id)
            if inspection is not None:
                _recompute_rules(db, inspection)
        set_meta(db, REJUDGE_FLAG, None)
    return len(rows)


def undecided_facts(db: Database, inspection_id: str, item_ids: tuple[str, ...]) -> list[str]:
    """The site facts that keep measured items undecided, e.g. "undecided — set the housing type (2 items)"."""
    counts: dict[str, int] = {}
    for item_id in item_ids:
        answer = get(db, Answer, answer_id(inspection_id, item_id))
        if answer is not None and answer.units and answer.units.startswith("undecided — set"):
            first = answer.units.split("\n", 1)[0]
            counts[first] = counts.get(first, 0) + 1
    return [f"{fact} ({count} item{'s' if count > 1 else ''})" for fact, count in counts.items()]


@dataclass(frozen=True)
class ReportTexts:
    """What a report prints beside an item: kind of rule, per-unit result, rule version."""

    kind: str
    advice: bool
    """A failure of this item is advice (a recommendation), not a violation."""
    comparison: str | None
    judged_by: str | None
    figure_text: str | None


def report_texts(item: Item, answer: Answer | None, not_in_force: str | None) -> ReportTexts:
    """The stored judgement of an item as a report shows it (never re-judged)."""
    kind = rule_kind(item)
    comparison = judged = figure_text = None
    if answer is not None and answer.units:
        comparison = _joined(answer.units)
        judged = answer.judged_by
    if not_in_force is not None:
        comparison = not_in_force
    if item.rule is not None and answer is not None and answer.figure is not None and answer.computed:
        unit = metric_unit(item.rule.metric)
        figure_text = f"{format_figure(answer.figure, item.rule.comparator, None)} {unit}"
    return ReportTexts(kind.label, not kind.binding, comparison, judged, figure_text)
