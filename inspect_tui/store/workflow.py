"""The inspection's life: start, answer, find, complete, reopen, review.

Every public function here is one confirmed edit: one transaction, saved at once.
The TUI, the CLI and the sample generator all go through these functions.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlite_utils import Database

from inspect_tui.checklists import load_template
from inspect_tui.domain.checklist import AnswerType, ChecklistTemplate, Item
from inspect_tui.domain.enums import (
    AnswerVerdict,
    FindingStatus,
    InspectionStatus,
    ReviewDecision,
    Severity,
)
from inspect_tui.domain.models import (
    Answer,
    Attachment,
    DeadlinePolicy,
    Finding,
    Inspection,
    Review,
    Site,
    answer_id,
)
from inspect_tui.domain.norms import Measurements, SiteContext
from inspect_tui.store.blobs import read_attachment, store_blob
from inspect_tui.store.db import StoreError, device_id, get_meta, set_meta
from inspect_tui.store.occupancy import site_figures
from inspect_tui.store.records import get, save
from inspect_tui.store.revisions import record_local_revision


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now()).replace(microsecond=0)


def _inspection(db: Database, inspection_id: str) -> Inspection:
    inspection = get(db, Inspection, inspection_id)
    if inspection is None:
        raise StoreError(f"inspection {inspection_id} does not exist")
    return inspection


def templates_of(inspection: Inspection) -> list[ChecklistTemplate]:
    """The checklist templates the inspection walks."""
    return [load_template(t) for t in inspection.templates]


@cache
def _items_of(template_ids: tuple[str, ...]) -> tuple[tuple[Item, ...], dict[str, Item]]:
    items: list[Item] = []
    for template in (load_template(t) for t in template_ids):
        order = {s.id: i for i, s in enumerate(template.sections)}
        items.extend(sorted(template.items, key=lambda it: order[it.section]))
    return tuple(items), {item.id: item for item in items}


def checklist_items(inspection: Inspection) -> list[Item]:
    """Every item of the inspection's templates, in template and section order."""
    return list(_items_of(tuple(inspection.templates))[0])


def find_item(inspection: Inspection, item_id: str) -> Item:
    """The item with this id on the inspection's checklists, or StoreError."""
    item = _items_of(tuple(inspection.templates))[1].get(item_id)
    if item is None:
        raise StoreError(f"item {item_id} is not on this inspection's checklists")
    return item


def _remember_templates(db: Database, templates: list[ChecklistTemplate]) -> None:
    import hashlib

    for template in templates:
        data = template.model_dump_json()
        db.execute(
            "INSERT INTO templates(id, version, sha256, data) VALUES (?,?,?,?) ON CONFLICT(id) DO UPDATE "
            "SET version = excluded.version, sha256 = excluded.sha256, data = excluded.data",
            [template.id, template.version, hashlib.sha256(data.encode()).hexdigest(), data],
        )


# --- measurements and verdicts ---------------------------------------------------------------


def site_context(db: Database, inspection: Inspection) -> SiteContext:
    """Facts of the site that decide which thresholds apply, on the inspection's date."""
    from inspect_tui.store.verdicts import context_of

    return context_of(get(db, Site, inspection.site_id), inspection.started_at.date())


def _answers(db: Database, inspection_id: str) -> dict[str, dict[str, object]]:
    rows = db.execute(
        "SELECT item_id, value, verdict, figure, note, computed FROM answers WHERE inspection_id = ?",
        [inspection_id],
    ).fetchall()
    return {r[0]: {"value": r[1], "verdict": r[2], "figure": r[3], "note": r[4], "computed": r[5]} for r in rows}


def measurement_sources(db: Database, inspection: Inspection) -> dict[str, tuple[float, str]]:
    """Each known measurement with where it came from: "site" (units, occupants) or "answer"."""
    sources: dict[str, tuple[float, str]] = {k: (v, "site") for k, v in site_figures(db, inspection.site_id).items()}
    answers = _answers(db, inspection.id)
    for item in checklist_items(inspection):
        if item.measure is None:
            continue
        value = answers.get(item.id, {}).get("value")
        if isinstance(value, str) and value not in ("", "n.a."):
            sources[item.measure.value] = (float(value), "answer")
    return sources


