"""The records' index of ``changes`` leaves the leaf flag out (migration 009): closing a leaf
rewrites no entry of that index, and lookups by record find the same rows as before."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.central.store.migrations import migrate
from inspect_tui.domain.models import Site
from inspect_tui.store import save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device
from tests.helpers.central import Central, state, trusting_intake

_INDEX = "SELECT indexdef FROM pg_indexes WHERE tablename = 'changes' AND indexname = 'idx_changes_record'"


def test_the_records_index_is_by_entity_and_id_alone(central: Central) -> None:
    (definition,) = central.db.pg(_INDEX).fetchone() or ("",)
    assert str(definition).endswith("USING btree (entity, record_id)")


def test_the_migration_keeps_what_is_stored_and_found(central: Central, tmp_path: Path) -> None:
    device = make_device(tmp_path / "eva.db", device_id="eva")
    site = Site(name="Camping Zon")
    save(device.db, site)
    first = export_bundle(device.db, tmp_path / "1.zip", device.key, everything=True)
    save(device.db, site.model_copy(update={"name": "Camping Maan"}))
    second = export_bundle(device.db, tmp_path / "2.zip", device.key)
    assert first is not None and second is not None
    db = central.db
    assert trusting_intake(db, first.path).error is None
    with db.atomic():  # the schema as 008 left it
        db.pg("DROP INDEX idx_changes_record")
        db.pg("CREATE INDEX idx_changes_record ON changes(entity, record_id, leaf)")
        db.pg("DELETE FROM schema_migrations WHERE name = '009_leaf_not_indexed'")
    assert migrate(db) == ["009_leaf_not_indexed"]
    test_the_records_index_is_by_entity_and_id_alone(central)
    done = trusting_intake(db, second.path)  # closes the first revision's leaf
    assert done.error is None and done.receipt is not None and done.receipt.total("updated") == 1
    leaves = db.pg("SELECT rev, leaf FROM changes WHERE entity = 'sites' AND record_id = %s ORDER BY gen", [site.id])
    assert [int(leaf) for _, leaf in leaves.fetchall()] == [0, 1]
    assert db.pg("SELECT name FROM sites WHERE id = %s", [site.id]).fetchone() == ("Camping Maan",)
    assert state(db) == state(device.db)
