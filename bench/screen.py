"""What a user sees in a terminal: the real app in a pseudo-terminal, its screen emulated (pyte).

- Start-up: from process start until the home list's rows are on screen, and until its count line
  ("Showing N of <all>") is, paired with a minimal Textual app that paints one line
  (A B A B …, one fresh process each); the ratio of each pair, and the median of those ratios.
  Each round also starts a second reference, a minimal list app (Header, a DataTable of the
  home list's first page shape, Footer: minimal_table_app.py), for a second ratio of the count line.
- Search as you type on the large database: keys written 150 ms apart; for each prefix, from its
  key until the rows for that prefix are on screen, then until its count is; a prefix whose rows
  never appeared before the next ones is a skipped result.
- Review: from the key `r` on the home screen until the review's title and findings count are painted.

Run: python bench/screen.py [--db sample.db] [--large bench/out/large.db] [--pairs 10]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import terminal
from figures import Figure
from terminal import (
    MINIMAL_MARKER,
    ROOT,
    TABLE_MARKER,
    Terminal,
    Timeout,
    app_argv,
    contains,
    minimal_argv,
    minimal_table_argv,
)

SEARCH = "venlo"
KEY_INTERVAL = 0.150
ROWS_CHECKED = 3
"""How many of the first rows must be on screen (in order) for a list to count as painted."""


# --- what the screen should show, read straight from the database ---------------------------


def _connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)


def _like(search: str) -> str:
    escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_MATCH = (
    "(s.name LIKE :q ESCAPE '\\' OR s.city LIKE :q ESCAPE '\\' OR i.inspector LIKE :q ESCAPE '\\' "
    "OR s.postcode LIKE :q ESCAPE '\\')"
)


@dataclass(frozen=True)
class Expected:
    """The first rows (site name, city) and the count of the home list for a search."""

    search: str
    rows: list[tuple[str, str]]
    total: int


def expected(db: Path, search: str) -> Expected:
    connection = _connect(db)
    try:
        where = f"WHERE {_MATCH}" if search else ""
        rows = connection.execute(
            f"SELECT s.name, COALESCE(s.city, '') FROM inspections i JOIN sites s ON s.id = i.site_id {where} "
            "ORDER BY i.started_at DESC, i.id DESC LIMIT :n",
            {"q": _like(search), "n": ROWS_CHECKED},
        ).fetchall()
        total = connection.execute(
            f"SELECT COUNT(*) FROM inspections i JOIN sites s ON s.id = i.site_id {where}", {"q": _like(search)}
        ).fetchone()[0]
    finally:
        connection.close()
    return Expected(search, [(str(a), str(b)) for a, b in rows], int(total))


def _status_line(lines: list[str]) -> str:
    for line in reversed(lines):
        if "Showing " in line:
            return line.strip()
    return ""


def rows_shown(want: Expected) -> Callable[[list[str]], bool]:
    """The list's first rows are those of want, and the status line says they are for its search."""

    def shown(lines: list[str]) -> bool:
        try:
            header = next(n for n, line in enumerate(lines) if re.search(r"\bStarted\s+Site\s+City\b", line))
        except StopIteration:
            return False
        body = lines[header + 1 : header + 1 + len(want.rows)]
        if len(body) < len(want.rows):
            return False
        for line, (name, city) in zip(body, want.rows, strict=True):
            if name[:24] not in line or city[:12] not in line:
                return False
        if not want.rows and lines[header + 1].strip():
            return False
        status = _status_line(lines)
        if want.search:
            return status.endswith(f"search: {want.search}")
        return bool(status) and "search:" not in status

    return shown


def count_shown(want: Expected) -> Callable[[list[str]], bool]:
    """The status line gives the full count of the search's matches."""
    pattern = re.compile(rf"Showing [\d,]+ of {want.total:,}\b")

    def shown(lines: list[str]) -> bool:
        status = _status_line(lines)
        if not pattern.search(status):
            return False
        return status.endswith(f"search: {want.search}") if want.search else "search:" not in status

    return shown


# --- start-up ---------------------------------------------------------------------------------


@dataclass
class Pairs:
    """Paired timings (app, minimal, minimal list app) in seconds."""

    rows: list[float] = field(default_factory=list)
    count: list[float] = field(default_factory=list)
    minimal: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    minimal_cpu: list[float] = field(default_factory=list)
    table: list[float] = field(default_factory=list)
    table_cpu: list[float] = field(default_factory=list)
    base_count: list[float] = field(default_factory=list)
    """Another build's time to its count line (--base), in the same rounds."""
    base_cpu: list[float] = field(default_factory=list)

    def ratios(self, which: list[float], reference: list[float] | None = None) -> list[float]:
        base = self.minimal if reference is None else reference
        return [a / m for a, m in zip(which, base, strict=True)]


