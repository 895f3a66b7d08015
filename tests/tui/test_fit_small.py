"""At 80×24, in English and Dutch: footers hold whole keys with F1 and quit; dialogs keep fields in view."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input
from textual.widgets._footer import FooterKey

from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.complete import CompleteScreen
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.review import ReviewScreen
from tests.helpers.review_seed import build_review_day
from tests.helpers.tui_seed import fixed_clock, still, wait_for


def footer(app: InspectApp) -> list[FooterKey]:
    return [key for key in app.screen.query(FooterKey) if "-command-palette" not in key.classes]


def fits(app: InspectApp, widget: object) -> bool:
    region = widget.region  # type: ignore[attr-defined]
    return (
        region.width > 0 and region.height > 0 and region.right <= app.size.width and region.bottom <= app.size.height
    )


@pytest.fixture(params=["en", "nl"])
def lang(request: pytest.FixtureRequest) -> object:
    yield request.param
    set_language("en")


async def test_footers_hold_whole_keys_with_f1_and_the_important_ones(tmp_path: Path, lang: str) -> None:
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang=lang, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and bool(footer(app)))
        await still(pilot)
        keys = footer(app)
        assert {k.key for k in keys} >= {"n", "i", "r", "q", "f1"}
        assert all(fits(app, k) for k in keys)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and bool(footer(app)))
        await still(pilot)
        keys = footer(app)
        assert {k.key for k in keys} >= {"escape", "a", "b", "f1"}
        assert all(fits(app, k) for k in keys)
        await pilot.press("escape")
        app.open_inspection(day.draft)
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
        await still(pilot)
        keys = footer(app)
        assert {k.key for k in keys} >= {"escape", "c", "f1"}
        assert all(fits(app, k) for k in keys)


async def test_sign_dialog_keeps_signer_and_buttons_in_view(tmp_path: Path, lang: str) -> None:
    day = build_review_day(tmp_path)
    app = make_app(day.path, lang=lang, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_inspection(day.draft)
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteScreen))
        await still(pilot)
        dialog = app.screen
        assert fits(app, dialog.query_one("#complete-name", Input))
        assert fits(app, dialog.query_one("#sign", Button))
        assert fits(app, dialog.query_one("#cancel", Button))
        for _step in range(6):  # tab never lands in a widget out of view
            await pilot.press("tab")
            assert app.focused is not None and fits(app, app.focused)
