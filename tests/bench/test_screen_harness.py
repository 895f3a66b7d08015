"""The pseudo-terminal harness sees what a user sees: the minimal app's line, the home list
and its count, and the rows of a search typed key by key."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pyte")

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import screen  # noqa: E402
import terminal  # noqa: E402


def test_the_minimal_app_is_seen_painted() -> None:
    seconds, cpu = screen.time_minimal()
    assert 0 < seconds < 30 and cpu > 0


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return Path(shutil.copy(BENCH.parent / "sample.db", tmp_path / "sample.db"))


def test_the_home_screen_rows_then_its_count_are_seen(sample: Path) -> None:
    want = screen.expected(sample, "")
    assert len(want.rows) == screen.ROWS_CHECKED and want.total > 0
    rows, count, cpu = screen.time_app_start(sample, want)
    assert 0 < rows <= count and cpu > 0


def test_a_marker_for_other_rows_is_not_taken_for_the_real_ones(sample: Path) -> None:
    wrong = screen.Expected("", [("No Such Site", "Nowhere")], 9)
    with terminal.Terminal(terminal.app_argv(sample)) as term:
        term.wait_for(screen.count_shown(screen.expected(sample, "")), "the home screen")
        assert not screen.rows_shown(wrong)(term.text())
        assert not screen.count_shown(screen.Expected("", [], 10))(term.text())
        with pytest.raises(terminal.Timeout):
            term.wait_for(screen.rows_shown(wrong), "rows that are not there", timeout=0.5)


def test_typing_a_search_shows_the_rows_of_each_prefix(sample: Path) -> None:
    typing = screen.type_search(sample, "oss", rounds=1)
    assert typing.typed == 3
    assert typing.skipped + len(typing.rows_ms) == 3
    assert all(ms > 0 for ms in typing.rows_ms)


def test_the_minimal_list_app_is_seen_painted() -> None:
    seconds, cpu = screen.time_minimal_table()
    assert 0 < seconds < 30 and cpu > 0
    assert not terminal.TABLE_MARKER(["minimal table app", "Logiesgebouw De Brink Ede 0"])


def _child(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def _slow_emulator(term: terminal.Terminal, seconds: float) -> None:
    """The emulator takes `seconds` to parse each read (as pyte does, more slowly, on a big frame)."""
    feed = term.stream.feed

    def slow(data: bytes) -> None:
        time.sleep(seconds)
        feed(data)

    term.stream.feed = slow  # type: ignore[method-assign]


def test_markers_completed_by_one_read_are_timed_at_that_read() -> None:
    code = "import sys, time; sys.stdout.write('rows here\\ncount here\\n'); sys.stdout.flush(); time.sleep(10)"
    with terminal.Terminal(_child(code)) as term:
        _slow_emulator(term, 0.3)
        rows = term.wait_for(terminal.contains("rows here"), "rows")
        count = term.wait_for(terminal.contains("count here"), "count")
        assert count == rows  # not the moment of the second wait, 0.3 s of parsing later
        assert time.perf_counter() - rows >= 0.3
    with terminal.Terminal(_child(code)) as term:
        _slow_emulator(term, 0.3)
        both = term.wait_for_each([(terminal.contains("rows here"), "rows"), (terminal.contains("count here"), "c")])
        assert both[0] == both[1] > term.started


def test_markers_completed_by_later_reads_are_timed_at_those_reads() -> None:
    code = (
        "import sys, time; sys.stdout.write('rows here\\n'); sys.stdout.flush(); time.sleep(0.5); "
        "sys.stdout.write('count here\\n'); sys.stdout.flush(); time.sleep(10)"
    )
    with terminal.Terminal(_child(code)) as term:
        rows, count = term.wait_for_each([(terminal.contains("rows"), "rows"), (terminal.contains("count"), "count")])
        assert 0.25 <= count - rows < 5  # 0.5 s apart in the program (less if the first read came late)


def test_the_programs_cpu_is_taken_before_the_emulator_parses() -> None:
    # The program writes its marker, then keeps a core busy: its CPU at the marker is what it had
    # used by the read, not what it used while the (here slow) emulator parsed the bytes.
    code = (
        "import sys, time; sys.stdout.write('marker\\n'); sys.stdout.flush(); t = time.process_time()\n"
        "while time.process_time() - t < 5: pass"
    )
    with terminal.Terminal(_child(code)) as term:
        _slow_emulator(term, 1.5)
        term.wait_for(terminal.contains("marker"), "the marker")
        after = term.cpu_seconds()
        assert term.seen_cpu is not None and after is not None
        # Even on a busy machine the spinning program gets some of the 1.5 s of parsing.
        assert term.seen_cpu < 0.5 and after - term.seen_cpu >= 0.05
