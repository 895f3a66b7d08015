"""A deletion and an edit that did not see it are a conflict a person resolves, never a silent win.

Inspector A records a site with a unit; the team lead, holding A's bundle, removes the unit (a
duplicate, say) while A, offline, changes it. Before, the lead's import let A's live version win
and said nothing: the lead's deletion was undone unseen. Now both sides hold the same conflict,
the edit stays in effect until the lead keeps one of them, and keeping either travels back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import StoreError, delete, get, open_db, save
from inspect_tui.store.conflicts import DELETED_FIELD, open_conflicts, refresh_deletion_conflicts
from inspect_tui.store.queries import conflict_versions
from inspect_tui.store.records import history
from inspect_tui.store.workflow import keep_deletion, keep_version
from inspect_tui.sync.importer import import_bundles
from tests.helpers.bundles import BSNS, full_dump, run, shared_dump
from tests.sync.test_trust import Team, team

__all__ = ["team"]


def _unit_everywhere(team: Team) -> Unit:
    """A's site and unit, held by the lead and the receiver too."""
    site = Site(name="Camping De Berk")
    save(team.a.db, site)
    unit = Unit(site_id=site.id, label="Stacaravan 7", beds=4)
    save(team.a.db, unit)
    first = team.bundle(team.a, "a-1")
    import_bundles(team.lead.db, [first])
    import_bundles(team.receiver.db, [first])
    return unit


def _deleted_and_edited(team: Team) -> tuple[Unit, Path, Path]:
    """The lead removes the unit; A, not knowing, gives it six beds. Returns both bundles."""
    unit = _unit_everywhere(team)
    delete(team.lead.db, Unit, unit.id)
    save(team.a.db, unit.model_copy(update={"beds": 6}))
    return unit, team.bundle(team.lead, "lead-1"), team.bundle(team.a, "a-2")


def test_an_edit_that_did_not_see_the_deletion_is_a_conflict_and_stays_in_effect(team: Team) -> None:
    unit, _, edit = _deleted_and_edited(team)
    [receipt] = import_bundles(team.lead.db, [edit])
    assert receipt.counts["units"]["conflict"] == 1
    [conflict] = open_conflicts(team.lead.db)
    assert (conflict.entity, conflict.record_id, conflict.kind) == ("units", unit.id, "hard")
    assert conflict.fields == [DELETED_FIELD, "beds"]
    held = get(team.lead.db, Unit, unit.id)
    assert held is not None and held.beds == 6  # nothing lost: the edit shows until someone decides
    versions = conflict_versions(team.lead.db, "units", unit.id)
    assert sorted((v.deleted, v.in_effect, v.data["beds"]) for v in versions) == [(False, True, 6), (True, False, 4)]


def test_every_side_holds_the_same_conflict_whatever_the_order(team: Team) -> None:
    _, deletion, edit = _deleted_and_edited(team)
    import_bundles(team.lead.db, [edit])
    import_bundles(team.a.db, [deletion])  # the inspector learns of the deletion after its edit
    import_bundles(team.receiver.db, [edit])
    import_bundles(team.receiver.db, [deletion])
    conflicts = [open_conflicts(d.db) for d in (team.lead, team.a, team.receiver)]
    assert len(conflicts[0]) == 1 and conflicts[0] == conflicts[1] == conflicts[2]
    assert shared_dump(team.lead.db) == shared_dump(team.a.db) == shared_dump(team.receiver.db)


def test_keeping_the_deletion_removes_the_record_everywhere_and_keeps_the_edit_in_the_history(team: Team) -> None:
    unit, deletion, edit = _deleted_and_edited(team)
    import_bundles(team.lead.db, [edit])
    keep_deletion(team.lead.db, "units", unit.id)
    assert get(team.lead.db, Unit, unit.id) is None and open_conflicts(team.lead.db) == []
    kept = history(team.lead.db, Unit, unit.id)
    # made, deleted, edited elsewhere, and removed again as it stood (the edit)
    assert [v["data"]["beds"] for v in kept if v["data"]] == [4, 4, 6, 6]
    assert kept[-1]["deleted"] and len(kept[-1]["merged"]) == 1
    import_bundles(team.a.db, [deletion, team.bundle(team.lead, "lead-2")])  # the lead's resolution reaches A
    assert get(team.a.db, Unit, unit.id) is None and open_conflicts(team.a.db) == []
    assert shared_dump(team.a.db) == shared_dump(team.lead.db)


