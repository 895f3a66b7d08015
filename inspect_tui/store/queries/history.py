"""A record's history: every stored revision, who made it (person, device), when, and what changed.

Revisions are listed in a stable order that does not depend on the order they arrived in
(generation, then time, then id), so every database that holds the same revisions shows the
same history. What changed is a field-level diff against the revision it was edited from
(a merge is compared with that base too); names and values stay raw here, screens put them in
the interface language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from inspect_tui.store.authorship import roster_people
from inspect_tui.store.conflicts import head_order
from inspect_tui.store.db import device_id

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlite_utils import Database

HISTORY_KINDS = ("sites", "units", "occupants", "inspections", "answers", "findings", "attachments", "reviews")
"""Kinds of record whose history can be opened."""

HIDDEN = frozenset({"id", "sealed"})
"""Fields a history never lists as changed (the id never changes; sealed is the list of encrypted fields)."""


@dataclass(frozen=True)
class FieldChange:
    """One field of one revision: its value before and after (None when absent)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryEntry:
    """One revision of a record as the history lists it."""

    rev: str
    gen: int
    made_at: str | None
    """ISO time it was made; None for revisions made before times were recorded."""
    person: str | None
    """Who made it (stamped on the revision, else the roster's name for its device); None when unknown."""
    origin: str
    """The device that made it."""
    here: bool
    """Made on this device."""
    deleted: bool
    merges: int
    """How many diverged versions it resolved (0 for an ordinary edit)."""
    in_effect: bool
    """This is the version the record shows now."""
    changes: tuple[FieldChange, ...]
    """What changed against the revision it was edited from (every set field for a first version)."""
    first: bool
    merged: tuple[tuple[str | None, str | None, tuple[FieldChange, ...]], ...] = ()
    """A resolution: per version it set aside, (person, time, what changed against that version)."""


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[FieldChange, ...]:
    """Fields whose values differ between two versions, in field order of the newer one."""
    old, new = before or {}, after or {}
    names = [*new, *(k for k in old if k not in new)]
    changed: list[FieldChange] = []
    for name in names:
        if name in HIDDEN:
            continue
        a, b = old.get(name), new.get(name)
        if json.dumps(a, sort_keys=True) != json.dumps(b, sort_keys=True):
            changed.append(FieldChange(name, a, b))
    return tuple(changed)


def record_history(db: Database, entity: str, record_id: str) -> list[HistoryEntry]:
    """Every revision of one record, oldest first; [] for an unknown record or kind."""
    if entity not in HISTORY_KINDS:
        return []
    rows = db.execute(
        "SELECT rev, gen, base_rev, merged, origin, deleted, data, made_at, made_by FROM changes "
        "WHERE entity = ? AND record_id = ?",
        [entity, record_id],
    ).fetchall()
    if not rows:
        return []
    data = {str(r[0]): (json.loads(r[6]) if r[6] else None) for r in rows}
    head = db.execute(
        f"SELECT rev FROM changes WHERE entity = ? AND record_id = ? AND leaf = 1 ORDER BY {head_order(entity)} LIMIT 1",
        [entity, record_id],
    ).fetchone()
    people = roster_people(db)
    here = device_id(db)
    ordered = sorted(rows, key=lambda r: (int(r[1]), str(r[7] or ""), str(r[0])))
    entries = []
    by_rev = {str(r[0]): r for r in rows}
    for rev, gen, base_rev, merged, origin, deleted, _data, made_at, made_by in ordered:
        base = data.get(str(base_rev)) if base_rev else None
        set_aside = []
        for other in json.loads(merged or "[]"):
            row = by_rev.get(str(other))
            if row is not None:
                person = str(row[8]) if row[8] else people.get(str(row[4]))
                when = str(row[7]) if row[7] else None
                set_aside.append((person, when, () if deleted else diff(data.get(str(other)), data[str(rev)])))
        entries.append(
            HistoryEntry(
                rev=str(rev),
                gen=int(gen),
                made_at=str(made_at) if made_at else None,
                person=str(made_by) if made_by else people.get(str(origin)),
                origin=str(origin),
                here=str(origin) == here,
                deleted=bool(deleted),
                merges=len(json.loads(merged or "[]")),
                in_effect=head is not None and str(head[0]) == str(rev),
                changes=() if deleted else diff(base, data[str(rev)]),
                first=base_rev is None,
                merged=tuple(set_aside),
            )
        )
    return entries


def revision_authors(db: Database, revs: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """Per revision: (ISO time made or None, person or None), the person from the roster when not stamped."""
    if not revs:
        return {}
    people = roster_people(db)
    marks = ",".join("?" * len(revs))
    return {
        str(rev): (str(at) if at else None, str(by) if by else people.get(str(origin)))
        for rev, origin, at, by in db.execute(
            f"SELECT rev, origin, made_at, made_by FROM changes WHERE rev IN ({marks})", revs
        ).fetchall()
    }


REFERENCES: dict[str, str] = {
    "site_id": "sites",
    "parent_id": "units",
    "unit_id": "units",
    "couple_with": "occupants",
    "previous_id": "inspections",
    "inspection_id": "inspections",
    "origin_id": "findings",
    "confirmed_in": "inspections",
    "finding_id": "findings",
    "answer_id": "answers",
}
"""Fields that name another record, and that record's kind."""

_NAMES = {
    "sites": "SELECT id, name FROM sites WHERE id IN ({marks})",
    "units": "SELECT id, label FROM units WHERE id IN ({marks})",
    "occupants": "SELECT id, name FROM occupants WHERE id IN ({marks})",
    "inspections": "SELECT id, inspector || ' · ' || substr(started_at, 1, 10) FROM inspections WHERE id IN ({marks})",
    "findings": "SELECT id, substr(description, 1, 40) FROM findings WHERE id IN ({marks})",
    "answers": "SELECT id, item_id FROM answers WHERE id IN ({marks})",
}


def reference_names(db: Database, entries: list[HistoryEntry]) -> dict[str, str]:
    """Names of the records the entries' changed fields point to (a site's name, a unit's label…),
    so a history says "Site: Vakantiepark De Wilgen", not an id. Records not here are left out."""
    return referenced_names(
        db, ((c.field, value) for entry in entries for c in entry.changes for value in (c.before, c.after))
    )


def referenced_names(db: Database, values: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Names of the records these (field, value) pairs point to, by id; fields naming no record and
    records not here are left out."""
    wanted: dict[str, set[str]] = {}
    for field, value in values:
        kind = REFERENCES.get(field)
        if kind is not None and isinstance(value, str):
            wanted.setdefault(kind, set()).add(value)
    names: dict[str, str] = {}
    for kind, ids in wanted.items():
        ordered = sorted(ids)
        marks = ",".join("?" * len(ordered))
        for record_id, name in db.execute(_NAMES[kind].format(marks=marks), ordered).fetchall():
            if name:
                names[str(record_id)] = str(name)
    return names
