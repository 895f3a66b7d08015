"""The write API a user action calls: the inspection's life, from start to review.

Every public function here is one confirmed edit: one transaction, saved at once. The TUI, the
CLI and the sample generator all go through these functions. Split by concern:
``inspections`` (start, complete, reopen, the templates walked), ``answers`` (answer, note,
computed items, progress), ``findings`` (findings, files, re-inspection, deadlines),
``reviews`` (the team lead's decision) and ``review_many`` (one decision on several
inspections); for the screens also ``resume`` (an answer with where the inspector is),
``site_records`` (a site, unit or occupant saved, resolved or removed from a form),
``site_inspections`` (re-judging a site's open inspections), ``conflicts`` (keeping one
version), ``deletions`` (deleting a draft, a site, a unit, an occupant or a finding, and undoing
it) and ``finding_life`` (a deadline extended, a finding withdrawn). The pure rules they apply live in ``domain``.
"""

from inspect_tui.store.workflow._common import checklist_items, find_item, site_context, templates_of
from inspect_tui.store.workflow.answers import (
    Progress,
    answer_item,
    answers_by_item,
    measurement_sources,
    measurement_sources_today,
    measurements_for,
    note_item,
    progress,
    recompute_rules,
    refresh_computed,
    side_by_side,
    side_by_side_lines,
)
from inspect_tui.store.workflow.conflicts import keep_deletion, keep_version
from inspect_tui.store.workflow.deletions import (
    Deletion,
    delete_finding,
    delete_inspection,
    delete_site,
    inspection_contents,
    removal_problem,
    remove_unit_or_occupant,
    undo_deletion,
    was_signed,
)
from inspect_tui.store.workflow.finding_edits import update_finding
from inspect_tui.store.workflow.finding_life import extend_deadline, withdraw_finding
from inspect_tui.store.workflow.findings import (
    add_finding,
    attach_file,
    check_attachment,
    confirm_finding,
    deadline_policy,
    open_findings_of_site,
    photo_for_viewing,
    set_deadline_policy,
)
from inspect_tui.store.workflow.inspections import (
    complete,
    remember_templates,
    reopen,
    start_inspection,
    template_snapshot,
)
from inspect_tui.store.workflow.item_photos import attach_item_photo, item_photos
from inspect_tui.store.workflow.resume import answer_at, note_at, set_resume_point
from inspect_tui.store.workflow.review_many import ReviewOutcome, review_many
from inspect_tui.store.workflow.reviews import review
from inspect_tui.store.workflow.site_inspections import refresh_site_inspections
from inspect_tui.store.workflow.site_records import resolve_site_record, save_site_record

__all__ = [
    "Deletion",
    "Progress",
    "ReviewOutcome",
    "add_finding",
    "answer_at",
    "answer_item",
    "answers_by_item",
    "attach_file",
    "attach_item_photo",
    "check_attachment",
    "checklist_items",
    "complete",
    "confirm_finding",
    "deadline_policy",
    "delete_finding",
    "delete_inspection",
    "delete_site",
    "extend_deadline",
    "find_item",
    "inspection_contents",
    "item_photos",
    "keep_deletion",
    "keep_version",
    "measurement_sources",
    "measurement_sources_today",
    "measurements_for",
    "note_at",
    "note_item",
    "open_findings_of_site",
    "photo_for_viewing",
    "progress",
    "recompute_rules",
    "refresh_computed",
    "refresh_site_inspections",
    "remember_templates",
    "removal_problem",
    "remove_unit_or_occupant",
    "reopen",
    "resolve_site_record",
    "review",
    "review_many",
    "save_site_record",
    "set_deadline_policy",
    "set_resume_point",
    "side_by_side",
    "side_by_side_lines",
    "site_context",
    "start_inspection",
    "template_snapshot",
    "templates_of",
    "undo_deletion",
    "update_finding",
    "was_signed",
    "withdraw_finding",
]
