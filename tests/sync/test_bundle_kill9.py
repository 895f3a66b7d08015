"""kill -9 during export and import: no half bundle under a final name, an import all or nothing.

SYNC.md, Durability: a bundle is written under a temporary name, fsynced and renamed; an import
is one transaction. After a SIGKILL at a random moment the database passes integrity_check.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspect_tui.domain.models import Answer, Inspection, answer_id
from inspect_tui.store import open_db, save
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.revisions import Revision, make_rev
from inspect_tui.sync import export_bundle, verify_bundle
from inspect_tui.sync.keys import ensure_signing_key
from inspect_tui.sync.merge import apply_revisions
from tests.helpers.bundles import SNF_ITEMS, make_device, populate

WORKER = Path(__file__).with_name("bundle_worker.py")
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _big_source(path: Path, answers: int) -> None:
    """A device with many answers (made as the store would make their first revisions)."""
    device = make_device(path)
    ids = populate(device.db)
    origin = device.db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
    revisions = []
    inspection: Inspection | None = None
    for number in range(answers):
        if inspection is None or number % len(SNF_ITEMS) == 0:  # answers only for real items, 40 per inspection
            inspection = Inspection(
                site_id=ids["site"], templates=["snf"], inspector="Eva", started_at=dt.datetime(2025, 3, 10, 9, 0)
            )
            save(device.db, inspection)
        item = SNF_ITEMS[number % len(SNF_ITEMS)]
        data = Answer(
            id=answer_id(inspection.id, item), inspection_id=inspection.id, item_id=item, note=str(number)
        ).model_dump(mode="json")
        rev = make_rev("answers", data["id"], 1, None, (), False, canonical_json(data))
        revisions.append(Revision("answers", data["id"], rev, 1, None, origin, data))
    with device.db.atomic():
        apply_revisions(device.db, revisions)
    device.db.conn.close()


def _start(*args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready", process.stderr.read() if process.stderr else ""
    return process


def _kill(process: subprocess.Popen[str], after: float) -> list[str]:
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    out, _ = process.communicate(timeout=10)
    return out.splitlines()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.slow
def test_kill9_during_export_leaves_only_whole_bundles(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    _big_source(source, 3000)
    rng = random.Random(1)
    for round_number in range(3):
        folder = tmp_path / f"out{round_number}"
        folder.mkdir()
        confirmed = _kill(_start("export", str(source), str(folder)), rng.uniform(0.05, 0.4))
        assert _integrity(source) == "ok"
        finals = sorted(p for p in folder.iterdir() if p.suffix == ".zip")
        assert {f"exported {p.name}" for p in finals} >= set(confirmed), "a confirmed bundle is missing"
        for bundle in finals:  # whole and valid, or not there under its final name at all
            verify_bundle(bundle)
        for leftover in folder.iterdir():
            assert leftover in finals or (leftover.name.startswith(".") and leftover.name.endswith(".part"))


@pytest.mark.slow
def test_kill9_during_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    _big_source(source, 4000)
    db = open_db(source)
    result = export_bundle(db, tmp_path / "big.zip", ensure_signing_key(db, source), everything=True)
    db.conn.close()
    assert result is not None
    rng = random.Random(2)
    for round_number in range(3):
        target = tmp_path / f"lead{round_number}.db"
        make_device(target).db.conn.close()
        confirmed = _kill(_start("import", str(target), str(result.path)), rng.uniform(0.0, 0.8))
        assert _integrity(target) == "ok"
        conn = sqlite3.connect(target)
        bundles = conn.execute("SELECT COUNT(*) FROM bundles").fetchone()[0]
        answers = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        changes = conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
        conn.close()
        if confirmed[-1:] == [f"imported {result.bundle_id}"] or bundles:
            assert (bundles, answers, changes) == (1, 4003, sum(result.counts.values()))
        else:
            assert (bundles, answers, changes) == (0, 0, 0), "a half import survived the crash"
    verify_bundle(result.path)  # the crashes never touched the bundle being read
