"""Saving and reading records: every confirmed edit is one transaction with its revision."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlite_utils import Database

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import (
    Answer,
    Attachment,
    Finding,
    Inspection,
    Occupant,
    Review,
    Unit,
)
from inspect_tui.domain.text import STORED
from inspect_tui.i18n import N_, _, ngettext
from inspect_tui.store.codec import row_to_data
from inspect_tui.store.conflicts import diverged, held_removal
from inspect_tui.store.db import StoreError, device_id
from inspect_tui.store.erasure import erase_history, erased_occupant
from inspect_tui.store.held import CHILDREN
from inspect_tui.store.revisions import leaves, record_local_revision
from inspect_tui.store.trust import own_role

R = TypeVar("R", bound=Record)


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One unit of work: all of it is committed, or none of it (nests as savepoints)."""
    with db.atomic():
        yield db


def get(db: Database, model: type[R], record_id: str) -> R | None:
    """The current version of a record, or None."""
    cursor = db.execute(f"SELECT * FROM [{model.table}] WHERE id = ?", [record_id])
    row = cursor.fetchone()
    if row is None:
        return None
    columns = [d[0] for d in cursor.description]
    return model.model_validate(row_to_data(model, dict(zip(columns, row, strict=True))), context=STORED)


def get_rev(db: Database, model: type[Record], record_id: str) -> str | None:
    """The revision id of the record's current version."""
    row = db.execute(f"SELECT rev FROM [{model.table}] WHERE id = ?", [record_id]).fetchone()
    return None if row is None else str(row[0])


def _exists(db: Database, table: str, record_id: str | None) -> bool:
    if record_id is None:
        return True
    return db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [record_id]).fetchone() is not None


def _require(db: Database, table: str, record_id: str | None, what: str) -> None:
    if not _exists(db, table, record_id):
        raise StoreError(_("{what} {id} does not exist").format(what=_(what), id=record_id))


def _editable_inspection(db: Database, inspection_id: str) -> None:
    inspection = get(db, Inspection, inspection_id)
    if inspection is None:
        raise StoreError(_("inspection {id} does not exist").format(id=inspection_id))
    if inspection.locked:
        raise StoreError(
            _("the inspection is {status} and locked; reopen it to change it").format(status=_(inspection.status.value))
        )


def check_references(db: Database, record: Record) -> None:
    """Refuse a local edit that points at records that are not there (or are locked)."""
    if isinstance(record, Unit):
        _require(db, "sites", record.site_id, N_("site"))
        if record.parent_id is not None:
            parent = db.execute("SELECT site_id FROM units WHERE id = ?", [record.parent_id]).fetchone()
            if parent is None or parent[0] != record.site_id:
                raise StoreError(_("parent_id: the enclosing unit must belong to the same site"))
            if _would_cycle(db, record.id, record.parent_id):
                raise StoreError(_("parent_id: a unit cannot be inside one of its own sub-units"))
    elif isinstance(record, Occupant):
        _require(db, "units", record.unit_id, N_("unit"))
        _require(db, "occupants", record.couple_with, N_("partner"))
    elif isinstance(record, Inspection):
        _require(db, "sites", record.site_id, N_("site"))
    elif isinstance(record, Answer | Finding):
        _editable_inspection(db, record.inspection_id)
        if isinstance(record, Finding):
            _deadline_after_start(db, record)
    elif isinstance(record, Attachment):
        _require(db, "findings", record.finding_id, N_("finding"))
        _require(db, "answers", record.answer_id, N_("answer"))
        if db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", [record.sha256]).fetchone() is None:
            raise StoreError(_("the attachment's file is not stored; add the file first"))
    elif isinstance(record, Review):
        _require(db, "inspections", record.inspection_id, N_("inspection"))


def _deadline_after_start(db: Database, finding: Finding) -> None:
    row = db.execute("SELECT started_at FROM inspections WHERE id = ?", [finding.inspection_id]).fetchone()
    started = dt.datetime.fromisoformat(str(row[0])).date() if row and row[0] else None
    if started is not None and finding.deadline < started:
        if finding.origin_id is not None:  # carried over: it keeps the earlier finding's deadline
            origin = db.execute("SELECT deadline FROM findings WHERE id = ?", [finding.origin_id]).fetchone()
            if origin and origin[0] == finding.deadline.isoformat():
                return
        raise StoreError(
            _("deadline: {deadline} is before the inspection started ({started})").format(
                deadline=finding.deadline.isoformat(), started=started.isoformat()
            )
        )


