"""Revisions: every version of every record, a revision tree per record, a head.

A revision id is `<generation>-<hash>`, the hash taken over the record's identity, its
parents, its data exactly as stored and carried (occupants' personal fields sealed when the
database has a central key, see ``store.sealing``) and its stamp (who made it, when: see
``store.authorship``), so every receiver can recompute it and nobody can change any of them on
the way. Revisions made before stamps existed carry none and keep the id they were made with
(sealing is randomised, so two sealed versions of the same values differ). The head of a record is the winning leaf: the highest generation, then the
highest id — a deterministic choice that needs no clock. More than one leaf that is not
deleted is a conflict; it stays until a person resolves it with a revision that merges
the leaves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

from sqlite_utils import Database

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.store import held
from inspect_tui.store.codec import canonical_json, data_to_row, record_data, upsert_sql
from inspect_tui.store.conflicts import head_order, refresh_conflict
from inspect_tui.store.sealing import show_plain, shows_plain, stored_form

_T = TypeVar("_T")


class made_once(Generic[_T]):
    """``functools.cached_property`` without its lock: the value is made on first use and kept in
    the instance, where later uses find it without calling this descriptor.

    Python 3.11's ``cached_property`` takes a lock, one for all instances of the class, every time
    it makes a value (3.12 dropped it): about half a microsecond each time, and an import makes
    three such values (``data_json``, ``content_rev``, ``content_digest``) for every line it
    reads. Two threads making the same value at once make equal values (a revision's value
    depends on the revision alone), and one of them is kept."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> made_once[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> made_once[_T] | _T:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


MAX_ANCESTORS = 100
"""How many ancestor ids a revision carries, so a receiver can place it in the tree."""


@dataclass(frozen=True)
class Revision:
    """One version of one record, as stored in `changes` and carried in bundles."""

    entity: str
    record_id: str
    rev: str
    gen: int
    base_rev: str | None
    origin: str
    data: dict[str, Any] | None
    deleted: bool = False
    merged: tuple[str, ...] = ()
    ancestors: tuple[str, ...] = field(default=())
    made_at: str | None = None
    """When it was made (ISO 8601, UTC); None for revisions made before stamps existed."""
    made_by: str | None = None
    """The person who made it, as the device knew them; None when unknown."""

    @made_once
    def data_json(self) -> str | None:
        """The data as canonical JSON (what the id hashes and ``changes`` stores), made once per revision.

        An import hashes and then stores every revision; both read this, so the text is the same
        and is built once. The data must not be changed after it is first read (nothing does)."""
        return canonical_json(self.data) if self.data is not None else None

    @made_once
    def content_rev(self) -> str:
        """The id this revision's content hashes to (``make_rev``; the checks compare it with rev),
        made once per revision: the central intake makes it before its merge lock."""
        stamp = stamp_of(self.made_at, self.made_by)
        return make_rev(
            self.entity, self.record_id, self.gen, self.base_rev, self.merged, self.deleted, self.data_json or "", stamp
        )

    @made_once
    def content_digest(self) -> str:
        """What an origin's segment lists for this revision (``digest_of``), made once per revision."""
        stamp = stamp_of(self.made_at, self.made_by)
        return digest_of(self.entity, self.record_id, self.rev, self.deleted, self.merged, self.data_json or "", stamp)


def stamp_of(made_at: str | None, made_by: str | None) -> str:
    """The stamp as the revision id hashes it: empty for an unstamped revision."""
    if made_at is None and made_by is None:
        return ""
    return canonical_json({k: v for k, v in (("at", made_at), ("by", made_by)) if v is not None})


def digest_of(
    entity: str, record_id: str, rev: str, deleted: bool, merged: Iterable[str], data_json: str, stamp: str = ""
) -> str:
    """A revision's content digest, what an origin's segment lists per revision, from the parts an
    exporter has at hand (data as canonical JSON, the stamp if any); see ``sync.trust``."""
    text = "\n".join([entity, record_id, rev, str(int(deleted)), ",".join(sorted(merged))])
    tail = f"\n{stamp}" if stamp else ""
    return hashlib.sha256(f"{text}\n{data_json}{tail}".encode()).hexdigest()[:32]


def make_rev(
    entity: str,
    record_id: str,
    gen: int,
    base_rev: str | None,
    merged: tuple[str, ...],
    deleted: bool,
    data_json: str,
    stamp: str = "",
) -> str:
    """The content-derived revision id (a stamp, when there is one, is hashed after the data)."""
    parts = [entity, record_id, base_rev or "", ",".join(sorted(merged)), str(int(deleted)), data_json]
    if stamp:
        parts.append(stamp)
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{gen}-{digest[:32]}"


