"""Intake: the SQLite import's rules, run on PostgreSQL; idempotent, atomic, safe when concurrent."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.central.intake import bundle_paths
from inspect_tui.central.store.connect import CentralDb, connect
from inspect_tui.cli import main
from inspect_tui.domain.models import Site
from inspect_tui.store import get, open_db, save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import Device, make_device, populate
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, state, trusting_intake


def _bundle(tmp_path: Path, name: str = "a") -> tuple[Path, Device]:
    device = make_device(tmp_path / f"{name}.db")
    populate(device.db)
    result = export_bundle(device.db, tmp_path / f"{name}.zip", device.key, everything=True)
    assert result is not None
    return result.path, device


def test_intake_reaches_the_same_state_as_the_sqlite_import(central: Central, tmp_path: Path) -> None:
    path, _ = _bundle(tmp_path)
    done = trusting_intake(central.db, path)
    assert done.error is None and done.receipt is not None
    assert done.receipt.total("new") > 10
    assert done.receipt.files == 1
    lead = open_db(None)
    import_bundles(lead, [path])
    assert state(central.db) == state(lead)


def test_the_same_bundle_twice_changes_nothing(central: Central, tmp_path: Path) -> None:
    path, _ = _bundle(tmp_path)
    trusting_intake(central.db, path)
    before = state(central.db)
    again = trusting_intake(central.db, path)
    assert again.receipt is not None and again.receipt.already is not None
    assert state(central.db) == before
    assert central.db.pg("SELECT COUNT(*) FROM bundles WHERE direction = 'in'").fetchone() == (1,)


def test_a_damaged_bundle_is_refused_and_changes_nothing(central: Central, tmp_path: Path) -> None:
    path, _ = _bundle(tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(data))
    before = state(central.db)
    result = trusting_intake(central.db, bad)
    assert result.receipt is None and result.error and "bad.zip" in result.error
    assert state(central.db) == before
    assert central.db.pg("SELECT COUNT(*) FROM bundles").fetchone() == (0,)


def test_a_failure_inside_the_transaction_rolls_everything_back(central: Central, tmp_path: Path) -> None:
    path, _ = _bundle(tmp_path)
    # A head row that the merge cannot write (NOT NULL on a column it fills) makes the merge fail midway.
    central.db.pg("ALTER TABLE reviews ADD COLUMN must_have TEXT NOT NULL DEFAULT 'x'")
    central.db.pg("ALTER TABLE reviews ALTER COLUMN must_have DROP DEFAULT")
    before = state(central.db)
    result = trusting_intake(central.db, path)
    assert result.receipt is None and result.error is not None and "nothing was merged" in result.error
    assert state(central.db) == before
    assert central.db.pg("SELECT COUNT(*) FROM changes").fetchone() == (0,)


def test_concurrent_edits_become_a_conflict_centrally_as_on_a_laptop(central: Central, tmp_path: Path) -> None:
    first = make_device(tmp_path / "one.db", device_id="device-one")
    site = Site(name="Camping Zon")
    save(first.db, site)
    base = export_bundle(first.db, tmp_path / "base.zip", first.key, everything=True)
    second = make_device(tmp_path / "two.db", device_id="device-two")
    assert base is not None
    import_bundles(second.db, [base.path])
    save(first.db, site.model_copy(update={"notes": "kachel lekt"}))
    other = get(second.db, Site, site.id)
    assert other is not None
    save(second.db, other.model_copy(update={"notes": "geen rookmelder"}))
    a = export_bundle(first.db, tmp_path / "a.zip", first.key)
    b = export_bundle(second.db, tmp_path / "b.zip", second.key)
    assert a is not None and b is not None
    for path in (base.path, a.path, b.path):
        assert trusting_intake(central.db, path).error is None
    conflicts = central.db.pg("SELECT entity, record_id, fields, kind FROM conflicts").fetchall()
    assert conflicts == [("sites", site.id, '["notes"]', "hard")]
    lead = open_db(None)
    import_bundles(lead, [b.path, base.path, a.path])
    assert state(central.db) == state(lead)


def test_tampering_with_a_known_bundle_id_is_refused(central: Central, tmp_path: Path) -> None:
    from tests.helpers.bundles import edit_line, rebag

    path, device = _bundle(tmp_path)
    trusting_intake(central.db, path)
    before = state(central.db)

    def rename(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/sites.jsonl"] = edit_line(data["data/sites.jsonl"], 1, lambda e: e["record"].update(name="Ander"))
        return data

    forged = tmp_path / "forged.zip"
    forged.write_bytes(rebag(path, device.key, payload=rename))  # same Bundle-Id, other content
    result = trusting_intake(central.db, forged)
    assert result.error is not None and "tampered" in result.error
    assert state(central.db) == before


def test_folders_stand_for_their_bundles(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("b.zip", "a.zip", "notes.txt"):
        (tmp_path / "in" / name).write_bytes(b"x")
    assert [p.name for p in bundle_paths([tmp_path / "in"])] == ["a.zip", "b.zip"]


def _bundles_from_devices(tmp_path: Path, devices: int) -> list[Path]:
    """Each device exports its own site now and again; all edit one shared site."""
    first = make_device(tmp_path / "d0.db", device_id="device-0")
    shared = Site(name="Gedeelde locatie")
    save(first.db, shared)
    base = export_bundle(first.db, tmp_path / "base.zip", first.key, everything=True)
    assert base is not None
    paths = [base.path]
    for n in range(devices):
        device = make_device(tmp_path / f"dev{n}.db", device_id=f"dev-{n}")
        import_bundles(device.db, [base.path])
        for round_ in range(3):
            save(device.db, Site(name=f"Locatie {n}-{round_}"))
            site = get(device.db, Site, shared.id)
            assert site is not None
            save(device.db, site.model_copy(update={"notes": f"{n}/{round_}"}))
            result = export_bundle(device.db, tmp_path / f"dev{n}-{round_}.zip", device.key)
            assert result is not None
            paths.append(result.path)
    return paths


def test_concurrent_intake_processes_reach_the_state_of_one(central: Central, tmp_path: Path, pg_url: str) -> None:
    paths = _bundles_from_devices(tmp_path, 3)
    errors: list[str] = []

    def worker(order: list[Path]) -> None:
        db = connect(pg_url)
        try:
            for path in order:
                result = trusting_intake(db, path)
                if result.error:
                    errors.append(result.error)
        finally:
            db.close()

    orders = [paths, list(reversed(paths)), paths[1:] + paths[:1], paths[::2] + paths[1::2]]
    threads = [threading.Thread(target=worker, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert central.db.pg("SELECT COUNT(*) FROM bundles WHERE direction = 'in'").fetchone() == (len(paths),)
    lead = open_db(None)
    import_bundles(lead, paths)
    assert state(central.db) == state(lead)
    assert central.db.pg("SELECT COUNT(*) FROM conflicts").fetchone() == (1,)


def test_a_bundle_taken_in_by_another_process_meanwhile_is_reported_once(
    central: Central, tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = _bundle(tmp_path)
    other = connect(pg_url)
    original = CentralDb.atomic
    raced: list[bool] = []

    def racing(self: CentralDb, **options):  # type: ignore[no-untyped-def]
        if self is central.db and not raced:
            raced.append(True)  # between this process's checks and its merge, another one merges it
            assert trusting_intake(other, path).error is None
        return original(self, **options)

    monkeypatch.setattr(CentralDb, "atomic", racing)
    result = trusting_intake(central.db, path)
    other.close()
    assert raced and result.error is None and result.receipt is not None
    assert result.receipt.already is not None and result.receipt.already.startswith("already imported")
    assert central.db.pg("SELECT COUNT(*) FROM bundles").fetchone() == (1,)
    lead = open_db(None)
    import_bundles(lead, [path])
    assert state(central.db) == state(lead)


def test_a_dry_run_reports_and_changes_nothing(central: Central, tmp_path: Path) -> None:
    path, _ = _bundle(tmp_path)
    before = state(central.db)
    result = trusting_intake(central.db, path, dry_run=True)
    assert result.receipt is not None and result.receipt.dry_run and result.receipt.total("new") > 10
    assert state(central.db) == before
    assert central.db.pg("SELECT COUNT(*) FROM bundles").fetchone() == (0,)


def test_an_untrusted_signer_is_refused(central: Central, tmp_path: Path) -> None:
    from nacl.signing import SigningKey

    path, _ = _bundle(tmp_path)
    other = bytes(SigningKey.generate().verify_key)
    result = trusting_intake(central.db, path, trusted_keys=frozenset({other}), trusted_source="keys.txt")
    assert result.receipt is None and result.error is not None and "is not in keys.txt" in result.error
    assert central.db.pg("SELECT COUNT(*) FROM changes").fetchone() == (0,)


def test_a_folder_gives_its_zip_files_in_any_case_and_each_file_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("b.zip", "A.ZIP", "notes.txt", ".b.zip.1a2b.part"):
        (inbox / name).write_bytes(b"x")
    (inbox / "sub.zip").mkdir()
    assert bundle_paths([inbox, inbox / "b.zip", inbox]) == [inbox / "A.ZIP", inbox / "b.zip"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_name_ending_in_a_slash_that_is_a_file_is_refused_not_taken_as_the_inbox(
    central: Central, tmp_path: Path, lang: str
) -> None:
    bundle, _ = _bundle(tmp_path)
    inbox = bundle.rename(tmp_path / "inbox")  # a bundle file without .zip, named like the folder meant
    before = state(central.db)
    args = ["--lang", lang, *central.options(), "intake", "--trust-new", f"{inbox}/"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    said = {
        "en": f"{inbox}/ is a file, not a folder; to take it in as a bundle, give it without the slash: {inbox}",
        "nl": f"{inbox}/ is een bestand, geen map; om het als bundel op te nemen, geef het zonder de schuine "
        f"streep: {inbox}",
    }[lang]
    assert len(lines) == 1 and said in lines[0] and "Traceback" not in result.output, lines
    assert state(central.db) == before
    assert central.db.pg("SELECT COUNT(*) FROM bundles").fetchone() == (0,)
    result = CliRunner().invoke(main, [*central.options(), "intake", "--trust-new", "--trust-role", "lead", str(inbox)])
    assert result.exit_code == 0, result.output  # without the slash it is the bundle it is
    assert central.db.pg("SELECT COUNT(*) FROM bundles WHERE direction = 'in'").fetchone() == (1,)
    inbox.unlink()
    (tmp_path / "inbox").mkdir()
    result = CliRunner().invoke(main, [*central.options(), "intake", f"{inbox}/"])
    assert result.exit_code == 1 and "no bundles found" in result.output, result.output  # a folder: its *.zip