def _would_cycle(db: Database, unit_id: str, parent_id: str) -> bool:
    seen = {unit_id}
    current: str | None = parent_id
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        row = db.execute("SELECT parent_id FROM units WHERE id = ?", [current]).fetchone()
        current = row[0] if row else None
    return False


def save(db: Database, record: Record) -> str | None:
    """Save a confirmed edit at once: the record and its change-log row, one transaction.

    Returns the new revision id, or None when the record was unchanged.
    """
    with db.atomic():
        check_references(db, record)
        return record_local_revision(db, record, device_id(db))


def delete(db: Database, model: type[Record], record_id: str) -> str | None:
    """Remove a record (a deletion revision is kept, so nothing is lost)."""
    with db.atomic():
        record = get(db, model, record_id)
        if record is None:
            return None
        return _write_deletion(db, record)


def _write_deletion(db: Database, record: Record, merged: tuple[str, ...] = ()) -> str | None:
    _refuse_if_referenced(db, record)
    if isinstance(record, Occupant):  # removing a person erases their personal data (AVG art. 17)
        rev = record_local_revision(db, erased_occupant(record), device_id(db), deleted=True, merged=merged)
        erase_history(db, [record.id])
        return rev
    return record_local_revision(db, record, device_id(db), deleted=True, merged=merged)


def _refuse_if_referenced(db: Database, record: Record) -> None:
    from inspect_tui.i18n.counts import kind_count

    for table, column in CHILDREN.get(record.table, ()):
        count = int(db.execute(f"SELECT COUNT(*) FROM [{table}] WHERE [{column}] = ?", [record.id]).fetchone()[0])
        if count:
            raise StoreError(
                ngettext(
                    "cannot remove it: {records} still belongs to it; remove or move it first",
                    "cannot remove it: {records} still belong to it; remove or move them first",
                    count,
                ).format(records=kind_count(table, count))
            )
    if isinstance(record, Answer | Finding):
        _editable_inspection(db, record.inspection_id)


def resolve(db: Database, record: Record) -> str | None:
    """Resolve a conflict: record becomes the new head, merging every other leaf (deletions too)."""
    with db.atomic():
        merged = _other_leaves(db, record.table, record.id)
        return record_local_revision(db, record, device_id(db), merged=merged, resolution=True)


def resolve_by_deleting(db: Database, model: type[Record], record_id: str) -> str | None:
    """Resolve a conflict between a deletion and an edit by keeping the deletion.

    The new deletion merges every leaf, so the edit stays in the history; refused as a deletion
    would be while other records still belong to this one.
    """
    with db.atomic():
        merged = _other_leaves(db, model.table, record_id)
        record = get(db, model, record_id)  # the version in effect: a live leaf
        if record is None:
            raise StoreError(_("this record has no open conflict"))
        return _write_deletion(db, record, merged)


def _other_leaves(db: Database, entity: str, record_id: str) -> tuple[str, ...]:
    """The leaves a resolution merges besides the head it is based on; refused without a conflict,
    and on a laptop the roster names an inspector's (a lead's import would refuse the whole bundle
    carrying the resolution)."""
    every = leaves(db, entity, record_id, deleted=True)
    live = sum(1 for leaf in every if not leaf["deleted"])
    if not diverged(live, len(every), entity) and not held_removal(
        db, entity, record_id, len(every), len(every) - live
    ):
        raise StoreError(_("this record has no open conflict"))
    if own_role(db) == "inspector":
        raise StoreError(
            _("only a team lead resolves conflicts; the lead's decision reaches this laptop with the next bundle")
        )
    return tuple(str(leaf["rev"]) for leaf in every[1:])


def history(db: Database, model: type[Record], record_id: str) -> list[dict[str, Any]]:
    """Every stored version of a record, oldest first."""
    rows = db.execute(
        "SELECT seq, rev, base_rev, merged, origin, deleted, leaf, data FROM changes "
        "WHERE entity = ? AND record_id = ? ORDER BY seq",
        [model.table, record_id],
    ).fetchall()
    return [
        {
            "seq": r[0],
            "rev": r[1],
            "base_rev": r[2],
            "merged": json.loads(r[3]),
            "origin": r[4],
            "deleted": bool(r[5]),
            "leaf": bool(r[6]),
            "data": json.loads(r[7]) if r[7] else None,
        }
        for r in rows
    ]
