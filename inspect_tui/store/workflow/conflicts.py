"""Resolving a conflict by keeping one of its versions as it is, a deletion too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from inspect_tui.domain.models import MODEL_BY_TABLE, Occupant, Site, Unit
from inspect_tui.domain.text import STORED
from inspect_tui.i18n import _
from inspect_tui.store.db import StoreError
from inspect_tui.store.records import get, resolve, resolve_by_deleting
from inspect_tui.store.workflow.site_inspections import refresh_site_inspections
from inspect_tui.store.workflow.site_records import resolve_site_record, site_of

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
    if isinstance(record, Site | Unit | Occupant):  # the partner link and the open inspections follow
        return resolve_site_record(db, record)
    with db.atomic():
        resolve(db, record)
    return record.id


def keep_deletion(db: Database, entity: str, record_id: str) -> str:
    """Resolve a conflict between a deletion and an edit by keeping the deletion.

    The record is removed again by a deletion that merges every version; the edit stays in the
    history. StoreError when the record has no open conflict or other records still belong to it.
    """
    model = _model(entity)
    with db.atomic():
        record = get(db, model, record_id)
        site_id = site_of(db, record) if record is not None else None
        resolve_by_deleting(db, model, record_id)
        if site_id is not None:  # a unit gone changes the figures its site's open inspections judge
            refresh_site_inspections(db, site_id)
    return record_id


def _model(entity: str) -> type[Record]:
    model = MODEL_BY_TABLE.get(entity)
    if model is None:
        raise StoreError(_("no kind of record is called {name}").format(name=repr(entity)))
    return model
