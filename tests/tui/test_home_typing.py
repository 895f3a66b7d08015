"""Search as you type: every key searches at once, a stale read never overwrites a newer one,
and the count line never shows the count of another search."""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Any

from textual.widgets import Label

from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens.home import HomeScreen
from tests.helpers.tui_seed import Seeded, fixed_clock, wait_for
from tests.tui.test_home import add_inspections

SLOW = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000000) SELECT COUNT(*) FROM n"


def _settled(home: HomeScreen, search: str) -> bool:
    table = home.inspections
    return table.search == search and not table._loading and not table.counting


async def test_each_key_searches_without_waiting_for_a_pause(seeded: Seeded) -> None:
    add_inspections(seeded, 30)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_for(pilot, lambda: home.inspections.loaded_once and not home.inspections.counting)
        await pilot.press("slash", "i")
        # Read at the key, with no quiet time first (there is no debounce timer).
        await wait_for(pilot, lambda: _settled(home, "i"), timeout=1.0)
        assert home.inspections.total == 30


async def test_a_slow_stale_read_is_stopped_and_never_replaces_the_newest_rows(seeded: Seeded) -> None:
    add_inspections(seeded, 30)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.inspections
        await wait_for(pilot, lambda: table.loaded_once and not table.counting)
        source = table.source
        calls: list[str] = []

        def fetch(db: Any, search: str, after: Any, limit: int) -> Any:
            calls.append(search)
            if search == "insp":  # the read for an older prefix would take many seconds
                db.execute(SLOW).fetchone()
            return source.fetch(db, search, after, limit)

        table.source = dataclasses.replace(source, fetch=fetch)
        await pilot.press("slash", *"insp")
        # The slow read is under way (its worker is not waited for: it is to be stopped, not ended).
        await wait_for(pilot, lambda: "insp" in calls, background={"page"})
        began = time.monotonic()
        await pilot.press("3")
        await wait_for(pilot, lambda: _settled(home, "insp3"), timeout=3.0)
        assert time.monotonic() - began < 3.0
        assert {row.inspector for row in table._items.values()} == {"insp3"}
        assert table.total == 4 and table.row_count == 4
        # A page of an older search that arrives late is dropped.
        with app.db.reading() as db:
            late = source.fetch(db, "", None, 10)
        table._apply(table._generation - 1, late, True, None, None)
        assert {row.inspector for row in table._items.values()} == {"insp3"} and table.row_count == 4


async def test_the_count_line_says_counting_rather_than_an_old_count(seeded: Seeded) -> None:
    add_inspections(seeded, 250)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.inspections
        await wait_for(pilot, lambda: table.loaded_once and not table.counting)
        status = home.query_one("#home-status", Label)
        assert "of 250" in str(status.content)
        source = table.source
        gate = threading.Event()

        def count(db: Any, search: str) -> int:
            if search == "insp1":  # a count of a search typed past is stopped by SQLite, not a gate
                gate.wait(30)  # set by the test once it has read the line (or failed)
            return source.count(db, search)

        table.source = dataclasses.replace(source, count=count, quick_count=False)  # a count that follows
        try:
            await pilot.press("slash", *"insp1")
            # The rows are shown while the count is held up (its worker, and a next page read
            # that waits for the connection behind it, are not waited for).
            await wait_for(
                pilot,
                lambda: table.search == "insp1" and table.counting and table.loaded_once,
                background={"page", "page-count"},
            )
            line = str(status.content)
            assert "of …" in line and "250" not in line, line
        finally:
            gate.set()
        await wait_for(pilot, lambda: _settled(home, "insp1"))
        assert f"of {table.total}" in str(status.content) and table.total == 36


