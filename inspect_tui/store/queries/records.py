"""Single records as the editors and dialogs read them."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from inspect_tui.domain.base import Record
from inspect_tui.store.records import get

if TYPE_CHECKING:
    from sqlite_utils import Database

R = TypeVar("R", bound=Record)


def current(db: Database, model: type[R], record_id: str) -> R | None:
    """The current version of a record (a site, unit, occupant, inspection…), or None when it is gone."""
    return get(db, model, record_id)


def possible_partners(db: Database, unit_id: str, occupant_id: str | None = None) -> list[tuple[str, str]]:
    """(name, id) of the other occupants of a unit, by name: whom an occupant may share a bedroom with."""
    rows = db.execute(
        "SELECT id, name FROM occupants WHERE unit_id = ? AND id != ? ORDER BY name",
        [unit_id, occupant_id or ""],
    ).fetchall()
    return [(str(name), str(oid)) for oid, name in rows]
