"""The name a unit goes by in verdict lines, findings and exports: its label, made unique on its site."""

from __future__ import annotations

from inspect_tui.domain.named_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

UnitRow = tuple[str, str, str, str | None]
"""(id, label, kind, parent id) of a unit."""


def shown_names(units: Sequence[UnitRow]) -> dict[str, str]:
    """Per unit id, the name its verdict lines give it: its label, or ``<dwelling> / <label>`` where
    another unit of the site has that label (every caravan of a park has its "Slaapkamer 1": a
    line, and a finding's figure read from it, must say which)."""
    counts: dict[str, int] = {}
    for _id, label, _kind, _parent in units:  # no Counter: the quick findings command loads no collections
        counts[label] = counts.get(label, 0) + 1
    by_id = {u[0]: u for u in units}
    names: dict[str, str] = {}
    for unit_id, label, _kind, parent in units:
        names[unit_id] = label
        if counts.get(label, 0) < 2:
            continue
        seen = {unit_id}
        while parent in by_id and parent not in seen:  # up to the dwelling the unit is part of
            above = by_id[parent]
            if above[3] is None or above[2] in ("caravan", "building"):
                names[unit_id] = f"{above[1]} / {label}"
                break
            seen.add(parent)
            parent = above[3]
    return names
