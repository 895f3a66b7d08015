"""Report parts about what came before and beside the checklist: earlier findings confirmed at this
inspection, the previous inspection, and photos on checklist items."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.domain.identifiers import mask_bsns
from inspect_tui.domain.models import Attachment, Finding, Inspection, answer_id
from inspect_tui.reports.model import FollowUpRow, ItemPhoto, PhotoInfo
from inspect_tui.reports.text import datetime_text, severity_rank
from inspect_tui.store.records import get
from inspect_tui.store.workflow import templates_of


def follow_up_rows(db: Database, inspection: Inspection) -> tuple[FollowUpRow, ...]:
    """Earlier findings this inspection confirmed: resolved, or still open with days overdue."""
    from inspect_tui.reports.collect import records  # collect builds the report from these parts

    confirmed = records(db, Finding, "SELECT * FROM findings WHERE confirmed_in = ?", [inspection.id])
    # A finding confirmed as still open is carried on by this inspection's own finding: once that
    # one is withdrawn or resolved, so is the defect (the report must not list it as still open).
    carried = {
        str(r[0]): str(r[1])
        for r in db.execute(
            "SELECT origin_id, status FROM findings WHERE inspection_id = ? AND origin_id IS NOT NULL", [inspection.id]
        ).fetchall()
    }
    on = inspection.started_at.date()
    rows = []
    for f in confirmed:
        if f.inspection_id == inspection.id:
            continue
        status = f.status.value
        if status == "open" and carried.get(f.id) in ("resolved", "withdrawn"):
            status = carried[f.id]
        rows.append(
            FollowUpRow(
                severity=f.severity.value,
                description=mask_bsns(f.description) or "",
                deadline=f.deadline,
                resolved=status == "resolved",
                confirmed_by=f.confirmed_by,
                confirmed_at=f.confirmed_at,
                overdue_days=max(0, (on - f.deadline).days) if status == "open" else 0,
                withdrawn=status == "withdrawn",
            )
        )
    return tuple(sorted(rows, key=lambda r: (severity_rank(r.severity), r.deadline, r.description)))


def taken_over(db: Database, inspection_id: str) -> set[str]:
    """The inspection's findings carried into a later inspection (the rule of ``store/open_findings.py``)."""
    return {
        str(r[0])
        for r in db.execute(
            "SELECT DISTINCT g.origin_id FROM findings g JOIN findings f ON f.id = g.origin_id WHERE f.inspection_id = ?",
            [inspection_id],
        ).fetchall()
    }


def previous_text(db: Database, inspection: Inspection) -> str | None:
    """``17-11-2026 10:00, Inspecteur Jansen`` for the previous inspection; None without one."""
    if inspection.previous_id is None:
        return None
    earlier = get(db, Inspection, inspection.previous_id)
    if earlier is None:
        return None
    return f"{datetime_text(earlier.started_at)}, {earlier.inspector}"


def item_photos(db: Database, inspection: Inspection, lang: str) -> tuple[ItemPhoto, ...]:
    """Photos on the inspection's checklist answers, in checklist order (one query)."""
    from inspect_tui.reports.collect import records

    attachments = records(
        db,
        Attachment,
        "SELECT a.* FROM attachments a JOIN answers n ON n.id = a.answer_id "
        "WHERE n.inspection_id = ? ORDER BY a.taken_at IS NULL, a.taken_at, a.file_name, a.id",
        [inspection.id],
    )
    if not attachments:
        return ()
    items = [item for t in templates_of(inspection) for item in t.items]
    by_answer = {answer_id(inspection.id, item.id): (index, item) for index, item in enumerate(items)}
    photos = []
    for a in attachments:
        index, item = by_answer.get(a.answer_id or "", (len(items), None))
        if item is None:
            continue
        text = item.text_nl if lang == "nl" else item.text_en
        photos.append(
            (index, ItemPhoto(item.id, text, PhotoInfo(a.file_name, a.size, a.media_type, a.sha256, a.taken_at)))
        )
    photos.sort(key=lambda pair: pair[0])
    return tuple(photo for _index, photo in photos)
