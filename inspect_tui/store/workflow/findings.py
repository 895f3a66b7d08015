"""Findings: record one, attach files, confirm earlier ones at a re-inspection; the deadline policy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlite_utils import Database

from inspect_tui.domain.enums import FindingStatus, Severity
from inspect_tui.domain.models import Attachment, DeadlinePolicy, Finding, Inspection
from inspect_tui.i18n import _
from inspect_tui.i18n.summer_time import amsterdam_today
from inspect_tui.store.attachments_media import viewer_folder, write_for_viewing
from inspect_tui.store.blobs import load_blob, read_attachment, store_blob
from inspect_tui.store.db import StoreError, device_id, get_meta, set_meta
from inspect_tui.store.photo_time import taken_at
from inspect_tui.store.records import get, save
from inspect_tui.store.revisions import record_local_revision
from inspect_tui.store.workflow._common import find_item, load_inspection, now_or, require_editable

OPEN_EARLIER_FINDINGS = """
    FROM findings f JOIN inspections i ON i.id = f.inspection_id
    WHERE i.site_id = :site_id AND f.status = 'open' AND i.id != :current
      AND (:started_at IS NULL OR i.started_at <= :started_at)
      AND NOT EXISTS (SELECT 1 FROM findings g WHERE g.origin_id = f.id)
"""
"""FROM and WHERE of the open findings of earlier inspections of a site that no later finding took over.

The findings are f; the parameters come from open_earlier_params.
"""


def open_earlier_params(site_id: str, current: Inspection | None) -> dict[str, object]:
    """The parameters of OPEN_EARLIER_FINDINGS."""
    return {
        "site_id": site_id,
        "current": current.id if current else "",
        "started_at": current.started_at.isoformat() if current else None,
    }


def deadline_policy(db: Database) -> DeadlinePolicy:
    """Days to fix a finding per severity (set with set_deadline_policy)."""
    stored = get_meta(db, "deadline_policy")
    return DeadlinePolicy.model_validate_json(stored) if stored else DeadlinePolicy()


def set_deadline_policy(db: Database, policy: DeadlinePolicy) -> None:
    with db.atomic():
        set_meta(db, "deadline_policy", policy.model_dump_json())


def add_finding(
    db: Database,
    inspection_id: str,
    severity: Severity,
    description: str,
    item_id: str | None = None,
    unit_id: str | None = None,
    deadline: dt.date | None = None,
    partner: str | None = None,
    found_on: dt.date | None = None,
) -> Finding:
    """Record a finding; its deadline defaults from its severity, counted from the day it is found.

    found_on is that day (today when not given), not the day the inspection started: a finding made
    today on a draft started weeks ago must not be overdue already.
    """
    with db.atomic():
        inspection = load_inspection(db, inspection_id)
        require_editable(inspection)
        if item_id is not None:
            find_item(inspection, item_id)
        finding = Finding(
            inspection_id=inspection_id,
            item_id=item_id,
            unit_id=unit_id,
            severity=severity,
            description=description,
            deadline=deadline or deadline_policy(db).deadline(severity, found_on or amsterdam_today()),
            partner=partner,
        )
        save(db, finding)
        return finding


def check_attachment(path: Path) -> None:
    """Nothing when the file at path can be attached to a finding; else a StoreError saying why
    (no such file, not a file, too large, not a photo): the same reading ``attach_file`` does."""
    read_attachment(Path(path).expanduser())


def attach_file(db: Database, finding_id: str, path: Path) -> Attachment:
    """Attach a photo or document to a finding; identical bytes are stored once."""
    data, digest, media_type = read_attachment(Path(path).expanduser())
    with db.atomic():
        finding = get(db, Finding, finding_id)
        if finding is None:
            raise StoreError(_("finding {id} does not exist").format(id=finding_id))
        require_editable(load_inspection(db, finding.inspection_id))
        store_blob(db, data)
        existing = db.execute(
            "SELECT id FROM attachments WHERE finding_id = ? AND sha256 = ?", [finding_id, digest]
        ).fetchone()
        if existing:
            attached = get(db, Attachment, existing[0])
            assert attached is not None
            return attached
        attachment = Attachment(
            finding_id=finding_id,
            sha256=digest,
            file_name=Path(path).name,
            media_type=media_type,
            size=len(data),
            taken_at=taken_at(data),
        )
        save(db, attachment)
        return attachment


def photo_for_viewing(db: Database, sha256: str, folder: Path | None = None) -> Path | None:
    """A file the system viewer may open for a stored photo; None when its bytes are not here.

    Written to a private folder (0700) under the user's cache folder with the extension of the
    type sniffed from the bytes, created exclusively without following links; a file already
    there is used only when its content hash matches. Raises StoreError for a non-photo.
    """
    data = load_blob(db, sha256)
    if data is None:
        return None
    return write_for_viewing(data, sha256, viewer_folder(folder))


def open_findings_of_site(db: Database, site_id: str, current: Inspection | None = None) -> list[Finding]:
    """Open findings of earlier inspections of the site that no later finding took over.

    With current, only those of inspections started no later than it, other than it.
    """
    rows = db.execute(
        f"SELECT f.id {OPEN_EARLIER_FINDINGS} ORDER BY f.deadline, f.id", open_earlier_params(site_id, current)
    ).fetchall()
    findings = [get(db, Finding, r[0]) for r in rows]
    return [f for f in findings if f is not None]


def confirm_finding(
    db: Database,
    inspection_id: str,
    finding_id: str,
    resolved: bool,
    by: str | None = None,
    now: dt.datetime | None = None,
) -> Finding:
    """Re-inspection: an earlier finding is confirmed resolved, or carried into this inspection.

    Either way the earlier finding records who confirmed it, when and in which inspection, so two
    devices confirming it differently meet as a conflict on that one record. A finding carried
    over keeps its deadline.
    """
    with db.atomic():
        inspection = load_inspection(db, inspection_id)
        require_editable(inspection)
        earlier = get(db, Finding, finding_id)
        if earlier is None:
            raise StoreError(_("finding {id} does not exist").format(id=finding_id))
        if earlier.inspection_id == inspection_id:
            raise StoreError(_("a finding is confirmed at a later inspection, not at the one that found it"))
        stamped = earlier.model_copy(
            update={
                "status": FindingStatus.RESOLVED if resolved else earlier.status,
                "confirmed_in": inspection_id,
                "confirmed_by": (by or inspection.inspector).strip()[:100] or inspection.inspector,
                "confirmed_at": now_or(now),
            }
        )
        # The earlier inspection is locked; confirming its finding is the re-inspection's right.
        record_local_revision(db, stamped, device_id(db))
        if resolved:
            return stamped
        carried = Finding(
            inspection_id=inspection_id,
            item_id=earlier.item_id,
            unit_id=earlier.unit_id,
            severity=earlier.severity,
            description=earlier.description,
            deadline=earlier.deadline,  # still open keeps its deadline; an overdue one stays overdue
            partner=earlier.partner,
            origin_id=earlier.id,
        )
        save(db, carried)
        return carried
