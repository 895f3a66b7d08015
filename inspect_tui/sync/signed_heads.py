"""Which inspections are signed as an import holds them, for the rules on their findings."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from inspect_tui.store.batch import BatchWriter
from inspect_tui.store.revisions import Revision
from inspect_tui.sync.trust import INSPECTOR


def signed_inspections(
    writer: BatchWriter,
    revisions: Sequence[Revision],
    bases: Sequence[dict[str, Any] | None],
    carried: Mapping[str, object],
    role_of: Callable[[str], str],
) -> set[str]:
    """Of the inspections whose findings an inspector changes in revisions (bases: the versions they
    change), those signed (completed or approved) as held: in this chunk, else as the import carried
    them so far (carried: status by inspection id), else in the store (its winning version)."""
    wanted = {
        str(r.data["inspection_id"])
        for r, base in zip(revisions, bases, strict=True)
        if r.entity == "findings"
        and base is not None
        and r.data is not None
        and isinstance(r.data.get("inspection_id"), str)
        and role_of(r.origin) == INSPECTOR
    }
    if not wanted:
        return set()
    status: dict[str, object] = {}
    for r in revisions:  # parents come first: an inspection signed in this very chunk counts
        if r.entity == "inspections" and r.record_id in wanted:
            status[r.record_id] = (r.data or {}).get("status")
    for record_id in wanted & set(carried):
        status.setdefault(record_id, carried[record_id])
    missing = sorted(wanted - set(status))
    if missing:
        leaves = writer.stored_leaves("inspections", missing)
        heads = {i: max(found)[2] for i, found in leaves.items() if found}
        data = writer.revision_data(sorted(set(heads.values()))) if heads else {}
        for record_id, rev in heads.items():
            status.setdefault(record_id, (data.get(rev) or {}).get("status"))
    return {i for i, s in status.items() if s in ("completed", "approved")}
