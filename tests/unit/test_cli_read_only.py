"""Commands that only read open the database read-only, without the store's heavier imports."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from inspect_tui.domain.models import Site
from inspect_tui.store import open_db, save

_PROBE = """
import json, sys
from inspect_tui.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlite_utils', 'pydantic', 'textual'))
print(json.dumps(loaded), file=sys.stderr)
sys.exit(code)
"""


def _stats(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=60, check=False
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_stats_reads_without_loading_the_store_and_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "inspect.db"
    db = open_db(path, create=True)
    save(db, Site(name="Logies Noord", kind="housing", city="Venlo"))
    db.close()
    before = _digest(path)
    done = _stats("--db", str(path), "stats", "--json")
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout)
    assert counts["sites"] == 1 and counts["revisions"] >= 1
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == [], f"stats loaded {loaded}"
    assert _digest(path) == before


def test_stats_on_an_older_database_migrates_it_through_the_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    open_db(path, create=True).close()
    conn = sqlite3.connect(path)
    # As a database made before the list indexes were added.
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_list_indexes'")
    for index in (
        "idx_findings_inspection_status",
        "idx_findings_status_severity_deadline",
        "idx_inspections_started_id",
    ):
        conn.execute(f"DROP INDEX {index}")
    conn.commit()
    conn.close()
    done = _stats("--db", str(path), "stats", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sites"] == 0
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    conn.close()
    assert "m002_list_indexes" in names


def test_stats_on_a_missing_or_broken_file_is_still_one_line(tmp_path: Path) -> None:
    missing = _stats("--db", str(tmp_path / "nope.db"), "stats")
    assert missing.returncode == 1 and missing.stderr.startswith("Error: ")
    assert not (tmp_path / "nope.db").exists()
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    broken = _stats("--db", str(junk), "stats")
    assert broken.returncode == 1 and broken.stderr.startswith("Error: ")
    assert "Traceback" not in broken.stderr
