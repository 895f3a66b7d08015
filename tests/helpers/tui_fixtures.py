"""Fixtures of the tests that drive the TUI (imported by the conftest of each such folder)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import textual._wait as textual_wait

from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.checklist import ChecklistScreen
from tests.helpers.tui_seed import Seeded, fixed_clock, seed

NEVER = 24 * 3600.0
"""A delay no test lives to see."""


@pytest.fixture(autouse=True)
def checklist_timers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The checklist's timers, set for tests: progress is read back at once after an answer, and
    the place the cursor rests on is never remembered by the clock (only by an answer's commit).

    Without this a test's outcome would depend on how fast the machine runs it: the 1 s place
    timer fires or not before the app stops. A test of the timer itself sets it again.
    """
    monkeypatch.setattr(ChecklistScreen, "REFRESH_DELAY", 0.001)  # Textual timers need a delay above 0
    monkeypatch.setattr(ChecklistScreen, "PLACE_SAVE_DELAY", NEVER)
    yield


@pytest.fixture(autouse=True)
def quick_pilot(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Textual's pilot checks whether the app has gone idle in steps of 20 ms, twice per key
    pressed; steps of 5 ms (same idle ratio) make a test that presses many keys a good deal
    quicker. Nothing waits on these steps for correctness: the tests wait on workers and
    messages (`settle`). Should Textual rename them, this does nothing.
    """
    step = 0.005
    monkeypatch.setattr(textual_wait, "SLEEP_GRANULARITY", step, raising=False)
    monkeypatch.setattr(textual_wait, "SLEEP_IDLE", step / 20, raising=False)
    yield


@pytest.fixture(autouse=True)
def drop_textual_caches() -> Iterator[None]:
    """After each test, Textual's cache of styles by widget is emptied: it holds up to 1,024 of the
    finished apps' widget caches (with their painted lines), which every later garbage collection
    would walk again. Dropping a cache changes no result, only what is computed afresh."""
    yield
    from textual._styles_cache import StylesCache

    clear = getattr(getattr(StylesCache, "get_inner_outer", None), "cache_clear", None)
    if clear is not None:
        clear()


@pytest.fixture
def seeded(tmp_path: Path) -> Seeded:
    return seed(tmp_path / "inspect.db")


@pytest.fixture
def app(seeded: Seeded) -> InspectApp:
    return make_app(seeded.path, lang="en", clock=fixed_clock)