def time_minimal() -> tuple[float, float]:
    """Seconds to the painted line, and CPU seconds the process used by then."""
    with Terminal(minimal_argv()) as terminal:
        painted = terminal.wait_for(MINIMAL_MARKER, "the minimal app") - terminal.started
        return painted, terminal.seen_cpu or 0.0


def time_minimal_table() -> tuple[float, float]:
    """Seconds to the minimal list app's painted rows, and CPU seconds the process used by then."""
    with Terminal(minimal_table_argv()) as terminal:
        painted = terminal.wait_for(TABLE_MARKER, "the minimal list app") - terminal.started
        return painted, terminal.seen_cpu or 0.0


def time_app_start(db: Path, want: Expected, command: list[str] | None = None) -> tuple[float, float, float]:
    """Seconds to the rows, to the count line, and CPU seconds used by the later of the two
    (command: another build's command line instead of the one under test)."""
    argv = [*command, "--db", str(db), "--lang", "en"] if command else app_argv(db)
    with Terminal(argv) as terminal:
        rows, count = terminal.wait_for_each(
            [(rows_shown(want), "the home list's rows"), (count_shown(want), "the home list's count line")]
        )
        return rows - terminal.started, count - terminal.started, terminal.seen_cpu or 0.0


BASE: list[str] = []
"""Another build's command line (--base), timed in each round beside the one under test."""


def _time_base(db: Path, want: Expected, result: Pairs) -> None:
    _rows, count, cpu = time_app_start(db, want, BASE)
    result.base_count.append(count)
    result.base_cpu.append(cpu)


def startup_pairs(db: Path, pairs: int) -> Pairs:
    want = expected(db, "")
    result = Pairs()
    time_minimal()  # warm the file cache and the bytecode once
    time_minimal_table()
    time_app_start(db, want)
    if BASE:
        time_app_start(db, want, BASE)
    for round_ in range(pairs):
        painted, cpu = time_minimal()
        result.minimal.append(painted)
        result.minimal_cpu.append(cpu)
        if BASE and round_ % 2:  # the other build first in every other round
            _time_base(db, want, result)
        rows, count, cpu = time_app_start(db, want)
        result.rows.append(rows)
        result.count.append(count)
        result.cpu.append(cpu)
        if BASE and not round_ % 2:
            _time_base(db, want, result)
        painted, cpu = time_minimal_table()
        result.table.append(painted)
        result.table_cpu.append(cpu)
    return result


# --- search as you type -----------------------------------------------------------------------


@dataclass
class Typing:
    rows_ms: list[float] = field(default_factory=list)
    count_after_rows_ms: list[float] = field(default_factory=list)
    skipped: int = 0
    typed: int = 0
    cpu_ms_per_key: list[float] = field(default_factory=list)


def type_search(db: Path, word: str = SEARCH, rounds: int = 3) -> Typing:
    """Type word at 150 ms per key, rounds times (clearing the field in between)."""
    wants = [expected(db, word[:n]) for n in range(1, len(word) + 1)]
    empty = expected(db, "")
    result = Typing()
    with Terminal(app_argv(db)) as terminal:
        terminal.wait_for(count_shown(empty), "the home screen")
        terminal.press("/")
        terminal.wait_for(contains(r"▊ *Search sites"), "the search field")  # focused, placeholder shown
        terminal.wait_idle()
        for _round in range(rounds):
            keys: list[float] = []
            rows_at: dict[int, float] = {}
            count_at: dict[int, float] = {}
            checks_rows = [rows_shown(w) for w in wants]
            checks_count = [count_shown(w) for w in wants]
            cpu = terminal.cpu_seconds()
            began = time.perf_counter()
            deadline = began + KEY_INTERVAL * len(word) + 5.0
            while time.perf_counter() < deadline and len(count_at) < len(wants):
                due = began + KEY_INTERVAL * len(keys)
                if len(keys) < len(word) and time.perf_counter() >= due:
                    keys.append(terminal.press(word[len(keys)]))
                    continue
                wait = (due - time.perf_counter()) if len(keys) < len(word) else 0.5
                moment = terminal.pump(max(0.0, wait))
                if moment is None:
                    continue
                lines = terminal.text()
                for n in range(len(keys)):
                    if n not in rows_at and checks_rows[n](lines):
                        rows_at[n] = moment
                    if n not in count_at and checks_count[n](lines):
                        count_at[n] = moment
                if len(keys) == len(word) and len(word) - 1 in count_at:
                    break
            after = terminal.cpu_seconds()
            if cpu is not None and after is not None:
                result.cpu_ms_per_key.append((after - cpu) * 1000 / len(keys))
            for n, key in enumerate(keys):
                result.typed += 1
                if n not in rows_at:
                    result.skipped += 1
                    continue
                result.rows_ms.append((rows_at[n] - key) * 1000)
                if n in count_at:
                    result.count_after_rows_ms.append(max(0.0, count_at[n] - rows_at[n]) * 1000)
            # Clear the field and wait for the whole list again.
            terminal.press("\x7f" * len(word))
            terminal.wait_for(count_shown(empty), "the whole list again", timeout=30)
            terminal.wait_idle()
    return result


