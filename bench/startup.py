"""Start-up and answer-latency benchmark for the terminal app.

1. Start-up: process start to the first painted home screen (both lists read) on sample.db,
   as a ratio to a minimal Textual app (Header, DataTable with rows, Footer) measured in the
   same run, alternating, each in a fresh process. Target: ratio <= 1.5.
2. Answer latency: from the answer key to its committed row (the checklist screen measures
   it in its writer thread and reports it with ChecklistScreen.AnswerSaved). Target: p99 < 10 ms.

Run: python bench/startup.py [--db sample.db] [--runs 5] [--answers 150]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


# --- the child processes ------------------------------------------------------------------


def child_app(db: str) -> None:
    from inspect_tui.tui.app import make_app
    from inspect_tui.tui.screens.home import HomeScreen

    app = make_app(db, lang="en")

    def check() -> None:
        screen = app.screen
        ready = isinstance(screen, HomeScreen) and bool(screen.query("#sites-table"))
        if ready and screen.inspections.loaded_once and screen.sites.loaded_once:  # type: ignore[attr-defined]
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
        items = [i.id for i in screen.checklist.items if i.answer_type is AnswerType.YES_NO_NA and i.rule is None]
        for n in range(answers):
            screen.table.move_cursor(row=screen.table.get_row_index(items[n % len(items)]))
            await pilot.press("y" if n % 3 else "n")
            deadline = time.monotonic() + 10
            while len(latencies) <= n:
                if time.monotonic() > deadline:
                    raise SystemExit(f"answer {n} was not saved within 10 s")
                await pilot.pause(0.001)
    return latencies


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "sample.db")
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

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        if options.db.exists():
            shutil.copy(options.db, db)
            label = str(options.db)
        else:
            sys.path.insert(0, str(ROOT / "tests" / "tui"))
            from tui_seed import seed

            seed(db)
            label = f"a small generated database ({options.db} not found)"
        print(f"Start-up on {label}, {options.runs} runs each, alternating")
        app_times, minimal_times = [], []
        time_child(["--child", "minimal"])  # warm the file cache and bytecode once
        time_child(["--child", "app", str(db)])
        for _ in range(options.runs):
            minimal_times.append(time_child(["--child", "minimal"]))
            app_times.append(time_child(["--child", "app", str(db)]))
        app_median, minimal_median = statistics.median(app_times), statistics.median(minimal_times)
        ratio = app_median / minimal_median
        print(f"  minimal Textual app  median {minimal_median * 1000:7.1f} ms")
        print(f"  inspect-tui          median {app_median * 1000:7.1f} ms")
        print(f"  ratio                {ratio:7.2f}   (target <= 1.5: {'ok' if ratio <= 1.5 else 'MISSED'})")

        latencies = asyncio.run(answer_latencies(db, options.answers))
        ms = [v * 1000 for v in latencies]
        p99 = percentile(ms, 99)
        print(f"Answer key to committed row, {len(ms)} answers")
        print(f"  median {statistics.median(ms):6.2f} ms   p99 {p99:6.2f} ms   max {max(ms):6.2f} ms"
              f"   (target p99 < 10 ms: {'ok' if p99 < 10 else 'MISSED'})")


if __name__ == "__main__":
    main()
