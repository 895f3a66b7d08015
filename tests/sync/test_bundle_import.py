"""Importing: round trip, incremental in any order, idempotence, tampering, conflicts, receipts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from nacl.public import PrivateKey
from sqlite_utils import Database

from inspect_tui.domain.models import Occupant, Site
from inspect_tui.store import get, save
from inspect_tui.store.conflicts import open_conflicts
from inspect_tui.store.records import history
from inspect_tui.sync import BundleError
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import set_central_key
from inspect_tui.sync.seal import unseal
from tests.helpers.bundles import (
    BSNS,
    PHOTO,
    Device,
    bag_info,
    edit_line,
    full_dump,
    make_device,
    rebag,
    run,
    shared_dump,
)
from tests.helpers.bundles import trusting_import as import_bundles


def _edit_site(device: Device, site_id: str, **changes: object) -> None:
    site = get(device.db, Site, site_id)
    assert site is not None
    save(device.db, site.model_copy(update=changes))


def _export(device: Device, path: Path, everything: bool = False) -> Path:
    result = export_bundle(device.db, path, device.key, everything=everything)
    assert result is not None
    return result.path


def test_round_trip_gives_equal_records(full_bundle: Path, source: Device, target: Device) -> None:
    (receipt,) = import_bundles(target.db, [full_bundle])
    assert shared_dump(target.db) == shared_dump(source.db)
    assert receipt.counts["occupants"] == {"new": 3, "updated": 0, "unchanged": 0, "conflict": 0}
    assert receipt.counts["answers"]["new"] == 3 and receipt.files == 1
    assert get(target.db, Occupant, source.ids["jan"]) == get(source.db, Occupant, source.ids["jan"])
    assert get(target.db, Occupant, source.ids["leaver"]) is None, "the deletion travelled"
    assert target.db.execute("SELECT data FROM blobs").fetchone()[0] == PHOTO


def test_incremental_bundles_in_either_order_give_the_same_database(source: Device, tmp_path: Path) -> None:
    first = _export(source, tmp_path / "1.zip")
    _edit_site(source, source.ids["site"], notes="Na herinspectie in orde.")
    _edit_site(source, source.ids["site"], high_risk=True)
    second = _export(source, tmp_path / "2.zip")
    forward, backward = make_device(tmp_path / "f.db"), make_device(tmp_path / "b.db")
    import_bundles(forward.db, [first])
    import_bundles(forward.db, [second])
    late = import_bundles(backward.db, [second])
    import_bundles(backward.db, [first])
    assert shared_dump(forward.db) == shared_dump(backward.db) == shared_dump(source.db)
    assert late[0].counts["sites"]["new"] == 1, "a later revision can arrive before its base"
    assert not open_conflicts(backward.db)


def test_the_same_bundle_twice_changes_nothing(full_bundle: Path, target: Device) -> None:
    import_bundles(target.db, [full_bundle])
    before = full_dump(target.db)
    (again,) = import_bundles(target.db, [full_bundle])
    assert again.already is not None and again.already.startswith("already imported")
    assert full_dump(target.db) == before


def test_the_same_bundle_named_twice_is_imported_once(full_bundle: Path, target: Device) -> None:
    first, second = import_bundles(target.db, [full_bundle, full_bundle])
    assert first.total("new") > 0 and second.already is not None
    assert target.db.execute("SELECT COUNT(*) FROM bundles").fetchone()[0] == 1


def test_same_bundle_id_with_other_content_is_refused_as_tampered(
    full_bundle: Path, source: Device, target: Device, tmp_path: Path
) -> None:
    import_bundles(target.db, [full_bundle])
    before = full_dump(target.db)

    def rename(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/sites.jsonl"] = edit_line(data["data/sites.jsonl"], 1, lambda e: e["record"].update(name="Ander"))
        return data

    forged = tmp_path / "forged.zip"
    forged.write_bytes(rebag(full_bundle, source.key, payload=rename))
    assert bag_info(forged)["Bundle-Id"] == bag_info(full_bundle)["Bundle-Id"]
    with pytest.raises(BundleError, match="different content; refusing it as tampered"):
        import_bundles(target.db, [forged])
    assert full_dump(target.db) == before


def test_dry_run_reports_the_same_and_changes_nothing(full_bundle: Path, target: Device, tmp_path: Path) -> None:
    before = full_dump(target.db)
    (dry,) = import_bundles(target.db, [full_bundle], dry_run=True, snapshot=tmp_path / "snap.sqlite")
    assert full_dump(target.db) == before
    assert not (tmp_path / "snap.sqlite").exists()
    (real,) = import_bundles(target.db, [full_bundle])
    assert dry.dry_run and not real.dry_run
    assert dry.counts == real.counts and dry.files == real.files and dry.new_signer == real.new_signer


def test_a_snapshot_of_the_database_is_taken_before_import(
    full_bundle: Path, target: Device, source: Device, tmp_path: Path
) -> None:
    _edit_site(source, source.ids["site"], notes="later")
    later = _export(source, tmp_path / "later.zip")
    snapshot = tmp_path / "target.db.pre-import.sqlite"
    import_bundles(target.db, [full_bundle], snapshot=snapshot)
    state = shared_dump(target.db)
    import_bundles(target.db, [later], snapshot=snapshot)
    copy = Database(sqlite3.connect(snapshot))
    assert shared_dump(copy) == state, "the snapshot holds the database as it was before the second import"
    copy.conn.close()


def test_concurrent_edits_become_a_conflict_that_keeps_both_versions(
    full_bundle: Path, source: Device, target: Device, tmp_path: Path
) -> None:
    import_bundles(target.db, [full_bundle])
    _edit_site(source, source.ids["site"], notes="Inspecteur: kachel defect.")
    _edit_site(target, source.ids["site"], notes="Teamleider: kachel vervangen.")
    from_source, from_target = _export(source, tmp_path / "s.zip"), _export(target, tmp_path / "t.zip")
    (at_target,) = import_bundles(target.db, [from_source])
    (at_source,) = import_bundles(source.db, [from_target])
    assert at_target.counts["sites"]["conflict"] == 1 and at_source.counts["sites"]["conflict"] == 1
    for device in (source, target):
        (conflict,) = open_conflicts(device.db)
        assert (conflict.entity, conflict.record_id, conflict.kind) == ("sites", source.ids["site"], "hard")
        assert conflict.fields == ["notes"]
        notes = {v["data"]["notes"] for v in history(device.db, Site, source.ids["site"]) if v["leaf"]}
        assert notes == {"Inspecteur: kachel defect.", "Teamleider: kachel vervangen."}, "a version was lost"
    assert shared_dump(source.db) == shared_dump(target.db), "both sides chose the same provisional head"


def test_edits_of_different_fields_are_a_soft_conflict(
    full_bundle: Path, source: Device, target: Device, tmp_path: Path
) -> None:
    import_bundles(target.db, [full_bundle])
    _edit_site(source, source.ids["site"], city="Horst")
    _edit_site(target, source.ids["site"], high_risk=True)
    import_bundles(target.db, [_export(source, tmp_path / "s.zip")])
    (conflict,) = open_conflicts(target.db)
    assert conflict.kind == "soft" and set(conflict.fields) == {"city", "high_risk"}


def test_a_new_signer_is_reported_once(source: Device, target: Device, tmp_path: Path) -> None:
    (first,) = import_bundles(target.db, [_export(source, tmp_path / "1.zip")])
    _edit_site(source, source.ids["site"], notes="x")
    (second,) = import_bundles(target.db, [_export(source, tmp_path / "2.zip")])
    assert first.new_signer and not second.new_signer
    assert second.counts["sites"] == {"new": 0, "updated": 1, "unchanged": 0, "conflict": 0}


def test_trusted_keys_admit_listed_signers(full_bundle: Path, source: Device, target: Device) -> None:
    (receipt,) = import_bundles(target.db, [full_bundle], trusted_keys=frozenset({bytes(source.key.verify_key)}))
    assert receipt.total("new") > 0


def test_importing_ones_own_bundle_changes_nothing(full_bundle: Path, source: Device) -> None:
    before = full_dump(source.db)
    (receipt,) = import_bundles(source.db, [full_bundle])
    assert receipt.already == "it was exported from this database"
    assert full_dump(source.db) == before


def test_one_refused_bundle_stops_the_whole_import(
    full_bundle: Path, source: Device, target: Device, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(full_bundle.read_bytes()[:-30])
    before = full_dump(target.db)
    with pytest.raises(BundleError, match=r"broken\.zip"):
        import_bundles(target.db, [full_bundle, broken])
    assert full_dump(target.db) == before


def test_a_sealed_bundle_keeps_personal_data_sealed_at_the_team_lead(
    source: Device, target: Device, tmp_path: Path
) -> None:
    central = PrivateKey.generate()
    set_central_key(source.db, bytes(central.public_key).hex())
    import_bundles(target.db, [_export(source, tmp_path / "sealed.zip", everything=True)])
    jan = get(target.db, Occupant, source.ids["jan"])
    assert jan is not None and jan.bsn is None and jan.sealed is not None
    assert target.db.execute("SELECT COUNT(*) FROM occupants WHERE bsn IS NOT NULL").fetchone()[0] == 0
    assert unseal(jan.model_dump(mode="json"), central)["bsn"] == BSNS[0]
    # the team lead relays it on: still sealed, still readable centrally
    relayed = _export(target, tmp_path / "relay.zip")
    central_db = make_device(tmp_path / "central.db")
    import_bundles(central_db.db, [relayed])
    again = get(central_db.db, Occupant, source.ids["jan"])
    assert again is not None and unseal(again.model_dump(mode="json"), central)["bsn"] == BSNS[0]


def test_cli_import_prints_a_receipt_per_kind_and_the_bundle_id(
    full_bundle: Path, target: Device, cli: CliRunner
) -> None:
    target.db.conn.close()
    db = str(target.db_path)
    code, output = run(cli, "--db", db, "import", "--trust-new", "--trust-role", "lead", "--dry-run", str(full_bundle))
    assert code == 0, output
    assert "Dry run, nothing changed" in output
    code, output = run(cli, "--db", db, "import", "--trust-new", "--trust-role", "lead", str(full_bundle))
    assert code == 0, output
    bundle_id = bag_info(full_bundle)["Bundle-Id"]
    assert bundle_id in output and "new signer:" in output
    assert "occupants" in output and "new  updated  unchanged  conflicts" in output
    assert Path(f"{db}.pre-import.sqlite").is_file()
    code, output = run(cli, "--db", db, "import", "--trust-new", "--trust-role", "lead", str(full_bundle))
    assert code == 0 and "already imported" in output and "nothing changed" in output