# --- review -----------------------------------------------------------------------------------


REVIEW_PAINTED = re.compile(r"Review of \d\d-\d\d-\d{4}: [\d,]+ inspections")
FINDINGS_COUNTED = re.compile(r"[\d,]+ of [\d,]+ findings")


def review_painted(lines: list[str]) -> bool:
    return any(REVIEW_PAINTED.search(line) for line in lines) and any(FINDINGS_COUNTED.search(line) for line in lines)


REVIEW_CPU: list[float] = []
"""CPU seconds the app used from the key `r` to the painted review, per run (a diagnostic)."""


def time_review(db: Path, runs: int) -> list[float]:
    """Key `r` on the home screen to the review painted, each in a fresh app (the first open of a session)."""
    empty = expected(db, "")
    timings = []
    for _ in range(runs):
        with Terminal(app_argv(db)) as terminal:
            terminal.wait_for(count_shown(empty), "the home screen")
            terminal.wait_idle()  # a user reads the screen before pressing a key
            before = terminal.cpu_seconds() or 0.0
            key = terminal.press("r")
            timings.append(terminal.wait_for(review_painted, "the review screen") - key)
            REVIEW_CPU.append((terminal.seen_cpu or 0.0) - before)
    return timings


# --- figures ----------------------------------------------------------------------------------


def startup_figures(label: str, pairs: Pairs, limit: float) -> list[Figure]:
    rows = statistics.median(pairs.ratios(pairs.rows))
    count = statistics.median(pairs.ratios(pairs.count))
    ms = statistics.median
    note = (
        f"{len(pairs.minimal)} pairs; medians: app {ms(pairs.rows) * 1000:.0f} ms to rows, "
        f"{ms(pairs.count) * 1000:.0f} ms to count; minimal app {ms(pairs.minimal) * 1000:.0f} ms"
    )
    cpu = statistics.median([a / m for a, m in zip(pairs.cpu, pairs.minimal_cpu, strict=True) if m > 0] or [0.0])
    table = statistics.median(pairs.ratios(pairs.count, pairs.table))
    table_cpu = statistics.median([a / m for a, m in zip(pairs.cpu, pairs.table_cpu, strict=True) if m > 0] or [0.0])
    versus_base = []
    if pairs.base_count:
        base = statistics.median(pairs.ratios(pairs.count, pairs.base_count))
        base_cpu = statistics.median([a / m for a, m in zip(pairs.cpu, pairs.base_cpu, strict=True) if m > 0] or [0.0])
        versus_base.append(
            Figure(
                f"  diagnostic: count line vs the other build, {label}",
                base,
                "× other",
                "",
                None,
                f"--base, same rounds; other build {ms(pairs.base_count) * 1000:.0f} ms "
                f"({statistics.median(pairs.ratios(pairs.base_count)):.3f}× minimal), "
                f"CPU {ms(pairs.base_cpu) * 1000:.0f} ms (app CPU {base_cpu:.2f}×)",
            )
        )
    return [
        Figure(f"start-up to home rows painted, {label}", rows, "× minimal", f"≤ {limit:g}", rows <= limit, note),
        Figure(f"start-up to home count line painted, {label}", count, "× minimal", f"≤ {limit:g}", count <= limit),
        Figure(
            f"  diagnostic: CPU used to the count line, {label}",
            cpu,
            "× minimal",
            "",
            None,
            f"app {ms(pairs.cpu) * 1000:.0f} ms, minimal app {ms(pairs.minimal_cpu) * 1000:.0f} ms of CPU",
        ),
        Figure(
            f"start-up to count line vs list app, {label}",
            table,
            "× list app",
            f"≤ {limit:g}",
            table <= limit,
            f"Header + DataTable + Footer, same pairs; minimal list app {ms(pairs.table) * 1000:.0f} ms, "
            f"CPU {ms(pairs.table_cpu) * 1000:.0f} ms (app CPU {table_cpu:.2f}×)",
        ),
        *versus_base,
    ]


