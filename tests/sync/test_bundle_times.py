"""Times with their zone: exported as RFC 3339 with offset, old naive times read as Europe/Amsterdam."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from inspect_tui.domain.models import Inspection, Review
from inspect_tui.i18n.zone import AMSTERDAM, zoned, zoned_text
from inspect_tui.store import open_db
from inspect_tui.store.zone_migration import add_zones
from inspect_tui.sync.layout import KINDS
from tests.helpers.bundles import Device, edit_line, members, rebag
from tests.helpers.bundles import trusting_import as import_bundles

REPO = Path(__file__).resolve().parents[2]
CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER

SITE = "0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c"
INSPECTION = "1c4d0e3f-6a2b-4d8f-8b3c-4e5f6a7b8c9d"


def test_the_format_checker_checks_date_time() -> None:
    """Without rfc3339-validator installed jsonschema skips date-time silently: make sure it does not."""
    assert not CHECKER.conforms("2026-10-12T08:30:00", "date-time")
    assert CHECKER.conforms("2026-10-12T08:30:00+02:00", "date-time")


def test_every_exported_line_passes_the_schemas_with_format_checking(full_bundle: Path) -> None:
    parts = members(full_bundle)
    checked = 0
    for kind in KINDS:
        schema = json.loads((REPO / "schemas" / f"bundle-{kind}.schema.json").read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, format_checker=CHECKER)
        for line in parts[f"data/{kind}.jsonl"].decode().splitlines():
            errors = [e.message for e in validator.iter_errors(json.loads(line))]
            assert errors == [], (kind, line[:200])
            checked += 1
    assert checked > 10
    started = json.loads(parts["data/inspections.jsonl"].decode().splitlines()[0])["record"]["started_at"]
    assert started.endswith(("+01:00", "+02:00"))


def test_naive_times_are_amsterdam_local_time() -> None:
    assert zoned(dt.datetime(2026, 7, 1, 8, 30)).isoformat() == "2026-07-01T08:30:00+02:00"
    assert zoned(dt.datetime(2026, 12, 1, 8, 30)).isoformat() == "2026-12-01T08:30:00+01:00"
    # a time given in UTC is kept as the same moment, shown in Amsterdam
    assert zoned_text("2026-12-01T07:30:00+00:00") == "2026-12-01T08:30:00+01:00"
    # the hour that happens twice at the autumn clock change: the first of the two (summer time)
    assert zoned_text("2026-10-25T02:30:00") == "2026-10-25T02:30:00+02:00"
    inspection = Inspection(site_id=SITE, templates=["snf"], inspector="A", started_at=dt.datetime(2026, 3, 29, 12, 0))
    assert inspection.started_at.tzinfo is AMSTERDAM
    assert inspection.model_dump(mode="json")["started_at"] == "2026-03-29T12:00:00+02:00"


def test_a_bundle_with_naive_times_still_imports(
    full_bundle: Path, source: Device, target: Device, tmp_path: Path
) -> None:
    """Bundles of the current format version written before times had a zone import as Amsterdam time."""

    def strip(record: dict[str, object]) -> None:
        for name in ("started_at", "completed_at", "created_at"):
            value = record.get(name)
            if isinstance(value, str):
                record[name] = value[:19]  # 2025-03-03T09:30:00+01:00 -> 2025-03-03T09:30:00

    def naive(data: dict[str, bytes]) -> dict[str, bytes]:
        for kind in ("inspections", "reviews"):
            lines = data[f"data/{kind}.jsonl"].decode().splitlines()
            for number in range(1, len(lines) + 1):
                data[f"data/{kind}.jsonl"] = edit_line(data[f"data/{kind}.jsonl"], number, lambda e: strip(e["record"]))
        return data

    old = tmp_path / "old.zip"
    # written before times had a zone: the revision ids were made from the naive texts
    old.write_bytes(rebag(full_bundle, source.key, payload=naive, rehash=True))
    assert "+0" not in members(old)["data/inspections.jsonl"].decode()
    import_bundles(target.db, [old])
    query = "SELECT id, started_at, completed_at FROM inspections ORDER BY id"
    assert target.db.execute(query).fetchall() == source.db.execute(query).fetchall()
    query = "SELECT id, created_at FROM reviews ORDER BY id"
    assert target.db.execute(query).fetchall() == source.db.execute(query).fetchall()
    assert all(r[0].endswith(("+01:00", "+02:00")) for r in target.db.execute("SELECT started_at FROM inspections"))


def test_migration_gives_old_times_their_zone(source: Device, tmp_path: Path) -> None:
    """A database written before times had a zone: its tables and revision data are rewritten once."""
    db = source.db
    inspection_id = db.execute("SELECT id FROM inspections LIMIT 1").fetchone()[0]
    review_rows = db.execute("SELECT id FROM reviews").fetchall()
    # make it look like an older database: naive texts in the table and in the revision data
    db.execute(
        "UPDATE inspections SET started_at = '2025-01-15T09:00:00', completed_at = NULL WHERE id = ?", [inspection_id]
    )
    rows = db.execute(
        "SELECT rowid, data FROM changes WHERE entity = 'inspections' AND record_id = ?", [inspection_id]
    ).fetchall()
    for rowid, text in rows:
        data = json.loads(text)
        data["started_at"] = "2025-01-15T09:00:00"
        db.execute(
            "UPDATE changes SET data = ? WHERE rowid = ?",
            [json.dumps(data, sort_keys=True, separators=(",", ":")), rowid],
        )
    revs_before = db.execute("SELECT rev FROM changes ORDER BY rowid").fetchall()
    db.conn.commit()

    changed = add_zones(db)
    assert changed >= 1 + len(rows)
    assert db.execute("SELECT started_at FROM inspections WHERE id = ?", [inspection_id]).fetchone()[0] == (
        "2025-01-15T09:00:00+01:00"
    )
    for (text,) in db.execute(
        "SELECT data FROM changes WHERE entity = 'inspections' AND record_id = ?", [inspection_id]
    ):
        assert json.loads(text)["started_at"] == "2025-01-15T09:00:00+01:00"
    assert db.execute("SELECT rev FROM changes ORDER BY rowid").fetchall() == revs_before  # revision ids stay
    assert add_zones(db) == 0  # a second run finds nothing to do
    assert review_rows is not None


def test_opening_an_old_database_runs_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = open_db(path, create=True)
    db.execute(
        "INSERT INTO reviews(id, rev, inspection_id, reviewer, decision, reason, created_at) "
        "VALUES ('r1', '1-" + "0" * 32 + "', 'i1', 'Eef', 'comment', NULL, '2025-06-13T14:00:00')"
    )
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_times_with_zone'")
    db.conn.commit()
    db.conn.close()
    db = open_db(path)
    try:
        assert db.execute("SELECT created_at FROM reviews").fetchone()[0] == "2025-06-13T14:00:00+02:00"
    finally:
        db.conn.close()
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert "m003_times_with_zone" in names


def test_review_times_from_a_clock_without_zone() -> None:
    review = Review(
        inspection_id=INSPECTION, reviewer="E", decision="comment", created_at=dt.datetime(2025, 6, 13, 14, 0)
    )
    assert review.model_dump(mode="json")["created_at"] == "2025-06-13T14:00:00+02:00"


@pytest.mark.parametrize("text", ["2026-10-12T06:30:00Z", "2026-10-12T06:30:00+00:00", "2026-10-12T07:30:00+01:00"])
def test_a_utc_time_is_kept_as_the_same_moment(text: str) -> None:
    inspection = Inspection.model_validate(
        {"site_id": SITE, "templates": ["snf"], "inspector": "A", "started_at": text}
    )
    assert inspection.model_dump(mode="json")["started_at"] == "2026-10-12T08:30:00+02:00"