def head(db: Database, entity: str, record_id: str) -> tuple[str, int, bool] | None:
    """(rev, generation, deleted) of the winning leaf, or None for an unknown record."""
    row = db.execute(
        f"SELECT rev, gen, deleted FROM changes WHERE entity = ? AND record_id = ? AND leaf = 1 "
        f"ORDER BY {head_order(entity)} LIMIT 1",
        [entity, record_id],
    ).fetchone()
    return None if row is None else (str(row[0]), int(row[1]), bool(row[2]))


def leaves(db: Database, entity: str, record_id: str, *, deleted: bool = False) -> list[dict[str, Any]]:
    """All live (not deleted) leaves, winner first; with ``deleted``, the deleted leaves too (in
    ``head_order``: after the live ones, but first for a kind whose deletion is an erasure)."""
    cursor = db.execute(
        "SELECT rev, gen, origin, data, deleted FROM changes WHERE entity = ? AND record_id = ? "
        f"AND leaf = 1{'' if deleted else ' AND deleted = 0'} ORDER BY {head_order(entity)}",
        [entity, record_id],
    )
    return [
        {"rev": r[0], "gen": r[1], "origin": r[2], "data": json.loads(r[3]) if r[3] else None, "deleted": bool(r[4])}
        for r in cursor.fetchall()
    ]


def _shown(db: Database, entity: str, record_id: str) -> bool:
    """The record is shown although its head is a deletion: a held removal (an undone deletion of
    one's own is not shown, and is simply undone)."""
    return db.execute(f"SELECT 1 FROM [{entity}] WHERE id = ?", [record_id]).fetchone() is not None


def _removed_version(db: Database, deletion: str, gen: int) -> tuple[str | None, int]:
    """(base, generation) for an edit beside a deletion: the version it removed, and its generation."""
    row = db.execute("SELECT base_rev FROM changes WHERE rev = ?", [deletion]).fetchone()
    return (str(row[0]) if row and row[0] else None), gen


def ancestors_of(db: Database, rev: str | None) -> tuple[str, ...]:
    """The rev and its ancestors, newest first, at most MAX_ANCESTORS."""
    if rev is None:
        return ()
    row = db.execute("SELECT ancestors FROM changes WHERE rev = ?", [rev]).fetchone()
    older: list[str] = json.loads(row[0]) if row else []
    return tuple([rev, *older][:MAX_ANCESTORS])


def record_local_revision(
    db: Database,
    record: Record,
    origin: str,
    *,
    deleted: bool = False,
    merged: tuple[str, ...] = (),
    resolution: bool = False,
) -> str | None:
    """Write a new local revision of record on top of its head (inside a transaction).

    Returns the new rev, or None when nothing changed. resolution: the edit resolves the record's
    conflict (a held removal is then undone, not kept beside the edit).
    """
    entity = record.table
    plain = record_data(record)
    data = stored_form(db, entity, plain)  # occupants' personal fields sealed when a central key is set
    data_json = canonical_json(data)
    current = head(db, entity, record.id)
    if current is not None and not merged and current[2] == deleted:
        row = db.execute("SELECT data FROM changes WHERE rev = ?", [current[0]]).fetchone()
        if row and row[0] == data_json:
            return None
        if data is not plain and shows_plain(db, record.id, current[0], plain):
            return None  # sealing again would make new bytes of the same values
    base_rev = current[0] if current else None
    gen = (current[1] if current else 0) + 1
    if (
        current is not None
        and current[2]
        and not deleted
        and not merged
        and not resolution
        and _shown(db, entity, record.id)
    ):
        # A removal held by records under it (``store.held``): an edit of the record stands beside
        # the deletion, built on the version the deletion removed, so the deletion stays for a team
        # lead to decide on; built on the deletion, an inspector's edit would have ended it unseen.
        base_rev, gen = _removed_version(db, current[0], current[1])
    if merged:
        placeholders = ",".join("?" * len(merged))
        top = db.execute(f"SELECT MAX(gen) FROM changes WHERE rev IN ({placeholders})", list(merged)).fetchone()[0]
        gen = max(gen, int(top or 0) + 1)
    from inspect_tui.store import authorship

    made_at = authorship.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    made_by = authorship.current_person(db, origin)
    rev = make_rev(entity, record.id, gen, base_rev, merged, deleted, data_json, stamp_of(made_at, made_by))
    revision = Revision(
        entity=entity,
        record_id=record.id,
        rev=rev,
        gen=gen,
        base_rev=base_rev,
        origin=origin,
        data=data,
        deleted=deleted,
        merged=merged,
        ancestors=ancestors_of(db, base_rev),
        made_at=made_at,
        made_by=made_by,
    )
    _insert(db, revision, data_json)
    refresh_head(db, entity, record.id)
    if data is not plain:
        show_plain(db, record.id, rev, plain)
    return rev


