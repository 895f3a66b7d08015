"""Where the inspector was working, so a restart (even after a kill) opens there again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inspect_tui.domain.models import Inspection
from inspect_tui.store import get
from inspect_tui.store.db import get_meta, set_meta

RESUME_KEY = "tui.resume"
"""Meta key holding "<inspection id> <item id>": where the inspector was working."""


@dataclass(frozen=True)
class ResumePoint:
    """An inspection still open for answers, and the item the inspector was on."""

    inspection_id: str
    item_id: str | None


def resumable(db: Any) -> ResumePoint | None:
    """The remembered place, when its inspection still exists and is not locked."""
    point = get_meta(db, RESUME_KEY)
    if not point:
        return None
    inspection_id, _sep, item_id = point.partition(" ")
    inspection = get(db, Inspection, inspection_id)
    if inspection is None or inspection.locked:
        return None
    return ResumePoint(inspection_id, item_id or None)


def place_text(inspection_id: str, item_id: str | None) -> str:
    """How a place is stored."""
    return f"{inspection_id} {item_id or ''}".strip()


def set_place(db: Any, place: str | None) -> None:
    """Remember a place (None: forget it); call inside a transaction."""
    set_meta(db, RESUME_KEY, place)
