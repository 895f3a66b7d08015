"""The committed sample.db is exactly what `inspect-tui make-sample` builds, and it is worth demoing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import struct
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlite_utils import Database
from stdnum.nl import bsn as stdnum_bsn

from inspect_tui.cli import main
from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.sample import DEVICE_ID, build_sample, png_bytes, sample_bsns
from inspect_tui.store.dwelling_figures import effective_high_risk
from inspect_tui.store.occupancy import occupancy

COMMITTED = Path(__file__).resolve().parents[2] / "sample.db"
REGENERATE = "regenerate it with: inspect-tui make-sample sample.db --force"


def canonical_dump(path: Path) -> dict[str, Any]:
    """Schema and rows of every table but `_sqlite_migrations` (which holds timestamps); rows sorted, BLOBs hashed."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            (str(name), str(sql))
            for name, sql in connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name != '_sqlite_migrations' "
                "ORDER BY name"
            )
        ]
        indexes = sorted(
            str(sql) for (sql,) in connection.execute("SELECT sql FROM sqlite_master WHERE type = 'index'") if sql
        )
        dump: dict[str, Any] = {"indexes": indexes}
        for name, sql in tables:
            rows = [
                [("sha256:" + hashlib.sha256(v).hexdigest()) if isinstance(v, bytes) else v for v in row]
                for row in connection.execute(f"SELECT * FROM [{name}]")
            ]
            dump[name] = {"schema": sql, "rows": sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False))}
        return dump
    finally:
        connection.close()


def _differences(left: dict[str, Any], right: dict[str, Any]) -> list[str]:
    return sorted(k for k in set(left) | set(right) if left.get(k) != right.get(k))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    build_sample(path)
    return path


