"""Every screen and dialog works under every built-in theme (the ansi themes name colours their own way)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.style import Style
from textual.app import App
from textual.screen import Screen

from inspect_tui.domain.enums import InspectionStatus, Severity
from inspect_tui.tui import messages as msg
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.palette import rich_palette
from inspect_tui.tui.widgets.labels import VERDICT_MARKS, severity_text, status_text, verdict_text
from inspect_tui.tui.widgets.severity_chart import ChartRow, render_chart
from tests.helpers.review_seed import DAY, ReviewDay, build_review_day
from tests.helpers.tui_seed import fixed_clock, settle, wait_for

THEMES = sorted(App().available_themes)
REPRESENTATIVE = ("ansi-dark", "ansi-light", "textual-light")
"""Themes every screen and dialog is switched to, after its first draw under the default theme
(textual-dark): the two ansi themes, whose CSS colours are names of their own ("ansi_red") and
cannot be blended, and a light one.

The other themes differ from these only in their colour values: each gives the same CSS
variables and palette keys as the default theme, and each of its colours is one Rich can use
(`test_every_theme_colour_is_a_rich_colour`); every cell a screen colours from the palette is
drawn under every theme (`test_the_cells_coloured_by_the_theme_draw`); and every theme is switched
to on the screen that colours the most from it (`test_every_theme_on_the_review_screen`). So a
theme that breaks a screen is caught without opening every screen under every theme."""
COLOURED = {"site", "checklist", "checklist draft", "findings", "occupancy", "review", "day summary", "conflicts"}
"""The screens that colour cells from the theme's palette."""


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> ReviewDay:
    return build_review_day(tmp_path_factory.mktemp("themes"))


def test_every_theme_colour_is_a_rich_colour() -> None:
    app = App[None]()
    variables = set(app.get_css_variables())
    for theme in THEMES:
        app.theme = theme
        if theme not in REPRESENTATIVE:
            # The same CSS variables (and so the same palette keys) as the default theme: a screen
            # that reads a colour by name finds it (the ansi themes name a few differently, and
            # every screen is drawn under them).
            assert set(app.get_css_variables()) == variables, theme
        for name, colour in rich_palette(app.get_css_variables()).items():
            if colour:
                Style.parse(f"{colour} bold")  # raises on a name Rich does not know ("ansi_red")
            assert "ansi_" not in colour, (theme, name, colour)


def visits(day: ReviewDay) -> list[tuple[str, Callable[[InspectApp], None], Callable[[Screen[Any]], bool]]]:
    """(name, how to open it, when it has read its data) for every screen and dialog."""
    seeded = day.seeded

    def post(message: Any) -> Callable[[InspectApp], None]:
        def send(app: InspectApp) -> None:
            app.screen.post_message(message)

        return send

    def loaded(attribute: str) -> Callable[[Screen[Any]], bool]:
        return lambda screen: bool(getattr(screen, attribute, None))

    def always(_screen: Screen[Any]) -> bool:
        return True

    return [
        ("site", post(msg.OpenSite(seeded.site_id)), loaded("units")),
        ("checklist", post(msg.OpenInspection(day.housing)), loaded("state")),
        ("checklist draft", post(msg.OpenInspection(day.draft)), loaded("state")),
        ("findings", post(msg.OpenFindings(day.housing)), always),
        ("occupancy", post(msg.OpenOccupancy(seeded.site_id, inspection_id=day.draft)), loaded("units")),
        ("review", post(msg.OpenReview()), loaded("summary")),
        ("day summary", post(msg.OpenDaySummary(DAY)), always),
        ("conflicts", post(msg.OpenConflicts()), always),
        ("keymap", post(msg.ShowKeymap()), always),
        ("site editor", post(msg.EditSite(seeded.site_id)), always),
        ("unit editor", post(msg.EditUnit(seeded.house_id, seeded.site_id, None)), always),
        ("occupant editor", post(msg.EditOccupant(seeded.occupant_ids[0], seeded.bedroom_ids[0])), always),
        ("new inspection", post(msg.NewInspection(seeded.site_id)), always),
        ("finding editor", post(msg.AddFinding(day.draft)), always),
        ("complete", post(msg.CompleteInspection(day.draft)), always),
        ("reopen", post(msg.ReopenInspection(day.housing)), always),
        ("import", post(msg.ImportBundles()), always),
        ("export", post(msg.ExportBundle()), always),
    ]


