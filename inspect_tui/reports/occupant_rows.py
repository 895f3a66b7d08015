"""The occupant list of a report: the persons found on site, as signed for a signed inspection.

A completed or approved inspection lists the persons its snapshot names (who, in which unit,
registered how when it was signed), not today's residents: a report printed a month later, after
people moved out and others in, shows what was signed. Names, BSNs and nationalities come from each
person's record (a person removed since reads "(erased)": the removal erased their data). A draft,
and an inspection signed before persons were kept, lists today's residents.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from inspect_tui.domain.enums import BrpStatus
from inspect_tui.domain.identifiers import mask_bsn
from inspect_tui.domain.models import Occupant
from inspect_tui.domain.signed import FrozenOccupant, SignedFreeze
from inspect_tui.domain.text import STORED, shown_record
from inspect_tui.i18n import _
from inspect_tui.reports.model import ReportOccupant
from inspect_tui.store.codec import row_to_data
from inspect_tui.store.erasure import ERASED_NAME

_CHUNK = 500


def occupant_rows(
    db: Database, site_id: str, unit_labels: dict[str, str], freeze: SignedFreeze | None
) -> tuple[tuple[ReportOccupant, ...], bool]:
    """Persons per unit with a masked BSN, and whether they are the ones signed for.

    Contact details and dates of birth stay out.
    """
    if freeze is not None and freeze.occupants is not None:
        found = _people(db, [o.occupant_id for o in freeze.occupants])
        return _in_order([(o, found.get(o.occupant_id)) for o in freeze.occupants], unit_labels), True
    cursor = db.execute("SELECT o.* FROM occupants o JOIN units u ON u.id = o.unit_id WHERE u.site_id = ?", [site_id])
    columns = [d[0] for d in cursor.description]
    people = [_person(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]
    today: list[tuple[FrozenOccupant, Occupant | None]] = [
        (FrozenOccupant(occupant_id=p.id, unit_id=p.unit_id, brp_status=p.brp_status), p) for p in people
    ]
    return _in_order(today, unit_labels), False


def _person(row: dict[str, Any]) -> Occupant:
    return shown_record(Occupant.model_validate(row_to_data(Occupant, row), context=STORED))


def _people(db: Database, ids: list[str]) -> dict[str, Occupant]:
    """These persons as recorded here now, or, for one removed since, as their last version (erased)."""
    found: dict[str, Occupant] = {}
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(part))
        cursor = db.execute(f"SELECT * FROM occupants WHERE id IN ({marks})", part)
        columns = [d[0] for d in cursor.description]
        for row in cursor.fetchall():
            person = _person(dict(zip(columns, row, strict=True)))
            found[person.id] = person
    for record_id in (i for i in ids if i not in found):
        last = db.execute(
            "SELECT data FROM changes WHERE entity = 'occupants' AND record_id = ? AND data IS NOT NULL "
            "ORDER BY gen DESC, rev DESC LIMIT 1",
            [record_id],
        ).fetchone()
        if last is not None:
            found[record_id] = shown_record(Occupant.model_validate(json.loads(last[0]), context=STORED))
    return found


def _row(person: Occupant | None, signed: FrozenOccupant, unit_labels: dict[str, str]) -> ReportOccupant:
    """One person's line: the unit and registration as signed, the rest from their record."""
    if person is None:  # never held here (a bundle that carried the inspection but not this person)
        name, bsn, nationality = _("(unknown)"), "", ""
    else:
        sealed = person.sealed or {}
        name = _("(erased)") if person.name == ERASED_NAME else person.name
        bsn = _("encrypted") if "bsn" in sealed else mask_bsn(person.bsn)
        nationality = person.nationality or ""
    return ReportOccupant(
        unit=unit_labels.get(signed.unit_id, ""),
        name=name,
        bsn=bsn,
        nationality=nationality,
        registration=BrpStatus(signed.brp_status).value,
    )


def _in_order(
    people: list[tuple[FrozenOccupant, Occupant | None]], unit_labels: dict[str, str]
) -> tuple[ReportOccupant, ...]:
    """One line per person: by unit as the report lists them, then name, then id."""
    order = {unit_id: index for index, unit_id in enumerate(unit_labels)}
    rows = [(signed, _row(person, signed, unit_labels)) for signed, person in people]
    rows.sort(key=lambda r: (order.get(r[0].unit_id, len(order)), r[1].name.casefold(), r[0].occupant_id))
    return tuple(row for _signed, row in rows)
