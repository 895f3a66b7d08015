"""The central store takes a new child under a record removed elsewhere as the laptops do: both
bundles in any order, the removal a conflict and the record kept in effect, the same state as a
laptop's; never a refusal that blocks the inspector, never a child under a record that is not there."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_tui.central.store.migrations import MIGRATIONS
from inspect_tui.domain.models import Site, Unit
from inspect_tui.store import delete, open_db, save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, state, trusting_intake


def _bundles(folder: Path) -> tuple[str, dict[str, Path]]:
    """The inspector's site; the lead's removal of it; the inspector's new unit on it (on its own, and
    in a full export that carries the site as the inspector made it)."""
    inspector = make_device(folder / "a.db", device_id="laptop-a")
    lead = make_device(folder / "lead.db", device_id="laptop-lead")
    site = Site(name="Camping De Berk")
    save(inspector.db, site)
    paths: dict[str, Path] = {}

    def export(name: str, device: object, everything: bool = False) -> None:
        made = export_bundle(device.db, folder / f"{name}.zip", device.key, everything=everything)  # type: ignore[attr-defined]
        assert made is not None
        paths[name] = made.path

    export("first", inspector)
    import_bundles(lead.db, [paths["first"]])
    delete(lead.db, Site, site.id)
    export("deletion", lead)
    save(inspector.db, Unit(site_id=site.id, label="Stacaravan 9", beds=2))
    export("addition", inspector)
    export("everything", inspector, everything=True)
    return site.id, paths


@pytest.mark.parametrize("order", [("deletion", "addition"), ("addition", "deletion")])
def test_intake_keeps_the_site_beside_its_deletion_in_any_order(
    central: Central, tmp_path: Path, order: tuple[str, str]
) -> None:
    site_id, paths = _bundles(tmp_path)
    for name in ("first", *order):
        result = trusting_intake(central.db, paths[name])
        assert result.error is None, result.error
    lite = open_db(None)
    for name in ("first", "deletion", "addition"):
        import_bundles(lite, [paths[name]])
    assert central.db.pg("SELECT entity, record_id, kind FROM conflicts").fetchall() == [("sites", site_id, "hard")]
    assert central.db.pg("SELECT id FROM sites").fetchall() == [(site_id,)]
    assert state(central.db) == state(lite)


def test_a_full_export_carrying_the_site_leaves_no_unit_without_its_site(central: Central, tmp_path: Path) -> None:
    site_id, paths = _bundles(tmp_path)
    for name in ("first", "deletion", "everything"):
        result = trusting_intake(central.db, paths[name])
        assert result.error is None, result.error
    orphans = central.db.pg("SELECT COUNT(*) FROM units WHERE site_id NOT IN (SELECT id FROM sites)").fetchone()
    assert orphans == (0,)
    assert central.db.pg("SELECT entity, record_id FROM conflicts").fetchall() == [("sites", site_id)]
    lite = open_db(None)
    for name in ("first", "everything", "deletion"):
        import_bundles(lite, [paths[name]])
    assert state(central.db) == state(lite)


def test_the_migration_holds_the_removal_an_orphan_stands_under(central: Central, tmp_path: Path) -> None:
    site_id, paths = _bundles(tmp_path)
    for name in ("first", "deletion", "everything"):
        assert trusting_intake(central.db, paths[name]).error is None
    held = state(central.db)
    [(_name, steps)] = [m for m in MIGRATIONS if m[0] == "011_held_removals"]
    with central.db.atomic():
        central.db.pg("DELETE FROM sites WHERE id = %s", [site_id])  # as an earlier release left it
        central.db.pg("DELETE FROM conflicts")
        for step in steps:
            assert callable(step)
            step(central.db)
    assert state(central.db) == held
