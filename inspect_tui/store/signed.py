"""The snapshot an inspection is signed with, and reading a locked inspection from it."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.domain.models import Inspection, Site
from inspect_tui.domain.norms import SiteContext
from inspect_tui.domain.signed import FrozenFigure, FrozenOccupant, FrozenUnit, SignedFreeze
from inspect_tui.store.occupancy import UnitOccupancy, occupancy
from inspect_tui.store.records import get
from inspect_tui.store.workflow import measurement_sources, site_context, templates_of


def freeze_of(db: Database, inspection: Inspection) -> SignedFreeze:
    """What the inspection's verdicts use today: taken when it is signed."""
    site = get(db, Site, inspection.site_id)
    units = [
        FrozenUnit(
            unit_id=u.unit_id,
            label=u.label[:100],
            kind=u.kind,
            parent_id=u.parent_id,
            persons=u.persons,
            own_persons=u.own_persons,
            beds=u.beds,
            registered=u.registered,
            floor_area_m2=u.floor_area_m2,
            couples_only=u.couples_only,
            toilets=u.toilets,
            showers=u.showers,
            flags=list(u.flags),
        )
        for u in occupancy(db, inspection.site_id)
    ]
    figures = [FrozenFigure(key=k, value=v, source=s) for k, (v, s) in measurement_sources(db, inspection).items()]
    context = site_context(db, inspection)
    return SignedFreeze(
        units=units,
        figures=figures,
        context=context,
        sector=site.sector.value if site is not None else "other",
        rule_versions={t.id: t.version for t in templates_of(inspection)},
        signed_on=context.on_date,
        occupants=occupants_found(db, inspection.site_id),
    )


def occupants_found(db: Database, site_id: str) -> list[FrozenOccupant]:
    """The persons recorded at the site now: who, in which unit, registered how (for the snapshot)."""
    rows = db.execute(
        "SELECT o.id, o.unit_id, o.brp_status FROM occupants o JOIN units u ON u.id = o.unit_id "
        "WHERE u.site_id = ? ORDER BY o.id",
        [site_id],
    ).fetchall()
    return [FrozenOccupant(occupant_id=i, unit_id=u, brp_status=b or "unknown") for i, u, b in rows]


def signed_freeze(inspection: Inspection) -> SignedFreeze | None:
    """The snapshot to read a completed or approved inspection from; None for a draft."""
    return inspection.frozen if inspection.locked else None


def frozen_units(freeze: SignedFreeze) -> list[UnitOccupancy]:
    """The signed occupancy in the shape ``occupancy()`` gives today's."""
    return [
        UnitOccupancy(
            unit_id=u.unit_id,
            label=u.label,
            kind=u.kind,
            parent_id=u.parent_id,
            persons=u.persons,
            beds=u.beds,
            registered=u.registered,
            floor_area_m2=u.floor_area_m2,
            couples_only=u.couples_only,
            flags=tuple(u.flags),
            own_persons=u.own_persons,
            toilets=u.toilets,
            showers=u.showers,
        )
        for u in freeze.units
    ]


def units_for(db: Database, inspection: Inspection) -> list[UnitOccupancy]:
    """Occupancy as signed for a locked inspection with a snapshot, else today's."""
    freeze = signed_freeze(inspection)
    return frozen_units(freeze) if freeze is not None else occupancy(db, inspection.site_id)


def sources_for(db: Database, inspection: Inspection) -> dict[str, tuple[float, str]]:
    """Figures as signed for a locked inspection with a snapshot, else today's."""
    freeze = signed_freeze(inspection)
    return freeze.sources() if freeze is not None else measurement_sources(db, inspection)


def context_for(db: Database, inspection: Inspection) -> SiteContext:
    """Site context as signed for a locked inspection with a snapshot, else today's."""
    freeze = signed_freeze(inspection)
    return freeze.context if freeze is not None else site_context(db, inspection)
