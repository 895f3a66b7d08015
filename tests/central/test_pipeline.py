"""Intake pipelined over two connections, and intakes racing each other: the result of one bundle after another."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

import inspect_tui.central.intake as intake_module
from inspect_tui.central.intake import IntakeResult, intake, intake_one
from inspect_tui.central.store.connect import CentralDb, connect
from inspect_tui.domain.models import Inspection, Site, Unit
from inspect_tui.store import get, save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device, populate
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, state, with_database


@pytest.fixture
def second_db(pg_admin_url: str, pg_template: str) -> Iterator[CentralDb]:
    """Another fresh central database on the same server."""
    name = f"central_s_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    db = connect(with_database(pg_admin_url, name))
    yield db
    db.close()
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _summary(result: IntakeResult) -> tuple[str, Any]:
    if result.receipt is None:
        return (result.path.name, result.error)
    return (result.path.name, (result.receipt.counts, result.receipt.already, result.receipt.files))


def _devices_and_bundles(tmp_path: Path) -> list[Path]:
    """Two devices editing each other's work, a damaged bundle, and one named twice."""
    eva = make_device(tmp_path / "eva.db", device_id="eva")
    populate(eva.db)
    first = export_bundle(eva.db, tmp_path / "01-eva.zip", eva.key, everything=True)
    assert first is not None
    piet = make_device(tmp_path / "piet.db", device_id="piet")
    import_bundles(piet.db, [first.path])
    paths = [first.path]
    for round_ in range(3):
        for device, name in ((eva, "eva"), (piet, "piet")):
            site = Site(name=f"Locatie {name} {round_}")
            save(device.db, site)
            save(device.db, Unit(site_id=site.id, label=f"Unit {round_}"))
            result = export_bundle(device.db, tmp_path / f"{round_ + 2:02d}-{name}.zip", device.key)
            assert result is not None
            paths.append(result.path)
    damaged = tmp_path / "05-damaged.zip"
    data = bytearray(paths[2].read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    return [*paths[:4], damaged, *paths[4:], paths[1]]


def test_a_pipelined_intake_gives_the_receipts_and_state_of_one_bundle_after_another(
    central: Central, second_db: CentralDb, tmp_path: Path
) -> None:
    paths = _devices_and_bundles(tmp_path)
    options: dict[str, Any] = {"trust_new": True, "trust_role": "lead"}
    one_by_one = [_summary(r) for r in intake(central.db, paths, jobs=1, **options)]
    pipelined = [_summary(r) for r in intake(second_db, paths, jobs=2, **options)]
    assert pipelined == one_by_one
    assert [name for name, _ in pipelined] == [p.name for p in paths]
    assert sum(1 for r in pipelined if isinstance(r[1], str)) == 1  # the damaged one, in its place
    assert state(second_db) == state(central.db)


def test_a_bundle_refused_before_the_one_before_it_was_merged_is_checked_again(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The second bundle adds a unit to the first bundle's site: checked before that site is
    # merged it would be refused ("no site …"); taken one after another it is fine.
    device = make_device(tmp_path / "eva.db", device_id="eva")
    site = Site(name="Camping Zon")
    save(device.db, site)
    first = export_bundle(device.db, tmp_path / "a.zip", device.key, everything=True)
    save(device.db, Unit(site_id=site.id, label="Chalet 1"))
    second = export_bundle(device.db, tmp_path / "b.zip", device.key)
    assert first is not None and second is not None
    second_checked = threading.Event()
    real = intake_module.intake_one

    def ordered(db: CentralDb, path: Path, **options: Any) -> IntakeResult:
        if path == first.path:
            # Give the second bundle every chance to run ahead: its signature and layout are checked
            # before its turn, its records (the unit's site) only in its turn, after this one merged.
            second_checked.wait(2)
            return real(db, path, **options)
        result = real(db, path, **options)
        second_checked.set()
        return result

    monkeypatch.setattr(intake_module, "intake_one", ordered)
    results = list(intake(central.db, [first.path, second.path], jobs=2, trust_new=True))
    assert [r.error for r in results] == [None, None]
    assert results[1].receipt is not None and results[1].receipt.total("new") == 1
    assert central.db.pg("SELECT COUNT(*) FROM units").fetchone() == (1,)


def _owner_scenario(tmp_path: Path) -> tuple[Path, Path, Path, str]:
    """Yara's site, then Yara's inspection of it, and Xavi's edit of Yara's inspection."""
    yara = make_device(tmp_path / "yara.db", device_id="yara")
    site = Site(name="Vakantiepark De Wilgen", city="Venlo")
    save(yara.db, site)
    site_bundle = export_bundle(yara.db, tmp_path / "y0.zip", yara.key, everything=True)
    inspection = Inspection(
        site_id=site.id, templates=["snf"], inspector="Yara", started_at=dt.datetime(2026, 3, 3, 9, 30)
    )
    save(yara.db, inspection)
    inspection_bundle = export_bundle(yara.db, tmp_path / "y1.zip", yara.key)
    assert site_bundle is not None and inspection_bundle is not None
    xavi = make_device(tmp_path / "xavi.db", device_id="xavi")
    import_bundles(xavi.db, [site_bundle.path, inspection_bundle.path])
    assert export_bundle(xavi.db, tmp_path / "x0.zip", xavi.key, everything=True) is not None
    theirs = get(xavi.db, Inspection, inspection.id)
    assert theirs is not None
    save(xavi.db, theirs.model_copy(update={"notes": "overgenomen"}))
    edit = export_bundle(xavi.db, tmp_path / "x1.zip", xavi.key)
    assert edit is not None
    return site_bundle.path, inspection_bundle.path, edit.path, inspection.id


def test_an_owner_merged_by_another_intake_meanwhile_is_respected(
    central: Central, tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_bundle, inspection_bundle, edit, inspection_id = _owner_scenario(tmp_path)
    assert intake_one(central.db, site_bundle, trust_new=True).error is None
    # One after another, an inspector's edit of another inspector's inspection is refused:
    # checked while the inspection was not here yet, and merged after another intake brought
    # it, it must be refused all the same.
    other = connect(pg_url)
    original = CentralDb.atomic
    raced: list[bool] = []

    def racing(self: CentralDb, **options):  # type: ignore[no-untyped-def]
        if self is central.db and not raced:
            raced.append(True)  # between the edit's checks and its merge, the inspection arrives
            assert intake_one(other, inspection_bundle, trust_new=True).error is None
        return original(self, **options)

    monkeypatch.setattr(CentralDb, "atomic", racing)
    result = intake_one(central.db, edit, trust_new=True)
    other.close()
    assert raced
    assert result.error is not None and "writes only the inspections it made" in result.error
    notes = central.db.pg("SELECT notes FROM inspections WHERE id = %s", [inspection_id]).fetchone()
    assert notes == (None,)
    assert central.db.pg("SELECT COUNT(*) FROM changes WHERE origin = 'xavi'").fetchone() == (0,)


def test_a_pipelined_intake_refuses_what_one_bundle_after_another_refuses(
    central: Central, second_db: CentralDb, tmp_path: Path
) -> None:
    site_bundle, inspection_bundle, edit, _ = _owner_scenario(tmp_path)
    paths = [site_bundle, inspection_bundle, edit]
    one_by_one = [_summary(r) for r in intake(central.db, paths, jobs=1, trust_new=True)]
    pipelined = [_summary(r) for r in intake(second_db, paths, jobs=2, trust_new=True)]
    assert pipelined == one_by_one
    assert "writes only the inspections it made" in str(pipelined[2][1])
    assert state(second_db) == state(central.db)


def test_a_changed_roster_or_trust_decision_meanwhile_means_checking_again(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspect_tui.central.store.writer_reads import Recheck

    device = make_device(tmp_path / "eva.db", device_id="eva")
    save(device.db, Site(name="Camping Zon"))
    bundle = export_bundle(device.db, tmp_path / "a.zip", device.key, everything=True)
    assert bundle is not None
    original = CentralDb.atomic
    calls: list[int] = []

    def deciding(self: CentralDb, **options):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:  # someone records a trust decision between the checks and the merge
            self.pg(
                "INSERT INTO trusted_keys VALUES (%s, 'other', 'inspector', '2026-11-30T00:00:00+00:00', 'test')",
                ["ab" * 32],
            )
        return original(self, **options)

    rechecks: list[str] = []
    real_import = intake_module._import

    def counting(db: CentralDb, path: Path, options: dict[str, Any], **how: Any) -> Any:
        try:
            return real_import(db, path, options, **how)
        except Recheck as exc:
            rechecks.append(str(exc))
            raise

    monkeypatch.setattr(CentralDb, "atomic", deciding)
    monkeypatch.setattr(intake_module, "_import", counting)
    result = intake_one(central.db, bundle.path, trust_new=True)
    assert result.error is None and result.receipt is not None and result.receipt.total("new") == 1
    assert rechecks == ["the trust decisions or the roster changed"]


def test_the_command_takes_jobs_and_prints_receipts_in_order(central: Central, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from inspect_tui.cli import main

    paths = _devices_and_bundles(tmp_path)[:4]
    options = [*central.options(), "intake", "--trust-new", "--trust-role", "lead", "--jobs", "3"]
    done = CliRunner().invoke(main, [*options, *map(str, paths)])
    assert done.exit_code == 0, done.output
    places = [done.output.index(p.name) for p in paths]
    assert places == sorted(places)
    assert "4 of 4 bundles taken in" in done.output
    refused = CliRunner().invoke(main, [*central.options(), "intake", "--jobs", "0", str(paths[0])])
    assert refused.exit_code == 2 and "--jobs" in refused.output


def test_a_revision_claimed_for_another_record_by_an_intake_meanwhile_is_refused(
    central: Central, tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from tests.helpers.bundles import edit_line, rebag

    anna = make_device(tmp_path / "anna.db", device_id="anna")
    save(anna.db, Site(name="Camping Ster"))
    earlier = export_bundle(anna.db, tmp_path / "anna-0.zip", anna.key, everything=True)
    assert earlier is not None
    assert intake_one(central.db, earlier.path, trust_new=True).error is None  # Anna is known: no trust change later
    first = Site(name="Camping Zon")
    save(anna.db, first)
    honest = export_bundle(anna.db, tmp_path / "anna.zip", anna.key)
    assert honest is not None
    theirs = str(json.loads(_first_line(honest.path))["rev"])
    bob = make_device(tmp_path / "bob.db", device_id="bob")
    second = Site(name="Camping Maan")
    save(bob.db, second)
    save(bob.db, second.model_copy(update={"notes": "tweede versie"}))
    plain = export_bundle(bob.db, tmp_path / "bob.zip", bob.key, everything=True)
    assert plain is not None

    def graft(data: dict[str, bytes]) -> dict[str, bytes]:
        # Bob's second version of his own site claims Anna's site's revision as its parent.
        def onto_annas(envelope: dict[str, Any]) -> None:
            envelope["base_rev"] = theirs
            envelope["ancestors"] = [theirs]

        data["data/sites.jsonl"] = edit_line(data["data/sites.jsonl"], 2, onto_annas)
        return data

    forged = tmp_path / "forged.zip"
    forged.write_bytes(rebag(plain.path, bob.key, payload=graft, rehash=True))
    other = connect(pg_url)
    original = CentralDb.atomic
    raced: list[bool] = []

    def racing(self: CentralDb, **options):  # type: ignore[no-untyped-def]
        if self is central.db and not raced:
            raced.append(True)  # between the forged bundle's checks and its merge, Anna's arrives
            assert intake_one(other, honest.path, trust_new=True).error is None
        return original(self, **options)

    monkeypatch.setattr(CentralDb, "atomic", racing)
    result = intake_one(central.db, forged, trust_new=True)
    other.close()
    assert raced
    assert result.error is not None and "holds for another record" in result.error
    assert central.db.pg("SELECT rev FROM sites WHERE id = %s", [first.id]).fetchone() == (theirs,)
    assert central.db.pg("SELECT COUNT(*) FROM changes WHERE origin = 'bob'").fetchone() == (0,)


def _first_line(bundle: Path) -> str:
    from tests.helpers.bundles import members

    return members(bundle)["data/sites.jsonl"].decode().splitlines()[0]


def test_three_connections_with_a_refused_bundle_between_give_the_result_of_one_connection(
    central: Central, second_db: CentralDb, tmp_path: Path
) -> None:
    # The site's bundle, a damaged one, the unit for that site: the damaged bundle is refused
    # at once, and the unit's bundle still merges after the site's (done in order).
    device = make_device(tmp_path / "eva.db", device_id="eva")
    site = Site(name="Camping Zon")
    save(device.db, site)
    first = export_bundle(device.db, tmp_path / "a.zip", device.key, everything=True)
    save(device.db, Unit(site_id=site.id, label="Chalet 1"))
    third = export_bundle(device.db, tmp_path / "c.zip", device.key)
    assert first is not None and third is not None
    damaged = tmp_path / "b.zip"
    data = bytearray(third.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    paths = [first.path, damaged, third.path]
    one_by_one = [_summary(r) for r in intake(central.db, paths, jobs=1, trust_new=True)]
    three = [_summary(r) for r in intake(second_db, paths, jobs=3, trust_new=True)]
    assert three == one_by_one
    assert [isinstance(r[1], str) for r in three] == [False, True, False]
    assert state(second_db) == state(central.db)


def _revisions(db: Any) -> list[Any]:
    import json

    from inspect_tui.store.revisions import Revision

    rows = db.execute(
        "SELECT entity, record_id, rev, gen, base_rev, origin, data, deleted, merged, ancestors FROM changes ORDER BY seq"
    ).fetchall()
    return [
        Revision(e, i, r, g, b, o, json.loads(d) if d else None, bool(x), tuple(json.loads(m)), tuple(json.loads(a)))
        for e, i, r, g, b, o, d, x, m, a in rows
    ]


def test_several_merges_in_one_transaction_reach_the_sqlite_state(central: Central, tmp_path: Path) -> None:
    # An import that merges a bundle in parts (bounded memory) calls the merge core more than once
    # in one transaction: what the writer read ahead must not outlive the writes after it.
    from inspect_tui.central.store.writer import PgBatchWriter
    from inspect_tui.store import open_db
    from inspect_tui.store.batch import SqliteBatchWriter
    from inspect_tui.sync.merge import apply_revisions

    first = make_device(tmp_path / "one.db", device_id="device-one")
    populate(first.db)
    second = make_device(tmp_path / "two.db", device_id="device-two")
    base = export_bundle(first.db, tmp_path / "base.zip", first.key, everything=True)
    assert base is not None
    import_bundles(second.db, [base.path])
    for device, note in ((first, "kachel lekt"), (second, "geen rookmelder")):
        for site in device.db.execute("SELECT id FROM sites").fetchall():
            current = get(device.db, Site, str(site[0]))
            assert current is not None
            save(device.db, current.model_copy(update={"notes": note}))
    everything = _revisions(first.db) + [r for r in _revisions(second.db) if r.origin == "device-two"]
    parts = [everything[n : n + 2] for n in range(0, len(everything), 2)]  # small parts: each builds on the last
    lite = open_db(None)
    sqlite = SqliteBatchWriter(lite)
    with sqlite.transaction():
        for part in parts:
            apply_revisions(sqlite, part)
    writer = PgBatchWriter(central.db)
    with writer.transaction():
        outcomes = [apply_revisions(writer, part) for part in parts]
    assert any("conflict" in outcome.values() for outcome in outcomes)
    assert state(central.db) == state(lite)


def test_intake_processes_at_once_reach_the_state_of_one(
    central: Central, second_db: CentralDb, tmp_path: Path
) -> None:
    import subprocess
    import sys

    paths = [str(p) for p in _devices_and_bundles(tmp_path) if p.name != "05-damaged.zip"]
    for result in intake(central.db, [Path(p) for p in paths], trust_new=True, trust_role="lead"):
        assert result.error is None, result.error
    command = [sys.executable, "-c", "from inspect_tui.launch import main; main()", "central", "--url", second_db.url]
    orders = [paths, paths[::-1], paths[1::2] + paths[::2]]  # every bundle in each, in other orders
    running = [
        subprocess.Popen(
            [*command, "intake", "--trust-new", "--trust-role", "lead", *order],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for order in orders
    ]
    outputs = [process.communicate(timeout=600) for process in running]
    assert [process.returncode for process in running] == [0, 0, 0], outputs
    assert state(second_db) == state(central.db)
    assert second_db.pg("SELECT COUNT(*) FROM bundles WHERE direction = 'in'").fetchone() == (len(set(paths)),)
