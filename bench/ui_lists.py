"""Opening and filtering the long lists on a large database, inside the running app.

Measured in a headless app, from the call that asks for a list to the moment its first page
is in the table (query and rows added; the count of all matches follows separately), so the
figure is the app's own work. Painting the new rows is Textual's, and is printed beside it
for a bare DataTable of the same size:

- the home screen's inspections and sites lists, then filtering as you type a search,
  one keystroke at a time (both lists are searched again on every keystroke);
- the team lead's review of the busiest day: its findings table, then filtering as you type;
- for comparison, the home list's rows all loaded into one DataTable at once.

Run: python bench/ui_lists.py DB [--runs 5]   (targets: open < 150 ms, < 50 ms per keystroke)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from figures import Figure

OPEN_TARGET_MS = 150.0
KEYSTROKE_TARGET_MS = 50.0
SEARCH = "venlo"
"""Typed one letter at a time; a town the generator uses, so the search finds rows."""


def busiest_day(db: Path) -> dt.date:
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT substr(started_at, 1, 10) AS day, COUNT(*) FROM inspections GROUP BY day ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    if row is None:
        raise SystemExit(f"{db} has no inspections")
    return dt.date.fromisoformat(row[0])


def findings_on(db: Path, day: dt.date) -> int:
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT COUNT(*) FROM findings f JOIN inspections i ON i.id = f.inspection_id "
            "WHERE i.started_at >= ? AND i.started_at < ?",
            [day.isoformat(), (day + dt.timedelta(days=1)).isoformat()],
        ).fetchone()
    finally:
        connection.close()
    return int(row[0])


async def _until(pilot: Any, done: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await pilot.pause(0.001)


async def _measure(db: Path, runs: int) -> dict[str, list[float]]:
    from textual.widgets import Input

    from inspect_tui.tui.app import make_app
    from inspect_tui.tui.screens.home import HomeScreen
    from inspect_tui.tui.screens.review import ReviewScreen
    from inspect_tui.tui.widgets.paged_table import PagedTable

    shown: dict[int, float] = {}
    apply = PagedTable._apply

    def timed_apply(table: Any, *args: Any, **kwargs: Any) -> None:
        apply(table, *args, **kwargs)
        shown[id(table)] = time.perf_counter()

    PagedTable._apply = timed_apply  # type: ignore[method-assign]

    day = busiest_day(db)
    timings: dict[str, list[float]] = {"home": [], "home_key": [], "review": [], "review_key": [], "review_screen": []}
    app = make_app(db, lang="en", clock=lambda: dt.datetime.combine(day, dt.time(17, 0)))
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await _until(pilot, lambda: home.inspections.loaded_once and home.sites.loaded_once, "the home lists")
        tables = (home.inspections, home.sites)

        def idle() -> bool:
            return not any(t._loading or t._counting for t in tables)

        for _ in range(runs):
            began = time.perf_counter()
            home.inspections.reload("")
            await _until(pilot, idle, "the home list")
            timings["home"].append(shown[id(home.inspections)] - began)
        for _ in range(runs):
            for n in range(1, len(SEARCH) + 1):
                began = time.perf_counter()
                home._search(SEARCH[:n])
                await _until(pilot, idle, "a home search")
                timings["home_key"].append(shown[id(home.inspections)] - began)
            home._search("")
            await _until(pilot, idle, "the home lists")

        began = time.perf_counter()
        review = ReviewScreen(day)
        await app.push_screen(review)
        await _until(
            pilot,
            lambda: review.findings.loaded_once and not review.findings._loading and not review.findings._counting,
            "the review's findings",
        )
        timings["review_screen"].append(shown[id(review.findings)] - began)
        for _ in range(runs):
            began = time.perf_counter()
            review.apply_filters(force=True)
            await _until(
                pilot, lambda: not (review.findings._loading or review.findings._counting), "the review's findings"
            )
            timings["review"].append(shown[id(review.findings)] - began)
        search = review.query_one("#review-search", Input)
        for _ in range(runs):
            for n in range(1, len(SEARCH) + 1):
                began = time.perf_counter()
                search.value = SEARCH[:n]
                review.apply_filters(force=True)
                await _until(
                    pilot, lambda: not (review.findings._loading or review.findings._counting), "a review search"
                )
                timings["review_key"].append(shown[id(review.findings)] - began)
            search.value = ""
    return timings


async def _whole_list(db: Path) -> tuple[float, int]:
    """The home list's rows all read and put in one DataTable, as a naive screen would."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    result: dict[str, float] = {}

    class Whole(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            began = time.perf_counter()
            connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
            rows = connection.execute(
                "SELECT i.started_at, s.name, s.city, i.status, i.templates, i.inspector FROM inspections i "
                "JOIN sites s ON s.id = i.site_id ORDER BY i.started_at DESC, i.id DESC"
            ).fetchall()
            connection.close()
            table = self.query_one(DataTable)
            table.add_columns("Started", "Site", "City", "Status", "Checklists", "Inspector")
            table.add_rows(rows)
            result["rows"] = len(rows)
            self.call_after_refresh(lambda: self._done(began))

        def _done(self, began: float) -> None:
            result["seconds"] = time.perf_counter() - began
            self.exit()

    await Whole().run_async(headless=True, size=(120, 40))
    return result["seconds"], int(result["rows"])


async def _paint(runs: int) -> list[float]:
    """Textual's own cost to paint a DataTable of 100 new rows at 120×40 (no database)."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable(zebra_stripes=True, cursor_type="row")
            yield Footer()

    app = Bare()
    timings = []
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(DataTable)
        for label in ("Started", "Site", "City", "Status", "Checklists", "Inspector"):
            table.add_column(label, width=16)
        for run in range(runs + 1):
            table.clear()
            for n in range(100):
                table.add_row("2024-05-01", f"Site {n}", "Plaats", "draft", "snf, akf", "J. de Vries", key=f"{run}-{n}")
            began = time.perf_counter()
            await pilot.pause()
            timings.append(time.perf_counter() - began)
    return timings[1:]


def measure(db: Path, runs: int = 5) -> list[Figure]:
    timings = asyncio.run(_measure(db, runs))
    whole, rows = asyncio.run(_whole_list(db))
    paint = statistics.median(asyncio.run(_paint(runs))) * 1000
    ms = {k: [v * 1000 for v in values] for k, values in timings.items()}
    day_findings = findings_on(db, busiest_day(db))

    def figure(name: str, key: str, target: float, note: str) -> Figure:
        value = statistics.median(ms[key])
        return Figure(
            name,
            value,
            "ms",
            f"< {target:g} ms",
            value < target,
            f"{note}; max {max(ms[key]):.1f} ms over {len(ms[key])}",
        )

    return [
        figure("home: inspections list, first page", "home", OPEN_TARGET_MS, "keyset pages of 100"),
        figure("home: search as you type, per keystroke", "home_key", KEYSTROKE_TARGET_MS, f"typing {SEARCH!r}"),
        figure(
            "review: busiest day's findings table, first page",
            "review",
            OPEN_TARGET_MS,
            f"{day_findings:,} findings that day",
        ),
        figure("review: search as you type, per keystroke", "review_key", KEYSTROKE_TARGET_MS, f"typing {SEARCH!r}"),
        Figure(
            "  review screen opened: compose + first page",
            ms["review_screen"][0],
            "ms",
            "",
            None,
            "in-process, one sample; mostly Textual styling the screen's 55 widgets",
        ),
        Figure("  comparison: home list loaded whole into a DataTable", whole * 1000, "ms", "", None, f"{rows:,} rows"),
        Figure(
            "  comparison: Textual painting 100 new rows, bare app",
            paint,
            "ms",
            "",
            None,
            "added to every figure above before the rows are seen",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    for line in measure(options.db, options.runs):
        print(line.line())


if __name__ == "__main__":
    main()
