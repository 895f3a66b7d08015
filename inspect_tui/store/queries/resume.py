"""What the app remembers in the database between runs: where the inspector was, who reviewed last."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspect_tui.store.db import get_meta

if TYPE_CHECKING:
    from sqlite_utils import Database

RESUME_KEY = "tui.resume"
"""Meta key holding "<inspection id> <item id>": where the inspector was working."""

REVIEWER_KEY = "tui.reviewer"
"""Meta key holding the name the last review decision was signed with (pre-filled next time)."""


@dataclass(frozen=True)
class ResumePoint:
    """An inspection still open for answers, and the item the inspector was on."""

    inspection_id: str
    item_id: str | None


def resume_text(inspection_id: str, item_id: str | None) -> str:
    """How a place is stored under RESUME_KEY."""
    return f"{inspection_id} {item_id or ''}".strip()


def resumable(db: Database) -> ResumePoint | None:
    """Where work stopped, when that inspection still exists and is not locked (``Inspection.locked``)."""
    from inspect_tui.domain.models import Inspection
    from inspect_tui.store.records import get

    point = get_meta(db, RESUME_KEY)
    if not point:
        return None
    inspection_id, _sep, item_id = point.partition(" ")
    inspection = get(db, Inspection, inspection_id)
    if inspection is None or inspection.locked:
        return None
    return ResumePoint(inspection_id, item_id or None)


def last_reviewer(db: Database) -> str | None:
    """The name the last review decision was recorded with."""
    return get_meta(db, REVIEWER_KEY)
