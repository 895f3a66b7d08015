"""Start-up with the garbage collector paused: it runs again once the home lists are painted, and
on every other way the start can end (lists that are never painted, quitting before, an error)."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.helpers.tui_seed import Seeded

PROBE = """
import asyncio, gc, sys
from inspect_tui.tui import app as appmod
from inspect_tui.tui.screens.home import HomeScreen
seen = {}
painted = HomeScreen._after_first_paint
def after_first_paint(self):
    seen['at paint'] = gc.isenabled()
    painted(self)
HomeScreen._after_first_paint = after_first_paint
SETUP
async def main():
    gc.disable()
    app = appmod.make_app(sys.argv[1], lang='en', collector_paused=PAUSED)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if gc.isenabled():
                break
        seen['running'] = gc.isenabled()
    seen['after'] = gc.isenabled()
    seen['frozen'] = gc.get_freeze_count() > 0
asyncio.run(main())
print(sorted(seen.items()))
"""


def _probe(seeded: Seeded, setup: str = "", *, paused: bool = True) -> str:
    code = PROBE.replace("SETUP", setup).replace("PAUSED", str(paused))
    done = subprocess.run(
        [sys.executable, "-c", code, str(seeded.path)], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_the_collector_runs_again_once_the_lists_are_painted(seeded: Seeded) -> None:
    # Well before the time limit: it is the painted lists that bring it back.
    found = _probe(seeded, "appmod.COLLECTOR_PAUSE_LIMIT = 60")
    assert found == "[('after', True), ('at paint', False), ('frozen', True), ('running', True)]"


def test_an_app_whose_caller_did_not_pause_the_collector_leaves_it_as_it_was(seeded: Seeded) -> None:
    found = _probe(seeded, "appmod.COLLECTOR_PAUSE_LIMIT = 0.1", paused=False)
    assert found == "[('after', False), ('at paint', False), ('frozen', True), ('running', False)]"


def test_lists_never_painted_the_collector_runs_again_after_the_time_limit(seeded: Seeded) -> None:
    setup = "appmod.COLLECTOR_PAUSE_LIMIT = 0.3\nappmod.InspectApp.first_screen_ready = lambda self: None"
    found = dict(ast.literal_eval(_probe(seeded, setup)))
    # Whether the first frame came before the limit depends on the machine's load; the rest does not.
    found.pop("at paint", None)
    assert found == {"after": True, "frozen": False, "running": True}


def test_quitting_before_the_lists_are_painted_the_collector_runs_again(seeded: Seeded) -> None:
    setup = (
        "appmod.COLLECTOR_PAUSE_LIMIT = 60\n"
        "mount = HomeScreen.on_mount\n"
        "def on_mount(self):\n"
        "    self.app.exit()\n"
        "HomeScreen.on_mount = on_mount"
    )
    found = dict(ast.literal_eval(_probe(seeded, setup)))
    assert "at paint" not in found  # never painted
    assert found["after"] is True  # the app stopped: the collector runs again
