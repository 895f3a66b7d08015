"""The write API a user action calls: the inspection's life, from start to review.

Every public function here is one confirmed edit: one transaction, saved at once. The TUI, the
CLI and the sample generator all go through these functions. Split by concern:
``inspections`` (start, complete, reopen, the templates walked), ``answers`` (answer, note,
computed items, progress), ``findings`` (findings, files, re-inspection, deadlines) and
``reviews`` (the team lead's decision). The pure rules they apply live in ``domain``.
"""

from inspect_tui.store.workflow._common import checklist_items, find_item, site_context, templates_of
from inspect_tui.store.workflow.answers import (
    Progress,
    answer_item,
    answers_by_item,
    measurement_sources,
    measurements_for,
    note_item,
    progress,
    recompute_rules,
    refresh_computed,
    side_by_side,
    side_by_side_lines,
)
from inspect_tui.store.workflow.findings import (
    add_finding,
    attach_file,
    confirm_finding,
    deadline_policy,
    open_findings_of_site,
    set_deadline_policy,
)
from inspect_tui.store.workflow.inspections import (
    complete,
    remember_templates,
    reopen,
    start_inspection,
    template_snapshot,
)
from inspect_tui.store.workflow.reviews import review

__all__ = [
    "Progress",
    "add_finding",
    "answer_item",
    "answers_by_item",
    "attach_file",
    "checklist_items",
    "complete",
    "confirm_finding",
    "deadline_policy",
    "find_item",
    "measurement_sources",
    "measurements_for",
    "note_item",
    "open_findings_of_site",
    "progress",
    "recompute_rules",
    "refresh_computed",
    "remember_templates",
    "reopen",
    "review",
    "set_deadline_policy",
    "side_by_side",
    "side_by_side_lines",
    "site_context",
    "start_inspection",
    "template_snapshot",
    "templates_of",
]
