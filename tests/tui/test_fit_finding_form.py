"""The finding form at 80×24, in English and Dutch: the description box has lines to write in and
comes whole into view when it has the focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.finding_editor import FindingEditor
from tests.helpers.checklist import open_checklist, start
from tests.helpers.tui_seed import fixed_clock, seed, still, wait_for


@pytest.mark.parametrize("lang", ["en", "nl"])
async def test_description_box_has_height_at_80x24(tmp_path: Path, lang: str) -> None:
    seeded = seed(tmp_path / "inspect.db")
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    app = make_app(seeded.path, lang=lang, clock=fixed_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_checklist(app, pilot, inspection_id)
            await pilot.press("f")
            await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
            editor = app.screen
            box = editor.query_one("#finding-description", TextArea)
            await pilot.pause()
            assert box.content_region.height >= 3  # lines to write in, not only its border
            box.text = ""
            box.focus()
            await still(pilot)  # the focused box scrolled into view
            visible = box.content_region.intersection(box.parent.content_region)  # type: ignore[union-attr]
            assert visible.height >= 3, "the focused box scrolls into view with its lines"
            await pilot.press(*"Geen blusdeken")
            await pilot.press("enter")
            await pilot.press(*"in de keuken")
            assert box.text == "Geen blusdeken\nin de keuken"
    finally:
        set_language("en")
