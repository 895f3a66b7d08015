"""What the checklist screen shows, read in one go from the database (runs in a worker)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from inspect_tui.checklists import load_template
from inspect_tui.domain.checklist import ChecklistTemplate, Item
from inspect_tui.domain.models import Inspection, Site
from inspect_tui.store import StoreError, get, queries
from inspect_tui.store.queries import AnswerRow
from inspect_tui.store.workflow import (
    Progress,
    checklist_items,
    measurement_sources,
    progress,
    side_by_side_lines,
)


@dataclass(frozen=True)
class Checklist:
    """The fixed part: the inspection, its site and its items (read once per opening)."""

    inspection: Inspection
    site: Site | None
    templates: list[ChecklistTemplate]
    items: list[Item]

    def item(self, item_id: str) -> Item | None:
        """The item with this id, if it is on the checklist."""
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class State:
    """The changing part: answers, computed figures, progress, findings per item."""

    answers: dict[str, AnswerRow]
    progress: Progress
    side_by_side: dict[str, str] = field(default_factory=dict)
    derived: dict[str, tuple[float, str]] = field(default_factory=dict)
    findings_by_item: dict[str, int] = field(default_factory=dict)
    open_findings: int = 0


def read_checklist(db: Database, inspection_id: str) -> Checklist:
    """The inspection with its templates and items; StoreError when it is gone."""
    inspection = get(db, Inspection, inspection_id)
    if inspection is None:
        raise StoreError(f"inspection {inspection_id} does not exist")
    site = get(db, Site, inspection.site_id)
    templates = [load_template(t) for t in inspection.templates]
    return Checklist(inspection, site, templates, checklist_items(inspection))


def read_state(db: Database, checklist: Checklist, *, figures: bool = True, previous: State | None = None) -> State:
    """Answers and progress; with figures, also the side-by-side lines and site-derived measurements."""
    inspection_id = checklist.inspection.id
    answers = queries.inspection_answers(db, inspection_id)
    state_progress = progress(db, inspection_id)
    findings = queries.inspection_findings(db, inspection_id)
    by_item: dict[str, int] = {}
    for finding in findings:
        if finding.item_id:
            by_item[finding.item_id] = by_item.get(finding.item_id, 0) + 1
    open_count = sum(1 for f in findings if f.status == "open")
    if figures or previous is None:
        lines = side_by_side_lines(db, checklist.inspection)
        derived = {}
        sources = measurement_sources(db, checklist.inspection)
        for item in checklist.items:
            if item.measure is not None and item.measure.value in sources:
                derived[item.id] = sources[item.measure.value]
    else:
        lines, derived = previous.side_by_side, previous.derived
    return State(answers, state_progress, lines, derived, by_item, open_count)
