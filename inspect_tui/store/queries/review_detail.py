"""One finding with what explains it, for the review's detail pane; a photo's bytes to show it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspect_tui.checklists import ChecklistError, load_template
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.models import Answer, Finding, Inspection, Occupant, Site, answer_id
from inspect_tui.domain.norms import Measurements, Verdict, evaluate
from inspect_tui.domain.unit_names import shown_names
from inspect_tui.store.blobs import load_blob
from inspect_tui.store.occupancy import UnitOccupancy, occupancy
from inspect_tui.store.open_findings import TAKEN_OVER, shown_status
from inspect_tui.store.queries.findings import AttachmentRow, finding_attachments
from inspect_tui.store.queries.review import returned_reason
from inspect_tui.store.records import get
from inspect_tui.store.signed import context_for, signed_freeze, sources_for, units_for

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class FindingDetail:
    """Everything the detail pane shows about one finding."""

    finding: Finding
    inspection: Inspection
    site: Site | None
    item: Item | None
    answer: Answer | None
    verdict: Verdict | None
    """The item's rule judged on the inspection's measurements (None for an item without a rule)."""
    attachments: list[AttachmentRow]
    units: list[UnitOccupancy]
    unit_label: str | None
    occupants: list[Occupant]
    """The occupants of the finding's unit, by name (their BSN as stored: masked or sealed when shown)."""
    returned_reason: str | None
    now_units: list[UnitOccupancy] | None = None
    """Today's occupancy of the site, for a signed inspection read from its snapshot (else None)."""
    taken_over: bool = False
    """Open, but carried into a later inspection, whose finding carries the defect on."""

    @property
    def shown_status(self) -> str:
        """``taken_over`` for an open finding a later inspection took over, else the stored status."""
        return shown_status(self.finding.status.value, self.taken_over)


def _item(item_id: str | None) -> Item | None:
    if not item_id:
        return None
    try:
        return load_template(item_id.split(".", 1)[0]).item(item_id)
    except (ChecklistError, KeyError):
        return None


def finding_detail(db: Database, finding_id: str) -> FindingDetail | None:
    """The finding and what explains it; None when it (or its inspection) is gone."""
    finding = get(db, Finding, finding_id)
    if finding is None:
        return None
    inspection = get(db, Inspection, finding.inspection_id)
    if inspection is None:
        return None
    site = get(db, Site, inspection.site_id)
    item = _item(finding.item_id)
    answer = get(db, Answer, answer_id(inspection.id, item.id)) if item is not None else None
    verdict = None
    if item is not None and item.rule is not None:
        # a signed inspection is explained by the figures it was signed with
        measured = Measurements.model_validate({k: v for k, (v, _s) in sources_for(db, inspection).items()})
        verdict = evaluate(item.rule, measured, context_for(db, inspection))
    units = units_for(db, inspection)
    names = shown_names([(u.unit_id, u.label, u.kind, u.parent_id) for u in units])  # as the verdict lines
    unit_label = names.get(finding.unit_id or "")
    occupants: list[Occupant] = []
    if finding.unit_id is not None:
        rows = db.execute(
            "SELECT id FROM occupants WHERE unit_id = ? ORDER BY name COLLATE NOCASE, id", [finding.unit_id]
        ).fetchall()
        occupants = [o for o in (get(db, Occupant, r[0]) for r in rows) if o is not None]
    reason = returned_reason(db, inspection.id) if inspection.status.value == "returned" else None
    return FindingDetail(
        finding,
        inspection,
        site,
        item,
        answer,
        verdict,
        finding_attachments(db, finding_id),
        units,
        unit_label,
        occupants,
        reason,
        occupancy(db, inspection.site_id) if signed_freeze(inspection) is not None else None,
        bool(db.execute(f"SELECT {TAKEN_OVER} FROM findings f WHERE f.id = ?", [finding_id]).fetchone()[0]),
    )


def attachment_bytes(db: Database, sha256: str) -> bytes | None:
    """The bytes of an attached file, or None when they are not in this database (not imported yet)."""
    return load_blob(db, sha256)
