"""The occupancy table of a share: each unit's persons found and registered as the site's latest signed
inspection recorded them, read from its snapshot (``Inspection.frozen``)."""

from __future__ import annotations

from typing import Any

SIGNED_OCCUPANCY = (
    "LEFT JOIN LATERAL (SELECT i.id AS inspection_id, i.frozen::jsonb AS frozen FROM inspections i "
    "WHERE i.site_id = u.site_id AND substr(i.started_at, 1, 10) >= %s AND substr(i.started_at, 1, 10) <= %s "
    "AND i.status = ANY(%s) ORDER BY i.started_at DESC, i.id DESC LIMIT 1) latest ON TRUE "
    "LEFT JOIN LATERAL (SELECT unit FROM jsonb_array_elements(latest.frozen -> 'units') unit "
    "WHERE unit->>'unit_id' = u.id LIMIT 1) signed ON TRUE "
)
"""The site's latest signed inspection in the share's period (``latest``) and unit u as it was
signed with (``signed``: its entry in the occupancy snapshot, ``Inspection.frozen``), read as the
app reads a signed inspection (``store.signed.units_for``: today's occupants only for one signed
before inspections kept that snapshot). An occupant has no link to an inspection, so today's
occupants table, with the people a draft or a returned inspection added, cannot say this; the
snapshot's persons (``frozen.occupants``) say who was found and how each was registered."""

PERSONS_FOUND = (
    "CASE WHEN latest.inspection_id IS NULL THEN NULL "
    "WHEN latest.frozen IS NULL THEN (SELECT COUNT(*) FROM occupants o WHERE o.unit_id = u.id) "
    "ELSE (signed.unit->>'own_persons')::bigint END"
)
"""Persons found in unit u itself as the latest signed inspection recorded them (``with_units_inside``
adds those of the units inside it); NULL when no signed inspection recorded the unit (none of the
site, or the unit added after it was signed)."""

PARENT_UNIT = "CASE WHEN signed.unit IS NOT NULL THEN signed.unit->>'parent_id' ELSE u.parent_id END"
"""The unit u was inside when signed (today's parent for a unit no snapshot holds)."""

FOUND_COUNTS = ("persons_found", "found_not_in_brp", "found_rni")
"""The occupancy counts that include the persons of the units inside a unit (``with_units_inside``)."""


def with_units_inside(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each unit's found counts with those of the units inside it, as the app counts a unit's persons
    and as its register check compared them with ``registered_persons`` (a building registered for
    4 with two bedrooms of 2: found 4, not 0); a unit no signed inspection recorded stays empty."""
    children: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("parent_unit"):
            children.setdefault(str(row["parent_unit"]), []).append(row)

    def total(row: dict[str, Any], field: str, seen: frozenset[str]) -> int:
        inner = [c for c in children.get(str(row["unit_id"]), []) if str(c["unit_id"]) not in seen]
        own = row.get(field) or 0
        return int(own) + sum(total(c, field, seen | {str(row["unit_id"])}) for c in inner)

    counted = [
        {**row, **{f: total(row, f, frozenset()) for f in FOUND_COUNTS}}
        if row.get("persons_found") is not None
        else row
        for row in rows
    ]
    return counted


REGISTERED_PERSONS = (
    "CASE WHEN signed.unit IS NOT NULL THEN (signed.unit->>'registered')::bigint ELSE u.registered_persons END"
)
"""Persons registered at unit u as the inspection that found the persons above was signed with
(what its register check compared), so both figures of a row are of one moment; today's
registration for a unit no snapshot holds."""


def found_registered(status: str) -> str:
    """Persons found in unit u registered so (a ``BrpStatus`` value) as the latest signed inspection
    recorded them: from its snapshot's persons, today's occupants only for an inspection signed
    before snapshots kept persons; NULL where ``PERSONS_FOUND`` is."""
    assert status in ("not_registered", "rni", "ingezetene", "unknown")  # a literal of this module, never input
    return (
        f"CASE WHEN {PERSONS_FOUND} IS NULL THEN NULL "
        "WHEN jsonb_typeof(latest.frozen -> 'occupants') = 'array' THEN (SELECT COUNT(*) FROM "
        "jsonb_array_elements(latest.frozen -> 'occupants') person WHERE person->>'unit_id' = u.id "
        f"AND person->>'brp_status' = '{status}') "
        f"ELSE (SELECT COUNT(*) FROM occupants o WHERE o.unit_id = u.id AND o.brp_status = '{status}') END"
    )
