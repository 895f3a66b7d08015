"""Answers: record an answer or a note, re-judge the computed items, measure progress.

The rules (an answer's stored form, its verdict, a computed item's answer) are pure functions
in ``domain.answers``; this module reads what they need and writes what they decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from inspect_tui.checklists.verdict_lines import out_of_force
from inspect_tui.checklists.verdict_words import shown_line
from inspect_tui.domain import answers as rules
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.enums import AnswerVerdict
from inspect_tui.domain.models import Answer, Inspection, answer_id
from inspect_tui.domain.norms import Measurements
from inspect_tui.i18n import _, language
from inspect_tui.store.db import StoreError, device_id
from inspect_tui.store.occupancy import site_figures
from inspect_tui.store.records import get
from inspect_tui.store.revisions import record_local_revision
from inspect_tui.store.workflow._common import (
    checklist_items,
    find_item,
    load_inspection,
    require_editable,
    stored_answers,
)
from inspect_tui.store.workflow.findings import open_findings_of_site

# --- measurements and verdicts ---------------------------------------------------------------


def measurement_sources(db: Database, inspection: Inspection) -> dict[str, tuple[float, str]]:
    """Each known measurement with where it came from: "site" (units, occupants) or "answer".

    A completed or approved inspection gives the figures it was signed with.
    """
    if inspection.locked and inspection.frozen is not None:
        return inspection.frozen.sources()
    return measurement_sources_today(db, inspection)


def measurement_sources_today(db: Database, inspection: Inspection) -> dict[str, tuple[float, str]]:
    """The measurements as today's units and occupants give them, also for a signed inspection
    (to show beside what it was signed with): site figures, overridden by answers typed on site."""
    values = {k: v["value"] for k, v in stored_answers(db, inspection.id).items()}
    return rules.measurement_sources(checklist_items(inspection), site_figures(db, inspection.site_id), values)


def measurements_for(db: Database, inspection: Inspection) -> Measurements:
    """Site-derived figures, overridden where the inspector measured on site."""
    return rules.measurements_of(measurement_sources(db, inspection))


def side_by_side_lines(db: Database, inspection: Inspection) -> dict[str, str]:
    """The line shown with every rule item, by item id: per-unit result, kind of rule, SNF beside AKF.

    E.g. ``1 of 4 bedrooms fail: Slaapkamer 3: 2.7 m²/p < 3.5 — certification norm · AKF n/a``; a
    signed inspection shows the lines it was signed with (``store.verdicts.item_lines``).
    """
    from inspect_tui.store.verdicts import item_lines

    return item_lines(db, inspection, checklist_items(inspection), measurements_for(db, inspection))


def side_by_side(db: Database, inspection_id: str, item_id: str) -> str | None:
    """One measured criterion's line (see side_by_side_lines); None for an item without a rule."""
    inspection = load_inspection(db, inspection_id)
    find_item(inspection, item_id)
    return side_by_side_lines(db, inspection).get(item_id)


def normalise(item: Item, value: str | None) -> str | None:
    """The answer in its stored form (domain.answers.normalise_value), or StoreError."""
    try:
        return rules.normalise_value(item, value)
    except rules.AnswerRejected as exc:
        raise StoreError(str(exc)) from None


def _write_answer(db: Database, answer: Answer) -> Answer:
    record_local_revision(db, answer, device_id(db))
    return answer


def recompute_rules(db: Database, inspection: Inspection) -> None:
    """Re-judge every rule item per dwelling and bedroom from the current measurements (inside a transaction).

    Items outside their effective dates become not applicable with the reason; every computed
    answer keeps its per-unit lines and the rule version that judged it.
    """
    from inspect_tui.store.verdicts import judge_inspection, judged_by, mark_out_of_force, stored_units

    measurements = measurements_for(db, inspection)
    answers = stored_answers(db, inspection.id)
    items = checklist_items(inspection)
    mark_out_of_force(db, inspection, items, answers)
    judgements = judge_inspection(db, inspection, items, measurements)
    for item in items:
        if item.rule is None or item.id not in judgements:
            continue
        current = answers.get(item.id)
        if current and current["value"] == "n.a." and not current["computed"]:
            continue  # the inspector marked it not applicable
        judgement = judgements[item.id]
        verdict = judgement.verdict
        # Per-unit results or a missing site fact are worth keeping even before any answer.
        keep = current is not None or bool(judgement.units) or verdict.needs is not None
        decided = rules.rule_answer(verdict, answered_before=keep)
        if decided is None:
            continue
        value, judged = decided
        note = current["note"] if current else None
        figure = verdict.figure if verdict.figure is not None and verdict.figure != float("inf") else None
        _write_answer(
            db,
            Answer(
                id=answer_id(inspection.id, item.id),
                inspection_id=inspection.id,
                item_id=item.id,
                value=value,
                verdict=judged,
                figure=figure,
                note=note if isinstance(note, str) else None,
                computed=True,
                units=stored_units(judgement),
                judged_by=judged_by(item, judgement),
            ),
        )


