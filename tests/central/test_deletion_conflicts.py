"""The central store holds a deletion beside an edit that did not see it as the laptops do: a
conflict, the same row, in any order of intake; a database from before gets it by migration."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.central.store.migrations import MIGRATIONS
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import delete, open_db, save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import BSNS, make_device
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, state, trusting_intake


def _bundles(folder: Path) -> list[Path]:
    """The inspector's first bundle, the lead's deletion of the unit, the inspector's edit of it."""
    inspector = make_device(folder / "a.db", device_id="laptop-a")
    lead = make_device(folder / "lead.db", device_id="laptop-lead")
    site = Site(name="Camping De Berk")
    save(inspector.db, site)
    unit = Unit(site_id=site.id, label="Stacaravan 7", beds=4)
    save(inspector.db, unit)
    paths: list[Path] = []
    for name, device in (("first", inspector), ("deletion", lead), ("edit", inspector)):
        if name == "deletion":
            import_bundles(lead.db, paths[:1])
            delete(lead.db, Unit, unit.id)
        elif name == "edit":
            save(inspector.db, unit.model_copy(update={"beds": 6}))
        made = export_bundle(device.db, folder / f"{name}.zip", device.key)
        assert made is not None
        paths.append(made.path)
    return paths


def test_intake_records_the_conflict_the_laptops_record(central: Central, tmp_path: Path) -> None:
    first, deletion, edit = _bundles(tmp_path)
    lite = open_db(None)
    for path in (first, deletion, edit):
        import_bundles(lite, [path])
    for path in (first, edit, deletion):
        result = trusting_intake(central.db, path)
        assert result.error is None
    assert result.receipt.counts["units"]["conflict"] == 1
    assert central.db.pg("SELECT entity, kind FROM conflicts").fetchall() == [("units", "hard")]
    assert state(central.db) == state(lite)


def test_a_persons_erasure_wins_over_an_edit_as_on_the_laptops(central: Central, tmp_path: Path) -> None:
    """The lead removes a person (an erasure); the inspector, not knowing, corrects the nationality:
    no conflict and no person shown, in any order, on both back ends."""
    inspector = make_device(tmp_path / "a.db", device_id="laptop-a")
    lead = make_device(tmp_path / "lead.db", device_id="laptop-lead")
    site = Site(name="Camping De Berk")
    unit = Unit(site_id=site.id, label="Stacaravan 7", beds=4)
    person = Occupant(unit_id=unit.id, name="Piotr Zieliński", bsn=BSNS[0], nationality="PL")
    for record in (site, unit, person):
        save(inspector.db, record)
    first = export_bundle(inspector.db, tmp_path / "first.zip", inspector.key)
    assert first is not None
    import_bundles(lead.db, [first.path])
    delete(lead.db, Occupant, person.id)
    save(inspector.db, person.model_copy(update={"nationality": "RO"}))
    deletion = export_bundle(lead.db, tmp_path / "deletion.zip", lead.key)
    edit = export_bundle(inspector.db, tmp_path / "edit.zip", inspector.key)
    assert deletion is not None and edit is not None
    lite = open_db(None)
    for made in (first, deletion, edit):
        import_bundles(lite, [made.path])
    for made in (first, edit, deletion):
        assert trusting_intake(central.db, made.path).error is None
    assert central.db.pg("SELECT COUNT(*) FROM conflicts").fetchone() == (0,)
    assert central.db.pg("SELECT COUNT(*) FROM occupants").fetchone() == (0,)
    assert state(central.db) == state(lite)


def test_the_migration_records_the_conflicts_a_database_already_holds(central: Central, tmp_path: Path) -> None:
    for path in _bundles(tmp_path):
        assert trusting_intake(central.db, path).error is None
    held = state(central.db)
    [(_name, steps)] = [m for m in MIGRATIONS if m[0] == "010_deletion_conflicts"]
    with central.db.atomic():
        central.db.pg("DELETE FROM conflicts")  # as an earlier release left it
        for step in steps:
            assert callable(step)
            step(central.db)
    assert state(central.db) == held
