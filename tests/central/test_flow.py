"""Pull, shares, stats and the command line, against a real PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_tui.central.errors import CentralError
from inspect_tui.central.keys import load_sealing_key, load_signing_key
from inspect_tui.central.pull import Selection, pull
from inspect_tui.central.share import TABLE_FIELDS, ShareScope, load_profile, parse_profile, profile_names, write_share
from inspect_tui.central.share_workbook import FIELD_LABELS, TABLE_LABELS, field_label
from inspect_tui.central.store.connect import connect
from inspect_tui.cli import main
from inspect_tui.domain.enums import ReviewDecision
from inspect_tui.domain.models import Review
from inspect_tui.i18n import translations, using
from inspect_tui.store import open_db, save
from inspect_tui.store.db import get_meta
from inspect_tui.store.sealing import META_CENTRAL_PUBLIC
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import set_central_key
from inspect_tui.sync.seal import unseal
from inspect_tui.sync.verify import verify_bundle
from tests.helpers.bundles import BSNS, EMAIL, PHONE, make_device, populate
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, state, trusting_intake


def _taken_in(central: Central, tmp_path: Path, *, keyless: bool = False) -> tuple[Path, dict[str, str]]:
    device = make_device(tmp_path / "inspector.db", device_id="inspector-eva")
    if not keyless:  # set up as a team's devices are: personal data sealed to the central key when made
        set_central_key(device.db, str(get_meta(central.db.as_store(), META_CENTRAL_PUBLIC)))
    ids = populate(device.db)
    result = export_bundle(device.db, tmp_path / "inspector.zip", device.key, everything=True)
    assert result is not None
    assert trusting_intake(central.db, result.path).error is None
    return result.path, ids


def test_pull_lead_decision_intake_and_inspector_pull(central: Central, tmp_path: Path) -> None:
    _, ids = _taken_in(central, tmp_path)
    key = load_signing_key(central.db, central.signing_key)
    pulled = pull(central.db, tmp_path / "lead-pull.zip", key, Selection(inspector="Eva de Vries"))
    assert pulled is not None and pulled.files == 1
    assert verify_bundle(pulled.path).info.sealed
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    (receipt,) = import_bundles(lead.db, [pulled.path])
    assert receipt.total("new") > 10 and receipt.total("conflict") == 0
    # The lead sees occupancy but cannot read BSNs: they stay sealed to the central key.
    assert lead.db.execute("SELECT COUNT(*) FROM occupants WHERE bsn IS NOT NULL").fetchone()[0] == 0
    review = Review(
        inspection_id=ids["inspection"],
        reviewer="Teamleider",
        decision=ReviewDecision.SEND_BACK,
        reason="Foto ontbreekt",
        created_at=dt.datetime(2026, 11, 20, 10, 0),
    )
    save(lead.db, review)
    back = export_bundle(lead.db, tmp_path / "lead.zip", lead.key)
    assert back is not None
    assert trusting_intake(central.db, back.path).error is None
    since = pulled.seq_to
    second = pull(central.db, tmp_path / "eva.zip", key, Selection(inspector="Eva de Vries", since_seq=since))
    assert second is not None and second.counts["reviews"] == 1 and sum(second.counts.values()) == 1
    inspector = open_db(tmp_path / "inspector.db")
    (got,) = import_bundles(inspector, [second.path])
    assert got.counts["reviews"]["new"] == 1
    assert inspector.execute("SELECT reason FROM reviews WHERE id = ?", [review.id]).fetchone() == ("Foto ontbreekt",)
    assert pull(central.db, tmp_path / "none.zip", key, Selection(inspector="Niemand")) is None
    assert not (tmp_path / "none.zip").exists()


def test_a_full_pull_carries_the_central_state_to_sqlite(central: Central, tmp_path: Path) -> None:
    _taken_in(central, tmp_path)
    pulled = pull(central.db, tmp_path / "all.zip", load_signing_key(central.db, central.signing_key), Selection())
    assert pulled is not None
    lead = open_db(None)
    import_bundles(lead, [pulled.path])
    central_heads = json.loads(state(central.db))
    lead_heads = json.loads(state(lead))
    for table in ("sites", "units", "inspections", "answers", "findings", "attachments", "reviews", "conflicts"):
        assert central_heads[table] == lead_heads[table], table
    assert [r[2] for r in central_heads["changes"]] == [r[2] for r in lead_heads["changes"]]


def test_sealed_versions_reach_a_lead_under_ids_it_recomputes_and_stay_readable_centrally(
    central: Central, tmp_path: Path
) -> None:
    _taken_in(central, tmp_path)
    stored = central.db.pg("SELECT data FROM changes WHERE entity = 'occupants' AND deleted = 0").fetchall()
    opened = [unseal(json.loads(r[0]), load_sealing_key(central.db, central.sealing_key)) for r in stored]
    assert {o["bsn"] for o in opened} >= set(BSNS[:2])
    pulled = pull(central.db, tmp_path / "all.zip", load_signing_key(central.db, central.signing_key), Selection())
    assert pulled is not None and pulled.held_back == 0 and pulled.counts["occupants"] >= len(stored)
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    (receipt,) = import_bundles(lead.db, [pulled.path])  # every id recomputed, sealed lines included
    assert receipt.counts["occupants"]["new"] >= 2
    assert lead.db.execute("SELECT COUNT(*) FROM occupants WHERE sealed IS NOT NULL AND bsn IS NULL").fetchone()[0] >= 2


def test_plain_personal_data_from_a_device_without_the_central_key_is_held_back_from_leads(
    central: Central, tmp_path: Path
) -> None:
    _taken_in(central, tmp_path, keyless=True)
    key = load_signing_key(central.db, central.signing_key)
    pulled = pull(central.db, tmp_path / "all.zip", key, Selection())
    assert pulled is not None and pulled.held_back >= 2
    everything = b"".join(_share_members(pulled.path).values())
    assert not any(bsn.encode() in everything for bsn in BSNS)
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    (receipt,) = import_bundles(lead.db, [pulled.path])
    assert receipt.total("new") > 10
    assert lead.db.execute("SELECT COUNT(*) FROM occupants WHERE bsn IS NOT NULL").fetchone()[0] == 0


def _share_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("name", ["municipality", "labour-inspectorate", "ggd", "certification-body"])
def test_each_share_profile_gives_exactly_its_fields(central: Central, tmp_path: Path, name: str) -> None:
    _taken_in(central, tmp_path)
    central.db.pg("UPDATE sites SET certification = 'snf'")
    if name == "labour-inspectorate":  # its share holds workplaces only
        central.db.pg("UPDATE sites SET kind = 'workplace'")
    profile = load_profile(name)
    out = tmp_path / f"{name}.zip"
    scope = ShareScope(norm="snf" if name == "certification-body" else None)
    result = write_share(central.db, profile, scope, out, load_signing_key(central.db, central.signing_key))
    parts = _share_members(out)
    assert {n for n in parts if n.startswith("data/")} == {"data/profile.json"} | {
        f"data/{t}.csv" for t in profile.tables
    }
    for table, fields in profile.tables.items():
        rows = list(csv.reader(io.StringIO(parts[f"data/{table}.csv"].decode("utf-8-sig"))))
        assert tuple(rows[0]) == fields, f"{table} carries fields outside the profile"
        assert all(len(r) == len(fields) for r in rows[1:])
        assert len(rows) - 1 == result.counts[table]
    assert any(result.counts.values())
    everything = b"".join(parts.values())
    assert result.workbook is not None
    from openpyxl import load_workbook

    book = load_workbook(result.workbook)
    for table, fields in profile.tables.items():
        labels = tuple(c.value for c in book[TABLE_LABELS[table]][1])
        assert labels == tuple(field_label(f) for f in fields), (
            f"{table}: the workbook's columns differ from the profile"
        )
    cells = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    for secret in (*BSNS, PHONE, EMAIL, "Jan Kowalski", "Eva de Vries"):
        assert secret.encode() not in everything and secret not in cells
    info = _share_members(out)["bag-info.txt"].decode()
    assert f"Share-Profile: {name}" in info and "Legal-Basis-Confidence:" in info


def test_the_share_workbook_speaks_dutch_for_a_dutch_session(central: Central, tmp_path: Path) -> None:
    """What a municipality opens: the about sheet, the column labels and the stored values in
    Dutch; the signed bundle keeps its machine names."""
    from openpyxl import load_workbook

    _taken_in(central, tmp_path)
    key = load_signing_key(central.db, central.signing_key)
    with using("nl"):
        profile = load_profile("municipality")
        result = write_share(
            central.db, profile, ShareScope(), tmp_path / "gemeente.zip", key, scope_text="alle gemeenten"
        )
    assert result.workbook is not None
    book = load_workbook(result.workbook)
    assert book.sheetnames[:2] == ["Over deze levering", "Locaties"]
    about = {row[0].value: row[1].value for row in book["Over deze levering"].iter_rows()}
    assert about["Profiel"].startswith("Gemeente: adressen")
    assert about["Grondslag"].startswith("Wet basisregistratie personen art. 2.39 en 2.40")
    assert about["Reikwijdte"] == "alle gemeenten"
    headers = [c.value for c in book["Bevindingen"][1]]
    assert "Zwaarte" in headers and "Termijn" in headers and "severity" not in headers
    severities = {row[headers.index("Zwaarte")].value for row in book["Bevindingen"].iter_rows(min_row=2)}
    assert severities and severities <= {"kritiek", "ernstig", "gering"}, severities
    cells = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    for english in ("Recipient", "Purpose", "Legal basis", "critical", "Municipality:", "site_id"):
        assert english not in cells, english
    members = _share_members(result.path)
    assert b"severity" in members["data/findings.csv"]  # the bundle keeps machine names


def test_every_share_field_has_a_label_and_a_dutch_one() -> None:
    every = {name for fields in TABLE_FIELDS.values() for name in fields}
    assert every <= set(FIELD_LABELS), sorted(every - set(FIELD_LABELS))
    catalog = translations("nl")._catalog  # type: ignore[attr-defined]
    untranslated = sorted(n for n in every if FIELD_LABELS[n] not in catalog)
    assert not untranslated, untranslated


@pytest.mark.parametrize(
    "block",
    [{"title": 3}, {"purpose": ""}, {"owner": "x"}, ["Gemeente"]],
)
def test_a_profile_language_block_with_other_than_texts_is_refused(block: object) -> None:
    data = json.loads((resources.files("inspect_tui.central") / "profiles" / "ggd.json").read_text("utf-8"))
    data["nl"] = block
    with pytest.raises(CentralError, match="nl block may give only"):
        parse_profile(data, "ggd.json")


def test_the_municipality_filter_and_occupancy_counts(central: Central, tmp_path: Path) -> None:
    _taken_in(central, tmp_path)
    key = load_signing_key(central.db, central.signing_key)
    profile = load_profile("municipality")
    here = write_share(central.db, profile, ShareScope(municipality="venlo"), tmp_path / "venlo.zip", key)
    assert here.counts["sites"] == 1
    with pytest.raises(CentralError, match="no site is in municipality 'Oss'"):
        write_share(central.db, profile, ShareScope(municipality="Oss"), tmp_path / "oss.zip", key)
    assert not (tmp_path / "oss.zip").exists()
    members = _share_members(here.path)
    rows = list(csv.DictReader(io.StringIO(members["data/occupancy.csv"].decode("utf-8-sig"))))
    units = list(csv.DictReader(io.StringIO(members["data/units.csv"].decode("utf-8-sig"))))
    top = {u["unit_id"] for u in units if not u["parent_id"]}
    living = central.db.pg("SELECT COUNT(*) FROM occupants").fetchone()
    assert living is not None and living[0] >= 2
    # A unit counts the persons of the units inside it (as the app does): the top-level units add up.
    assert sum(int(r["persons_found"]) for r in rows if r["unit_id"] in top) == living[0]


def test_a_profile_naming_personal_data_without_a_legal_basis_is_refused() -> None:
    raw = json.loads(json.dumps(load_profile("labour-inspectorate").raw))
    raw["tables"]["findings"].append("inspector")
    with pytest.raises(CentralError, match="personal data its legal basis does not name"):
        parse_profile(raw, "test")
    raw["legal_basis"]["personal_data"] = ["inspector"]
    assert "inspector" in parse_profile(raw, "test").tables["findings"]
    raw["tables"]["sites"].append("bsn")
    with pytest.raises(CentralError, match="has no field bsn"):
        parse_profile(raw, "test")
    assert set(profile_names()) == {"municipality", "labour-inspectorate", "ggd", "certification-body"}
    assert "bsn" not in {f for fields in TABLE_FIELDS.values() for f in fields}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_the_command_line_flow(central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, _ = _taken_in(central, tmp_path)
    code, out = run(*central.options(), "init", "--signing-key", str(central.signing_key), "--sealing-key",
                    str(central.sealing_key))  # fmt: skip
    assert code == 0 and "up to date" in out
    assert oct(central.signing_key.stat().st_mode & 0o777) == "0o600"
    code, out = run(
        *central.options(), "intake", "--trust-new", "--trust-role", "lead", str(source), str(tmp_path / "missing.zip")
    )
    assert code == 1 and "neither a bundle file nor a folder" in out
    code, out = run(*central.options(), "intake", "--trust-new", "--trust-role", "lead", str(source))
    assert code == 0 and "already imported" in out
    monkeypatch.setenv("INSPECT_TUI_CENTRAL_SIGNING_KEY", str(central.signing_key))
    code, out = run(*central.options(), "pull", "--out", str(tmp_path / "p.zip"), "--device", "inspector-eva")
    assert code == 0 and "--since" in out and (tmp_path / "p.zip").exists()
    code, out = run(*central.options(), "share", "--profile", "nope", "--out", str(tmp_path / "s.zip"))
    assert code == 1 and "no share profile 'nope'" in out
    code, out = run(*central.options(), "share", "--profile", "certification-body", "--out", str(tmp_path / "s.zip"))
    assert code == 1 and "--norm" in out
    code, out = run(*central.options(), "share", "--profile", "ggd", "--out", str(tmp_path / "s.zip"))
    assert code == 0 and (tmp_path / "s.xlsx").exists()
    code, out = run(*central.options(), "stats", "--json")
    figures = json.loads(out)
    assert code == 0 and figures["totals"]["sites"] == 1 and figures["municipalities"][0]["municipality"] == "Venlo"
    for fmt in ("md", "html", "pdf"):
        target = tmp_path / f"report.{fmt}"
        code, out = run(*central.options(), "report", "--from", "2025-01-01", "--to", "2026-12-31", "--format", fmt,
                        "--out", str(target))  # fmt: skip
        assert code == 0 and target.stat().st_size > 200
    assert "Venlo" in (tmp_path / "report.md").read_text()
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    code, out = run(*central.options(), "report", "--from", "2026-02-30")
    assert code == 1 and "is not a date" in out


def test_clear_errors_without_a_server_or_schema(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INSPECT_TUI_CENTRAL_URL", raising=False)
    code, out = run("central", "stats")
    assert code == 1 and out.startswith("Error: no central database") and "Traceback" not in out
    code, out = run("central", "--url", "postgresql://nobody@/nothing?host=/nonexistent", "stats")
    assert code == 1 and "cannot reach the central database" in out
    db = connect(pg_url)
    db.pg("DROP TABLE schema_migrations")
    code, out = run("central", "--url", pg_url, "stats")
    assert code == 1 and "not initialised" in out


edits = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["edit", "new", "delete", "export", "import"]), st.integers(0, 50)),
    min_size=4,
    max_size=14,
)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(steps=edits, order=st.randoms(use_true_random=False))
def test_random_bundle_sequences_give_the_same_state_in_sqlite_and_postgresql(
    pg_admin_url: str, pg_template: str, steps: list[tuple[int, str, int]], order: object
) -> None:
    import random
    import uuid

    import psycopg

    from inspect_tui.domain.models import Site
    from inspect_tui.store import delete, get
    from tests.helpers.central import with_database

    assert isinstance(order, random.Random)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        devices = [make_device(None, device_id=f"dev-{n}") for n in range(3)]
        site = Site(name="Gedeeld")
        save(devices[0].db, site)
        pool = [export_bundle(devices[0].db, base / "0.zip", devices[0].key, everything=True)]
        made = 1
        for device in devices[1:]:
            import_bundles(device.db, [p.path for p in pool if p])
        for index, action, number in steps:
            device = devices[index]
            if action == "edit":
                current = get(device.db, Site, site.id)
                if current is not None:
                    save(device.db, current.model_copy(update={"notes": f"n{number % 4}"}))
            elif action == "new":
                save(device.db, Site(name=f"Locatie {number}"))
            elif action == "delete":  # beside another device's edit: a conflict on both back ends
                delete(device.db, Site, site.id)
            elif action == "export":
                made += 1
                pool.append(export_bundle(device.db, base / f"{made}.zip", device.key))
            elif pool:
                chosen = pool[number % len(pool)]
                if chosen is not None:
                    import_bundles(device.db, [chosen.path])
        for device in devices:
            made += 1
            pool.append(export_bundle(device.db, base / f"{made}.zip", device.key, everything=True))
        paths = [p.path for p in pool if p is not None]
        order.shuffle(paths)
        lite = open_db(None)
        for path in paths:
            import_bundles(lite, [path])
        name = f"central_p_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
        db = connect(with_database(pg_admin_url, name))
        try:
            for path in reversed(paths):  # another order, and each bundle in its own transaction
                assert trusting_intake(db, path).error is None
            assert state(db) == state(lite)
        finally:
            db.close()
            with psycopg.connect(pg_admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