def measure(db: Path, large: Path | None, pairs: int = 10) -> list[Figure]:
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="inspect-screen-") as folder:
        # The app writes to the databases it opens (resume point): a copy of the small one.
        copy = Path(folder) / db.name
        shutil.copy(db, copy)
        figures += startup_figures(db.name, startup_pairs(copy, pairs), 1.5)
        review = time_review(copy, max(3, pairs // 2))
        figures.append(_review_figure(db.name, review))
    if large is not None:
        figures += startup_figures(large.name, startup_pairs(large, pairs), 1.5)
        typing = type_search(large, rounds=5)
        rows = statistics.median(typing.rows_ms) if typing.rows_ms else float("inf")
        worst = max(typing.rows_ms) if typing.rows_ms else float("inf")
        figures.append(
            Figure(
                "search as you type: key to rows painted, median",
                rows,
                "ms",
                "< 100 ms",
                rows < 100,
                f"{SEARCH!r} at {KEY_INTERVAL * 1000:.0f} ms per key, {typing.typed} keys; max {worst:.0f} ms",
            )
        )
        figures.append(
            Figure(
                "search as you type: skipped results",
                typing.skipped,
                "prefixes",
                "0",
                typing.skipped == 0,
                f"of {typing.typed}",
            )
        )
        figures.append(
            Figure(
                "  diagnostic: app CPU per key while typing",
                statistics.median(typing.cpu_ms_per_key or [0.0]),
                "ms",
                "",
                None,
                "UI and reading threads together; what a key costs on an idle core",
            )
        )
        after = max(typing.count_after_rows_ms) if typing.count_after_rows_ms else float("inf")
        figures.append(
            Figure(
                "search as you type: count line after rows, max",
                after,
                "ms",
                "≤ 50 ms",
                after <= 50,
                f"median {statistics.median(typing.count_after_rows_ms or [after]):.0f} ms",
            )
        )
        figures.append(_review_figure(large.name, time_review(large, max(3, pairs // 2))))
    return figures


def _review_figure(label: str, timings: list[float]) -> Figure:
    value = statistics.median(timings) * 1000
    return Figure(
        f"review screen: key r to painted, {label}",
        value,
        "ms",
        "< 300 ms",
        value < 300,
        f"first open in a fresh app, {len(timings)} runs; max {max(timings) * 1000:.0f} ms; "
        f"app CPU {statistics.median(REVIEW_CPU or [0.0]) * 1000:.0f} ms (diagnostic)",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "sample.db")
    parser.add_argument("--large", type=Path)
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--only", choices=["startup", "search", "review"], help="one measurement, for work on it")
    parser.add_argument("--command", help="the command to time instead of the installed inspect-tui (split on spaces)")
    parser.add_argument(
        "--base", help="another build's inspect-tui (split on spaces), timed in the same start-up rounds for a ratio"
    )
    options = parser.parse_args()
    if options.command:
        terminal.COMMAND[:] = options.command.split()
    if options.base:
        BASE[:] = options.base.split()
    folder = tempfile.TemporaryDirectory(prefix="inspect-screen-")
    # The app writes to the databases it opens (resume point): work on a copy of the small one.
    options.db = Path(shutil.copy(options.db, Path(folder.name) / options.db.name))
    try:
        if options.only == "search":
            typing = type_search(options.large or options.db)
            print(typing)
            return 0
        if options.only == "startup":
            for db in [options.db, *([options.large] if options.large else [])]:
                for figure in startup_figures(db.name, startup_pairs(db, options.pairs), 1.5):
                    print(figure.line(), flush=True)
            return 0
        if options.only == "review":
            print(_review_figure(options.db.name, time_review(options.db, options.pairs)).line())
            return 0
        for figure in measure(options.db, options.large, options.pairs):
            print(figure.line(), flush=True)
    except Timeout as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
