"""The checklist's edits on their way to disk, and its figures on their way back.

Writes (answers, notes, and where the inspector is) are committed at once on the caller's
thread through the app's quick connection, one after the other in the order they were made:
a confirmed answer is on disk before the next key is handled, and a later write can never
overtake an earlier one. Reading the progress and computed figures back is slower; those
requests wait in a queue for a worker thread (``serve``), which reads them in order.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from inspect_tui.store.workflow import answer_at, note_at, set_resume_point

if TYPE_CHECKING:
    from inspect_tui.domain.models import Answer
    from inspect_tui.tui.access import DbAccess

POLL = 0.25
"""Seconds the worker waits for a request before it checks whether it was cancelled."""

Place = tuple[str, str | None] | None
"""Where the inspector is: (inspection id, item id), or None when they left on purpose."""

UNKNOWN: Place = ("", None)
"""The remembered place before anything was written (differs from every real place and from None)."""


class AnswerQueue:
    """One inspection's edits, committed in order, and its read-back requests."""

    def __init__(self, inspection_id: str, db: DbAccess) -> None:
        self.inspection_id = inspection_id
        self.db = db
        self._requests: queue.Queue[bool | None] = queue.Queue()
        self._place: Place = UNKNOWN

    # --- writing (caller's thread) ------------------------------------------------------

    def save(self, kind: Literal["answer", "note"], item_id: str, value: str | None) -> Answer:
        """Commit an answer or a note with where the inspector is, in one transaction."""
        place = (self.inspection_id, item_id)
        write = answer_at if kind == "answer" else note_at
        with self.db.quick() as db:
            saved = write(db, self.inspection_id, item_id, value, remember=place != self._place)
        self._place = place
        return saved

    def remember(self, item_id: str | None) -> None:
        """Remember where the inspector is (written only when it changed: each write is a synced commit)."""
        self._write_place((self.inspection_id, item_id))

    def forget(self) -> None:
        """The inspector left on purpose: the next start opens on the home screen."""
        self._write_place(None)

    def _write_place(self, place: Place) -> None:
        if place != self._place:
            with self.db.quick() as db:
                set_resume_point(db, *(place or (None, None)))
            self._place = place

    # --- reading back (worker thread) ---------------------------------------------------

    def ask_refresh(self, figures: bool) -> None:
        """Ask for progress (and with figures, the computed figures) to be read back."""
        self._requests.put(figures)

    def close(self) -> None:
        """No more requests: ``serve`` returns once the ones asked for are read."""
        self._requests.put(None)

    def serve(self, read: Callable[[bool], None], cancelled: Callable[[], bool]) -> None:
        """Run the read-back requests in order until closed or cancelled (the worker's body)."""
        while True:
            try:
                figures = self._requests.get(timeout=POLL)
            except queue.Empty:
                if cancelled():
                    return
                continue
            if figures is None:
                return
            read(figures)
