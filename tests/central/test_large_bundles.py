"""Bundles as a working week makes them: hundreds of revisions in one signed change-log segment."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.domain.models import Site
from inspect_tui.store import open_db, save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, state, trusting_intake

SITES = 600
"""Enough revisions that their signed segment is far larger than a PostgreSQL index row (8 kB)."""


def test_a_bundle_whose_signed_segment_is_large_is_taken_in_as_on_a_laptop(central: Central, tmp_path: Path) -> None:
    device = make_device(tmp_path / "inspector.db", device_id="inspector-large")
    for number in range(SITES):
        save(device.db, Site(name=f"Locatie {number}", city="Venlo"))
    exported = export_bundle(device.db, tmp_path / "week.zip", device.key, everything=True)
    assert exported is not None
    done = trusting_intake(central.db, exported.path)
    assert done.error is None, done.error
    assert done.receipt is not None and done.receipt.counts["sites"]["new"] == SITES
    again = trusting_intake(central.db, exported.path)
    assert again.receipt is not None and again.receipt.already is not None
    (stored,) = central.db.pg("SELECT COUNT(*) FROM segments").fetchone() or (0,)
    assert stored == 1
    lead = open_db(None)
    import_bundles(lead, [exported.path])
    assert state(central.db) == state(lead)


def test_the_digest_migration_keys_segments_stored_before_it(pg_url: str) -> None:
    import hashlib

    from inspect_tui.central.store.connect import connect
    from inspect_tui.central.store.migrations import migrate

    db = connect(pg_url)
    try:
        db.pg("ALTER TABLE segments DROP CONSTRAINT segments_digest_key")
        db.pg("ALTER TABLE segments DROP COLUMN digest")
        db.pg("ALTER TABLE segments ADD CONSTRAINT segments_body_key UNIQUE (body)")
        db.pg("DELETE FROM schema_migrations WHERE name = '008_segment_digest'")
        body = '{"device": "d", "revs": "\\u00e9 caf\u00e9"}'
        db.pg("INSERT INTO segments(device, body) VALUES ('d', %s)", [body])
        assert migrate(db) == ["008_segment_digest"]
        assert db.pg("SELECT digest FROM segments").fetchall() == [(hashlib.sha256(body.encode()).hexdigest(),)]
    finally:
        db.close()
