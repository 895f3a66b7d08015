"""The name a unit goes by in verdict lines, findings and exports: its label, made unique on its site."""

from __future__ import annotations

from inspect_tui.domain.named_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

UnitRow = tuple[str, str, str, str | None]
"""(id, label, kind, parent id) of a unit."""


def shown_names(units: Sequence[UnitRow]) -> dict[str, str]:
    """Per unit id, the name its verdict lines give it, unique on the site: its label, or
    ``<dwelling> / <label>`` where another unit of the site has that label (every caravan of a park
    has its "Slaapkamer 1": a line, and a finding's figure read from it, must say which). Where that
    is still not unique (a bedroom in a studio and one beside it, in one house), the whole path
    (``Huis / Studio / Slaapkamer 1``); where even that is shared, the start of the unit's id."""
    by_id = {u[0]: u for u in units}
    names = {unit_id: label for unit_id, label, _kind, _parent in units}
    for unit_id in _sharing(names):
        names[unit_id] = _with_dwelling(unit_id, by_id)
    for unit_id in _sharing(names):
        names[unit_id] = " / ".join([*(above[1] for above in reversed(_above(unit_id, by_id))), by_id[unit_id][1]])
    for unit_id in _sharing(names):
        names[unit_id] = f"{names[unit_id]} (#{unit_id[:8]})"
    return names


def _sharing(names: dict[str, str]) -> list[str]:
    """Ids of the units whose name another unit also has (no Counter: the quick findings command
    loads no collections)."""
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return [unit_id for unit_id, name in names.items() if counts[name] > 1]


def _above(unit_id: str, by_id: dict[str, UnitRow]) -> list[UnitRow]:
    """The units a unit lies in, nearest first (a broken cycle of parents ends the walk)."""
    chain: list[UnitRow] = []
    seen = {unit_id}
    parent = by_id[unit_id][3]
    while parent in by_id and parent not in seen:
        seen.add(parent)
        chain.append(by_id[parent])
        parent = by_id[parent][3]
    return chain


def _with_dwelling(unit_id: str, by_id: dict[str, UnitRow]) -> str:
    """``<dwelling> / <label>``: the caravan or building (or top unit) the unit is part of; the
    label alone for a unit in none."""
    label = by_id[unit_id][1]
    for above in _above(unit_id, by_id):
        if above[3] is None or above[2] in ("caravan", "building"):
            return f"{above[1]} / {label}"
    return label
