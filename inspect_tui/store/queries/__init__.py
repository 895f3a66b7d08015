"""The read API for screens: paged, read-only queries (no Textual here).

Split by screen: ``paging`` (Page, keyset helpers), ``home`` (inspections, the day),
``sites`` (sites, units, occupants), ``findings`` (an inspection's findings and files),
``review`` (the team lead's day) and ``checklist`` (the checklist's read model); for the
other screens ``site_occupancy``, ``review_detail`` (the review's detail pane),
``conflicts`` (diverged versions), ``records`` (one record for an editor), ``resume`` (what
the app remembers between runs) and ``reader`` (the first lists' read-only connection). The
modules the home screen reads are imported here; the others load the models and templates or
serve later screens (findings, review), so their names are loaded on first use and start-up
does not pay for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from inspect_tui.store.queries.cancel import Cancelled, cancel_when
from inspect_tui.store.queries.home import (
    DaySummary,
    InspectionRow,
    count_inspections,
    day_summary,
    inspections_page,
    last_inspector,
)
from inspect_tui.store.queries.paging import (
    PAGE_SIZE,
    Page,
    like_pattern,
    page_of,
)
from inspect_tui.store.queries.reader import open_reader

# Imported here, not on first use: the name is also its module's, which an import of that
# module would put in its place.
from inspect_tui.store.queries.site_inspections import site_inspections
from inspect_tui.store.queries.sites import (
    OccupantRow,
    SiteRow,
    UnitRow,
    count_sites,
    format_address,
    site_units,
    sites_page,
    unit_occupants,
)

if TYPE_CHECKING:
    from inspect_tui.store.occupancy import UnitOccupancy, beds_and_register
    from inspect_tui.store.queries.checklist import (
        AnswerRow,
        Checklist,
        State,
        inspection_answers,
        read_checklist,
        read_state,
    )
    from inspect_tui.store.queries.conflict_count import open_conflict_count
    from inspect_tui.store.queries.conflicts import (
        DELETED_FIELD,
        ConflictRow,
        ConflictsOverview,
        Version,
        conflict_versions,
        conflicts_overview,
        describe,
        device_name,
        standing_under,
        version_label,
        version_names,
    )
    from inspect_tui.store.queries.findings import (
        AttachmentRow,
        FindingRow,
        finding_attachments,
        inspection_findings,
        reviews_of,
    )
    from inspect_tui.store.queries.history import HistoryEntry, record_history, reference_names
    from inspect_tui.store.queries.records import current, possible_partners
    from inspect_tui.store.queries.reopened import Reopening, reopenings
    from inspect_tui.store.queries.resume import REVIEWER_KEY, ResumePoint, last_reviewer, resumable
    from inspect_tui.store.queries.review import (
        FINDING_SORTS,
        NORMS,
        SEVERITIES,
        FindingFilter,
        ReviewFindingRow,
        ReviewInspectionRow,
        ReviewSummary,
        SiteCount,
        count_review_findings,
        returned_reason,
        review_findings_page,
        review_inspections,
        review_summary,
    )
    from inspect_tui.store.queries.review_detail import FindingDetail, attachment_bytes, finding_detail
    from inspect_tui.store.queries.site_occupancy import OccupancyView, occupancy_view, open_inspection_of_site
    from inspect_tui.store.readonly import is_busy, is_write_refused, open_read_only, why_read_only

_LAZY = {
    **dict.fromkeys(
        ("AttachmentRow", "FindingRow", "finding_attachments", "inspection_findings", "reviews_of"),
        "inspect_tui.store.queries.findings",
    ),
    **dict.fromkeys(
        (
            "FINDING_SORTS",
            "NORMS",
            "SEVERITIES",
            "FindingFilter",
            "ReviewFindingRow",
            "ReviewInspectionRow",
            "ReviewSummary",
            "SiteCount",
            "count_review_findings",
            "returned_reason",
            "review_findings_page",
            "review_inspections",
            "review_summary",
        ),
        "inspect_tui.store.queries.review",
    ),
    **dict.fromkeys(
        ("AnswerRow", "Checklist", "State", "inspection_answers", "read_checklist", "read_state"),
        "inspect_tui.store.queries.checklist",
    ),
    **dict.fromkeys(
        (
            "DELETED_FIELD",
            "ConflictRow",
            "ConflictsOverview",
            "Version",
            "conflict_versions",
            "conflicts_overview",
            "describe",
            "device_name",
            "standing_under",
            "version_label",
            "version_names",
        ),
        "inspect_tui.store.queries.conflicts",
    ),
    "open_conflict_count": "inspect_tui.store.queries.conflict_count",
    **dict.fromkeys(("FindingDetail", "attachment_bytes", "finding_detail"), "inspect_tui.store.queries.review_detail"),
    **dict.fromkeys(
        ("OccupancyView", "occupancy_view", "open_inspection_of_site"), "inspect_tui.store.queries.site_occupancy"
    ),
    **dict.fromkeys(("current", "possible_partners"), "inspect_tui.store.queries.records"),
    **dict.fromkeys(("HistoryEntry", "record_history", "reference_names"), "inspect_tui.store.queries.history"),
    **dict.fromkeys(("Reopening", "reopenings"), "inspect_tui.store.queries.reopened"),
    **dict.fromkeys(("REVIEWER_KEY", "ResumePoint", "last_reviewer", "resumable"), "inspect_tui.store.queries.resume"),
    **dict.fromkeys(("UnitOccupancy", "beds_and_register"), "inspect_tui.store.occupancy"),
    **dict.fromkeys(("is_busy", "is_write_refused", "open_read_only", "why_read_only"), "inspect_tui.store.readonly"),
}
"""Names loaded on first use: their modules load the models, templates or sqlite-utils, or
serve only screens other than the first (the findings and the review), so start-up skips them."""

__all__ = [
    "DELETED_FIELD",
    "FINDING_SORTS",
    "NORMS",
    "PAGE_SIZE",
    "REVIEWER_KEY",
    "SEVERITIES",
    "AnswerRow",
    "AttachmentRow",
    "Cancelled",
    "Checklist",
    "ConflictRow",
    "ConflictsOverview",
    "DaySummary",
    "FindingDetail",
    "FindingFilter",
    "FindingRow",
    "HistoryEntry",
    "InspectionRow",
    "OccupancyView",
    "OccupantRow",
    "Page",
    "Reopening",
    "ResumePoint",
    "ReviewFindingRow",
    "ReviewInspectionRow",
    "ReviewSummary",
    "SiteCount",
    "SiteRow",
    "State",
    "UnitOccupancy",
    "UnitRow",
    "Version",
    "attachment_bytes",
    "beds_and_register",
    "cancel_when",
    "conflict_versions",
    "conflicts_overview",
    "count_inspections",
    "count_review_findings",
    "count_sites",
    "current",
    "day_summary",
    "describe",
    "device_name",
    "finding_attachments",
    "finding_detail",
    "format_address",
    "inspection_answers",
    "inspection_findings",
    "inspections_page",
    "is_busy",
    "is_write_refused",
    "last_inspector",
    "last_reviewer",
    "like_pattern",
    "occupancy_view",
    "open_conflict_count",
    "open_inspection_of_site",
    "open_read_only",
    "open_reader",
    "page_of",
    "possible_partners",
    "read_checklist",
    "read_state",
    "record_history",
    "reference_names",
    "reopenings",
    "resumable",
    "returned_reason",
    "review_findings_page",
    "review_inspections",
    "review_summary",
    "reviews_of",
    "site_inspections",
    "site_units",
    "sites_page",
    "standing_under",
    "unit_occupants",
    "version_label",
    "version_names",
    "why_read_only",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
