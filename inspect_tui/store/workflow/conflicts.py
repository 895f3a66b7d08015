"""Resolving a conflict by keeping one of its versions as it is, a deletion too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.domain.text import STORED
from inspect_tui.i18n import _
from inspect_tui.store.db import StoreError
from inspect_tui.store.records import resolve, resolve_by_deleting

if TYPE_CHECKING:
    from sqlite_utils import Database

    from inspect_tui.domain.base import Record


def keep_version(db: Database, entity: str, data: dict[str, Any]) -> str:
    """Resolve a record's conflict with one version's data: a new revision merging every version.

    Every version stays in the record's history; a deletion among them is undone. StoreError for
    a kind of record that does not exist or data that is not a valid record of it (pydantic's
    message).
    """
    record = _model(entity).model_validate(data, context=STORED)
    with db.atomic():
        resolve(db, record)
    return record.id


def keep_deletion(db: Database, entity: str, record_id: str) -> str:
    """Resolve a conflict between a deletion and an edit by keeping the deletion.

    The record is removed again by a deletion that merges every version; the edit stays in the
    history. StoreError when the record has no open conflict or other records still belong to it.
    """
    resolve_by_deleting(db, _model(entity), record_id)
    return record_id


def _model(entity: str) -> type[Record]:
    model = MODEL_BY_TABLE.get(entity)
    if model is None:
        raise StoreError(_("no kind of record is called {name}").format(name=repr(entity)))
    return model