async def test_a_quick_count_comes_with_the_rows_in_one_go(seeded: Seeded) -> None:
    add_inspections(seeded, 250)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.inspections
        await wait_for(pilot, lambda: table.loaded_once and not table.counting)
        assert table.source.quick_count
        seen: list[tuple[str, int, bool]] = []
        apply = table._apply

        def recording(generation: int, page: Any, first: bool, keep: Any, total: int | None) -> None:
            apply(generation, page, first, keep, total)
            seen.append((table.search, table.row_count, table.counting))

        table._apply = recording  # type: ignore[method-assign]
        await pilot.press("slash", "i")
        await wait_for(pilot, lambda: _settled(home, "i"))
        assert table.total == 250 and table.row_count < 250
        assert seen[-1] == ("i", table.row_count, False)  # never a moment with rows and no count
        status = str(home.query_one("#home-status", Label).content)
        assert "of 250" in status and "…" not in status


SHORT = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000) SELECT COUNT(*) FROM n"


async def test_a_slow_quick_count_never_holds_the_rows_back(seeded: Seeded) -> None:
    add_inspections(seeded, 250)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.inspections
        await wait_for(pilot, lambda: table.loaded_once and not table.counting)
        source = table.source
        gate = threading.Event()

        def count(db: Any, search: str) -> int:
            # SQLite works until the test has seen the rows (or failed): the count is slow.
            while search == "insp1" and not gate.wait(0.001):
                db.execute(SHORT).fetchone()
            return source.count(db, search)

        table.source = dataclasses.replace(source, count=count, quick_count=True)
        try:
            await pilot.press("slash", *"insp1")
            # The rows wait QUICK_COUNT_WAIT for their count at most, then are shown without it.
            await wait_for(
                pilot,
                lambda: table.search == "insp1" and table.loaded_once and not table._loading,
                background={"page"},
            )
            assert table.counting and {row.inspector for row in table._items.values()} == {"insp1"}
            assert "of …" in str(home.query_one("#home-status", Label).content)
        finally:
            gate.set()
        await wait_for(pilot, lambda: _settled(home, "insp1"))
        assert table.total == 36 and "of 36" in str(home.query_one("#home-status", Label).content)


async def test_a_stale_count_is_stopped_not_waited_for(seeded: Seeded) -> None:
    add_inspections(seeded, 30)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.inspections
        await wait_for(pilot, lambda: table.loaded_once and not table.counting)
        source = table.source

        def count(db: Any, search: str) -> int:
            if search == "in":
                db.execute(SLOW).fetchone()  # would take many seconds if it were not stopped
            return source.count(db, search)

        table.source = dataclasses.replace(source, count=count, fetch=_full_page(source), quick_count=False)
        await pilot.press("slash", *"in")
        # The slow count is under way (its worker is not waited for: it is to be stopped, not ended;
        # nor is a next page read, which waits for the connection behind it).
        await wait_for(pilot, lambda: table.search == "in" and table.counting, background={"page", "page-count"})
        began = time.monotonic()
        await pilot.press("s")
        await wait_for(pilot, lambda: _settled(home, "ins"), timeout=3.0)
        assert time.monotonic() - began < 3.0
        assert table.total == 30


def _full_page(source: Any) -> Any:
    """A fetch that never holds every match in its first page, so a count always follows."""

    def fetch(db: Any, search: str, after: Any, limit: int) -> Any:
        return source.fetch(db, search, after, min(limit, 5))

    return fetch


async def test_a_stale_quick_count_is_stopped_with_its_page(seeded: Seeded) -> None:
    add_inspections(seeded, 30)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.inspections
        await wait_for(pilot, lambda: table.loaded_once and not table.counting)
        source = table.source
        counting: list[str] = []

        def count(db: Any, search: str) -> int:
            counting.append(search)
            if search == "in":
                db.execute(SLOW).fetchone()
            return source.count(db, search)

        table.source = dataclasses.replace(source, count=count, fetch=_full_page(source), quick_count=True)
        await pilot.press("slash", *"in")
        # The slow count (read with the page) is under way; its worker is to be stopped, not ended.
        await wait_for(pilot, lambda: "in" in counting, background={"page"})
        began = time.monotonic()
        await pilot.press("s")
        await wait_for(pilot, lambda: _settled(home, "ins"), timeout=3.0)
        assert time.monotonic() - began < 3.0
        assert table.total == 30 and table.search == "ins"
