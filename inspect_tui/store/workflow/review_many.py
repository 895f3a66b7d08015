"""The team lead's decision on several inspections at once, with an outcome per inspection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from inspect_tui.domain.enums import InspectionStatus, ReviewDecision
from inspect_tui.domain.models import Inspection
from inspect_tui.i18n import _
from inspect_tui.store.db import StoreError, set_meta
from inspect_tui.store.queries.resume import REVIEWER_KEY
from inspect_tui.store.records import get
from inspect_tui.store.workflow.reviews import review

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlite_utils import Database

Result = Literal["decided", "not completed", "missing"]
"""What became of one inspection: the decision is recorded, or why it was left alone."""


@dataclass(frozen=True)
class ReviewOutcome:
    """The decision and what it did to each inspection it was asked for, in the order asked."""

    decision: ReviewDecision
    results: tuple[tuple[str, Result], ...]

    @property
    def decided(self) -> tuple[str, ...]:
        """Ids of the inspections that got the decision."""
        return tuple(i for i, result in self.results if result == "decided")

    @property
    def skipped(self) -> tuple[str, ...]:
        """Ids left alone: not completed (e.g. already approved), or no longer there."""
        return tuple(i for i, result in self.results if result != "decided")


def needs_completed(decision: ReviewDecision) -> bool:
    """Approving and sending back apply to completed inspections only; a comment applies to any."""
    return decision in (ReviewDecision.APPROVE, ReviewDecision.SEND_BACK)


def review_many(
    db: Database,
    inspection_ids: Sequence[str],
    reviewer: str,
    decision: ReviewDecision,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> ReviewOutcome:
    """Record one decision on each inspection that allows it, in one transaction; remember the reviewer.

    Inspections that do not allow it are skipped and named in the outcome. When none of them
    allows it, nothing at all is written (``outcome.decided`` is empty).
    """
    reviewer = reviewer.strip()
    if not reviewer:
        raise StoreError(_("fill in the reviewer's name: every decision is recorded with it"))
    results: list[tuple[str, Result]] = []
    with db.atomic():
        for inspection_id in dict.fromkeys(inspection_ids):
            inspection = get(db, Inspection, inspection_id)
            if inspection is None:
                results.append((inspection_id, "missing"))
            elif needs_completed(decision) and inspection.status is not InspectionStatus.COMPLETED:
                results.append((inspection_id, "not completed"))
            else:
                review(db, inspection_id, reviewer, decision, reason, now=now)
                results.append((inspection_id, "decided"))
        if any(result == "decided" for _id, result in results):
            set_meta(db, REVIEWER_KEY, reviewer)
    return ReviewOutcome(decision, tuple(results))
