"""Fixtures of the tests that drive the TUI (imported by the conftest of each such folder)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import textual._wait as textual_wait
from textual._compositor import Compositor
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot

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


@pytest.fixture(autouse=True)
def frames_drawn_when_read(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A test app draws its screen when something reads it, not at every refresh.

    A headless app draws each refresh of its screen (every changed region, about a third of a
    TUI test's CPU time) and throws the drawing away: no terminal shows it. Here those frames
    are not drawn; what a test reads is drawn in full as before (a snapshot, `export_screenshot`,
    the theme and text checks, a widget's own `render_lines`), and when a test's app session ends
    without an error its screen (and the screens it shows behind a dialog) is drawn in full, so
    a screen that fails to draw still fails its test. A test that reads what the refreshes left
    in a widget's caches is marked `@pytest.mark.every_frame_drawn`.
    """
    if request.node.get_closest_marker("every_frame_drawn") is not None:
        yield
        return
    draw = Compositor.render_update
    run_test = App.run_test

    def render_update(self: Compositor, full: bool = False, screen_stack: Any = None, simplify: bool = False) -> Any:
        if full:
            return draw(self, full, screen_stack, simplify)
        self._dirty_regions.clear()  # drawn, as far as any later refresh knows
        return None

    @asynccontextmanager
    async def run_test_drawing_the_last_frame(self: App[Any], **options: Any) -> AsyncIterator[Pilot[Any]]:
        async with run_test(self, **options) as pilot:
            yield pilot
            if self.is_running and self._screen_stack:
                draw(self.screen._compositor, full=True, screen_stack=self._background_screens)

    monkeypatch.setattr(Compositor, "render_update", render_update)
    monkeypatch.setattr(App, "run_test", run_test_drawing_the_last_frame)
    yield


PARSED_CSS_KEPT = 4096
"""Parsed CSS sources kept for the whole test process (a source under each theme's variables)."""


@pytest.fixture(scope="session", autouse=True)
def shared_css_parse() -> Iterator[None]:
    """Each app parses the same CSS (its own, every widget's defaults) into its own stylesheet,
    which keeps what it parsed for that app only: about 50 ms of CPU per app, and the tests start
    hundreds of apps. Here the parsed rules are kept for the test process, by the CSS text, where
    it was read from and the CSS variables it was parsed with (the theme's colours), so that the
    same source under the same variables gives the same rules; Textual reads rules, never
    changes them. Should Textual rename the method, this does nothing.
    """
    original = getattr(Stylesheet, "_parse_rules", None)
    if original is None:
        yield
        return
    parsed: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
    variables_keys: dict[int, tuple[dict[str, str], tuple[tuple[str, str], ...]]] = {}

    def parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        variables: dict[str, str] = self._variables
        known = variables_keys.get(id(self))
        if known is None or known[0] is not variables:  # set_variables gives a stylesheet a new dict
            known = (variables, tuple(sorted(variables.items())))
            variables_keys[id(self)] = known
        key = (css, read_from, is_default_rules, tie_breaker, scope, known[1])
        rules = parsed.get(key)
        if rules is None:
            rules = original(self, css, read_from, is_default_rules, tie_breaker, scope)
            parsed[key] = rules
            if len(parsed) > PARSED_CSS_KEPT:
                parsed.popitem(last=False)
        else:
            parsed.move_to_end(key)
        return rules

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "_parse_rules", parse_rules)
        yield


@pytest.fixture
def seeded(tmp_path: Path) -> Seeded:
    return seed(tmp_path / "inspect.db")


@pytest.fixture
def app(seeded: Seeded) -> InspectApp:
    return make_app(seeded.path, lang="en", clock=fixed_clock)


TUI_FIXTURES = [
    "app",
    "checklist_timers",
    "drop_textual_caches",
    "frames_drawn_when_read",
    "quick_pilot",
    "seeded",
    "shared_css_parse",
]
"""The fixtures every folder of TUI tests uses (its conftest imports them all)."""

__all__ = [*TUI_FIXTURES]
