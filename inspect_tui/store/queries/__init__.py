"""The read API for screens: paged, read-only queries (no Textual here).

Split by screen: ``paging`` (Page, keyset helpers), ``home`` (inspections, the day),
``sites`` (sites, units, occupants), ``findings`` (an inspection's findings and files),
``review`` (the team lead's day) and ``checklist`` (the checklist's read model). The light
modules are imported here; ``checklist`` loads the models and templates, so its names are
loaded on first use and a screen that only reads a list does not pay for them at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from inspect_tui.store.queries.findings import (
    AttachmentRow,
    FindingRow,
    finding_attachments,
    inspection_findings,
    reviews_of,
)
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
    from inspect_tui.store.queries.checklist import (
        AnswerRow,
        Checklist,
        State,
        inspection_answers,
        read_checklist,
        read_state,
    )

_LAZY = {"AnswerRow", "Checklist", "State", "inspection_answers", "read_checklist", "read_state"}

__all__ = [
    "FINDING_SORTS",
    "NORMS",
    "PAGE_SIZE",
    "SEVERITIES",
    "AnswerRow",
    "AttachmentRow",
    "Checklist",
    "DaySummary",
    "FindingFilter",
    "FindingRow",
    "InspectionRow",
    "OccupantRow",
    "Page",
    "ReviewFindingRow",
    "ReviewInspectionRow",
    "ReviewSummary",
    "SiteCount",
    "SiteRow",
    "State",
    "UnitRow",
    "count_inspections",
    "count_review_findings",
    "count_sites",
    "day_summary",
    "finding_attachments",
    "format_address",
    "inspection_answers",
    "inspection_findings",
    "inspections_page",
    "last_inspector",
    "like_pattern",
    "page_of",
    "read_checklist",
    "read_state",
    "returned_reason",
    "review_findings_page",
    "review_inspections",
    "review_summary",
    "reviews_of",
    "site_units",
    "sites_page",
    "unit_occupants",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module("inspect_tui.store.queries.checklist"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
