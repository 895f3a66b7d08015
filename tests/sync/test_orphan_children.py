"""A new child under a record removed elsewhere: the removal becomes a conflict, never a refusal or an orphan.

The team lead removes a site (or a unit) that has nothing under it; inspector A, not knowing, adds
a unit to the site (an inspection of it, a person in the unit) without touching the record itself.
Whatever order the two bundles arrive in, every side accepts both, keeps the record in effect beside
its deletion as a conflict the lead resolves, and holds the same data; nothing is left pointing at a
record that is not there, so the database still exports a bundle that a new receiver imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import Inspection, Occupant, Site, Unit
from inspect_tui.store import StoreError, get, open_db, save
from inspect_tui.store import delete as remove
from inspect_tui.store.conflicts import DELETED_FIELD, open_conflicts
from inspect_tui.store.queries import conflict_versions
from inspect_tui.store.stats import record_counts
from inspect_tui.store.trust import pin_roster
from inspect_tui.store.workflow import keep_deletion, keep_version
from inspect_tui.sync import export_bundle
from inspect_tui.sync.importer import import_bundles
from tests.helpers.bundles import full_dump, shared_dump
from tests.sync.test_trust import Team, team

__all__ = ["team"]

Case = tuple[type[Record], Callable[[Site, Unit], Record]]
CASES: dict[str, Case] = {
    "unit-of-removed-site": (Site, lambda site, unit: Unit(site_id=site.id, label="Stacaravan 9", beds=2)),
    "inspection-of-removed-site": (
        Site,
        lambda site, unit: Inspection(
            site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2025, 3, 3)
        ),
    ),
    "person-in-removed-unit": (Unit, lambda site, unit: Occupant(unit_id=unit.id, name="Piotr Zieliński")),
}


def _removed_and_added(team: Team, case: str) -> tuple[Record, Record, Path, Path, Path]:
    """A's site with a unit, held everywhere; the lead removes the site (or the unit), A adds a child."""
    parent_model, child_of = CASES[case]
    site = Site(name="Camping De Berk")
    save(team.a.db, site)
    unit = Unit(site_id=site.id, label="Stacaravan 7", beds=4)
    if parent_model is Unit:
        save(team.a.db, unit)
    first = team.bundle(team.a, "a-1")
    for device in (team.lead, team.b, team.receiver):
        import_bundles(device.db, [first])
    parent: Record = unit if parent_model is Unit else site
    remove(team.lead.db, parent_model, parent.id)
    child = child_of(site, unit)
    save(team.a.db, child)
    return parent, child, first, team.bundle(team.lead, "lead-1"), team.bundle(team.a, "a-2")


def _fresh(team: Team) -> Database:
    """A new receiver holding the team's roster."""
    db = open_db(None)
    with db.atomic():
        pin_roster(db, team.roster.text)
    return db


def _holds_both(db: object, parent: Record, child: Record) -> None:
    assert get(db, type(child), child.id) == child  # type: ignore[arg-type]
    assert get(db, type(parent), parent.id) == parent  # type: ignore[arg-type]  # in effect until the lead decides
    [conflict] = open_conflicts(db)  # type: ignore[arg-type]
    assert (conflict.entity, conflict.record_id, conflict.kind) == (parent.table, parent.id, "hard")
    assert conflict.fields[0] == DELETED_FIELD


@pytest.mark.parametrize("case", sorted(CASES))
def test_both_bundles_import_in_either_order_and_every_side_agrees(team: Team, case: str) -> None:
    parent, child, _first, deletion, addition = _removed_and_added(team, case)
    import_bundles(team.receiver.db, [deletion])
    [receipt] = import_bundles(team.receiver.db, [addition])  # before: refused, "was removed from this database"
    kind = parent.table
    assert receipt.notes == [  # the receipt names the held removal the bundle did not carry
        "1 record removed elsewhere stays, as records in this bundle stand under it: a conflict "
        "a team lead resolves (inspect-tui conflicts)"
    ]
    import_bundles(team.b.db, [addition])
    [receipt] = import_bundles(team.b.db, [deletion])  # before: refused, "removes … while 1 … still belong to it"
    assert receipt.counts[kind].get("conflict") == 1, receipt.counts
    import_bundles(team.lead.db, [addition])
    import_bundles(team.a.db, [deletion])
    for device in (team.receiver, team.b, team.lead, team.a):
        _holds_both(device.db, parent, child)
    dumps = {shared_dump(d.db) for d in (team.receiver, team.b, team.lead, team.a)}
    assert len(dumps) == 1