def measurements_for(db: Database, inspection: Inspection) -> Measurements:
    """Site-derived figures, overridden where the inspector measured on site."""
    values = {k: v for k, (v, _) in measurement_sources(db, inspection).items()}
    return Measurements.model_validate(values)


def side_by_side_lines(db: Database, inspection: Inspection) -> dict[str, str]:
    """Every measured criterion's figure against SNF and AKF, by item id (computed once).

    E.g. `11.1 m²/p — SNF ≥ 10 ✓ · AKF ≥ 13 ✗`; a metric only one norm rules shows its own verdict.
    """
    from inspect_tui.store.verdicts import item_lines

    return item_lines(db, inspection, checklist_items(inspection), measurements_for(db, inspection))


def side_by_side(db: Database, inspection_id: str, item_id: str) -> str | None:
    """One measured criterion's line (see side_by_side_lines); None for an item without a rule."""
    inspection = _inspection(db, inspection_id)
    find_item(inspection, item_id)
    return side_by_side_lines(db, inspection).get(item_id)


def normalise_value(item: Item, value: str | None) -> str | None:
    """The answer in its stored form, or StoreError saying what the item accepts."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    kind = item.answer_type
    if kind is AnswerType.YES_NO_NA:
        aliases = {
            "y": "yes",
            "yes": "yes",
            "ja": "yes",
            "j": "yes",
            "n": "no",
            "no": "no",
            "nee": "no",
            "na": "n.a.",
            "n.a.": "n.a.",
            "n/a": "n.a.",
            "nvt": "n.a.",
            "n.v.t.": "n.a.",
        }
        if text.lower() not in aliases:
            raise StoreError(f"{item.id}: answer yes, no or n.a.")
        return aliases[text.lower()]
    if text.lower() in ("n.a.", "na", "n/a", "nvt") and not item.required:
        return "n.a."
    if kind in (AnswerType.NUMBER, AnswerType.COUNT):
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise StoreError(f"{item.id}: {text!r} is not a number ({item.unit})") from None
        if number < 0 or number != number or number in (float("inf"),):
            raise StoreError(f"{item.id}: a measurement cannot be negative")
        if kind is AnswerType.COUNT:
            if number != int(number):
                raise StoreError(f"{item.id}: a count is a whole number")
            return str(int(number))
        return f"{number:g}" if abs(number) < 1e15 else str(number)
    if kind is AnswerType.CHOICE:
        values = [c.value for c in item.choices or ()]
        if text not in values:
            raise StoreError(f"{item.id}: choose one of {', '.join(values)}")
        return text
    if kind is AnswerType.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise StoreError(f"{item.id}: a date is written YYYY-MM-DD") from None
    if len(text) > 4000:
        raise StoreError(f"{item.id}: keep the text under 4000 characters")
    return text


def _verdict_for(item: Item, value: str | None) -> AnswerVerdict:
    if value is None:
        return AnswerVerdict.UNKNOWN
    if value == "n.a.":
        return AnswerVerdict.NOT_APPLICABLE
    if item.answer_type is AnswerType.YES_NO_NA:
        return AnswerVerdict.PASS if value == item.expected else AnswerVerdict.FAIL
    if item.measure is not None:
        return AnswerVerdict.RECORDED
    return AnswerVerdict.PASS


def _write_answer(db: Database, inspection: Inspection, answer: Answer) -> Answer:
    record_local_revision(db, answer, device_id(db))
    return answer


def _recompute_rules(db: Database, inspection: Inspection) -> None:
    """Re-judge every rule item from the current measurements (inside a transaction)."""
    from inspect_tui.store.verdicts import judge_inspection, judged_by, mark_out_of_force, stored_units

    measurements = measurements_for(db, inspection)
    answers = _answers(db, inspection.id)
    mark_out_of_force(db, inspection, checklist_items(inspection), answers)
    judgements = judge_inspection(db, inspection, checklist_items(inspection), measurements)
    for item in checklist_items(inspection):
        if item.rule is None or item.id not in judgements:
            continue
        current = answers.get(item.id)
        if current and current["value"] == "n.a." and not current["computed"]:
            continue  # the inspector marked it not applicable
        judgement = judgements[item.id]
        verdict = judgement.verdict
        if not verdict.applies:
            # No threshold of the rule applies to this site (e.g. one bedroom per person
            # outside a high-risk sector): not applicable, not an open question.
            value, judged = "n.a.", AnswerVerdict.NOT_APPLICABLE
        elif verdict.passed is None:
            if current is None and not judgement.units and verdict.needs is None:
                continue
            value, judged = None, AnswerVerdict.UNKNOWN
        else:
            value = "yes" if verdict.passed else "no"
            judged = AnswerVerdict.PASS if verdict.passed else AnswerVerdict.FAIL
        note = current["note"] if current else None
        figure = verdict.figure if verdict.figure is not None and verdict.figure != float("inf") else None
        _write_answer(
            db,
            inspection,
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


def _require_editable(inspection: Inspection) -> None:
    if inspection.locked:
        raise StoreError(f"the inspection is {inspection.status.value} and locked; reopen it to change it")


def answer_item(db: Database, inspection_id: str, item_id: str, value: str | None, note: str | None = None) -> Answer:
    """Record an answer (and optional note) at once; rules that use a measurement are re-judged."""
    with db.atomic():
        inspection = _inspection(db, inspection_id)
        _require_editable(inspection)
        item = find_item(inspection, item_id)
        stored = normalise_value(item, value)
        if item.rule is not None and stored not in (None, "n.a."):
            raise StoreError(f"{item.id} is computed from the measurements; change those, or mark it n.a.")
        from inspect_tui.store.verdicts import out_of_force

        not_asked = out_of_force(item, inspection.started_at.date())
        if not_asked is not None and stored != "n.a.":
            raise StoreError(f"{item.id} is {not_asked}; it is not asked on this inspection")
        existing = get(db, Answer, answer_id(inspection_id, item_id))
        answer = Answer(
            id=answer_id(inspection_id, item_id),
            inspection_id=inspection_id,
            item_id=item_id,
            value=stored,
            verdict=_verdict_for(item, stored),
            note=note if note is not None else (existing.note if existing else None),
        )
        _write_answer(db, inspection, answer)
        if item.measure is not None or item.rule is not None:
            _recompute_rules(db, inspection)
        return answer


def note_item(db: Database, inspection_id: str, item_id: str, note: str | None) -> Answer:
    """Set the note of an item, keeping its answer."""
    with db.atomic():
        inspection = _inspection(db, inspection_id)
        _require_editable(inspection)
        find_item(inspection, item_id)
        existing = get(db, Answer, answer_id(inspection_id, item_id))
        answer = (
            existing or Answer(id=answer_id(inspection_id, item_id), inspection_id=inspection_id, item_id=item_id)
        ).model_copy(update={"note": (note or "").strip() or None})
        _write_answer(db, inspection, Answer.model_validate(answer.model_dump()))
        return answer


def refresh_computed(db: Database, inspection_id: str) -> None:
    """Re-judge the rule items after the site's units or occupants changed."""
    with db.atomic():
        inspection = _inspection(db, inspection_id)
        if not inspection.locked:
            _recompute_rules(db, inspection)