INSERT_CHANGE = (
    "INSERT INTO changes(entity, record_id, rev, gen, base_rev, merged, ancestors, origin, "
    "deleted, leaf, data, made_at, made_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
"""The one statement that stores a revision (see change_row for its values)."""


def change_row(revision: Revision, data_json: str | None, *, leaf: bool) -> tuple[Any, ...]:
    """The values of INSERT_CHANGE for a revision."""
    return (
        revision.entity,
        revision.record_id,
        revision.rev,
        revision.gen,
        revision.base_rev,
        json.dumps(sorted(revision.merged)) if revision.merged else "[]",
        json.dumps(list(revision.ancestors)) if revision.ancestors else "[]",
        revision.origin,
        int(revision.deleted),
        int(leaf),
        data_json,
        revision.made_at,
        revision.made_by,
    )


def closed_by(revision: Revision) -> set[str]:
    """The revisions a revision supersedes: its base, what it merged and its ancestors."""
    return {p for p in (revision.base_rev, *revision.merged, *revision.ancestors) if p}


def _insert(db: Database, revision: Revision, data_json: str | None) -> None:
    """Store a revision; whatever it descends from stops being a leaf."""
    superseded = db.execute("SELECT 1 FROM superseded WHERE rev = ?", [revision.rev]).fetchone()
    db.execute(INSERT_CHANGE, list(change_row(revision, data_json, leaf=not superseded)))
    closed = sorted(closed_by(revision))
    if closed:
        db.conn.executemany("INSERT OR IGNORE INTO superseded(rev) VALUES (?)", [(r,) for r in closed])
        placeholders = ",".join("?" * len(closed))
        db.execute(f"UPDATE changes SET leaf = 0 WHERE leaf = 1 AND rev IN ({placeholders})", closed)


def apply_revision(db: Database, revision: Revision) -> str:
    """Merge a revision that came from elsewhere (inside a transaction).

    Returns "unchanged" (already known), "new" (first version of the record here),
    "updated" (head moved) or "conflict" (the record's versions now diverge, see
    ``store.conflicts.diverged``).
    """
    known = db.execute("SELECT data FROM changes WHERE rev = ?", [revision.rev]).fetchone()
    if known is not None:
        # The same edit made on two devices has one id; every database keeps the smallest
        # origin, so they agree on it whatever order the copies arrive in.
        db.execute(
            "UPDATE changes SET origin = ? WHERE rev = ? AND origin > ?",
            [revision.origin, revision.rev, revision.origin],
        )
        return "unchanged"
    before = head(db, revision.entity, revision.record_id)
    data_json = canonical_json(revision.data) if revision.data is not None else None
    _insert(db, revision, data_json)
    refresh_head(db, revision.entity, revision.record_id)  # and the record's conflict row
    if db.execute(
        "SELECT 1 FROM conflicts WHERE entity = ? AND record_id = ?", [revision.entity, revision.record_id]
    ).fetchone():
        return "conflict"
    if before is None:
        return "new"
    return "updated"


def refresh_head(db: Database, entity: str, record_id: str) -> None:
    """Make the entity table show the winning leaf (or nothing when it is deleted, unless records
    shown name it as their parent: ``store.held``), then the same for the parents it names."""
    model = MODEL_BY_TABLE[entity]
    named = entity in held.PARENTS
    before = held.parents_shown(db, entity, record_id) if named else []
    row = db.execute(
        f"SELECT rev, deleted, data FROM changes WHERE entity = ? AND record_id = ? AND leaf = 1 "
        f"ORDER BY {head_order(entity)} LIMIT 1",
        [entity, record_id],
    ).fetchone()
    kept = row is not None and row[1] and held.holds(entity) and held.has_children(db, entity, record_id)
    if row is None or (row[1] and not kept) or row[2] is None:
        db.execute(f"DELETE FROM [{entity}] WHERE id = ?", [record_id])
    else:
        current = db.execute(f"SELECT rev FROM [{entity}] WHERE id = ?", [record_id]).fetchone()
        if current is None or current[0] != row[0]:
            values = data_to_row(model, json.loads(row[2]), row[0])
            columns, upsert = upsert_sql(entity)
            db.execute(upsert, [values.get(c) for c in columns])

    refresh_conflict(db, entity, record_id)
    if named:  # a parent it left, or one it came under, may be held now, or no longer
        after = held.parents_shown(db, entity, record_id)
        if after != before:  # an edit under the same parents (an answer saved) changes no hold
            held.refresh_parents(db, [*before, *after])
