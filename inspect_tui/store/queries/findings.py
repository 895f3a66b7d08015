"""An inspection's findings, a finding's files, an inspection's review history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspect_tui.domain.bsn_text import masked_bsns
from inspect_tui.store.open_findings import TAKEN_OVER, shown_status

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class FindingRow:
    """A finding with the number of attached files."""

    id: str
    item_id: str | None
    unit_id: str | None
    severity: str
    description: str
    deadline: dt.date
    status: str
    origin_id: str | None
    attachments: int
    taken_over: bool = False
    """Open, but carried into a later inspection, whose finding carries the defect on."""

    @property
    def shown_status(self) -> str:
        """``taken_over`` for an open finding a later inspection took over, else the stored status."""
        return shown_status(self.status, self.taken_over)


def inspection_findings(db: Database, inspection_id: str) -> list[FindingRow]:
    """The findings of one inspection, most severe first."""
    rows = db.execute(
        "SELECT f.id, f.item_id, f.unit_id, f.severity, f.description, f.deadline, f.status, f.origin_id, "
        f"(SELECT COUNT(*) FROM attachments a WHERE a.finding_id = f.id), {TAKEN_OVER} FROM findings f "
        "WHERE f.inspection_id = ? "
        "ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 ELSE 2 END, f.deadline, f.id",
        [inspection_id],
    ).fetchall()
    return [
        FindingRow(
            r[0], r[1], r[2], r[3], masked_bsns(r[4]), dt.date.fromisoformat(r[5]), r[6], r[7], int(r[8]), bool(r[9])
        )
        for r in rows
    ]


@dataclass(frozen=True)
class AttachmentRow:
    """A file attached to a finding."""

    id: str
    file_name: str
    media_type: str
    size: int
    sha256: str


def finding_attachments(db: Database, finding_id: str) -> list[AttachmentRow]:
    """The files attached to one finding, by name."""
    rows = db.execute(
        "SELECT id, file_name, media_type, size, sha256 FROM attachments WHERE finding_id = ? ORDER BY file_name, id",
        [finding_id],
    ).fetchall()
    return [AttachmentRow(*r) for r in rows]


def reviews_of(db: Database, inspection_id: str) -> list[tuple[str, str, str | None, dt.datetime]]:
    """(reviewer, decision, reason, when) of an inspection, oldest first."""
    rows = db.execute(
        "SELECT reviewer, decision, reason, created_at FROM reviews WHERE inspection_id = ? ORDER BY created_at",
        [inspection_id],
    ).fetchall()
    return [(r[0], r[1], r[2], dt.datetime.fromisoformat(r[3])) for r in rows]
