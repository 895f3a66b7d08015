"""Verdicts of an inspection: per dwelling and bedroom, dated, kind of rule, and kept once signed.

The rules are pure (``domain.dwellings``, ``checklists.verdict_lines``); this module reads what they
need. A completed or approved inspection is never re-judged: its lines come from the answers it
was signed with.
"""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.checklists.high_risk import high_risk_sectors
from inspect_tui.checklists.verdict_lines import (
    ReportTexts,
    item_lines_of,
    judge_items,
    judged_by,
    out_of_force,
    stored_units,
)
from inspect_tui.checklists.verdict_lines import report_texts as _report_texts
from inspect_tui.checklists.verdict_words import shown_line
from inspect_tui.domain.answers import context_of
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.dwellings import Judgement
from inspect_tui.domain.enums import AnswerVerdict, InspectionStatus
from inspect_tui.domain.models import Answer, Inspection, Site, answer_id
from inspect_tui.domain.norms import Measurements
from inspect_tui.i18n import ngettext
from inspect_tui.store.db import device_id, get_meta, set_meta
from inspect_tui.store.dwelling_figures import dwellings
from inspect_tui.store.records import get
from inspect_tui.store.revisions import record_local_revision

__all__ = [
    "REJUDGE_FLAG",
    "ReportTexts",
    "context_of",
    "item_lines",
    "judge_inspection",
    "judged_by",
    "mark_out_of_force",
    "out_of_force",
    "rejudge_open_inspections",
    "report_texts",
    "stored_units",
    "undecided_facts",
]

REJUDGE_FLAG = "rejudge_open_inspections"
"""Meta key set by the migration that changed how verdicts are computed."""


def judge_inspection(
    db: Database, inspection: Inspection, items: list[Item], measurements: Measurements
) -> dict[str, Judgement]:
    """Every rule item in force on the inspection's date, judged per dwelling or bedroom."""
    context = context_of(get(db, Site, inspection.site_id), inspection.started_at.date(), high_risk_sectors())
    return judge_items(items, dwellings(db, inspection.site_id), measurements, context)


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
    """The line shown with each rule item (``checklists.verdict_lines.item_lines_of``), read from the database."""
    stored: dict[str, str | None] = {}
    if inspection.locked:
        rows = db.execute("SELECT item_id, units FROM answers WHERE inspection_id = ?", [inspection.id]).fetchall()
        stored = {r[0]: r[1] for r in rows}
    context = context_of(get(db, Site, inspection.site_id), inspection.started_at.date(), high_risk_sectors())
    units = () if inspection.locked else dwellings(db, inspection.site_id)
    return item_lines_of(
        items, locked=inspection.locked, stored=stored, units=units, measurements=measurements, context=context
    )


def rejudge_open_inspections(db: Database) -> int:
    """Once after a migration: re-judge drafts and returned inspections; signed ones keep their verdicts."""
    if get_meta(db, REJUDGE_FLAG) != "1":
        return 0
    from inspect_tui.store.workflow.answers import recompute_rules  # the workflow imports this module

    rows = db.execute(
        "SELECT id FROM inspections WHERE status IN (?, ?) ORDER BY id",
        [InspectionStatus.DRAFT.value, InspectionStatus.RETURNED.value],
    ).fetchall()
    with db.atomic():
        for (inspection_id,) in rows:
            inspection = get(db, Inspection, inspection_id)
            if inspection is not None:
                recompute_rules(db, inspection)
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
    return [
        ngettext("{fact} ({n} item)", "{fact} ({n} items)", count).format(fact=shown_line(fact), n=count)
        for fact, count in counts.items()
    ]


def report_texts(item: Item, answer: Answer | None, not_in_force: str | None) -> ReportTexts:
    """The stored judgement of an item as a report shows it (never re-judged)."""
    if answer is None:
        return _report_texts(item, None, None, None, False, not_in_force)
    return _report_texts(item, answer.units, answer.judged_by, answer.figure, answer.computed, not_in_force)
