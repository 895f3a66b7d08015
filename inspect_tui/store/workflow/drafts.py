"""Deleting a draft started by mistake: only an empty one, recorded as a deletion that travels in bundles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.domain.enums import InspectionStatus
from inspect_tui.domain.models import Answer, Inspection
from inspect_tui.domain.text import MAX_LONG
from inspect_tui.store.db import StoreError, device_id, get_meta, set_meta
from inspect_tui.store.queries.resume import RESUME_KEY
from inspect_tui.store.records import get
from inspect_tui.store.revisions import record_local_revision

if TYPE_CHECKING:
    from sqlite_utils import Database


def delete_draft_inspection(db: Database, inspection_id: str, reason: str) -> Inspection:
    """Delete an empty draft (no answer typed, no note, no finding, no review), recording why.

    The deletion is a revision like any other (it carries the reason in the inspection's notes),
    so it reaches the other devices in the next bundle. Anything but an empty draft is refused
    with what is in the way; the database is then unchanged. Returns the inspection as deleted.
    """
    why = (reason or "").strip()
    if not why:
        raise StoreError("say why the draft is deleted (for example: started by mistake)")
    if len(why) > 500:
        raise StoreError("keep the reason under 500 characters")
    with db.atomic():
        inspection = get(db, Inspection, inspection_id)
        if inspection is None:
            raise StoreError(f"inspection {inspection_id} does not exist")
        if inspection.status is not InspectionStatus.DRAFT:
            raise StoreError(
                f"only a draft can be deleted; this inspection is {inspection.status.value} (reopen or review it instead)"
            )
        answered, noted = db.execute(
            "SELECT COALESCE(SUM(value IS NOT NULL AND NOT computed), 0), "
            "COALESCE(SUM(note IS NOT NULL AND note != ''), 0) "
            "FROM answers WHERE inspection_id = ?",
            [inspection_id],
        ).fetchone()
        findings = db.execute("SELECT COUNT(*) FROM findings WHERE inspection_id = ?", [inspection_id]).fetchone()[0]
        reviews = db.execute("SELECT COUNT(*) FROM reviews WHERE inspection_id = ?", [inspection_id]).fetchone()[0]
        later = db.execute("SELECT COUNT(*) FROM inspections WHERE previous_id = ?", [inspection_id]).fetchone()[0]
        in_the_way = [
            f"{count} {label}"
            for count, label in (
                (answered, "answers"),
                (noted, "notes"),
                (findings, "findings"),
                (reviews, "reviews"),
                (later, "later inspections that follow it up"),
            )
            if count
        ]
        if in_the_way:
            raise StoreError(
                f"only an empty draft can be deleted; this one has {', '.join(in_the_way)} (clear them first)"
            )
        origin = device_id(db)
        # Computed answers (from the site's figures) and answers cleared again go with the draft.
        for (answer_id,) in db.execute("SELECT id FROM answers WHERE inspection_id = ?", [inspection_id]).fetchall():
            empty = get(db, Answer, answer_id)
            if empty is not None:
                record_local_revision(db, empty, origin, deleted=True)
        note = f"Deleted: {why}"
        if inspection.notes:
            note = f"{inspection.notes}\n{note}"
        gone = inspection.model_copy(update={"notes": note[:MAX_LONG]})
        record_local_revision(db, gone, origin, deleted=True)
        resume = get_meta(db, RESUME_KEY)
        if resume and inspection_id in resume:
            set_meta(db, RESUME_KEY, None)
        return gone
