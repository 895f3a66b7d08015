"""The area-per-person thresholds that judge one unit, so a table beside the verdicts never shows
its figure across one of them (``norms.shown_at_least``): the report's units table and the
occupancy screen use the same."""

from __future__ import annotations

from collections.abc import Iterable

from inspect_tui.domain.checklist import ChecklistTemplate, Metric
from inspect_tui.domain.norms import SiteContext, select_threshold


def area_limits(
    templates: Iterable[ChecklistTemplate], context: SiteContext, kind: str, top_level: bool, persons: int
) -> tuple[float, ...]:
    """The area-per-person thresholds that judge a unit: living area for a dwelling (a unit at the
    top, or a caravan anywhere), bedroom area for a bedroom or room (at any depth), as they apply on
    the context's date."""
    metrics = set()
    if top_level:
        metrics.add(Metric.LIVING_AREA_PER_PERSON)
    if kind in ("bedroom", "room"):
        metrics.add(Metric.BEDROOM_AREA_PER_PERSON)
    limits = []
    for template in templates:
        for item in template.items:
            if item.rule is None or item.rule.metric not in metrics:
                continue
            threshold = select_threshold(item.rule, context, persons)
            limit = threshold.limit(persons) if threshold is not None else None
            if limit is not None:
                limits.append(limit)
    return tuple(sorted(set(limits)))