@pytest.mark.parametrize("order", ["deletion-first", "addition-first"])
def test_both_bundles_in_one_import(team: Team, order: str) -> None:
    parent, child, first, deletion, addition = _removed_and_added(team, "unit-of-removed-site")
    fresh = _fresh(team)
    import_bundles(fresh, [first, *([deletion, addition] if order == "deletion-first" else [addition, deletion])])
    _holds_both(fresh, parent, child)


def test_a_bundle_carrying_the_records_earlier_version_leaves_no_orphan(team: Team) -> None:
    """A's full export carries the site as A made it: before, the lead's import took the unit in under
    a site that stayed removed (counted, shown on no screen), and the lead's own full export was then
    refused by any new receiver ("is removed by this import, but this keeps it")."""
    parent, child, _first, _deletion, _addition = _removed_and_added(team, "unit-of-removed-site")
    out = team.folder / "a-all"
    out.mkdir()
    everything = export_bundle(team.a.db, out, team.a.key, everything=True)
    assert everything is not None
    import_bundles(team.lead.db, [everything.path])
    _holds_both(team.lead.db, parent, child)
    counts = record_counts(team.lead.db)
    assert (counts["sites"], counts["units"]) == (1, 1)
    assert team.lead.db.execute(
        "SELECT COUNT(*) FROM units WHERE site_id NOT IN (SELECT id FROM sites)"
    ).fetchone() == (0,)
    out = team.folder / "lead-all"
    out.mkdir()
    relayed = export_bundle(team.lead.db, out, team.lead.key, everything=True)
    assert relayed is not None
    fresh = _fresh(team)
    import_bundles(fresh, [relayed.path])
    _holds_both(fresh, parent, child)
    assert shared_dump(fresh) == shared_dump(team.lead.db)


def test_the_lead_keeps_the_record_or_the_deletion_once_the_child_is_dealt_with(team: Team) -> None:
    parent, _child, _first, deletion, addition = _removed_and_added(team, "unit-of-removed-site")
    import_bundles(team.lead.db, [addition])
    before = full_dump(team.lead.db)
    with pytest.raises(StoreError, match="1 unit still belongs to it; remove or move it first"):
        keep_deletion(team.lead.db, "sites", parent.id)
    assert full_dump(team.lead.db) == before
    [kept] = conflict_versions(team.lead.db, "sites", parent.id)
    assert kept.deleted and kept.in_effect
    keep_version(team.lead.db, "sites", kept.data)
    assert open_conflicts(team.lead.db) == [] and get(team.lead.db, Site, parent.id) == parent
    import_bundles(team.a.db, [deletion, team.bundle(team.lead, "lead-2")])
    assert open_conflicts(team.a.db) == [] and shared_dump(team.a.db) == shared_dump(team.lead.db)


def test_removing_the_child_lets_the_deletion_stand(team: Team) -> None:
    parent, child, _first, deletion, addition = _removed_and_added(team, "unit-of-removed-site")
    import_bundles(team.lead.db, [addition])
    remove(team.lead.db, Unit, child.id)
    assert get(team.lead.db, Site, parent.id) is None and open_conflicts(team.lead.db) == []
    import_bundles(team.a.db, [deletion, team.bundle(team.lead, "lead-2")])
    assert get(team.a.db, Site, parent.id) is None and open_conflicts(team.a.db) == []
    assert shared_dump(team.a.db) == shared_dump(team.lead.db)


def test_a_database_from_before_holds_the_removal_its_orphan_stands_under(team: Team) -> None:
    """An earlier release took the unit in under the removed site and showed no site: the migration
    shows the site again beside its deletion, a conflict, as an import now leaves it."""
    parent, child, _first, _deletion, addition = _removed_and_added(team, "unit-of-removed-site")
    import_bundles(team.lead.db, [addition])
    held = shared_dump(team.lead.db)
    with team.lead.db.atomic():  # as the earlier release left it: the unit alone, no conflict
        team.lead.db.execute("DELETE FROM sites WHERE id = ?", [parent.id])
        team.lead.db.execute("DELETE FROM conflicts")
        team.lead.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm012_held_removals'")
    assert get(team.lead.db, Site, parent.id) is None and get(team.lead.db, Unit, child.id) is not None
    team.lead.db.close()
    reopened = open_db(team.lead.db_path)
    _holds_both(reopened, parent, child)
    assert shared_dump(reopened) == held
