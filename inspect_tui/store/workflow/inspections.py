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
from inspect_tui.i18n import _, format_datetime, ngettext
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
            raise StoreError(_("site {id} does not exist").format(id=site_id))
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
            raise StoreError(_("the inspection is already {status}").format(status=_(inspection.status.value)))
        if not signed_by.strip():
            raise StoreError(_("sign with your name to complete the inspection"))
        moment = now_or(now)
        if moment < inspection.started_at:  # stored as it was, it could no longer be read (nor sent)
            raise StoreError(
                _("the inspection starts {start}, after this moment ({now}); sign it once it has started").format(
                    start=format_datetime(inspection.started_at), now=format_datetime(moment)
                )
            )
        # What is signed is judged on the figures it freezes: units, occupants or the site may have
        # changed without a re-judgement (a merged bundle writes them as they come).
        recompute_rules(db, inspection)
        state = progress(db, inspection_id)
        if state.missing_required:
            shown = ", ".join(state.missing_required[:8])
            rest = len(state.missing_required) - 8
            more = _(" and {n} more").format(n=rest) if rest > 0 else ""
            from inspect_tui.store.verdicts import undecided_facts

            facts = "".join(f"; {fact}" for fact in undecided_facts(db, inspection_id, state.missing_required))
            raise StoreError(
                ngettext(
                    "{n} required item is unanswered: {items}",
                    "{n} required items are unanswered: {items}",
                    len(state.missing_required),
                ).format(n=len(state.missing_required), items=f"{shown}{more}{facts}")
            )
        if state.pending_findings:
            raise StoreError(
                ngettext(
                    "confirm first whether the {n} open finding of the last inspection is resolved",
                    "confirm first whether the {n} open findings of the last inspection are resolved",
                    state.pending_findings,
                ).format(n=state.pending_findings)
            )
        from inspect_tui.store.signed import freeze_of

        remember_person(db, signed_by)

        done = inspection.model_copy(
            update={
                "status": InspectionStatus.COMPLETED,
                "completed_at": moment,
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
            raise StoreError(
                _("only a completed inspection can be reopened (this one is {status})").format(
                    status=_(inspection.status.value)
                )
            )
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
