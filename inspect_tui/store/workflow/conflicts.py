"""Resolving a conflict by keeping one of its versions as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.domain.text import STORED
from inspect_tui.i18n import _
from inspect_tui.store.db import StoreError
from inspect_tui.store.records import resolve

if TYPE_CHECKING:
    from sqlite_utils import Database


def keep_version(db: Database, entity: str, data: dict[str, Any]) -> str:
    """Resolve a record's conflict with one version's data: a new revision merging every live version.

    Nothing is deleted; every version stays in the record's history. StoreError for a kind of
    record that does not exist or data that is not a valid record of it (pydantic's message).
    """
    model = MODEL_BY_TABLE.get(entity)
    if model is None:
        raise StoreError(_("no kind of record is called {name}").format(name=repr(entity)))
    record = model.model_validate(data, context=STORED)
    with db.atomic():
        resolve(db, record)
    return record.id
