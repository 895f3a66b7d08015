"""Forms open at their top at 80×24: the first field's label is in view, not scrolled away."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label

from inspect_tui.tui import messages
from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.record_editor import RecordEditor
from inspect_tui.tui.widgets.form import Form
from tests.helpers.tui_seed import fixed_clock, seed, still, wait_for


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("dialog", ["site", "unit", "occupant"])
async def test_first_label_in_view(tmp_path: Path, lang: str, dialog: str) -> None:
    seeded = seed(tmp_path / "inspect.db")
    app = make_app(seeded.path, lang=lang, clock=fixed_clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            message = {
                "site": messages.EditSite(seeded.site_id),
                "unit": messages.EditUnit(None, seeded.site_id, seeded.house_id, "bedroom"),
                "occupant": messages.EditOccupant(seeded.occupant_ids[0], seeded.bedroom_ids[0]),
            }[dialog]
            app.post_message(message)
            await wait_for(pilot, lambda: isinstance(app.screen, RecordEditor) and app.screen.shown is not None)
            await still(pilot)  # the form laid out and any scroll into view done
            form = app.screen.query_one(Form)
            first = form.query(Label).first()
            assert form.scroll_y == 0
            assert first.region.y >= form.content_region.y, "the first field's label is scrolled out of view"
            assert app.focused is not None and app.focused.region.bottom <= form.content_region.bottom
    finally:
        set_language("en")
