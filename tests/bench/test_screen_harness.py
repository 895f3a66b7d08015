"""The pseudo-terminal harness sees what a user sees: the minimal app's line, the home list
and its count, and the rows of a search typed key by key."""

from __future__ import annotations

import shutil
import sys
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
