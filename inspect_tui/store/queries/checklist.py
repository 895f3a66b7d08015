"""The checklist screen's read model: what it shows, read in one go (no Textual here; runs in a worker).

One refresh reads each table once: the answers (one statement, with each answer's stored per-unit
lines), the site's figures and units (once, judged per dwelling and bedroom from what was read),
the findings of this and earlier inspections (one statement). The inspection, its site and its
items are read when the checklist opens (``read_checklist``) and reused by every refresh; the
rules that turn what was read into progress and figures are the pure functions of
``domain.answers`` that the workflow applies too, so the screen shows what the workflow decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from inspect_tui.checklists.high_risk import high_risk_sectors
from inspect_tui.checklists.verdict_lines import item_lines_of
from inspect_tui.domain import answers as rules
from inspect_tui.domain.checklist import ChecklistTemplate, Item
from inspect_tui.domain.models import Inspection, Site
from inspect_tui.i18n import _
from inspect_tui.store.db import StoreError
from inspect_tui.store.dwelling_figures import dwellings_of
from inspect_tui.store.occupancy import site_figures_and_units
from inspect_tui.store.records import get
from inspect_tui.store.workflow._common import checklist_items, templates_of
from inspect_tui.store.workflow.answers import Progress, progress_of
from inspect_tui.store.workflow.findings import OPEN_EARLIER_FINDINGS, open_earlier_params


@dataclass(frozen=True)
class AnswerRow:
    """The stored answer to one item."""

    item_id: str
    value: str | None
    verdict: str
    figure: float | None
    note: str | None


def inspection_answers(db: Database, inspection_id: str) -> dict[str, AnswerRow]:
    """Every answer of an inspection by item id."""
    rows = db.execute(
        "SELECT item_id, value, verdict, figure, note FROM answers WHERE inspection_id = ?", [inspection_id]
    ).fetchall()
    return {r[0]: AnswerRow(*r) for r in rows}


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
    now: dict[str, float] = field(default_factory=dict)
    """Of a signed inspection read from its snapshot: today's figure per item where it differs from the signed one."""


def read_checklist(db: Database, inspection_id: str) -> Checklist:
    """The inspection with its site, templates and items; StoreError when it is gone."""
    inspection = get(db, Inspection, inspection_id)
    if inspection is None:
        raise StoreError(_("inspection {id} does not exist").format(id=inspection_id))
    site = get(db, Site, inspection.site_id)
    return Checklist(inspection, site, templates_of(inspection), checklist_items(inspection))


_FINDINGS = (
    "SELECT 1, item_id, status FROM findings WHERE inspection_id = :current "
    f"UNION ALL SELECT 0, f.item_id, f.status {OPEN_EARLIER_FINDINGS}"
)
"""This inspection's findings (1) and the earlier open findings still to confirm (0), in one statement."""


def read_state(db: Database, checklist: Checklist, *, figures: bool = True, previous: State | None = None) -> State:
    """Answers and progress; with figures (or without previous), also the side-by-side lines and measurements."""
    inspection = checklist.inspection
    rows = db.execute(
        "SELECT item_id, value, verdict, figure, note, computed, units FROM answers WHERE inspection_id = ?",
        [inspection.id],
    ).fetchall()
    answers = {r[0]: AnswerRow(r[0], r[1], r[2], r[3], r[4]) for r in rows}
    stored = {r[0]: {"value": r[1], "verdict": r[2]} for r in rows}
    from_site, units = site_figures_and_units(db, inspection.site_id)
    by_item: dict[str, int] = {}
    open_count = pending = 0
    for mine, item_id, status in db.execute(_FINDINGS, open_earlier_params(inspection.site_id, inspection)):
        if not mine:
            pending += 1
            continue
        if item_id:
            by_item[item_id] = by_item.get(item_id, 0) + 1
        open_count += status == "open"
    state_progress = progress_of(checklist.items, stored, from_site, pending)
    if figures or previous is None:
        sources = rules.measurement_sources(checklist.items, from_site, {k: v["value"] for k, v in stored.items()})
        context = rules.site_context(inspection, checklist.site, high_risk_sectors())
        lines = item_lines_of(
            checklist.items,
            locked=inspection.locked,
            stored={r[0]: r[6] for r in rows},
            units=dwellings_of(units),
            measurements=rules.measurements_of(sources),
            context=context,
        )
        derived = {
            item.id: sources[item.measure.value]
            for item in checklist.items
            if item.measure is not None and item.measure.value in sources
        }
        now: dict[str, float] = {}
        if inspection.locked and inspection.frozen is not None:
            # What it was signed with is shown; today's figure only beside it, where it differs.
            today, signed = derived, inspection.frozen.sources()
            derived = {
                item.id: signed[item.measure.value]
                for item in checklist.items
                if item.measure is not None and item.measure.value in signed
            }
            now = {
                item_id: value
                for item_id, (value, _origin) in today.items()
                if item_id in derived and round(value, 2) != round(derived[item_id][0], 2)
            }
    else:
        lines, derived, now = previous.side_by_side, previous.derived, previous.now
    return State(answers, state_progress, lines, derived, by_item, open_count, now)
