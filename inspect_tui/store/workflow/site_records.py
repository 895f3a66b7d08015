"""Editing a site, its units and its occupants from a form: the record and what follows from it, at once.

Saving a unit or an occupant changes the figures of the site's open inspections (persons per
bed, area per person), and saving the site its facts (housing type, AKF category, sector, zoning)
that choose the thresholds, so those are re-judged in the same transaction. A couple is a pair:
naming a partner makes the partner point back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store.records import get, resolve, save
from inspect_tui.store.workflow.site_inspections import refresh_site_inspections

if TYPE_CHECKING:
    from sqlite_utils import Database


def _site_of(db: Database, record: Record) -> str | None:
    if isinstance(record, Site):
        return record.id  # its housing type, AKF category, sector, zoning choose the thresholds
    if isinstance(record, Unit):
        return record.site_id
    if isinstance(record, Occupant):
        unit = get(db, Unit, record.unit_id)
        return unit.site_id if unit is not None else None
    return None


def _follow_up(db: Database, record: Record) -> None:
    if isinstance(record, Occupant) and record.couple_with is not None:
        partner = get(db, Occupant, record.couple_with)
        if partner is not None and partner.couple_with != record.id:
            save(db, partner.model_copy(update={"couple_with": record.id}))
    site_id = _site_of(db, record)
    if site_id is not None:
        refresh_site_inspections(db, site_id)


def save_site_record(db: Database, record: Record) -> str:
    """Save a site, unit or occupant from its form, with the partner link and the re-judged inspections."""
    with db.atomic():
        save(db, record)
        _follow_up(db, record)
    return record.id


def resolve_site_record(db: Database, record: Record) -> str:
    """Save an edited site, unit or occupant in conflict as the resolution of every diverged version."""
    with db.atomic():
        resolve(db, record)
        _follow_up(db, record)
    return record.id
