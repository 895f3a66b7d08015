"""Where the inspector is, remembered with each answer so a restart (even after a kill) opens there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.store.db import set_meta
from inspect_tui.store.queries.resume import RESUME_KEY, resume_text
from inspect_tui.store.workflow.answers import answer_item, note_item

if TYPE_CHECKING:
    from sqlite_utils import Database

    from inspect_tui.domain.models import Answer


def set_resume_point(db: Database, inspection_id: str | None, item_id: str | None = None) -> None:
    """Remember where the inspector is; with no inspection, forget it (the next start opens home)."""
    with db.atomic():
        set_meta(db, RESUME_KEY, None if inspection_id is None else resume_text(inspection_id, item_id))


def answer_at(db: Database, inspection_id: str, item_id: str, value: str | None, *, remember: bool = True) -> Answer:
    """Answer an item and (with remember) make it the resume point, in one transaction."""
    with db.atomic():
        saved = answer_item(db, inspection_id, item_id, value)
        if remember:
            set_meta(db, RESUME_KEY, resume_text(inspection_id, item_id))
        return saved


def note_at(db: Database, inspection_id: str, item_id: str, note: str | None, *, remember: bool = True) -> Answer:
    """Write an item's note and (with remember) make it the resume point, in one transaction."""
    with db.atomic():
        saved = note_item(db, inspection_id, item_id, note)
        if remember:
            set_meta(db, RESUME_KEY, resume_text(inspection_id, item_id))
        return saved