def answer_item(db: Database, inspection_id: str, item_id: str, value: str | None, note: str | None = None) -> Answer:
    """Record an answer (and optional note) at once; rules that use a measurement are re-judged."""
    with db.atomic():
        inspection = load_inspection(db, inspection_id)
        require_editable(inspection)
        item = find_item(inspection, item_id)
        stored = normalise(item, value)
        if item.rule is not None and stored not in (None, "n.a."):
            raise StoreError(
                _("{item} is computed from the measurements; change those, or mark it n.a.").format(item=item.id)
            )
        not_asked = out_of_force(item, inspection.started_at.date())
        if not_asked is not None and stored != "n.a.":
            raise StoreError(
                _("{item} is {why}; it is not asked on this inspection").format(
                    item=item.id, why=not_asked if language() == "en" else shown_line(not_asked)
                )
            )
        existing = get(db, Answer, answer_id(inspection_id, item_id))
        answer = Answer(
            id=answer_id(inspection_id, item_id),
            inspection_id=inspection_id,
            item_id=item_id,
            value=stored,
            verdict=rules.verdict_for(item, stored),
            note=note if note is not None else (existing.note if existing else None),
        )
        _write_answer(db, answer)
        if item.measure is not None or item.rule is not None:
            recompute_rules(db, inspection)
        return answer


def note_item(db: Database, inspection_id: str, item_id: str, note: str | None) -> Answer:
    """Set the note of an item, keeping its answer."""
    with db.atomic():
        inspection = load_inspection(db, inspection_id)
        require_editable(inspection)
        find_item(inspection, item_id)
        existing = get(db, Answer, answer_id(inspection_id, item_id))
        answer = (
            existing or Answer(id=answer_id(inspection_id, item_id), inspection_id=inspection_id, item_id=item_id)
        ).model_copy(update={"note": (note or "").strip() or None})
        _write_answer(db, Answer.model_validate(answer.model_dump()))
        return answer


def refresh_computed(db: Database, inspection_id: str) -> None:
    """Re-judge the rule items after the site's units or occupants changed."""
    with db.atomic():
        inspection = load_inspection(db, inspection_id)
        if not inspection.locked:
            recompute_rules(db, inspection)


def answers_by_item(db: Database, inspection_id: str) -> dict[str, Answer]:
    """The inspection's answers keyed by item id."""
    rows = db.execute("SELECT id FROM answers WHERE inspection_id = ?", [inspection_id]).fetchall()
    result = {}
    for (rid,) in rows:
        answer = get(db, Answer, rid)
        if answer is not None:
            result[answer.item_id] = answer
    return result


# --- progress ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """How far an inspection is."""

    answered: int
    total: int
    failed: int
    missing_required: tuple[str, ...]
    """Ids of required items without an answer."""
    pending_findings: int
    """Earlier open findings of the site still to confirm resolved or not."""
    advice: int = 0
    """Failed recommendations: advice, not a breach (``failed`` counts the binding rules only, as
    the report's verdict does)."""


def progress_of(
    items: list[Item],
    answers: Mapping[str, Mapping[str, object]],
    derived: Mapping[str, float],
    pending_findings: int,
) -> Progress:
    """Progress from what was read: answers by item id (value, verdict), the site's figures."""

    def has_value(item: Item) -> bool:
        if answers.get(item.id, {}).get("value") is not None:
            return True
        return item.measure is not None and item.measure.value in derived

    answered = sum(1 for i in items if has_value(i))
    from inspect_tui.checklists.rule_kind import rule_kind

    failing = [i for i in items if answers.get(i.id, {}).get("verdict") == AnswerVerdict.FAIL.value]
    advice = sum(1 for i in failing if not rule_kind(i).binding)
    missing = tuple(i.id for i in items if i.required and not has_value(i))
    return Progress(answered, len(items), len(failing) - advice, missing, pending_findings, advice)


def progress(db: Database, inspection_id: str) -> Progress:
    """Answered / total, failures, and what still blocks completion."""
    inspection = load_inspection(db, inspection_id)
    return progress_of(
        checklist_items(inspection),
        stored_answers(db, inspection_id),
        site_figures(db, inspection.site_id),
        len(open_findings_of_site(db, inspection.site_id, inspection)),
    )
