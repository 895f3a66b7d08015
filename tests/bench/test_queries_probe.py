"""The query probe runs end to end on a generated database and leaves it untouched."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_probe_times_plans_and_tries_indexes_on_a_copy(tmp_path: Path) -> None:
    generated = tmp_path / "small.db"
    made = subprocess.run(
        [
            sys.executable,
            str(BENCH / "generate.py"),
            "--sites",
            "10",
            "--inspections",
            "40",
            "--answers-per",
            "5",
            "--out",
            str(generated),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    before = hashlib.sha256(generated.read_bytes()).hexdigest()
    out = tmp_path / "probe.json"
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH / "queries_probe.py"),
            str(generated),
            "--runs",
            "1",
            "--work-dir",
            str(tmp_path),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "| screen | query | rows | now | ANALYZE only | recommended |" in result.stdout
    assert "CREATE INDEX idx_findings_inspection_status" in result.stdout
    probe = json.loads(out.read_text(encoding="utf-8"))
    assert [stage["label"] for stage in probe["stages"]][:2] == ["ANALYZE only", "recommended"]
    assert {len(stage["timings"]) for stage in probe["stages"]} == {len(probe["before"])}
    assert all(timing["plan"] for timing in probe["before"])
    assert hashlib.sha256(generated.read_bytes()).hexdigest() == before
    assert list(tmp_path.glob("*.probe-copy.db*")) == []
    assert not Path(f"{generated}-wal").exists() or Path(f"{generated}-wal").stat().st_size == 0
