"""kill -9 at random moments while an editor saves: nothing confirmed is lost, nothing is half-written.

SYNC.md, Durability: every confirmed edit is committed at once, with its change-log row in
the same transaction, so what the screen showed as saved survives a crash.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from inspect_tui.domain.enums import SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import open_db, save
from inspect_tui.store.workflow import start_inspection

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]

EDITOR = Path(__file__).with_name("editor.py")
LANES = 2
"""Databases killed in parallel, each by its own sequence of runs (most of a run is interpreter start-up)."""
RUNS_PER_LANE = 6
"""12 kills in all: enough to land in every phase of a save (the delays are random), quick enough for every CI run."""
SEED = 9


@dataclass
class Confirmed:
    """Every edit the editor reported saved, per record, in the order it was confirmed."""

    values: dict[str, list[str]] = field(default_factory=dict)
    total: int = 0

    def add(self, line: str) -> None:
        _, key, value = line.split(" ", 2)
        self.values.setdefault(key, []).append(value)
        self.total += 1


def _prepare(path: Path) -> None:
    db = open_db(path, create=True)
    site = Site(name="Crash Testwoning", housing_type=SnfHousingType.REGULAR_DWELLING, city="Teststad")
    save(db, site)
    house = Unit(site_id=site.id, label="Woning", kind=UnitKind.BUILDING, floor_area_m2=80.0)
    save(db, house)
    bedroom = Unit(site_id=site.id, label="Slaapkamer 1", kind=UnitKind.BEDROOM, parent_id=house.id, floor_area_m2=10.0)
    save(db, bedroom)
    save(db, Occupant(unit_id=bedroom.id, name="Crash Test Vaste Bewoner 0"))
    start_inspection(db, site.id, ["snf"], "Test Inspecteur", now=dt.datetime(2026, 11, 16, 9))
    db.close()


def _kill_at_random(path: Path, run: int, delay: float, log: Path) -> tuple[list[str], int]:
    """Start the editor, let it save for `delay` seconds, SIGKILL it; the lines it confirmed."""
    with open(log, "ab") as errors:
        process = subprocess.Popen(
            [sys.executable, str(EDITOR), str(path), str(run)],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        assert process.stdout is not None
        first = process.stdout.readline()
        if first != "ready\n":
            process.kill()
            process.wait()
            raise AssertionError(f"editor did not start: {first!r}; see {log.read_text()}")
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        rest = process.stdout.read()
        process.stdout.close()
    # A line cut off by the kill was never fully reported: the edit is not counted as confirmed.
    lines = [line for line in rest.split("\n")[:-1] if line.startswith("confirmed ")]
    return lines, process.returncode


def _check(path: Path, confirmed: Confirmed) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        for key, values in confirmed.values.items():
            table, record_id = key.split("/")
            column = "name" if table == "occupants" else "value"
            row = connection.execute(f"SELECT {column}, rev FROM [{table}] WHERE id = ?", [record_id]).fetchone()
            assert row is not None, f"confirmed {key} is missing"
            logged = [
                json.loads(data)[column]
                for (data,) in connection.execute(
                    "SELECT data FROM changes WHERE entity = ? AND record_id = ? ORDER BY seq", [table, record_id]
                )
            ]
            for value in values:
                assert value in logged, f"confirmed {key} = {value!r} has no change-log row"
            # The record shows the last confirmed value, or one saved after it whose line the kill cut off.
            assert _order(row[0]) >= _order(values[-1]), f"{key} went back from {values[-1]!r} to {row[0]!r}"
        # Every current row is the head revision of its change log, and every live record has a row.
        for table in ("occupants", "answers"):
            stray = connection.execute(
                f"SELECT COUNT(*) FROM [{table}] t WHERE NOT EXISTS (SELECT 1 FROM changes c "
                "WHERE c.entity = ? AND c.record_id = t.id AND c.rev = t.rev AND c.leaf = 1)",
                [table],
            ).fetchone()[0]
            orphans = connection.execute(
                f"SELECT COUNT(*) FROM changes c WHERE c.entity = ? AND c.leaf = 1 AND c.deleted = 0 "
                f"AND NOT EXISTS (SELECT 1 FROM [{table}] t WHERE t.id = c.record_id)",
                [table],
            ).fetchone()[0]
            assert (stray, orphans) == (0, 0), f"{table}: the table and its change log disagree"
    finally:
        connection.close()


def _order(value: str | None) -> int:
    assert value is not None
    return int(value.rsplit(" ", 1)[-1])


def _lane(lane: int, tmp_path: Path) -> tuple[int, int]:
    path = tmp_path / f"lane{lane}.db"
    _prepare(path)
    rng = random.Random(SEED * 100 + lane)
    confirmed = Confirmed()
    killed = 0
    for index in range(RUNS_PER_LANE):
        run = lane * RUNS_PER_LANE + index + 1
        lines, returncode = _kill_at_random(path, run, rng.uniform(0.0, 0.3), tmp_path / f"lane{lane}.log")
        killed += returncode == -signal.SIGKILL
        for line in lines:
            confirmed.add(line)
        _check(path, confirmed)
    return confirmed.total, killed


def test_kill9_loses_no_confirmed_edit(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=LANES) as pool:
        results = list(pool.map(lambda lane: _lane(lane, tmp_path), range(LANES)))
    edits = sum(total for total, _ in results)
    killed = sum(k for _, k in results)
    assert killed == LANES * RUNS_PER_LANE, "every run ends by SIGKILL, not by itself"
    assert edits >= LANES * RUNS_PER_LANE, f"only {edits} edits confirmed: the kills came too early to test much"


def test_check_catches_a_lost_edit(tmp_path: Path) -> None:
    """The checker itself fails when a confirmed edit is missing (so the test above can fail)."""
    path = tmp_path / "lost.db"
    _prepare(path)
    confirmed = Confirmed()
    with closing(sqlite3.connect(path)) as connection:
        fixed = connection.execute("SELECT id FROM occupants").fetchone()[0]
    confirmed.add(f"confirmed occupants/{fixed} Crash Test Vaste Bewoner 5")
    with pytest.raises(AssertionError, match="no change-log row"):
        _check(path, confirmed)
    confirmed = Confirmed()
    confirmed.add("confirmed occupants/00000000-0000-4000-8000-000000000000 Crash Test 1")
    with pytest.raises(AssertionError, match="missing"):
        _check(path, confirmed)


def test_editor_reports_only_after_commit(tmp_path: Path) -> None:
    """A reported edit is already on disk: a second connection sees it while the editor still runs."""
    path = tmp_path / "live.db"
    _prepare(path)
    process = subprocess.Popen(
        [sys.executable, str(EDITOR), str(path), "1"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    try:
        assert process.stdout.readline() == "ready\n"
        line = process.stdout.readline().strip()
        _, key, value = line.split(" ", 2)
        table, record_id = key.split("/")
        with closing(sqlite3.connect(path)) as connection:
            seen = connection.execute(f"SELECT name FROM [{table}] WHERE id = ?", [record_id]).fetchone()
        assert seen == (value,)
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