@pytest.fixture(scope="module")
def rows(built: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{built.resolve().as_uri()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


# --- reproducible, and the committed file is the built one ----------------------------------


def test_committed_sample_db_is_what_the_generator_builds(built: Path) -> None:
    assert COMMITTED.exists(), f"sample.db is missing at the repository root; {REGENERATE}"
    committed, fresh = canonical_dump(COMMITTED), canonical_dump(built)
    assert committed == fresh, f"sample.db is stale (tables differ: {_differences(committed, fresh)}); {REGENERATE}"


def test_committed_sample_db_is_self_contained() -> None:
    """The committed file is complete on its own and already in WAL mode, so opening it changes nothing."""
    wal = COMMITTED.with_name(COMMITTED.name + "-wal")
    assert not (wal.exists() and wal.stat().st_size), f"sample.db has an unmerged write-ahead log; {REGENERATE}"
    # Bytes 18 and 19 of the header are 1 in rollback-journal mode and 2 in WAL mode.
    header = COMMITTED.read_bytes()[:20]
    assert header[18:20] == b"\x02\x02", f"sample.db is not in WAL mode; {REGENERATE}"


def test_building_twice_gives_the_same_content(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    build_sample(again)
    assert canonical_dump(again) == canonical_dump(built)


def test_the_dump_notices_a_changed_row(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(built.read_bytes())
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE occupants SET name = 'Test Iemand Anders' WHERE rowid = 1")
    connection.close()
    assert _differences(canonical_dump(copy), canonical_dump(built)) == ["occupants"]


def test_the_file_is_self_contained_and_sound(built: Path, rows: sqlite3.Connection) -> None:
    assert rows.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert rows.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    wal = built.with_name(built.name + "-wal")
    assert not (wal.exists() and wal.stat().st_size), "the write-ahead log was not folded into the file"
    assert not list(built.parent.glob(".*.tmp")), "the temporary build file was left behind"
    assert rows.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0] == DEVICE_ID


def test_refuses_to_overwrite_unless_asked(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "existing.db"
    target.write_bytes(b"not mine to replace")
    with pytest.raises(FileExistsError, match="--force"):
        build_sample(target)
    assert target.read_bytes() == b"not mine to replace"
    stale_wal = target.with_name(target.name + "-wal")
    stale_wal.write_bytes(b"a log of the old file")
    build_sample(target, overwrite=True)
    assert not stale_wal.exists(), "a WAL of the replaced file would be replayed onto the new one"
    assert canonical_dump(target) == canonical_dump(built)
    # Readers of a WAL-mode file may leave empty -wal/-shm files; nothing else may remain.
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["existing.db"]


def test_cli_make_sample_and_stats(tmp_path: Path) -> None:
    out = tmp_path / "demo.db"
    runner = CliRunner()
    made = runner.invoke(main, ["make-sample", str(out)])
    assert made.exit_code == 0, made.output
    assert "Wrote" in made.output and "inspections" in made.output
    again = runner.invoke(main, ["make-sample", str(out)])
    assert again.exit_code == 1
    assert again.output.strip().splitlines() == [f"Error: {out} already exists; use --force to replace it"]
    assert runner.invoke(main, ["make-sample", str(out), "--force"]).exit_code == 0
    stats = runner.invoke(main, ["--db", str(out), "stats", "--json"])
    assert stats.exit_code == 0, stats.output
    counts = json.loads(stats.output)
    assert counts["sites"] >= 7 and counts["occupants"] >= 40 and counts["inspections"] >= 8


# --- what it holds --------------------------------------------------------------------------


def test_sites_cover_every_kind_of_location(rows: sqlite3.Connection) -> None:
    sites = rows.execute("SELECT * FROM sites").fetchall()
    assert len(sites) >= 7
    housing = {s["housing_type"] for s in sites if s["kind"] == "housing"}
    assert {"a", "b", "e"} <= housing and housing & {"c", "d"}
    workplaces = [s for s in sites if s["kind"] == "workplace"]
    assert {s["sector"] for s in workplaces} >= {"meat_processing", "horticulture", "distribution"}
    # High-risk follows from the sector (meat processing) unless the site records an override.
    assert any(effective_high_risk(s["sector"], s["high_risk"]) for s in workplaces if s["sector"] == "meat_processing")
    park = next(s for s in sites if s["housing_type"] == "e")
    assert park["sector"] in ("horticulture", "agriculture")
    caravans = rows.execute("SELECT COUNT(*) FROM units WHERE site_id = ? AND kind = 'caravan'", [park["id"]])
    assert caravans.fetchone()[0] >= 20
    certifications = {s["certification"] for s in sites}
    assert {"snf", "none"} <= certifications and "snf_akf" in certifications  # the park holds both keurmerken
    for site in sites:
        if site["certification"] != "none":
            assert site["certification_number"] and site["certification_valid_until"]
        for column in ("operator_kvk", "employer_kvk", "agency_kvk"):
            assert site[column] is None or (len(site[column]) == 8 and site[column].isdigit())
    assert [s["country"] for s in sites].count("DE") == 1
    for site in sites:
        if site["country"] == "NL":
            assert site["postcode"][:4].isdigit() and site["postcode"][4] == " " and site["postcode"][5:].isalpha()


def test_units_form_trees_with_measurements(rows: sqlite3.Connection) -> None:
    units = rows.execute("SELECT * FROM units").fetchall()
    by_id = {u["id"]: u for u in units}
    kinds = Counter(u["kind"] for u in units)
    assert kinds["caravan"] >= 20 and kinds["bedroom"] >= 6 and kinds["room"] >= 12 and kinds["building"] >= 3
    for unit in units:
        if unit["parent_id"] is not None:
            assert by_id[unit["parent_id"]]["site_id"] == unit["site_id"]
    assert all(u["floor_area_m2"] is not None for u in units)
    assert any(u["beds"] for u in units) and any(u["toilets"] for u in units) and any(u["showers"] for u in units)


def test_occupants_are_many_fake_and_varied(rows: sqlite3.Connection) -> None:
    people = rows.execute("SELECT * FROM occupants").fetchall()
    assert len(people) >= 40
    assert all(p["name"].split()[0] in ("Test", "Demo", "Proef") for p in people), "names must read as fake"
    assert len({p["nationality"] for p in people}) >= 5
    with_bsn = [p["bsn"] for p in people if p["bsn"]]
    assert 0 < len(with_bsn) < len(people), "some occupants have a BSN and some have none"
    assert all(stdnum_bsn.is_valid(b) for b in with_bsn), "every BSN passes the 11-proef"
    assert all(b.startswith("99999") for b in with_bsn), "BSNs come from the test block"
    assert len(set(with_bsn)) == len(with_bsn)
    assert {p["brp_status"] for p in people} >= {"ingezetene", "rni", "not_registered"}
    assert {p["written_rental_contract"] for p in people} >= {0, 1}
    assert {p["zorgpas_in_own_possession"] for p in people} >= {0, 1}
    assert any(p["phone"] for p in people) and any(p["email"] for p in people)
    assert all(p["email"].endswith("@example.nl") for p in people if p["email"])
    by_id = {p["id"]: p for p in people}
    couples = [p for p in people if p["couple_with"]]
    assert len(couples) >= 4
    for person in couples:
        partner = by_id[person["couple_with"]]
        assert partner["couple_with"] == person["id"] and partner["unit_id"] == person["unit_id"]


def test_occupancy_shows_every_flag(rows: sqlite3.Connection) -> None:
    # Judged by the store's own occupancy code, on an in-memory copy so the sample file is not touched.
    copy = sqlite3.connect(":memory:")
    rows.backup(copy)
    database = Database(copy)
    flags = Counter(
        flag
        for (site_id,) in database.execute("SELECT id FROM sites").fetchall()
        for unit in occupancy(database, site_id)
        for flag in unit.flags
    )
    copy.close()
    assert flags["overcrowded"] and flags["bedroom_shared_high_risk"] and flags["register_mismatch"]


def test_inspections_tell_the_whole_story(rows: sqlite3.Connection) -> None:
    inspections = rows.execute("SELECT * FROM inspections").fetchall()
    assert len(inspections) >= 8
    assert len({i["inspector"] for i in inspections}) >= 2
    assert {i["status"] for i in inspections} == {"draft", "completed", "returned", "approved"}
    days = {i["started_at"][:10] for i in inspections}
    assert len(days) >= 4
    assert sum(1 for d in days if "2026-11-16" <= d <= "2026-11-20") >= 4, "most work falls in the sample week"
    used = {t for i in inspections for t in json.loads(i["templates"])}
    assert used == {"snf", "akf", "rie", "covid-2020"}
    decisions = Counter(r["decision"] for r in rows.execute("SELECT decision FROM reviews"))
    assert decisions["approve"] >= 1 and decisions["send_back"] >= 1 and decisions["reopen"] >= 1
    needing = rows.execute("SELECT reason FROM reviews WHERE decision IN ('send_back', 'reopen')").fetchall()
    assert all(r["reason"] for r in needing)
    assert rows.execute("SELECT COUNT(*) FROM answers WHERE value IS NOT NULL").fetchone()[0] >= 150
    typed = rows.execute("SELECT COUNT(*) FROM answers WHERE verdict = 'recorded' AND value GLOB '[0-9]*'").fetchone()[
        0
    ]
    assert typed >= 5, "measurements are typed on site"
    assert rows.execute("SELECT COUNT(*) FROM answers WHERE value = 'n.a.'").fetchone()[0] >= 1


def test_findings_have_every_severity_deadlines_and_photos(rows: sqlite3.Connection) -> None:
    findings = rows.execute(
        "SELECT f.*, i.started_at FROM findings f JOIN inspections i ON i.id = f.inspection_id"
    ).fetchall()
    assert {f["severity"] for f in findings} == {"critical", "major", "minor"}
    days = {"critical": 7, "major": 30, "minor": 90}  # the default deadline policy
    for finding in findings:
        if finding["origin_id"] is None:
            started = finding["started_at"][:10]
            expected = _add_days(started, days[finding["severity"]])
            assert finding["deadline"] == expected, finding["description"]
    assert any(not f["description"].isascii() or " de " in f["description"] for f in findings), "Dutch text"
    attachments = rows.execute("SELECT * FROM attachments").fetchall()
    blobs = rows.execute("SELECT * FROM blobs").fetchall()
    assert len(attachments) >= 3
    assert len(blobs) < len(attachments), "the same photo attached twice is stored once"
    assert len({(a["finding_id"], a["sha256"]) for a in attachments}) == len(attachments)
    for blob in blobs:
        data = bytes(blob["data"])
        assert hashlib.sha256(data).hexdigest() == blob["sha256"]
        assert _png_pixels(data) > 0


def test_reinspection_confirms_one_and_carries_one(rows: sqlite3.Connection) -> None:
    later = rows.execute("SELECT * FROM inspections WHERE previous_id IS NOT NULL").fetchall()
    assert later
    carried_any = resolved_any = False
    for inspection in later:
        earlier = rows.execute("SELECT * FROM findings WHERE inspection_id = ?", [inspection["previous_id"]]).fetchall()
        carried = rows.execute(
            "SELECT origin_id FROM findings WHERE inspection_id = ? AND origin_id IS NOT NULL", [inspection["id"]]
        ).fetchall()
        carried_ids = {c["origin_id"] for c in carried}
        resolved_any |= any(f["status"] == "resolved" for f in earlier)
        carried_any |= any(f["id"] in carried_ids and f["status"] == "open" for f in earlier)
    assert resolved_any and carried_any


def test_every_record_went_through_the_store(rows: sqlite3.Connection) -> None:
    for table in MODEL_BY_TABLE:
        missing = rows.execute(
            f"SELECT COUNT(*) FROM [{table}] t WHERE NOT EXISTS (SELECT 1 FROM changes c "
            "WHERE c.entity = ? AND c.record_id = t.id AND c.rev = t.rev AND c.leaf = 1)",
            [table],
        ).fetchone()[0]
        assert missing == 0, f"{table}: rows without their head revision in the change log"
    assert rows.execute("SELECT COUNT(*) FROM changes WHERE gen > 1").fetchone()[0] > 0, "edits made revisions"
    assert rows.execute("SELECT COUNT(*) FROM changes WHERE deleted = 1").fetchone()[0] >= 1
    origins = {r[0] for r in rows.execute("SELECT DISTINCT origin FROM changes")}
    assert origins == {DEVICE_ID}
    assert rows.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0] == 0


# --- the ingredients ------------------------------------------------------------------------


def test_test_bsns_pass_the_11_proef_and_are_deterministic() -> None:
    first = [b for _, b in zip(range(50), sample_bsns(), strict=False)]
    assert first == [b for _, b in zip(range(50), sample_bsns(), strict=False)]
    assert all(stdnum_bsn.is_valid(b) for b in first)
    assert first == sorted(set(first))
    assert "999990019" in first  # a well-known test BSN in that block


def test_png_bytes_are_deterministic_valid_images() -> None:
    assert png_bytes(8, 4, 1) == png_bytes(8, 4, 1)
    assert png_bytes(8, 4, 1) != png_bytes(8, 4, 2)
    assert _png_pixels(png_bytes(8, 4, 1)) == 32
    assert _png_pixels(png_bytes(200, 120, 3)) == 24000  # more than one stored deflate block


def _png_pixels(data: bytes) -> int:
    """Width × height of an 8-bit RGB PNG, after checking its chunks and image data."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks, idat = 8, [], b""
    width = height = 0
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc
        chunks.append(kind)
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (8, 2)
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND"
    assert len(zlib.decompress(idat)) == height * (1 + 3 * width)
    return width * height


def _add_days(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def test_the_demo_shows_failures_per_unit(rows: sqlite3.Connection) -> None:
    units = {
        (r["name"], r["item_id"]): r["units"]
        for r in rows.execute(
            "SELECT s.name, a.item_id, a.units FROM answers a JOIN inspections i ON i.id = a.inspection_id "
            "JOIN sites s ON s.id = i.site_id WHERE a.verdict = 'fail' AND a.units IS NOT NULL"
        ).fetchall()
    }
    # A failing bedroom in a house whose bedroom total (61 m² for 12 persons) would pass.
    assert units[("Woonboerderij Hoeve Lindelust", "snf.space.bedroom_area_pp")] == (
        "1 of 6 bedrooms fail\nSlaapkamer 3: 2.7 m²/p < 3.5"
    )
    # An overcrowded caravan in a park where 12 of 22 caravans are empty.
    assert units[("Vakantiepark De Wilgenhoek", "snf.space.living_area_pp")] == (
        "1 of 9 dwellings fail\nCaravan 03: 7.9 m²/p < 10"
    )


def test_the_demo_fills_the_new_occupant_and_site_fields(rows: sqlite3.Connection) -> None:
    filled = rows.execute(
        "SELECT COUNT(*) FROM occupants WHERE (abroad_country IS NOT NULL OR sealed LIKE '%abroad_street%') "
        "AND arrived_in_nl IS NOT NULL AND expected_stay_until IS NOT NULL AND in_unit_since IS NOT NULL "
        "AND health_insured IS NOT NULL"
    ).fetchone()[0]
    assert filled >= 40
    assert rows.execute("SELECT COUNT(*) FROM sites WHERE certification = 'snf_akf'").fetchone()[0] >= 1
    assert rows.execute("SELECT COUNT(*) FROM sites WHERE zoned_residential IS NOT NULL").fetchone()[0] >= 1
