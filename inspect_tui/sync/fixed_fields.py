"""What an inspection keeps for life: the site, the checklists and the start it was started with.

The app never changes them once an inspection is started, and the checks of its answers and
findings rely on them (an answer's item belongs to the inspection's checklists, a finding's
deadline is not before its start, a finding's unit is on its site). A revision that changed one
would leave records already held that no longer fit, and every later export of this database
would be refused on arrival. So every revision of an inspection, held here or carried by the
bundle, must agree on them; the first one that does not is refused, naming the field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from inspect_tui.i18n import N_, _
from inspect_tui.i18n.zone import zoned

FIXED: dict[str, tuple[str, ...]] = {"inspections": ("site_id", "templates", "started_at")}
"""Per kind, the fields no revision may change."""

WHAT: dict[str, str] = {
    "site_id": N_("its site"),
    "templates": N_("its checklists"),
    "started_at": N_("its start time"),
}
"""How a message names each fixed field."""


def _moment(value: object) -> object:
    """A stored time as an instant (older releases stored local times without a zone)."""
    if not isinstance(value, str):
        return value
    try:  # the instant: two wall clocks an hour apart in the autumn's repeated hour compare equal
        return zoned(dt.datetime.fromisoformat(value)).timestamp()
    except (ValueError, OverflowError, OSError):
        return value


def _same(field: str, one: object, other: object) -> bool:
    if field == "started_at":
        return _moment(one) == _moment(other)
    return one == other


def changed_field(kind: str, data: dict[str, Any], held: Sequence[dict[str, Any]]) -> tuple[str, object] | None:
    """The first fixed field in which data differs from a revision held, with the held value."""
    for field in FIXED.get(kind, ()):
        for other in held:
            if field in data and field in other and not _same(field, data[field], other[field]):
                return field, other[field]
    return None


def fixed_of(text: str | None, kind: str) -> dict[str, Any] | None:
    """The fixed fields of a stored revision's data (None for a deletion or unreadable data)."""
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return {field: data[field] for field in FIXED.get(kind, ()) if field in data}


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def fixed_problem(kind: str, data: dict[str, Any], held: Sequence[dict[str, Any]]) -> str | None:
    """Why a revision's data cannot be taken in beside the revisions held (None: it agrees)."""
    changed = changed_field(kind, data, held)
    if changed is None:
        return None
    field, value = changed
    return _(
        "{field}: an inspection keeps {what} from when it was started ({held}); this revision changes it, "
        "which inspect-tui never does: ask the sender for a bundle made by the app"
    ).format(field=field, what=_(WHAT[field]), held=_shown(value))