VISITS = [
    "home",
    "site",
    "checklist",
    "checklist draft",
    "findings",
    "occupancy",
    "review",
    "day summary",
    "conflicts",
    "keymap",
    "site editor",
    "unit editor",
    "occupant editor",
    "new inspection",
    "finding editor",
    "complete",
    "reopen",
    "import",
    "export",
]


def test_every_screen_is_visited(day: ReviewDay) -> None:
    assert [name for name, _open, _ready in visits(day)] == VISITS[1:]
    assert {"home", *COLOURED} <= set(VISITS)


@pytest.mark.parametrize("theme", THEMES)
def test_the_cells_coloured_by_the_theme_draw(theme: str) -> None:
    """What the screens colour from the theme (status, severity and verdict cells, the severity
    chart) built with this theme's colours and drawn: a colour Rich cannot use raises here."""
    app = App[None]()
    app.theme = theme
    palette = rich_palette(app.get_css_variables())
    console = Console(width=60, color_system="truecolor", file=io.StringIO())
    cells = [status_text(status, palette) for status in InspectionStatus]
    cells += [severity_text(severity, palette) for severity in Severity]
    cells += [verdict_text(verdict, palette) for verdict in VERDICT_MARKS]
    cells.append(render_chart([ChartRow("Huis 12", {"critical": 2, "major": 1, "minor": 3})], 60, palette))
    for cell in cells:
        console.print(cell)
    # The error and success tones are coloured in every theme (not left plain).
    assert status_text("returned", palette).style and verdict_text("pass", palette).style


def render(app: InspectApp) -> None:
    """Every widget's style resolved, and the whole screen drawn (as a screenshot would be)."""
    for node in app.screen.walk_children():
        node.rich_style  # noqa: B018 (resolves the theme's variables and colours of the node)
    app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)


async def _open(app: InspectApp, pilot: Any, day: ReviewDay, name: str) -> Screen[Any]:
    """The screen or dialog of that name opened in the app, its data read."""
    await wait_for(pilot, lambda: app.screen.id == "home")
    home = app.screen
    if name == "home":
        await pilot.press("t")  # the sites list too
    else:
        [(open_it, ready)] = [(o, r) for n, o, r in visits(day) if n == name]
        open_it(app)
        await wait_for(pilot, lambda: app.screen is not home, timeout=5)
        await wait_for(pilot, partial(ready, app.screen), timeout=5)
    screen = app.screen
    if name == "review":
        # The detail pane of the first finding: coloured by the theme.
        await wait_for(pilot, lambda: screen.findings.row_count > 0)  # type: ignore[attr-defined]
        screen.findings.focus()  # type: ignore[attr-defined]
        await pilot.press("down", "up")
    await settle(pilot)
    return screen


async def _switch_and_draw(app: InspectApp, pilot: Any, screen: Screen[Any], name: str, themes: Sequence[str]) -> None:
    """Each theme switched to with the screen shown, its styles resolved and the screen drawn in full."""
    render(app)  # under the theme it opened with
    assert app._exception is None, (app.theme, name, app._exception)
    for theme in themes:
        app.theme = theme
        await settle(pilot)
        assert app.screen is screen, (theme, name)
        render(app)
        assert app._exception is None, (theme, name, app._exception)
    assert app.theme == themes[-1]


@pytest.mark.parametrize("name", VISITS)
async def test_the_screen_under_the_representative_themes(day: ReviewDay, name: str, tmp_path: Path) -> None:
    """One app per screen: the screen opened once, drawn under the default theme, then each
    representative theme switched to with the screen shown, its styles resolved and drawn in full."""
    path = tmp_path / "inspect.db"  # a copy: visiting a checklist leaves a point to resume at
    shutil.copyfile(day.path, path)
    app = make_app(path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot, day, name)
        await _switch_and_draw(app, pilot, screen, name, REPRESENTATIVE)
    assert app._exception is None, (name, app._exception)


async def test_every_theme_on_the_review_screen(day: ReviewDay, tmp_path: Path) -> None:
    """Every built-in theme switched to on the review screen with a finding's detail shown: the
    screen that colours the most from the theme (severity and status cells, the detail's verdict
    marks), drawn in full under each."""
    path = tmp_path / "inspect.db"
    shutil.copyfile(day.path, path)
    app = make_app(path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot, day, "review")
        await _switch_and_draw(app, pilot, screen, "review", THEMES)
    assert app._exception is None, app._exception


def test_the_themes_are_the_built_in_ones() -> None:
    assert {"ansi-dark", "ansi-light", "textual-dark"} <= set(THEMES)