def test_keeping_the_edit_brings_the_record_back_everywhere(team: Team) -> None:
    unit, deletion, edit = _deleted_and_edited(team)
    import_bundles(team.lead.db, [edit])
    version = next(v for v in conflict_versions(team.lead.db, "units", unit.id) if not v.deleted)
    keep_version(team.lead.db, "units", version.data)
    held = get(team.lead.db, Unit, unit.id)
    assert held is not None and held.beds == 6 and open_conflicts(team.lead.db) == []
    import_bundles(team.a.db, [deletion, team.bundle(team.lead, "lead-2")])
    held = get(team.a.db, Unit, unit.id)
    assert held is not None and held.beds == 6 and open_conflicts(team.a.db) == []


def test_two_deletions_agree(team: Team) -> None:
    unit = _unit_everywhere(team)
    delete(team.lead.db, Unit, unit.id)
    delete(team.a.db, Unit, unit.id)
    [receipt] = import_bundles(team.lead.db, [team.bundle(team.a, "a-2")])
    assert receipt.counts["units"]["conflict"] == 0
    assert open_conflicts(team.lead.db) == [] and get(team.lead.db, Unit, unit.id) is None


def test_the_deletion_is_not_kept_while_the_edit_put_people_in_the_unit(team: Team) -> None:
    unit = _unit_everywhere(team)
    delete(team.lead.db, Unit, unit.id)
    save(team.a.db, unit.model_copy(update={"beds": 6}))
    save(team.a.db, Occupant(unit_id=unit.id, name="Piotr Zieliński"))
    import_bundles(team.lead.db, [team.bundle(team.a, "a-2")])
    before = full_dump(team.lead.db)
    with pytest.raises(StoreError, match="1 occupant still belongs to it; remove or move it first"):
        keep_deletion(team.lead.db, "units", unit.id)
    assert full_dump(team.lead.db) == before


def test_a_persons_removal_beside_an_edit_wins_everywhere_and_stays_erased(team: Team) -> None:
    """Removing a person erases them (AVG art. 17), and an erasure always wins: an edit made without
    seeing it is no conflict, leaves no "(erased)" person in the unit, and carries nothing back."""
    unit = _unit_everywhere(team)
    person = Occupant(unit_id=unit.id, name="Piotr Zieliński", bsn=BSNS[0], phone="+48 600 100 200")
    save(team.a.db, person)
    import_bundles(team.lead.db, [team.bundle(team.a, "a-2")])
    delete(team.lead.db, Occupant, person.id)
    save(team.a.db, person.model_copy(update={"phone": "+48 600 999 888"}))
    [receipt] = import_bundles(team.lead.db, [team.bundle(team.a, "a-3")])
    assert receipt.counts["occupants"]["conflict"] == 0
    import_bundles(team.a.db, [team.bundle(team.lead, "lead-1")])  # the inspector's own edit meets it
    for device in (team.lead, team.a):
        assert open_conflicts(device.db) == [] and get(device.db, Occupant, person.id) is None
        assert device.db.execute("SELECT COUNT(*) FROM occupants WHERE unit_id = ?", [unit.id]).fetchone() == (0,)
        stored = " ".join(str(r[0]) for r in device.db.execute("SELECT data FROM changes WHERE entity = 'occupants'"))
        assert BSNS[0] not in stored and "600 999 888" not in stored and "Zieli" not in stored
    assert shared_dump(team.a.db) == shared_dump(team.lead.db)


def test_resolving_a_record_without_a_conflict_is_refused(team: Team) -> None:
    unit = _unit_everywhere(team)
    before = full_dump(team.lead.db)
    with pytest.raises(StoreError, match="this record has no open conflict"):
        keep_deletion(team.lead.db, "units", unit.id)
    assert full_dump(team.lead.db) == before


