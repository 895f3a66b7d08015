"""A signed inspection's occupant list is the persons it was signed with, not today's residents.

The Pension De Zwaluw inspection of ``sample.db`` is completed. Afterwards one person is removed
(an erasure), another's BRP registration changes and a newcomer moves in. Its report, printed
again, lists the persons found then, each with the registration signed; a removed person reads
"(erased)". A draft of the same site lists today's residents. The share of the central system
counts from the same snapshot (tests/central/test_share_signed_occupancy.py).
"""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from inspect_tui.domain.enums import BrpStatus, InspectionStatus
from inspect_tui.domain.models import Inspection, Occupant
from inspect_tui.reports import build_report
from inspect_tui.store import delete, get, save
from inspect_tui.store import signed as signed_module
from inspect_tui.store import workflow as wf

PENSION = "8ce71065-2229-4985-9b2b-92342632f0e5"


def _listed(db: Database, inspection_id: str, lang: str = "en") -> tuple[bool, list[tuple[str, str, str]]]:
    report = build_report(db, inspection_id, lang=lang, with_occupants=True)
    assert report.occupants is not None
    return report.occupants_as_signed, [(o.unit, o.name, o.registration) for o in report.occupants]


def _people(db: Database, site_id: str) -> list[Occupant]:
    rows = db.execute(
        "SELECT o.id FROM occupants o JOIN units u ON u.id = o.unit_id WHERE u.site_id = ? ORDER BY o.name", [site_id]
    ).fetchall()
    found = [get(db, Occupant, r[0]) for r in rows]
    return [p for p in found if p is not None]


def _move(db: Database, site_id: str) -> tuple[Occupant, Occupant, Occupant]:
    """Remove the first person, register the second in the BRP, and let a newcomer in."""
    first, second, *_ = _people(db, site_id)
    delete(db, Occupant, first.id)
    save(db, second.model_copy(update={"brp_status": BrpStatus.INGEZETENE}))
    newcomer = Occupant(unit_id=second.unit_id, name="Zofia Nowicka", brp_status=BrpStatus.RNI)
    save(db, newcomer)
    return first, second, newcomer


def test_a_signed_report_lists_the_persons_it_was_signed_with(sample: Database) -> None:
    inspection = get(sample, Inspection, PENSION)
    assert inspection is not None and inspection.locked
    as_signed, before = _listed(sample, PENSION)
    assert as_signed and len(before) == 10
    first, second, newcomer = _move(sample, inspection.site_id)
    as_signed, after = _listed(sample, PENSION)
    assert as_signed and len(after) == 10 and newcomer.name not in {name for _, name, _ in after}
    erased = [row for row in before if row[1] == first.name]
    assert [(u, "(erased)", r) for u, _, r in erased] == [row for row in after if row[1] == "(erased)"]
    assert [row for row in before if row[1] == second.name] == [row for row in after if row[1] == second.name]
    assert second.brp_status != BrpStatus.INGEZETENE  # the registration signed, not today's
    _, dutch = _listed(sample, PENSION, lang="nl")
    assert sum(name == "(gewist)" for _, name, _ in dutch) == 1


def test_a_draft_lists_todays_residents(sample: Database) -> None:
    inspection = get(sample, Inspection, PENSION)
    assert inspection is not None
    first, second, newcomer = _move(sample, inspection.site_id)
    draft = wf.start_inspection(sample, inspection.site_id, ["snf"], "J. de Vries")
    as_signed, rows = _listed(sample, draft.id)
    names = {name for _, name, _ in rows}
    assert not as_signed and len(rows) == 10 and newcomer.name in names and first.name not in names
    assert {r for _, name, r in rows if name == second.name} == {"ingezetene"}


def test_an_inspection_signed_before_persons_were_kept_lists_todays_residents(
    sample: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection = get(sample, Inspection, PENSION)
    assert inspection is not None and inspection.frozen is not None
    monkeypatch.setattr(signed_module, "occupants_found", lambda db, site_id: None)
    draft = wf.start_inspection(sample, inspection.site_id, ["snf"], "J. de Vries")
    frozen = signed_module.freeze_of(sample, draft)
    assert frozen.occupants is None
    save(
        sample,
        draft.model_copy(update={"status": InspectionStatus.COMPLETED, "signed_by": "J. de Vries", "frozen": frozen}),
    )
    _, _, newcomer = _move(sample, inspection.site_id)
    as_signed, rows = _listed(sample, draft.id)
    assert not as_signed and newcomer.name in {name for _, name, _ in rows}
