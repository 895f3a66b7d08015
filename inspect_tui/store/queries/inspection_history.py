"""An inspection's life as the inspector and the team lead tell it: signed, sent back (why), fixed,
resubmitted, approved; read from its revisions and the review records (no Textual here)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

SIGNED = "signed"
"""Completed and signed for the first time."""
RESUBMITTED = "resubmitted"
"""Signed again after a send-back or a reopening."""
FIXED = "fixed"
"""Answers and findings changed after a send-back or a reopening."""


@dataclass(frozen=True)
class HistoryEvent:
    """One step: ``kind`` is signed, resubmitted, fixed, or a review decision (send_back, approve,
    comment, reopen)."""

    kind: str
    at: dt.datetime | None
    who: str | None = None
    reason: str | None = None
    changed: int = 0
    """Answers and findings changed (for fixed)."""


@dataclass(frozen=True)
class SendBack:
    """The latest send-back of an inspection: who, when and why."""

    reviewer: str
    at: dt.datetime
    reason: str


def latest_send_back(db: Database, inspection_id: str) -> SendBack | None:
    """The team lead's latest send-back of the inspection, or None."""
    row = db.execute(
        "SELECT reviewer, created_at, reason FROM reviews WHERE inspection_id = ? AND decision = 'send_back' "
        "ORDER BY created_at DESC, id DESC LIMIT 1",
        [inspection_id],
    ).fetchone()
    if row is None:
        return None
    return SendBack(str(row[0]), dt.datetime.fromisoformat(row[1]), str(row[2] or ""))


def _signings(db: Database, inspection_id: str) -> list[tuple[dt.datetime, str | None]]:
    """Every distinct signing (completed_at, signed_by) among the inspection's revisions, in time order."""
    seen: dict[str, str | None] = {}
    for (data,) in db.execute(
        "SELECT data FROM changes WHERE entity = 'inspections' AND record_id = ? AND deleted = 0 ORDER BY seq",
        [inspection_id],
    ):
        if not data:
            continue
        record = json.loads(data)
        completed = record.get("completed_at")
        if completed and record.get("status") in ("completed", "approved") and completed not in seen:
            seen[completed] = record.get("signed_by")
    return sorted(((dt.datetime.fromisoformat(at), who) for at, who in seen.items()), key=lambda s: s[0])


def _review_seq(db: Database, review_id: str) -> int:
    row = db.execute("SELECT MIN(seq) FROM changes WHERE entity = 'reviews' AND record_id = ?", [review_id]).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _changed_between(db: Database, inspection_id: str, after: int, before: int | None) -> int:
    """Answers and findings of the inspection that changed between two points of this database's log."""
    sql = (
        "SELECT COUNT(DISTINCT entity || ' ' || record_id) FROM changes WHERE seq > ? "
        + ("AND seq < ? " if before is not None else "")
        + "AND entity IN ('answers', 'findings') AND json_extract(data, '$.inspection_id') = ?"
    )
    params: list[object] = [after, *([before] if before is not None else []), inspection_id]
    return int(db.execute(sql, params).fetchone()[0])


def inspection_history(db: Database, inspection_id: str) -> list[HistoryEvent]:
    """Signed → sent back (why) → fixed (how many answers and findings) → resubmitted → approved.

    Times order the events; what was fixed is what changed in this database after the send-back
    (or reopening) and before the next one: an inspection is locked between signing and review.
    """
    reviews = db.execute(
        "SELECT id, decision, reviewer, reason, created_at FROM reviews WHERE inspection_id = ? "
        "ORDER BY created_at, id",
        [inspection_id],
    ).fetchall()
    events: list[HistoryEvent] = []
    reopeners = [(r, _review_seq(db, str(r[0]))) for r in reviews if r[1] in ("send_back", "reopen")]
    for r in reviews:
        events.append(HistoryEvent(str(r[1]), dt.datetime.fromisoformat(r[4]), str(r[2]), r[3]))
    for index, (r, seq) in enumerate(reopeners):
        following = reopeners[index + 1][1] if index + 1 < len(reopeners) else None
        changed = _changed_between(db, inspection_id, seq, following)
        if changed:
            # Just after its send-back: before the signing that follows it.
            events.append(HistoryEvent(FIXED, dt.datetime.fromisoformat(r[4]), changed=changed))
    for index, (at, who) in enumerate(_signings(db, inspection_id)):
        events.append(HistoryEvent(SIGNED if index == 0 else RESUBMITTED, at, who))
    order = {"send_back": 0, "reopen": 0, FIXED: 1}
    return sorted(events, key=lambda e: (_utc(e.at), order.get(e.kind, 2)))


def _utc(value: dt.datetime | None) -> dt.datetime:
    if value is None:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def resubmitted_after(db: Database, inspection_ids: list[str]) -> dict[str, str]:
    """Of the completed inspections among the ids whose latest send-back or reopening was a send-back:
    its reason. One reopened last (by its inspector, or by a lead after approval) is no resubmission
    after a send-back: the review shows it as reopened, with the reopening's reason."""
    if not inspection_ids:
        return {}
    marks = ",".join("?" * len(inspection_ids))
    rows = db.execute(
        f"SELECT r.inspection_id, r.decision, r.reason FROM reviews r JOIN inspections i ON i.id = r.inspection_id "
        f"WHERE r.inspection_id IN ({marks}) AND r.decision IN ('send_back', 'reopen') AND i.status = 'completed' "
        "ORDER BY r.created_at, r.id",
        inspection_ids,
    ).fetchall()
    latest = {str(inspection_id): (str(decision), str(reason or "")) for inspection_id, decision, reason in rows}
    return {inspection_id: reason for inspection_id, (decision, reason) in latest.items() if decision == "send_back"}
