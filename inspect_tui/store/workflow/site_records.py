"""Editing a site, its units and its occupants from a form: the record and what follows from it, at once.

Saving a unit or an occupant changes the figures of the site's open inspections (persons per
bed, area per person), of the site it left too when it moved, and saving the site its facts (housing type, AKF category, sector, zoning)
that choose the thresholds, so those are re-judged in the same transaction. A couple is a pair:
naming a partner makes the partner point back, and a former partner no longer points at either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store.records import get, resolve, save
from inspect_tui.store.workflow.site_inspections import refresh_site_inspections

if TYPE_CHECKING:
    from sqlite_utils import Database


def site_of(db: Database, record: Record) -> str | None:
    """The site whose open inspections a change of this site, unit or occupant re-judges (None for other records)."""
    if isinstance(record, Site):
        return record.id  # its housing type, AKF category, sector, zoning choose the thresholds
    if isinstance(record, Unit):
        return record.site_id
    if isinstance(record, Occupant):
        unit = get(db, Unit, record.unit_id)
        return unit.site_id if unit is not None else None
    return None


def _pair(db: Database, occupant: Occupant, before: Occupant | None) -> None:
    """Keep couples pairs: the named partner points back, and whoever pointed at the occupant or at
    that partner before (a former partner) no longer does, so a later edit of the former partner
    cannot take the partner back (a couple counts as one in a bedroom)."""

    def unlink(former_id: str | None, from_id: str) -> None:
        former = get(db, Occupant, former_id) if former_id is not None else None
        if former is not None and former.couple_with == from_id:
            save(db, former.model_copy(update={"couple_with": None}))

    previous = before.couple_with if before is not None else None
    if previous != occupant.couple_with:
        unlink(previous, occupant.id)
    if occupant.couple_with is None:
        return
    partner = get(db, Occupant, occupant.couple_with)
    if partner is not None and partner.couple_with != occupant.id:
        unlink(partner.couple_with, partner.id)
        save(db, partner.model_copy(update={"couple_with": occupant.id}))


def _follow_up(db: Database, record: Record, before: Record | None) -> None:
    if isinstance(record, Occupant):
        _pair(db, record, before if isinstance(before, Occupant) else None)
    # A unit or person moved to another site changes the figures of both sites.
    sites = {site_of(db, record), site_of(db, before) if before is not None else None}
    for site_id in sorted(s for s in sites if s is not None):
        refresh_site_inspections(db, site_id)


def save_site_record(db: Database, record: Record) -> str:
    """Save a site, unit or occupant from its form, with the partner link and the re-judged inspections."""
    with db.atomic():
        before = get(db, type(record), record.id)
        save(db, record)
        _follow_up(db, record, before)
    return record.id


def resolve_site_record(db: Database, record: Record) -> str:
    """Save an edited site, unit or occupant in conflict as the resolution of every diverged version."""
    with db.atomic():
        before = get(db, type(record), record.id)
        resolve(db, record)
        _follow_up(db, record, before)
    return record.id
