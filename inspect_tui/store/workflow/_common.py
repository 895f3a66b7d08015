"""What every part of the workflow reads: the inspection, its checklist items, its answers, its site."""

from __future__ import annotations

import datetime as dt
from functools import cache

from sqlite_utils import Database

from inspect_tui.checklists import load_template
from inspect_tui.checklists.high_risk import high_risk_sectors
from inspect_tui.domain import answers as rules
from inspect_tui.domain.checklist import ChecklistTemplate, Item
from inspect_tui.domain.models import Inspection, Site
from inspect_tui.domain.norms import SiteContext
from inspect_tui.i18n import _
from inspect_tui.i18n.zone import now as amsterdam_now
from inspect_tui.i18n.zone import zoned
from inspect_tui.store.db import StoreError
from inspect_tui.store.records import get


def now_or(now: dt.datetime | None) -> dt.datetime:
    """now, or the current time (in Europe/Amsterdam whatever the machine's zone), to the second."""
    return zoned((now or amsterdam_now()).replace(microsecond=0))  # with its offset, even through model_copy


def load_inspection(db: Database, inspection_id: str) -> Inspection:
    """The inspection, or StoreError when it does not exist."""
    inspection = get(db, Inspection, inspection_id)
    if inspection is None:
        raise StoreError(_("inspection {id} does not exist").format(id=inspection_id))
    return inspection


def require_editable(inspection: Inspection) -> None:
    """StoreError unless the inspection may be changed (Inspection.locked decides)."""
    if inspection.locked:
        raise StoreError(
            _("the inspection is {status} and locked; reopen it to change it").format(status=_(inspection.status.value))
        )


def templates_of(inspection: Inspection) -> list[ChecklistTemplate]:
    """The checklist templates the inspection walks."""
    return [load_template(t) for t in inspection.templates]


@cache
def _items_of(template_ids: tuple[str, ...]) -> tuple[tuple[Item, ...], dict[str, Item]]:
    items: list[Item] = []
    for template in (load_template(t) for t in template_ids):
        order = {s.id: i for i, s in enumerate(template.sections)}
        items.extend(sorted(template.items, key=lambda it: order[it.section]))
    return tuple(items), {item.id: item for item in items}


def checklist_items(inspection: Inspection) -> list[Item]:
    """Every item of the inspection's templates, in template and section order."""
    return list(_items_of(tuple(inspection.templates))[0])


def find_item(inspection: Inspection, item_id: str) -> Item:
    """The item with this id on the inspection's checklists, or StoreError."""
    item = _items_of(tuple(inspection.templates))[1].get(item_id)
    if item is None:
        raise StoreError(_("item {item} is not on this inspection's checklists").format(item=item_id))
    return item


def site_context(db: Database, inspection: Inspection) -> SiteContext:
    """Facts of the site that decide which thresholds apply, on the inspection's date."""
    return rules.site_context(inspection, get(db, Site, inspection.site_id), high_risk_sectors())


def stored_answers(db: Database, inspection_id: str) -> dict[str, dict[str, object]]:
    """value, verdict, figure, note and computed of every answer of the inspection, by item id."""
    rows = db.execute(
        "SELECT item_id, value, verdict, figure, note, computed FROM answers WHERE inspection_id = ?",
        [inspection_id],
    ).fetchall()
    return {r[0]: {"value": r[1], "verdict": r[2], "figure": r[3], "note": r[4], "computed": r[5]} for r in rows}
