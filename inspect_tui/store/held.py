"""A record removed on one device while another put a new record under it: the removal is held.

The team lead removes a site; an inspector, not knowing, adds a unit to it (an inspection of it, a
person in a unit). The unit must not stand under a site that is not there (no screen reaches it,
and no receiver takes a bundle carrying it), nor may either bundle be refused (the sender could
never send it again). So the site stays in effect, as its deletion left it, beside the deletion:
a conflict a team lead resolves, keeping the site, or removing the unit and with that the site.

Held is derived from the records shown alone: a record whose winning leaf is a deletion is held
while a record shown names it as its parent (``PARENTS``), children before parents, so every
database that holds the same revisions shows the same records and conflicts in any order. A
person's record is no parent, and its removal is an erasure that always wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from inspect_tui.store.conflicts import ERASED_BY_DELETION

PARENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "units": (("site_id", "sites"), ("parent_id", "units")),
    "occupants": (("unit_id", "units"),),
    "inspections": (("site_id", "sites"),),
    "answers": (("inspection_id", "inspections"),),
    "findings": (("inspection_id", "inspections"),),
    "attachments": (("finding_id", "findings"), ("answer_id", "answers")),
}
"""Per kind, (field, kind named) of the records it cannot exist without."""


def _children() -> dict[str, tuple[tuple[str, str], ...]]:
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for child, fields in PARENTS.items():
        for field, parent in fields:
            found[parent] = (*found.get(parent, ()), (child, field))
    return found


CHILDREN = _children()
"""Per kind, (child kind, field) of the records that keep its removal held."""

SELF_PARENTED = frozenset(kind for kind, fields in PARENTS.items() if any(parent == kind for _f, parent in fields))
"""Kinds whose records name a record of their own kind as parent (a unit inside a unit)."""

ORDER = ("findings", "answers", "inspections", "units", "sites")
"""Kinds that can be held, children before parents (units also hold units: repeated until settled)."""

Key = tuple[str, str]


def parents_named(entity: str, data: dict[str, Any] | None) -> list[Key]:
    """The records a version of a record names as its parents."""
    if not data:
        return []
    return [(kind, value) for field, kind in PARENTS.get(entity, ()) if isinstance(value := data.get(field), str)]


def holds(entity: str) -> bool:
    """Whether a record of this kind can be held by records under it."""
    return entity in CHILDREN and entity not in ERASED_BY_DELETION


def has_children(db: Database, entity: str, record_id: str) -> bool:
    """A record shown names it as its parent."""
    return any(
        db.execute(f"SELECT 1 FROM [{child}] WHERE [{field}] = ? LIMIT 1", [record_id]).fetchone() is not None
        for child, field in CHILDREN.get(entity, ())
    )


def parents_shown(db: Database, entity: str, record_id: str) -> list[Key]:
    """The records the shown row of a record names as its parents ([] when no row is shown): read
    from the row's own columns, so saving an answer reads no revision text for it."""
    fields = PARENTS.get(entity, ())
    if not fields:
        return []
    row = db.execute(f"SELECT {', '.join(f'[{f}]' for f, _kind in fields)} FROM [{entity}] WHERE id = ?", [record_id])
    found = row.fetchone()
    if found is None:
        return []
    return [(kind, str(value)) for (_field, kind), value in zip(fields, found, strict=True) if value is not None]


def refresh_parents(db: Database, keys: Iterable[Key]) -> None:
    """After records shown changed: the parents they name (before or now) show what held leaves them."""
    from inspect_tui.store.revisions import refresh_head

    for entity, record_id in dict.fromkeys(keys):
        if not holds(entity):
            continue
        top = db.execute(
            "SELECT MIN(deleted) FROM changes WHERE entity = ? AND record_id = ? AND leaf = 1", [entity, record_id]
        ).fetchone()
        if top is not None and top[0] == 1:  # every leaf a deletion: held or not, now
            refresh_head(db, entity, record_id)


def refresh_held_removals(db: Database) -> int:
    """Every removal a record shown still stands under, held (shown, a conflict); returns how many.

    For databases from before (a migration on both back ends): they took in a record under a
    parent removed here and left it pointing at nothing, which no screen reached and no receiver
    of this database's exports took in."""
    from inspect_tui.store.revisions import refresh_head

    held_now: set[Key] = set()
    while True:
        missing: set[Key] = set()
        for child, fields in PARENTS.items():
            for field, parent in fields:
                if not holds(parent):
                    continue
                rows = db.execute(
                    f"SELECT DISTINCT c.[{field}] FROM [{child}] c WHERE c.[{field}] IS NOT NULL "
                    f"AND NOT EXISTS (SELECT 1 FROM [{parent}] p WHERE p.id = c.[{field}])"
                ).fetchall()
                missing.update((parent, str(r[0])) for r in rows)
        missing -= held_now
        if not missing:
            return len(held_now)
        for entity, record_id in sorted(missing):
            known = db.execute(
                "SELECT 1 FROM changes WHERE entity = ? AND record_id = ? LIMIT 1", [entity, record_id]
            ).fetchone()
            if known is not None:
                refresh_head(db, entity, record_id)
            held_now.add((entity, record_id))  # one never held (unknown here) is looked at once
