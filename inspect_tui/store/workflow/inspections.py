"""An inspection's life: start it, complete (sign and lock) it, reopen it; the templates it walks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlite_utils import Database

from inspect_tui.checklists import load_template
from inspect_tui.domain.checklist import ChecklistTemplate
from inspect_tui.domain.enums import InspectionStatus, ReviewDecision
from inspect_tui.domain.models import Inspection, Review, Site
from inspect_tui.store.authorship import remember_person
from inspect_tui.store.db import StoreError
from inspect_tui.store.records import get, save
from inspect_tui.store.workflow._common import (
    checklist_items,
    find_item,
    load_inspection,
    now_or,
    site_context,
    templates_of,
)
from inspect_tui.store.workflow.answers import progress, recompute_rules

__all__ = [
    "checklist_items",
    "complete",
    "find_item",
    "remember_templates",
    "reopen",
    "site_context",
    "start_inspection",
    "template_snapshot",
    "templates_of",
]


def remember_templates(db: Database, templates: list[ChecklistTemplate]) -> None:
    """Keep a copy of each template as the inspection used it (inside a transaction)."""
    for template in templates:
        data = template.model_dump_json()
        db.execute(
            "INSERT INTO templates(id, version, sha256, data) VALUES (?,?,?,?) ON CONFLICT(id) DO UPDATE "
            "SET version = excluded.version, sha256 = excluded.sha256, data = excluded.data",
            [template.id, template.version, hashlib.sha256(data.encode()).hexdigest(), data],
        )


def template_snapshot(db: Database, template_id: str) -> dict[str, object] | None:
    """The template as stored when an inspection first used it."""
    row = db.execute("SELECT data FROM templates WHERE id = ?", [template_id]).fetchone()
    return json.loads(row[0]) if row else None


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
        remember_person(db, inspector)
        previous = db.execute(
            "SELECT id FROM inspections WHERE site_id = ? ORDER BY started_at DESC, id LIMIT 1", [site_id]
        ).fetchone()
        inspection = Inspection(
            site_id=site_id,
            templates=templates,
            inspector=inspector,
            started_at=now_or(now),
            previous_id=previous[0] if previous else None,
        )
        save(db, inspection)
        remember_templates(db, loaded)
        recompute_rules(db, inspection)
        return inspection


def complete(db: Database, inspection_id: str, signed_by: str, now: dt.datetime | None = None) -> Inspection:
    """Sign the inspection off and lock it; refused while required items are unanswered."""
    with db.atomic():
        inspection = load_inspection(db, inspection_id)
        if inspection.locked:
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
        from inspect_tui.store.signed import freeze_of

        remember_person(db, signed_by)

        done = inspection.model_copy(
            update={
                "status": InspectionStatus.COMPLETED,
                "completed_at": now_or(now),
                "signed_by": signed_by.strip(),
                "frozen": freeze_of(db, inspection),
            }
        )
        save(db, done)
        return done


def reopen(db: Database, inspection_id: str, by: str, reason: str, now: dt.datetime | None = None) -> Inspection:
    """Unlock a completed inspection for changes; the reopening is recorded with its reason."""
    with db.atomic():
        inspection = load_inspection(db, inspection_id)
        if not inspection.locked:
            raise StoreError(f"only a completed inspection can be reopened (this one is {inspection.status.value})")
        remember_person(db, by)
        save(
            db,
            Review(
                inspection_id=inspection_id,
                reviewer=by,
                decision=ReviewDecision.REOPEN,
                reason=reason,
                created_at=now_or(now),
            ),
        )
        opened = inspection.model_copy(update={"status": InspectionStatus.DRAFT, "completed_at": None})
        save(db, opened)
        return opened