# --- progress, completion, reopening ---------------------------------------------------------


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


def progress(db: Database, inspection_id: str) -> Progress:
    """Answered / total, failures, and what still blocks completion."""
    inspection = _inspection(db, inspection_id)
    items = checklist_items(inspection)
    answers = _answers(db, inspection_id)
    derived = site_figures(db, inspection.site_id)

    def has_value(item: Item) -> bool:
        if answers.get(item.id, {}).get("value") is not None:
            return True
        return item.measure is not None and item.measure.value in derived

    answered = sum(1 for i in items if has_value(i))
    failed = sum(1 for i in items if answers.get(i.id, {}).get("verdict") == AnswerVerdict.FAIL.value)
    missing = tuple(i.id for i in items if i.required and not has_value(i))
    pending = len(open_findings_of_site(db, inspection.site_id, inspection))
    return Progress(answered, len(items), failed, missing, pending)


def complete(db: Database, inspection_id: str, signed_by: str, now: dt.datetime | None = None) -> Inspection:
    """Sign the inspection off and lock it; refused while required items are unanswered."""
    with db.atomic():
        inspection = _inspection(db, inspection_id)
        if inspection.status not in (InspectionStatus.DRAFT, InspectionStatus.RETURNED):
            raise StoreError(f"the inspection is already {inspection.status.value}")
        if not signed_by.strip():
            raise StoreError("sign with your name to complete the inspection")
        state = progress(db, inspection_id)
        if state.missing_required:
            shown = ", ".join(state.missing_required[:8])
            more = f" and {len(state.missing_required) - 8} more" if len(state.missing_required) > 8 else ""
            from inspect_tui.store.verdicts import undecided_facts

            facts = "".join(f"; {fact}" for fact in undecided_facts(db, inspection_id, state.missing_required))
            raise StoreError(f"{len(state.missing_required)} required items are unanswered: {shown}{more}{facts}")
        if state.pending_findings:
            raise StoreError(
                f"confirm first whether the {state.pending_findings} open findings of the last inspection are resolved"
            )
        done = inspection.model_copy(
            update={
                "status": InspectionStatus.COMPLETED,
                "completed_at": _now(now),
                "signed_by": signed_by.strip(),
            }
        )
        save(db, done)
        return done


