"""Bundles at full size, as a user runs them: `export --all`, then `import` into a new database.

Each step is one whole process of the installed command; its peak memory is the child's
maximum resident set as the kernel counts it (a small wrapper process waits for it and asks).

- round trip: a copy of the large database (an export writes its pointer and the bundle's record,
  so the given file is never touched) exported whole (kinds past 256 MiB go on in numbered parts,
  data/answers-0002.jsonl …), and that bundle imported into a fresh database whose owner
  accepts the sender as a team lead; target: the import accepts it;
- peak memory of that export and of that import (over a million revisions); target < 300 MB each;
- time per revision of an import of 1,000 inspections against 10,000 and the large database:
  it should stay flat (target: ≤ 1.3× from the smallest to the largest); the same for the
  import's CPU time per revision, which a shared machine's load disturbs less.

Slow (tens of minutes on 2 cores, a few GB of disk), so `bench/run.py` runs it only with
--full-size. Run alone: python bench/full_size.py LARGE_DB [--sizes 1000,10000,30000]; with
--sizes-only, only the generated sizes are imported (minutes) and the line compares the largest
of them with the smallest.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from figures import Figure
from terminal import app_command

HERE = Path(__file__).resolve().parent
MEMORY_TARGET_MB = 300
FLAT_TARGET = 1.3

_WRAPPER = (
    "import json, resource, subprocess, sys, time\n"
    "began = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'code': done.returncode, 'seconds': time.perf_counter() - began,\n"
    "    'peak_mb': usage.ru_maxrss / 1024, 'cpu': usage.ru_utime + usage.ru_stime,\n"
    "    'out': done.stdout[-2000:], 'err': done.stderr[-2000:]}))\n"
)


def measured(argv: list[str]) -> dict[str, object]:
    """Run argv as its own process; exit code, wall and CPU seconds, peak MB, the end of its output."""
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *argv], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def revisions(db: Path) -> int:
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT COUNT(*) FROM changes").fetchone()[0])
    finally:
        connection.close()


def copied(db: Path, folder: Path) -> Path:
    """A consistent copy of db in folder (SQLite's online backup, read-only on the source)."""
    copy = folder / "source.db"
    source = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(copy)
    try:
        source.backup(target, pages=4096)
    finally:
        target.close()
        source.close()
    return copy


def bundle_bytes(folder: Path) -> int:
    """Bytes of the bundles an export wrote into folder/bundles."""
    return sum(p.stat().st_size for p in (folder / "bundles").iterdir())


def round_trip(db: Path, folder: Path) -> tuple[dict[str, object], dict[str, object] | None]:
    """Export db whole into folder, then import what it wrote into a fresh database."""
    out = folder / "bundles"
    out.mkdir()
    exported = measured([*app_command(), "--db", str(db), "export", "--all", "--out", str(out)])
    if exported["code"] != 0:
        return exported, None
    bundles = sorted(str(p) for p in out.iterdir())
    target = folder / "target.db"
    subprocess.run([*app_command(), "--db", str(target), "init"], capture_output=True, check=True)
    # The receiver accepts the exporting device as a team lead, as a lead's or the central
    # system's database would (the generated history holds approvals and reviews).
    trust = ["--trust-new", "--trust-role", "lead"]
    return exported, measured([*app_command(), "--db", str(target), "import", *trust, *bundles])


def generated(folder: Path, inspections: int) -> Path:
    path = folder / f"gen-{inspections}.db"
    sites = max(10, inspections // 20)
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            "--sites",
            str(sites),
            "--inspections",
            str(inspections),
            "--answers-per",
            "20",
            "--out",
            str(path),
            "--quiet",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return path


def _error(step: dict[str, object]) -> str:
    text = str(step.get("err") or step.get("out") or "").strip().splitlines()
    return text[-1] if text else f"exit {step['code']}"


def measure(large: Path | None, smaller: tuple[int, ...] = (1_000, 10_000)) -> list[Figure]:
    """The round trip of large (None: left out) and the time per revision of each size in smaller."""
    figures = []
    per_revision: list[tuple[str, float]] = []
    cpu_per_revision: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="inspect-full-") as name:
        folder = Path(name)
        for count in smaller:
            db = generated(folder, count)
            work = folder / f"trip-{count}"
            work.mkdir()
            _exported, imported = round_trip(db, work)
            if imported is not None and imported["code"] == 0:
                per_revision.append((f"{count:,}", float(imported["seconds"]) / revisions(db) * 1e6))  # type: ignore[arg-type]
                cpu_per_revision.append((f"{count:,}", float(imported["cpu"]) / revisions(db) * 1e6))  # type: ignore[arg-type]
            db.unlink()
        if large is None:
            return figures + _flatness(per_revision, cpu_per_revision)
        work = folder / "trip-large"
        work.mkdir()
        source = copied(large, work)
        exported, imported = round_trip(source, work)
        total = revisions(source)
        source.unlink()
        accepted = imported is not None and imported["code"] == 0
        size = f"{bundle_bytes(work) / 1e9:.2f} GB bundle; " if exported["code"] == 0 else ""
        note = (
            f"{size}export {float(exported['seconds']):.0f} s, import {float(imported['seconds']):.0f} s"  # type: ignore[arg-type]
            if accepted and imported is not None
            else f"refused: {_error(imported or exported)}"
        )
        figures.append(
            Figure(
                f"round trip export --all → import, {large.name}",
                1.0 if accepted else 0.0,
                "accepted",
                "1",
                accepted,
                f"{total:,} revisions; {note}",
            )
        )
        exported_peak = float(exported["peak_mb"])  # type: ignore[arg-type]
        figures.append(
            Figure(
                f"peak memory exporting {total:,} revisions",
                exported_peak,
                "MB",
                f"< {MEMORY_TARGET_MB} MB",
                exported["code"] == 0 and exported_peak < MEMORY_TARGET_MB,
                "whole process, export --all",
            )
        )
        if imported is not None:
            peak = float(imported["peak_mb"])  # type: ignore[arg-type]
            figures.append(
                Figure(
                    f"peak memory importing {total:,} revisions",
                    peak,
                    "MB",
                    f"< {MEMORY_TARGET_MB} MB",
                    accepted and peak < MEMORY_TARGET_MB,
                    "whole process" + ("" if accepted else " (until it refused the bundle)"),
                )
            )
            if accepted:
                per_revision.append((large.name, float(imported["seconds"]) / total * 1e6))  # type: ignore[arg-type]
                cpu_per_revision.append((large.name, float(imported["cpu"]) / total * 1e6))  # type: ignore[arg-type]
    return figures + _flatness(per_revision, cpu_per_revision)


def _flatness(per_revision: list[tuple[str, float]], cpu_per_revision: list[tuple[str, float]]) -> list[Figure]:
    """Import time and CPU per revision, the largest import against the smallest."""
    figures = []
    for what, series in (("time", per_revision), ("CPU", cpu_per_revision)):
        if len(series) < 2:
            continue
        ratio = series[-1][1] / series[0][1]
        figures.append(
            Figure(
                f"import {what} per revision, largest / smallest",
                ratio,
                "×",
                f"≤ {FLAT_TARGET:g}",
                ratio <= FLAT_TARGET,
                "; ".join(f"{label}: {us:.0f} µs" for label, us in series)
                + ("" if what == "time" else " (steadier than wall time on a shared machine)"),
            )
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("large", type=Path)
    parser.add_argument(
        "--sizes", default="1000,10000", help="inspections of the generated databases (default 1000,10000)"
    )
    parser.add_argument("--sizes-only", action="store_true", help="leave out the round trip of the large database")
    options = parser.parse_args()
    sizes = tuple(int(n) for n in options.sizes.split(","))
    for figure in measure(None if options.sizes_only else options.large, sizes):
        print(figure.line(), flush=True)


if __name__ == "__main__":
    main()