def test_a_database_from_before_gets_the_conflicts_it_already_holds(team: Team) -> None:
    unit, _, edit = _deleted_and_edited(team)
    import_bundles(team.lead.db, [edit])
    [conflict] = open_conflicts(team.lead.db)
    with team.lead.db.atomic():  # as an earlier release left it: no conflict, migration not run
        team.lead.db.execute("DELETE FROM conflicts")
        team.lead.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_deletion_conflicts'")
    team.lead.db.close()
    reopened = open_db(team.lead.db_path)
    assert open_conflicts(reopened) == [conflict] and conflict.record_id == unit.id
    with reopened.atomic():
        assert refresh_deletion_conflicts(reopened) == 1  # the migration's step: the same row again
    assert open_conflicts(reopened) == [conflict]


def test_the_conflicts_command_names_the_deletion(team: Team) -> None:
    unit, _, edit = _deleted_and_edited(team)
    import_bundles(team.lead.db, [edit])
    code, out = run(CliRunner(), "--db", str(team.lead.db_path), "conflicts")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"units        {unit.id[:8]}  hard  Stacaravan 7  fields: deleted, beds")
    assert sum(line.endswith(" · deleted") for line in lines[1:]) == 1
    assert sum(line.endswith(" · in effect now") for line in lines[1:]) == 1


def test_an_inspector_is_told_the_lead_resolves_and_its_next_bundle_still_imports(team: Team) -> None:
    """A resolution by an inspector's laptop would have the lead refuse its whole next bundle (only a
    lead writes a revision with several parents): the laptop refuses it at once, saying why."""
    unit, deletion, edit = _deleted_and_edited(team)
    import_bundles(team.a.db, [deletion])
    [conflict] = open_conflicts(team.a.db)
    version = next(v for v in conflict_versions(team.a.db, "units", unit.id) if not v.deleted)
    before = full_dump(team.a.db)
    for attempt in (
        lambda: keep_deletion(team.a.db, "units", unit.id),
        lambda: keep_version(team.a.db, "units", version.data),
    ):
        with pytest.raises(StoreError, match="only a team lead resolves conflicts; the lead's decision reaches"):
            attempt()
    assert full_dump(team.a.db) == before
    save(team.a.db, Site(name="Camping Het Veen"))
    import_bundles(team.lead.db, [edit, team.bundle(team.a, "a-3")])
    assert [c.record_id for c in open_conflicts(team.lead.db)] == [conflict.record_id]


def test_a_database_from_before_no_longer_shows_an_erased_person_beside_the_erasure(team: Team) -> None:
    """An earlier release showed the edit of a removed person: an "(erased)" person counted in the unit."""
    from inspect_tui.store.codec import data_to_row, upsert_sql

    unit = _unit_everywhere(team)
    person = Occupant(unit_id=unit.id, name="Piotr Zieliński")
    save(team.a.db, person)
    import_bundles(team.lead.db, [team.bundle(team.a, "a-2")])
    delete(team.lead.db, Occupant, person.id)
    save(team.a.db, person.model_copy(update={"nationality": "PL"}))
    import_bundles(team.lead.db, [team.bundle(team.a, "a-3")])
    rev, data = team.lead.db.execute(
        "SELECT rev, data FROM changes WHERE entity = 'occupants' AND leaf = 1 AND deleted = 0"
    ).fetchone()
    columns, upsert = upsert_sql("occupants")
    values = data_to_row(Occupant, json.loads(data), rev)
    with team.lead.db.atomic():  # as the earlier release left it: the erased edit shown, migration not run
        team.lead.db.execute(upsert, [values.get(c) for c in columns])
        team.lead.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_deletion_conflicts'")
    assert team.lead.db.execute("SELECT name FROM occupants").fetchall() == [("(erased)",)]
    team.lead.db.close()
    reopened = open_db(team.lead.db_path)
    assert reopened.execute("SELECT COUNT(*) FROM occupants").fetchone() == (0,) and open_conflicts(reopened) == []
