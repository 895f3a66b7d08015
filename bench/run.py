"""Run every benchmark in one go and print one line each: name, median, unit, target, ok / MISS.

    pip install -e '.[bench]'   # pyte, the terminal emulator the screen timings read
    python bench/run.py [--large FILE] [--runs 5] [--pairs 12] [--central-pairs 3] [--full-size]

Screen timings are taken as a user meets the program: the real app in a pseudo-terminal
(120×40, xterm-256color), its output drawn on an emulated screen, timed from process start
or key press until the marker is painted, in pairs with a minimal Textual app. Commands are
timed as whole processes against sqlite3 running the same query. The in-process probes
follow, labelled "diagnostic": they show where the time goes, not what a user waits.

The large database (default bench/out/large.db) is made with bench/generate.py when it is
missing: 5,000 sites, 100,000 inspections, 20 answers each (about 2 minutes here). Pass
--large to use another one, e.g. one generated with 60 answers per inspection (6 million
answers; about 5 minutes and 5.5 GB to generate). The run itself takes 4 to 6 minutes on a
2-core machine. Timings are medians; ratios are taken against floors measured in the same
run, because this machine is shared and its speed varies. The central lines (bench/central_intake.py:
intake against a COPY floor, four intakes at once, a team pull, an intake's peak memory) start a
private PostgreSQL and add 4 to 6 minutes per pair on a busy 2-core machine.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from figures import Figure, machine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_LARGE = HERE / "out" / "large.db"
LARGE_SIZE = ("--sites", "5000", "--inspections", "100000", "--answers-per", "20")


def ensure_large(path: Path) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"generating {path} ({' '.join(LARGE_SIZE)}) …", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, str(HERE / "generate.py"), *LARGE_SIZE, "--out", str(path), "--quiet"], check=True)


def counts(path: Path) -> str:
    import sqlite3

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        kinds = ("sites", "inspections", "answers", "findings", "occupants")
        numbers = [connection.execute(f"SELECT COUNT(*) FROM {k}").fetchone()[0] for k in kinds]
    finally:
        connection.close()
    size = path.stat().st_size / 1e9
    return ", ".join(f"{n:,} {k}" for n, k in zip(numbers, kinds, strict=True)) + f"; {size:.2f} GB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", type=Path, default=DEFAULT_LARGE, help="large database (made if missing)")
    parser.add_argument("--runs", type=int, default=5, help="repetitions behind each in-process median")
    parser.add_argument("--pairs", type=int, default=12, help="paired runs behind each screen and command ratio")
    parser.add_argument(
        "--central-pairs", type=int, default=3, help="paired runs behind the central intake lines (0: skip them)"
    )
    parser.add_argument(
        "--full-size", action="store_true", help="also export --all the large database and import it (slow)"
    )
    options = parser.parse_args()
    began = time.perf_counter()
    ensure_large(options.large)

    import bundle
    import commands
    import memory
    import report_pdf
    import screen
    import startup
    import ui_lists

    print(f"sample.db: {counts(ROOT / 'sample.db')}")
    print(f"{options.large}: {counts(options.large)}")
    print(f"{'benchmark':<52} {'median':>10} {'unit':<9} {'target':<12} result")
    figures: list[Figure] = []

    def show(new: list[Figure]) -> None:
        for figure in new:
            print(figure.line(), flush=True)
        figures.extend(new)

    def section(name: str, measure: Callable[[], list[Figure]]) -> None:
        """One benchmark; a failure is printed as a missed figure and the others still run."""
        try:
            show(measure())
        except (Exception, SystemExit) as exc:
            text = str(exc).strip().splitlines()
            show([Figure(f"{name}: failed", 0.0, "", "runs", False, text[-1] if text else type(exc).__name__)])

    def diagnostic(new: list[Figure]) -> list[Figure]:
        """In-process probes: printed for where the time goes, their verdicts do not count."""
        return [
            f
            if f.ok is None or f.name.startswith("answer")
            else Figure(
                f"diagnostic: {f.name.strip()}",
                f.value,
                f.unit,
                "",
                None,
                f"in-process ({'met' if f.ok else 'over'} {f.target}); {f.note}".rstrip("; "),
            )
            for f in new
        ]

    print("-- as a user meets it: pseudo-terminal screens, whole-process commands --")
    section("screens", lambda: screen.measure(ROOT / "sample.db", options.large, pairs=options.pairs))
    section("commands", lambda: commands.measure(options.large, pairs=options.pairs))
    print("-- in-process probes and the rest --")
    with tempfile.TemporaryDirectory(prefix="inspect-run-") as folder:
        # The app writes to the databases it opens (resume point, migrations): use copies.
        sample = Path(folder) / "sample.db"
        shutil.copy(ROOT / "sample.db", sample)
        section(
            "start-up and answers",
            lambda: diagnostic(startup.measure(sample, runs=options.runs, answers=150, large=options.large)),
        )
    section("lists", lambda: diagnostic(ui_lists.measure(options.large, runs=options.runs)))
    section("bundle", bundle.measure)
    section("memory", lambda: memory.measure(options.large))
    section("report", report_pdf.measure)
    if options.central_pairs > 0:
        import central_intake

        print("-- the central system (PostgreSQL): 200 bundles from 20 devices, 100,000 revisions --")
        section("central", lambda: central_intake.measure(pairs=options.central_pairs))
    if options.full_size:
        import full_size

        section("full size", lambda: full_size.measure(options.large))
    missed = [f.name for f in figures if f.ok is False]
    print(f"machine: {machine()}")
    print(f"{len(figures)} figures, {len(missed)} missed, in {time.perf_counter() - began:.0f} s")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
