"""The benchmark generator builds a database the app cannot tell from a real one.

It runs the script as a user would (``python bench/generate.py ...``) on a tiny size, then
checks the result through the app's own models, codec, revision ids and CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main as cli
from inspect_tui.domain.answers import normalise_value, verdict_for
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import RECORD_TYPES, DeadlinePolicy, Inspection, answer_id
from inspect_tui.domain.norms import Measurements, SiteContext, evaluate
from inspect_tui.store import open_db
from inspect_tui.store.codec import canonical_json, row_to_data
from inspect_tui.store.revisions import make_rev
from inspect_tui.store.workflow import checklist_items

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
SITES, INSPECTIONS, ANSWERS_PER = 20, 50, 10


def generate(out: Path, *extra: str, seed: int = 7) -> subprocess.CompletedProcess[str]:
    """Run ``python bench/generate.py`` at the tiny size, as a user would."""
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--sites",
            str(SITES),
            "--inspections",
            str(INSPECTIONS),
            "--answers-per",
            str(ANSWERS_PER),
            "--out",
            str(out),
            "--seed",
            str(seed),
            "--quiet",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made by the generator; tests only read it."""
    out = tmp_path_factory.mktemp("bench") / "small.db"
    result = generate(out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def conn(generated: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{generated}?mode=ro", uri=True)
    yield connection
    connection.close()


def _schema(connection: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    return sorted(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())


def test_schema_is_identical_to_a_fresh_database(conn: sqlite3.Connection, tmp_path: Path) -> None:
    open_db(tmp_path / "fresh.db", create=True).close()
    fresh = sqlite3.connect(tmp_path / "fresh.db")
    try:
        assert _schema(conn) == _schema(fresh)
        migrations = "SELECT name FROM _sqlite_migrations ORDER BY name"
        assert conn.execute(migrations).fetchall() == fresh.execute(migrations).fetchall()
    finally:
        fresh.close()


def test_file_is_sound_and_back_in_wal_mode(generated: Path, conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert not Path(f"{generated}.tmp").exists()
    db = open_db(generated)  # the app opens (and migrates) it without complaint
    db.close()


def test_stats_counts_match_the_parameters(generated: Path, conn: sqlite3.Connection) -> None:
    result = CliRunner().invoke(cli, ["--db", str(generated), "stats", "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert counts["sites"] == SITES
    assert counts["inspections"] == INSPECTIONS
    assert counts["answers"] == INSPECTIONS * ANSWERS_PER
    assert counts["units"] >= SITES and counts["occupants"] > 0
    assert counts["findings"] > 0 and counts["reviews"] > 0
    assert counts["open conflicts"] == 0
    records = sum(counts[t.table] for t in RECORD_TYPES)
    assert counts["revisions"] == records


def test_every_record_validates_and_matches_its_revision(conn: sqlite3.Connection) -> None:
    device = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
    changes = {
        (entity, record_id): (rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, data)
        for entity, record_id, rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, data in conn.execute(
            "SELECT entity, record_id, rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, data FROM changes"
        )
    }
    seen = 0
    for model in RECORD_TYPES:
        cursor = conn.execute(f"SELECT * FROM [{model.table}]")
        columns = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(columns, values, strict=True))
            record = model.model_validate(row_to_data(model, row))
            data_json = canonical_json(record.model_dump(mode="json"))
            rev, gen, base_rev, merged, ancestors, origin, deleted, leaf, stored = changes[(model.table, record.id)]
            assert (rev, gen, base_rev, merged, ancestors, origin, deleted, leaf) == (
                row["rev"],
                1,
                None,
                "[]",
                "[]",
                device,
                0,
                1,
            )
            assert stored == data_json
            assert rev == make_rev(model.table, record.id, 1, None, (), False, data_json)
            seen += 1
    assert seen == len(changes)


def test_answers_come_from_their_inspections_checklists(conn: sqlite3.Connection) -> None:
    inspections = {
        r[0]: Inspection.model_validate(
            {"id": r[0], "site_id": r[1], "templates": json.loads(r[2]), "inspector": "x", "started_at": r[3]}
        )
        for r in conn.execute("SELECT id, site_id, templates, started_at FROM inspections")
    }
    items: dict[str, dict[str, Item]] = {
        i.id: {item.id: item for item in checklist_items(i)} for i in inspections.values()
    }
    per_inspection: Counter[str] = Counter()
    for aid, inspection_id, item_id, value, verdict, figure, computed in conn.execute(
        "SELECT id, inspection_id, item_id, value, verdict, figure, computed FROM answers"
    ):
        item = items[inspection_id][item_id]  # KeyError: not on the inspection's checklists
        per_inspection[inspection_id] += 1
        assert aid == answer_id(inspection_id, item_id)
        assert normalise_value(item, value) == value
        if item.rule is not None:  # judged from the measurements, as workflow.recompute_rules does
            assert (value, verdict) in {("yes", "pass"), ("no", "fail"), ("n.a.", "n.a."), (None, "unknown")}
            assert computed == 1
        else:
            assert verdict == verdict_for(item, value).value
            assert (figure, computed) == (None, 0)
    assert set(per_inspection.values()) == {ANSWERS_PER}
    assert len(per_inspection) == INSPECTIONS


def test_rule_verdicts_follow_the_measurements_answered(conn: sqlite3.Connection) -> None:
    """Where an inspection answered every input of a rule, its verdict is what the norm evaluator says."""
    sites = {r[0]: r[1:] for r in conn.execute("SELECT id, housing_type, akf_category, high_risk FROM sites")}
    answers: dict[str, dict[str, tuple[str | None, str, float | None]]] = {}
    for inspection_id, item_id, value, verdict, figure in conn.execute(
        "SELECT inspection_id, item_id, value, verdict, figure FROM answers"
    ):
        answers.setdefault(inspection_id, {})[item_id] = (value, verdict, figure)
    checked = 0
    for inspection_id, site_id, templates, started_at in conn.execute(
        "SELECT id, site_id, templates, started_at FROM inspections"
    ):
        inspection = Inspection.model_validate(
            {
                "id": inspection_id,
                "site_id": site_id,
                "inspector": "x",
                "templates": json.loads(templates),
                "started_at": started_at,
            }
        )
        given = answers.get(inspection_id, {})
        items = checklist_items(inspection)
        measured = {i.measure.value: float(given[i.id][0] or 0) for i in items if i.measure and i.id in given}
        housing_type, akf_category, high_risk = sites[site_id]
        context = SiteContext(
            on_date=inspection.started_at.date(),
            housing_type=housing_type,
            akf_category=akf_category,
            high_risk=bool(high_risk),
        )
        for item in items:
            if item.rule is None or item.id not in given:
                continue
            result = evaluate(item.rule, Measurements.model_validate(measured), context)
            if result.missing:
                continue  # an input came from the site, not from this inspection's answers
            value, verdict, figure = given[item.id]
            expected = (
                "n.a." if not result.applies else None if result.passed is None else "yes" if result.passed else "no"
            )
            assert value == expected, (inspection_id, item.id)
            assert verdict == verdict_for(item, value).value if value != "n.a." else verdict == "n.a."
            assert figure == (None if result.figure in (None, float("inf")) else result.figure)
            checked += 1
    assert checked > 0


def test_findings_follow_the_failed_answers(conn: sqlite3.Connection) -> None:
    policy = DeadlinePolicy()
    failed = set(conn.execute("SELECT inspection_id, item_id FROM answers WHERE verdict = 'fail'"))
    assert failed, "a realistic database has failures"
    findings = conn.execute(
        "SELECT f.id, f.inspection_id, f.item_id, f.severity, f.deadline, f.origin_id, i.started_at, i.site_id "
        "FROM findings f JOIN inspections i ON i.id = f.inspection_id"
    ).fetchall()
    by_id = {f[0]: f for f in findings}
    covered = {(f[1], f[2]) for f in findings}
    assert failed <= covered
    for _, _, _, severity, deadline, origin_id, started_at, site_id in findings:
        day = dt.datetime.fromisoformat(started_at).date()
        assert deadline == policy.deadline(Severity(severity), day).isoformat()
        if origin_id is not None:
            earlier = by_id[origin_id]
            assert earlier[7] == site_id and earlier[6] < started_at


def test_same_seed_same_database_and_no_overwrite(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    assert generate(again).returncode == 0
    query = "SELECT entity, record_id, rev FROM changes ORDER BY seq"
    with sqlite3.connect(generated) as first, sqlite3.connect(again) as second:
        assert first.execute(query).fetchall() == second.execute(query).fetchall()

    before = again.stat().st_mtime_ns
    refused = generate(again, seed=8)
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert again.stat().st_mtime_ns == before
    assert generate(again, "--force", seed=8).returncode == 0
    with sqlite3.connect(generated) as first, sqlite3.connect(again) as second:
        assert first.execute(query).fetchall() != second.execute(query).fetchall()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sites", "0", "--inspections", "1", "--answers-per", "1"], "--sites"),
        (["--sites", "1", "--inspections", "1", "--answers-per", "999"], "--answers-per must be between"),
    ],
)
def test_bad_sizes_are_refused_with_a_sentence(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "x.db"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--out", str(out)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() and not Path(f"{out}.tmp").exists()
