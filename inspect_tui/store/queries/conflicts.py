"""The conflicts' read model: records whose versions diverged, and their live versions.

Read by the conflicts screen and the ``conflicts`` command, which name each version alike
(``version_label``): "version 2" is the same version on the screen, in the command's list and on
every laptop holding the same versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from inspect_tui.i18n import _, format_datetime
from inspect_tui.store.conflicts import DELETED_FIELD as DELETED_FIELD  # what a deletion's row is called
from inspect_tui.store.conflicts import Conflict, open_conflicts
from inspect_tui.store.db import device_id
from inspect_tui.store.held import CHILDREN
from inspect_tui.store.queries.history import referenced_names, revision_authors
from inspect_tui.store.revisions import leaves

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Version:
    """One leaf of a record in conflict: a version, or a deletion of the record."""

    rev: str
    origin: str
    """The device that wrote it."""
    data: dict[str, Any]
    made_at: str | None = None
    """When it was made (ISO); None for versions made before times were recorded."""
    person: str | None = None
    """Who made it (stamped, else the roster's name for its device); None when unknown."""
    in_effect: bool = False
    """The provisional winner: what the record shows until someone resolves the conflict."""
    deleted: bool = False
    """A deletion of the record (``data`` is the version it removed) that an edit did not see."""


@dataclass(frozen=True)
class ConflictRow:
    """A conflict as listed: what the record is, in words taken from its provisional winner."""

    conflict: Conflict
    label: str


@dataclass(frozen=True)
class ConflictsOverview:
    """Every open conflict, and this database's device (to say "this device" beside a version)."""

    rows: list[ConflictRow]
    device_id: str


def describe(entity: str, data: dict[str, Any]) -> str:
    """A short, recognisable name for a record from its data (never a BSN)."""
    if entity in ("sites", "occupants"):
        return str(data.get("name", ""))
    if entity == "units":
        return str(data.get("label", ""))
    if entity == "inspections":
        return f"{data.get('inspector', '')} · {str(data.get('started_at', ''))[:16].replace('T', ' ')}"
    if entity == "answers":
        return str(data.get("item_id", ""))
    if entity == "findings":
        return str(data.get("description", ""))[:60]
    if entity == "attachments":
        return str(data.get("file_name", ""))
    if entity == "reviews":
        return f"{data.get('decision', '')} · {data.get('reviewer', '')}"
    return ""


def conflicts_overview(db: Database) -> ConflictsOverview:
    """Every open conflict with a label taken from its provisional winner."""
    rows = []
    for conflict in open_conflicts(db):
        # A held removal has no live version: it is named by the version its deletion removed.
        every = leaves(db, conflict.entity, conflict.record_id, deleted=True)
        winner = next((leaf["data"] for leaf in every if leaf["data"]), None) or {}
        rows.append(ConflictRow(conflict, describe(conflict.entity, winner)))
    return ConflictsOverview(rows, device_id(db))


def conflict_versions(db: Database, entity: str, record_id: str) -> list[Version]:
    """The versions of a record in conflict, deletions too, in a stable order: by time made
    (unknown last), device, id.

    Every database holding the same versions lists them in the same order, so "version 2" means
    the same version on every laptop; the provisional winner is marked ``in_effect``.
    """
    live = leaves(db, entity, record_id, deleted=True)
    authors = revision_authors(db, [str(v["rev"]) for v in live])
    versions = [
        Version(
            str(v["rev"]),
            str(v["origin"]),
            v["data"] or {},
            made_at=authors.get(str(v["rev"]), (None, None))[0],
            person=authors.get(str(v["rev"]), (None, None))[1],
            in_effect=n == 0,
            deleted=bool(v["deleted"]),
        )
        for n, v in enumerate(live)
    ]
    return sorted(versions, key=lambda v: (v.made_at is None, v.made_at or "", v.origin, v.rev))


STANDING_SHOWN = 3
"""Records standing under a held removal named by name, per kind; the rest are counted."""


def standing_under(db: Database, entity: str, record_id: str) -> list[tuple[str, list[str], int]]:
    """What keeps a removal held (``store.held``): per kind of record shown under it, the names of
    the first few and how many there are ([] when nothing stands under the record)."""
    found: list[tuple[str, list[str], int]] = []
    for child, field in CHILDREN.get(entity, ()):
        count = int(db.execute(f"SELECT COUNT(*) FROM [{child}] WHERE [{field}] = ?", [record_id]).fetchone()[0])
        if not count:
            continue
        cursor = db.execute(
            f"SELECT * FROM [{child}] WHERE [{field}] = ? ORDER BY id LIMIT ?", [record_id, STANDING_SHOWN]
        )
        columns = [d[0] for d in cursor.description]
        names = [describe(child, dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]
        found.append((child, [n for n in names if n], count))
    return found


def version_names(db: Database, versions: list[Version]) -> dict[str, str]:
    """What the records the versions name are called (a unit's label for its id), as a history says them."""
    return referenced_names(db, ((field, value) for v in versions for field, value in v.data.items()))


def device_name(origin: str, here: str) -> str:
    """A device as people tell them apart: "this device", a short name in full, a long id by its start."""
    if origin == here:
        return _("this device")
    return origin if len(origin) <= 20 else origin[:8] + "…"


def version_label(number: int, version: Version, here: str) -> str:
    """ "2 · Eva de Vries · laptop-eva · 17-11-2026 10:30 · in effect now" (unknown parts said so;
    a deletion says "deleted")."""
    device = device_name(version.origin, here)
    when = format_datetime(version.made_at) if version.made_at else _("unknown time")
    parts = [str(number), version.person or _("unknown person"), device, when]
    if version.deleted:
        parts.append(_("deleted"))
    if version.in_effect:
        parts.append(_("in effect now"))
    return " · ".join(parts)
