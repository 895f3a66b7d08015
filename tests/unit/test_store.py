"""The store: durable settings, one transaction per edit with its change-log row, revisions, conflicts."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlite_utils import Database

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import Finding, Inspection, Occupant, Site, Unit
from inspect_tui.store import StoreError, delete, get, open_db, save, transaction
from inspect_tui.store import revisions as revisions_module
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.conflicts import open_conflicts
from inspect_tui.store.db import device_id
from inspect_tui.store.records import get_rev, history, resolve
from inspect_tui.store.revisions import Revision, ancestors_of, apply_revision, head, leaves, make_rev, stamp_of

if TYPE_CHECKING:
    from tests.conftest import Populated


def changes(db: Database, record: Record | None = None) -> list[tuple[object, ...]]:
    sql, params = "SELECT entity, record_id, rev, gen, base_rev, deleted, leaf, data FROM changes", []
    if record is not None:
        sql += " WHERE entity = ? AND record_id = ?"
        params = [record.table, record.id]
    return list(db.execute(sql + " ORDER BY seq", params).fetchall())


def remote_edit(db: Database, record: Record, base_rev: str | None, origin: str = "device-b") -> Revision:
    """The revision another device would send after editing record on top of base_rev."""
    data = record.model_dump(mode="json")
    gen = int(base_rev.split("-", 1)[0]) + 1 if base_rev else 1
    rev = make_rev(record.table, record.id, gen, base_rev, (), False, canonical_json(data))
    return Revision(
        entity=record.table,
        record_id=record.id,
        rev=rev,
        gen=gen,
        base_rev=base_rev,
        origin=origin,
        data=data,
        ancestors=ancestors_of(db, base_rev),
    )


# --- opening ----------------------------------------------------------------------------------


def test_a_file_database_is_durable(db_path: Path) -> None:
    db = open_db(db_path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    finally:
        db.close()


@pytest.mark.real_migrations
def test_schema_comes_from_migrations(db_path: Path) -> None:
    db = open_db(db_path)
    try:
        applied = db.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
        assert ("inspect_tui", "m001_core") in applied
        tables = set(db.table_names())
        assert {
            "sites",
            "units",
            "occupants",
            "inspections",
            "answers",
            "findings",
            "attachments",
            "reviews",
            "changes",
            "conflicts",
            "blobs",
            "meta",
        } <= tables
    finally:
        db.close()
    again = open_db(db_path)  # applying the migrations again changes nothing
    try:
        assert again.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == len(applied)
    finally:
        again.close()


def test_device_id_is_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "device.db"
    first = open_db(path, create=True, device_id="11111111-1111-4111-8111-111111111111")
    made = device_id(first)
    first.close()
    assert made == "11111111-1111-4111-8111-111111111111"
    again = open_db(path, device_id="22222222-2222-4222-8222-222222222222")
    try:
        assert device_id(again) == made
    finally:
        again.close()
    other = open_db(tmp_path / "other.db", create=True)
    try:
        assert device_id(other) != made
    finally:
        other.close()


def test_a_missing_database_is_not_made_silently(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(StoreError) as caught:
        open_db(missing)
    assert str(caught.value) == f"no database at {missing}; create one with: inspect-tui --db {missing} init"
    assert not missing.exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"These are my notes, not a database.\n" * 200)
    with pytest.raises(StoreError, match=r"is not an inspect-tui database"):
        open_db(junk)
    with pytest.raises(StoreError, match="is a folder"):
        open_db(tmp_path)


# --- saving: the record and its change-log row, together -------------------------------------


def test_save_writes_the_record_and_its_change_row(db: Database) -> None:
    site = Site(name="Testlocatie", city="Oss", high_risk=True)
    rev = save(db, site)
    assert rev is not None and rev.startswith("1-")
    assert get(db, Site, site.id) == site
    assert get_rev(db, Site, site.id) == rev
    [(entity, record_id, logged_rev, gen, base, deleted, leaf, data)] = changes(db, site)
    assert (entity, record_id, logged_rev, gen, base, deleted, leaf) == ("sites", site.id, rev, 1, None, 0, 1)
    assert json.loads(str(data)) == site.model_dump(mode="json")
    origin = db.execute("SELECT origin FROM changes WHERE rev = ?", [rev]).fetchone()[0]
    assert origin == device_id(db)


def test_a_failing_save_leaves_no_change_row(db: Database) -> None:
    with pytest.raises(StoreError, match="site 00000000-0000-4000-8000-0000000000b1 does not exist"):
        save(db, Unit(site_id="00000000-0000-4000-8000-0000000000b1", label="Kamer 1"))
    assert changes(db) == []
    assert db.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 0


def test_the_change_row_is_rolled_back_when_the_record_write_fails(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(name="Testlocatie")
    save(db, site)
    before = changes(db)

    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    # The change row is inserted first; the record table is written after it. A failure there
    # must take the change row with it.
    monkeypatch.setattr(revisions_module, "refresh_head", broken)
    with pytest.raises(sqlite3.OperationalError):
        save(db, site.model_copy(update={"name": "Andere naam"}))
    assert changes(db) == before
    assert get(db, Site, site.id) == site


def test_a_unit_of_work_commits_all_or_nothing(db: Database) -> None:
    site = Site(name="Testlocatie")
    with pytest.raises(RuntimeError), transaction(db):
        save(db, site)
        save(db, Unit(site_id=site.id, label="Woning"))
        raise RuntimeError("the inspector pressed cancel")
    assert get(db, Site, site.id) is None
    assert changes(db) == []


def test_an_unchanged_save_makes_no_revision(db: Database) -> None:
    site = Site(name="Testlocatie", city="Oss")
    first = save(db, site)
    assert save(db, site) is None
    assert save(db, Site.model_validate(site.model_dump())) is None
    assert len(changes(db, site)) == 1
    second = save(db, site.model_copy(update={"city": "Venlo"}))
    assert second is not None and second.startswith("2-")
    logged = changes(db, site)
    assert [(row[3], row[4], row[6]) for row in logged] == [(1, None, 0), (2, first, 1)]


def test_delete_keeps_a_deletion_revision(db: Database) -> None:
    site = Site(name="Testlocatie")
    save(db, site)
    rev = delete(db, Site, site.id)
    assert rev is not None and rev.startswith("2-")
    assert get(db, Site, site.id) is None
    versions = history(db, Site, site.id)
    assert [v["deleted"] for v in versions] == [False, True]
    assert versions[0]["data"]["name"] == "Testlocatie", "the deleted record's content is kept"
    assert head(db, "sites", site.id) == (rev, 2, True)
    assert delete(db, Site, site.id) is None


def test_delete_refuses_a_record_others_point_at(populated_db: Populated) -> None:
    db = populated_db.db
    with pytest.raises(StoreError, match="cannot remove it: 3 units still belong to it"):
        delete(db, Site, populated_db.site.id)
    with pytest.raises(StoreError, match="2 occupants still belong to it"):
        delete(db, Unit, populated_db.bedrooms[0].id)
    assert get(db, Site, populated_db.site.id) is not None


def test_revision_ids_depend_only_on_content_base_and_stamp() -> None:
    """Same record, same base, same stamp (who, when): the same id on every device; any other stamp
    gives another id; a revision without a stamp keeps the id it always had."""
    site = Site(id="5a3b1e00-0000-4000-8000-000000000001", name="Testlocatie")
    one, two = open_db(None), open_db(None)
    try:
        first = save(one, site)
        assert first == save(two, site), "the same record made at the same moment gets the same revision id"
        data = canonical_json(site.model_dump(mode="json"))
        stamp = stamp_of("2026-11-16T09:00:00Z", None)  # the tests' fixed moment, no person known
        assert first == make_rev("sites", site.id, 1, None, (), False, data, stamp)
        assert make_rev("sites", site.id, 1, None, (), False, data, stamp_of("2026-11-16T09:00:00Z", "Eva")) != first
        assert make_rev("sites", site.id, 1, None, (), False, data, stamp_of("2026-11-16T09:00:01Z", None)) != first
        assert make_rev("sites", site.id, 1, None, (), False, data) == make_rev(
            "sites", site.id, 1, None, (), False, data, stamp_of(None, None)
        ), "an unstamped revision hashes as before stamps existed"
        edited = site.model_copy(update={"city": "Oss"})
        assert save(one, edited) == save(two, edited)
        on_a = make_rev("sites", site.id, 2, "1-a", (), False, data)
        assert on_a != make_rev("sites", site.id, 2, "1-b", (), False, data), "the base is part of the id"
        assert on_a != make_rev("sites", site.id, 2, "1-a", (), True, data), "a deletion differs from an edit"
        assert make_rev("sites", site.id, 1, None, (), False, data.replace("Testlocatie", "Ander"), stamp) != first
    finally:
        one.close()
        two.close()


def test_records_round_trip_through_the_table(populated_db: Populated) -> None:
    db = populated_db.db
    for record in [populated_db.site, populated_db.house, *populated_db.bedrooms, *populated_db.occupants]:
        assert get(db, type(record), record.id) == record
    assert get(db, Site, "no-such-id") is None


# --- references -------------------------------------------------------------------------------


def test_a_unit_inside_a_unit_of_another_site_is_refused(populated_db: Populated) -> None:
    db = populated_db.db
    elsewhere = Site(name="Andere locatie")
    save(db, elsewhere)
    with pytest.raises(StoreError, match="parent_id: the enclosing unit must belong to the same site"):
        save(db, Unit(site_id=elsewhere.id, label="Kamer", parent_id=populated_db.house.id))


def test_a_cycle_of_units_is_refused(populated_db: Populated) -> None:
    db = populated_db.db
    house = populated_db.house
    with pytest.raises(StoreError, match="parent_id: a unit cannot be inside one of its own sub-units"):
        save(db, house.model_copy(update={"parent_id": populated_db.bedrooms[0].id}))
    assert get(db, Unit, house.id) == house


def test_an_occupant_needs_an_existing_unit_and_partner(populated_db: Populated) -> None:
    db = populated_db.db
    with pytest.raises(StoreError, match="unit 00000000-0000-4000-8000-0000000000b2 does not exist"):
        save(db, Occupant(unit_id="00000000-0000-4000-8000-0000000000b2", name="Test Persoon"))
    with pytest.raises(StoreError, match="partner 00000000-0000-4000-8000-0000000000b3 does not exist"):
        save(
            db,
            Occupant(
                unit_id=populated_db.bedrooms[1].id,
                name="Test Persoon",
                couple_with="00000000-0000-4000-8000-0000000000b3",
            ),
        )
    assert db.execute("SELECT COUNT(*) FROM occupants").fetchone()[0] == 3


# --- revisions from elsewhere, conflicts, resolving -------------------------------------------


def test_apply_revision_new_updated_unchanged(db: Database) -> None:
    site = Site(name="Testlocatie")
    incoming = remote_edit(db, site, None)
    with transaction(db):
        assert apply_revision(db, incoming) == "new"
    assert get(db, Site, site.id) == site
    with transaction(db):
        assert apply_revision(db, incoming) == "unchanged"
    newer = remote_edit(db, site.model_copy(update={"city": "Oss"}), incoming.rev)
    with transaction(db):
        assert apply_revision(db, newer) == "updated"
    assert get(db, Site, site.id) == site.model_copy(update={"city": "Oss"})
    assert open_conflicts(db) == []


def test_concurrent_edits_of_different_fields_are_a_soft_conflict(db: Database) -> None:
    site = Site(name="Testlocatie", city="Oss")
    base = save(db, site)
    save(db, site.model_copy(update={"city": "Venlo"}))  # here
    theirs = remote_edit(db, site.model_copy(update={"notes": "Sleutel bij de buren"}), base)  # there
    with transaction(db):
        assert apply_revision(db, theirs) == "conflict"
    [conflict] = open_conflicts(db)
    assert (conflict.entity, conflict.record_id, conflict.kind) == ("sites", site.id, "soft")
    assert conflict.fields == ["city", "notes"]
    versions = {leaf["data"]["city"]: leaf["data"]["notes"] for leaf in leaves(db, "sites", site.id)}
    assert versions == {"Venlo": None, "Oss": "Sleutel bij de buren"}, "neither version is lost"


def test_concurrent_edits_of_the_same_field_are_a_hard_conflict(db: Database) -> None:
    site = Site(name="Testlocatie", city="Oss")
    base = save(db, site)
    save(db, site.model_copy(update={"city": "Venlo"}))
    with transaction(db):
        assert apply_revision(db, remote_edit(db, site.model_copy(update={"city": "Tilburg"}), base)) == "conflict"
    [conflict] = open_conflicts(db)
    assert (conflict.kind, conflict.fields) == ("hard", ["city"])
    # The provisional head is chosen without a clock: the same on every device.
    winner = leaves(db, "sites", site.id)[0]
    assert get_rev(db, Site, site.id) == winner["rev"]
    assert winner["rev"] == max(leaf["rev"] for leaf in leaves(db, "sites", site.id))


def test_resolve_merges_every_leaf(db: Database) -> None:
    site = Site(name="Testlocatie", city="Oss")
    base = save(db, site)
    save(db, site.model_copy(update={"city": "Venlo"}))
    with transaction(db):
        apply_revision(db, remote_edit(db, site.model_copy(update={"city": "Tilburg"}), base))
    live = [leaf["rev"] for leaf in leaves(db, "sites", site.id)]
    assert len(live) == 2
    chosen = site.model_copy(update={"city": "Tilburg", "notes": "Na overleg met de teamleider"})
    rev = resolve(db, chosen)
    assert rev is not None
    assert open_conflicts(db) == []
    assert get(db, Site, site.id) == chosen
    assert [leaf["rev"] for leaf in leaves(db, "sites", site.id)] == [rev]
    merged = json.loads(db.execute("SELECT merged FROM changes WHERE rev = ?", [rev]).fetchone()[0])
    assert set(merged) | {db.execute("SELECT base_rev FROM changes WHERE rev = ?", [rev]).fetchone()[0]} == set(live)
    with pytest.raises(StoreError, match="no open conflict"):
        resolve(db, chosen)


def test_a_finding_deadline_before_its_inspection_started_is_refused(populated_db: Populated) -> None:
    """The same rule an import applies: a deadline cannot lie before the finding was made."""
    db = populated_db.db
    inspection = Inspection(
        site_id=populated_db.site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2025, 3, 3, 9)
    )
    save(db, inspection)
    early = Finding(inspection_id=inspection.id, severity="minor", description="x", deadline=dt.date(2025, 3, 2))
    with pytest.raises(StoreError, match=r"deadline: 2025-03-02 is before the inspection started \(2025-03-03\)"):
        save(db, early)
    save(db, early.model_copy(update={"deadline": dt.date(2025, 3, 3)}))


def test_the_tests_copy_of_a_migrated_database_is_what_the_migrations_make(tmp_path: Path) -> None:
    """The tests' new databases are copies of one migrated database (`tests.helpers.migrated`):
    the same schema and the same rows as the migrations make (but for when they ran)."""
    from tests.helpers import migrated

    def contents(database: Database) -> tuple[list[tuple[object, ...]], dict[str, list[tuple[object, ...]]]]:
        schema = sorted(database.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
        rows = {
            name: sorted(database.execute(f"SELECT * FROM [{name}]").fetchall())
            for name in database.table_names()
            if name not in ("_sqlite_migrations", "meta")
        }
        rows["migrations"] = database.execute(
            "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id"
        ).fetchall()
        rows["meta"] = database.execute("SELECT key FROM meta ORDER BY key").fetchall()
        return schema, rows

    copied = open_db(tmp_path / "copied.db", create=True)
    migrated.copying = False
    try:
        made = open_db(tmp_path / "made.db", create=True)
    finally:
        migrated.copying = True
    try:
        assert contents(copied) == contents(made)
        assert copied.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        copied.close()
        made.close()
