"""Held removals on the central store: the same rows and conflicts as SQLite in every order."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path

import psycopg
import pytest

from inspect_tui.central.store.connect import connect
from inspect_tui.store import open_db
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, state, trusting_intake, with_database
from tests.sync.test_held_orders import SCENARIOS, Maker, s_chain


def test_central_releasing_a_chain_releases_every_level(central: Central, tmp_path: Path) -> None:
    m = Maker(tmp_path)
    s_chain(m)
    by = dict(m.paths)
    for n in ("first", "lead-del", "a-add", "a-erase"):
        assert trusting_intake(central.db, by[n]).error is None
    assert central.db.pg("SELECT entity, record_id FROM conflicts").fetchall() == []
    assert central.db.pg("SELECT id FROM units").fetchall() == []


def test_central_a_held_sub_unit_holds_its_unit(central: Central, tmp_path: Path) -> None:
    m = Maker(tmp_path)
    s_chain(m)
    by = dict(m.paths)
    for n in ("first", "a-add", "lead-del"):
        assert trusting_intake(central.db, by[n]).error is None
    orphans = central.db.pg(
        "SELECT id FROM units WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT id FROM units)"
    ).fetchall()
    assert orphans == []


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_central_matches_sqlite_in_every_order(pg_admin_url: str, pg_template: str, tmp_path: Path, name: str) -> None:
    m = Maker(tmp_path)
    SCENARIOS[name](m)
    by = dict(m.paths)
    names = [n for n, _ in m.paths]
    bad = []
    for p in itertools.permutations(names[1:]):
        order = (names[0], *p)
        lite = open_db(None)
        for n in order:
            import_bundles(lite, [by[n]])
        dbname = f"central_r_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{dbname}" TEMPLATE "{pg_template}"')
        db = connect(with_database(pg_admin_url, dbname))
        try:
            for n in order:
                assert trusting_intake(db, by[n]).error is None
            if state(db) != state(lite):
                bad.append(order)
        finally:
            db.close()
            with psycopg.connect(pg_admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    assert bad == []


@pytest.mark.parametrize("way", ["keep", "remove-child"])
@pytest.mark.parametrize("scenario", ["two-deleters", "inspection"])
def test_the_leads_resolution_travels_everywhere(central: Central, tmp_path: Path, way: str, scenario: str) -> None:
    from inspect_tui.domain.models import MODEL_BY_TABLE
    from inspect_tui.store import delete
    from inspect_tui.store.queries import conflict_versions
    from inspect_tui.store.workflow import keep_version
    from inspect_tui.sync.export import export_bundle

    m = Maker(tmp_path)
    SCENARIOS[scenario](m)
    by = dict(m.paths)
    names = [n for n, _ in m.paths if n != "a-move"]
    lead = m.device("lead")
    for n in names:
        import_bundles(lead.db, [by[n]])
    for n in names:
        assert trusting_intake(central.db, by[n]).error is None
    conflicts = lead.db.execute("SELECT entity, record_id FROM conflicts ORDER BY entity DESC").fetchall()
    assert conflicts
    for entity, record_id in conflicts:  # children before parents (units/inspections/findings before sites)
        if way == "keep":
            [kept] = [v for v in conflict_versions(lead.db, entity, record_id) if v.in_effect]
            keep_version(lead.db, entity, kept.data)
    if way == "remove-child":
        order = ["attachments", "findings", "inspections", "occupants", "units"]
        for kind in order:
            for (rid,) in lead.db.execute(f"SELECT id FROM [{kind}]").fetchall():
                delete(lead.db, MODEL_BY_TABLE[kind], str(rid))
    out = tmp_path / "lead-res"
    out.mkdir()
    made = export_bundle(lead.db, out, lead.key)
    assert made is not None
    assert trusting_intake(central.db, made.path).error is None
    assert central.db.pg("SELECT entity, record_id FROM conflicts").fetchall() == []
    assert lead.db.execute("SELECT entity, record_id FROM conflicts").fetchall() == []
    others = [d for k, d in m.devices.items() if k != "lead"]
    for device in others:
        for n in names:
            import_bundles(device.db, [by[n]])
        import_bundles(device.db, [made.path])
        assert device.db.execute("SELECT entity, record_id FROM conflicts").fetchall() == [], scenario
    lite = open_db(None)
    for n in [*names, "lead-res"]:
        import_bundles(lite, [by.get(n, made.path)])
    assert state(central.db) == state(lite)
