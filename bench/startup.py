"""Start-up and answer-latency benchmark for the terminal app.

1. Start-up: process start to the first painted home screen (the list in view read) on sample.db,
   as a ratio to a minimal Textual app (Header, DataTable with rows, Footer) measured in the
   same run, alternating, each in a fresh process. Target: ratio <= 1.5.
2. Answer latency: from the answer key to its committed row (the checklist screen measures
   it in its writer thread and reports it with ChecklistScreen.AnswerSaved). Target: p99 < 10 ms.

   The floor printed beside it is one synced sqlite3 commit on the same disk.

Run: python bench/startup.py [--db sample.db] [--large big.db] [--runs 5] [--answers 150]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from figures import Figure, percentile

ROOT = Path(__file__).resolve().parent.parent


# --- the child processes ------------------------------------------------------------------


def child_app(db: str) -> None:
    from inspect_tui.tui.app import make_app
    from inspect_tui.tui.screens.home import HomeScreen

    app = make_app(db, lang="en")

    def check() -> None:
        screen = app.screen
        ready = isinstance(screen, HomeScreen) and bool(screen.query("#sites-table"))
        if ready and screen.inspections.loaded_once:  # type: ignore[attr-defined]
            timer.stop()
            app.call_after_refresh(lambda: app.exit("painted"))

    def arm() -> None:
        nonlocal timer
        timer = app.set_interval(0.002, check)

    timer: Any = None
    app.call_later(arm)
    print(app.run(headless=True, size=(100, 30)), flush=True)


def child_minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Minimal(App[str]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Started", "Site", "City", "Status")
            for n in range(100):
                table.add_row(f"2024-05-{n % 28 + 1:02}", f"Site {n}", "Plaats", "draft")
            self.call_after_refresh(lambda: self.exit("painted"))

    print(Minimal().run(headless=True, size=(100, 30)), flush=True)


def time_child(args: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if "painted" not in result.stdout:
        raise SystemExit(f"child {args} did not paint:\n{result.stdout}\n{result.stderr}")
    return elapsed


# --- answer latency -----------------------------------------------------------------------


async def answer_latencies(db: Path, answers: int) -> list[float]:
    from inspect_tui.domain.checklist import AnswerType
    from inspect_tui.store import open_db
    from inspect_tui.store.workflow import start_inspection
    from inspect_tui.tui.app import InspectApp
    from inspect_tui.tui.screens.checklist import ChecklistScreen

    conn = open_db(db)
    site = conn.execute("SELECT id FROM sites WHERE kind = 'housing' ORDER BY name LIMIT 1").fetchone()
    if site is None:
        raise SystemExit("the database has no housing site to inspect")
    inspection = start_inspection(conn, site[0], ["snf", "covid-2020"], "bench")
    conn.close()
    latencies: list[float] = []

    class Measured(InspectApp):
        def on_checklist_screen_answer_saved(self, message: ChecklistScreen.AnswerSaved) -> None:
            latencies.append(message.latency)

    app = Measured(db, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_inspection(inspection.id)
        deadline = time.monotonic() + 30
        while not (isinstance(app.screen, ChecklistScreen) and app.screen.state is not None):
            if time.monotonic() > deadline:
                raise SystemExit("the checklist did not open within 30 s")
            await pilot.pause(0.01)
        screen = app.screen
        assert screen.checklist is not None
        today = dt.date.today()  # the inspection was started now; items out of force take no answer
        items = [
            i.id
            for i in screen.checklist.items
            if i.answer_type is AnswerType.YES_NO_NA and i.rule is None and i.source.in_force_on(today)
        ]
        for n in range(answers):
            screen.table.move_cursor(row=screen.table.get_row_index(items[n % len(items)]))
            first = n % 3 != 0  # yes, except every third; each later round flips the item's answer
            changed = first if (n // len(items)) % 2 == 0 else not first
            await pilot.press("y" if changed else "n")
            deadline = time.monotonic() + 10
            while len(latencies) <= n:
                if time.monotonic() > deadline:
                    raise SystemExit(f"answer {n} was not saved within 10 s")
                await pilot.pause(0.001)
    return latencies


def commit_floor(folder: Path, count: int) -> list[float]:
    """The same disk's cost of one synced commit: a plain sqlite3 insert, WAL, synchronous=FULL."""
    connection = sqlite3.connect(folder / "floor.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    timings = []
    for n in range(count):
        began = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("INSERT INTO t(v) VALUES (?)", [str(n)])
        connection.execute("COMMIT")
        timings.append(time.perf_counter() - began)
    connection.close()
    return timings


def startup_ratio(db: Path, runs: int) -> tuple[float, float]:
    """Median start-up of the app on db and of the minimal app, alternating, in fresh processes."""
    app_times, minimal_times = [], []
    time_child(["--child", "minimal"])  # warm the file cache and bytecode once
    time_child(["--child", "app", str(db)])
    for _ in range(runs):
        minimal_times.append(time_child(["--child", "minimal"]))
        app_times.append(time_child(["--child", "app", str(db)]))
    return statistics.median(app_times), statistics.median(minimal_times)


def measure(db: Path, *, runs: int = 5, answers: int = 150, large: Path | None = None) -> list[Figure]:
    """Start-up ratios (sample.db and, if given, a large database) and answer latency."""
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.db"
        shutil.copy(db, copy)
        app, minimal = startup_ratio(copy, runs)
        figures.append(
            Figure(
                f"start-up to first paint, {db.name}",
                app / minimal,
                "× minimal",
                "≤ 1.5",
                app / minimal <= 1.5,
                f"app {app * 1000:.0f} ms, minimal Textual app {minimal * 1000:.0f} ms",
            )
        )
        if large is not None:
            app, minimal = startup_ratio(large, runs)
            figures.append(
                Figure(
                    f"start-up to first paint, {large.name}",
                    app / minimal,
                    "× minimal",
                    "≤ 1.7",
                    app / minimal <= 1.7,
                    f"app {app * 1000:.0f} ms, minimal Textual app {minimal * 1000:.0f} ms",
                )
            )
        latencies = [v * 1000 for v in asyncio.run(answer_latencies(copy, answers))]
        floor = [v * 1000 for v in commit_floor(Path(folder), answers)]
    p99 = percentile(latencies, 99)
    figures.append(
        Figure(
            "answer key to committed row, median",
            statistics.median(latencies),
            "ms",
            "",
            None,
            f"{len(latencies)} answers",
        )
    )
    figures.append(Figure("answer key to committed row, p99", p99, "ms", "< 10 ms", p99 < 10))
    figures.append(
        Figure(
            "  floor: one synced sqlite3 commit on this disk, p99",
            percentile(floor, 99),
            "ms",
            "",
            None,
            f"median {statistics.median(floor):.2f} ms",
        )
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "sample.db")
    parser.add_argument("--large", type=Path, help="also time start-up on this (large) database")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--answers", type=int, default=150)
    parser.add_argument("--child", choices=["app", "minimal"], help=argparse.SUPPRESS)
    parser.add_argument("child_db", nargs="?", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child == "app":
        child_app(options.child_db)
        return
    if options.child == "minimal":
        child_minimal()
        return
    for figure in measure(options.db, runs=options.runs, answers=options.answers, large=options.large):
        print(figure.line())


if __name__ == "__main__":
    main()