def reopen(db: Database, inspection_id: str, by: str, reason: str, now: dt.datetime | None = None) -> Inspection:
    """Unlock a completed inspection for changes; the reopening is recorded with its reason."""
    with db.atomic():
        inspection = _inspection(db, inspection_id)
        if inspection.status not in (InspectionStatus.COMPLETED, InspectionStatus.APPROVED):
            raise StoreError(f"only a completed inspection can be reopened (this one is {inspection.status.value})")
        save(
            db,
            Review(
                inspection_id=inspection_id,
                reviewer=by,
                decision=ReviewDecision.REOPEN,
                reason=reason,
                created_at=_now(now),
            ),
        )
        opened = inspection.model_copy(update={"status": InspectionStatus.DRAFT, "completed_at": None})
        save(db, opened)
        return opened


def review(
    db: Database,
    inspection_id: str,
    reviewer: str,
    decision: ReviewDecision,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> Review:
    """A team lead's decision: approve, send back (reason required) or comment."""
    with db.atomic():
        inspection = _inspection(db, inspection_id)
        record = Review(
            inspection_id=inspection_id,
            reviewer=reviewer,
            decision=decision,
            reason=(reason or "").strip() or None,
            created_at=_now(now),
        )
        if decision in (ReviewDecision.APPROVE, ReviewDecision.SEND_BACK):
            if inspection.status is not InspectionStatus.COMPLETED:
                verb = "approved" if decision is ReviewDecision.APPROVE else "sent back"
                raise StoreError(f"only a completed inspection can be {verb} (this one is {inspection.status.value})")
            status = InspectionStatus.APPROVED if decision is ReviewDecision.APPROVE else InspectionStatus.RETURNED
            save(db, record)
            save(db, inspection.model_copy(update={"status": status}))
        elif decision is ReviewDecision.REOPEN:
            raise StoreError("use reopen() to reopen an inspection")
        else:
            if not record.reason:
                raise StoreError("write the comment")
            save(db, record)
        return record


# --- starting, findings, re-inspection -------------------------------------------------------


def start_inspection(
    db: Database,
    site_id: str,
    templates: list[str],
    inspector: str,
    now: dt.datetime | None = None,
) -> Inspection:
    """Start an inspection of a site; earlier open findings wait to be confirmed."""
    with db.atomic():
        if get(db, Site, site_id) is None:
            raise StoreError(f"site {site_id} does not exist")
        loaded = [load_template(t) for t in templates]
        previous = db.execute(
            "SELECT id FROM inspections WHERE site_id = ? ORDER BY started_at DESC, id LIMIT 1", [site_id]
        ).fetchone()
        inspection = Inspection(
            site_id=site_id,
            templates=templates,
            inspector=inspector,
            started_at=_now(now),
            previous_id=previous[0] if previous else None,
        )
        save(db, inspection)
        _remember_templates(db, loaded)
        _recompute_rules(db, inspection)
        return inspection


def deadline_policy(db: Database) -> DeadlinePolicy:
    """Days to fix a finding per severity (set with set_deadline_policy)."""
    stored = get_meta(db, "deadline_policy")
    return DeadlinePolicy.model_validate_json(stored) if stored else DeadlinePolicy()


def set_deadline_policy(db: Database, policy: DeadlinePolicy) -> None:
    with db.atomic():
        set_meta(db, "deadline_policy", policy.model_dump_json())


def add_finding(
    db: Database,
    inspection_id: str,
    severity: Severity,
    description: str,
    item_id: str | None = None,
    unit_id: str | None = None,
    deadline: dt.date | None = None,
    partner: str | None = None,
) -> Finding:
    """Record a finding; its deadline defaults from its severity."""
    with db.atomic():
        inspection = _inspection(db, inspection_id)
        _require_editable(inspection)
        if item_id is not None:
            find_item(inspection, item_id)
        finding = Finding(
            inspection_id=inspection_id,
            item_id=item_id,
            unit_id=unit_id,
            severity=severity,
            description=description,
            deadline=deadline or deadline_policy(db).deadline(severity, inspection.started_at.date()),
            partner=partner,
        )
        save(db, finding)
        return finding


def attach_file(db: Database, finding_id: str, path: Path) -> Attachment:
    """Attach a photo or document to a finding; identical bytes are stored once."""
    data, digest, media_type = read_attachment(Path(path).expanduser())
    with db.atomic():
        finding = get(db, Finding, finding_id)
        if finding is None:
            raise StoreError(f"finding {finding_id} does not exist")
        _require_editable(_inspection(db, finding.inspection_id))
        store_blob(db, data)
        existing = db.execute(
            "SELECT id FROM attachments WHERE finding_id = ? AND sha256 = ?", [finding_id, digest]
        ).fetchone()
        if existing:
            attached = get(db, Attachment, existing[0])
            assert attached is not None
            return attached
        attachment = Attachment(
            finding_id=finding_id, sha256=digest, file_name=Path(path).name, media_type=media_type, size=len(data)
        )
        save(db, attachment)
        return attachment


def open_findings_of_site(db: Database, site_id: str, current: Inspection | None = None) -> list[Finding]:
    """Open findings of earlier inspections of the site that no later finding took over."""
    rows = db.execute(
        """
        SELECT f.id FROM findings f JOIN inspections i ON i.id = f.inspection_id
        WHERE i.site_id = ? AND f.status = 'open' AND i.id != ?
          AND NOT EXISTS (SELECT 1 FROM findings g WHERE g.origin_id = f.id)
        ORDER BY f.deadline, f.id
        """,
        [site_id, current.id if current else ""],
    ).fetchall()
    if current is not None:
        rows = [r for r in rows if _started_before(db, r[0], current)]
    findings = [get(db, Finding, r[0]) for r in rows]
    return [f for f in findings if f is not None]


def _started_before(db: Database, finding_id: str, current: Inspection) -> bool:
    row = db.execute(
        "SELECT i.started_at FROM findings f JOIN inspections i ON i.id = f.inspection_id WHERE f.id = ?",
        [finding_id],
    ).fetchone()
    return bool(row) and str(row[0]) <= current.started_at.isoformat()


def confirm_finding(db: Database, inspection_id: str, finding_id: str, resolved: bool) -> Finding:
    """Re-inspection: an earlier finding is confirmed resolved, or carried into this inspection."""
    with db.atomic():
        inspection = _inspection(db, inspection_id)
        _require_editable(inspection)
        earlier = get(db, Finding, finding_id)
        if earlier is None:
            raise StoreError(f"finding {finding_id} does not exist")
        if resolved:
            done = earlier.model_copy(update={"status": FindingStatus.RESOLVED})
            # The earlier inspection is locked; closing its finding is the re-inspection's right.
            record_local_revision(db, done, device_id(db))
            return done
        carried = Finding(
            inspection_id=inspection_id,
            item_id=earlier.item_id,
            unit_id=earlier.unit_id,
            severity=earlier.severity,
            description=earlier.description,
            deadline=deadline_policy(db).deadline(earlier.severity, inspection.started_at.date()),
            partner=earlier.partner,
            origin_id=earlier.id,
        )
        save(db, carried)
        return carried


def answers_by_item(db: Database, inspection_id: str) -> dict[str, Answer]:
    """The inspection's answers keyed by item id."""
    rows = db.execute("SELECT id FROM answers WHERE inspection_id = ?", [inspection_id]).fetchall()
    result = {}
    for (rid,) in rows:
        answer = get(db, Answer, rid)
        if answer is not None:
            result[answer.item_id] = answer
    return result


def template_snapshot(db: Database, template_id: str) -> dict[str, object] | None:
    """The template as stored when an inspection first used it."""
    row = db.execute("SELECT data FROM templates WHERE id = ?", [template_id]).fetchone()
    return json.loads(row[0]) if row else None
