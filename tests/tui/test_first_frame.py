"""Start-up: the home screen's first frame holds the rows and the count line, before any heavy
module is loaded; the footer keeps its keys while what they show stays the same."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from textual.widgets import Label, TabbedContent

from inspect_tui.store.conflicts import open_conflicts
from inspect_tui.store.queries import open_conflict_count
from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.widgets.fit_footer import FitFooter
from tests.helpers.tui_seed import Seeded, fixed_clock, settle, wait_for
from tests.tui.test_home import add_inspections


async def test_the_count_line_and_tab_count_are_set_with_the_first_rows(seeded: Seeded, monkeypatch: Any) -> None:
    seen: dict[str, str] = {}
    mount = HomeScreen.on_mount

    def on_mount(self: HomeScreen) -> None:
        mount(self)
        # Before the first frame: what on_mount left on screen.
        seen["rows"] = str(self.inspections.row_count)
        seen["status"] = str(self.query_one("#home-status", Label).render())
        seen["tab"] = str(self.query_one(TabbedContent).get_tab("inspections").label)

    monkeypatch.setattr(HomeScreen, "on_mount", on_mount)
    add_inspections(seeded, 7)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "rows" in seen)
        total = app.screen.inspections.total  # type: ignore[attr-defined]
    assert int(seen["rows"]) == total > 0
    assert seen["status"] == f"Showing {total} of {total}"
    assert seen["tab"] == f"Inspections ({total})"


def test_the_first_screen_is_painted_without_pydantic_sqlite_utils_the_models_or_the_messages(seeded: Seeded) -> None:
    probe = (
        "import asyncio, sys\n"
        "from inspect_tui.tui import app as appmod\n"
        "found = {}\n"
        "def ready(self):\n"
        "    found['modules'] = sorted(m for m in ('pydantic', 'sqlite_utils', 'inspect_tui.domain.models',\n"
        "        'inspect_tui.store.revisions', 'inspect_tui.domain.text', 'inspect_tui.tui.messages',\n"
        "        'inspect_tui.tui.commands', 'inspect_tui.settings', 'inspect_tui.store.queries.review',\n"
        "        'inspect_tui.store.queries.findings') if m in sys.modules)\n"
        "    self.exit()\n"
        "appmod.InspectApp.first_screen_ready = ready\n"
        "async def main():\n"
        "    app = appmod.make_app(sys.argv[1], lang='en')\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        for _ in range(500):\n"
        "            await pilot.pause(0.02)\n"
        "            if 'modules' in found:\n"
        "                break\n"
        "asyncio.run(main())\n"
        "print(found.get('modules', 'never painted'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(seeded.path)], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr


def test_the_light_conflict_count_agrees_with_the_full_list(seeded: Seeded) -> None:
    from inspect_tui.store import open_db

    db = open_db(seeded.path)
    try:
        assert open_conflict_count(db) == len(open_conflicts(db)) == 0
        db.execute(
            "INSERT INTO conflicts (entity, record_id, leaves, fields, kind) VALUES ('sites', 'x', '[]', '[]', 'edit')"
        )
        assert open_conflict_count(db) == len(open_conflicts(db)) == 1
    finally:
        db.close()


async def test_the_footer_keeps_its_keys_until_what_they_show_changes(seeded: Seeded) -> None:
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "home" and len(app.screen.query_one(FitFooter).children) > 0)
        await settle(pilot)
        footer = app.screen.query_one(FitFooter)
        before = list(footer.children)
        await footer.recompose()
        assert list(footer.children) == before  # nothing changed: the same key widgets
        await pilot.resize_terminal(60, 30)
        await settle(pilot)
        after = list(app.screen.query_one(FitFooter).children)
        assert after != before  # narrower: fewer keys fit, so they are built again
        assert len(after) < len(before)
