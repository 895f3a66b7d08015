"""What keeps the screens quick: cells drawn in one step, modules loaded only when used, colours
translated on demand, a tab's count placed without sliding. Each shortcut must show exactly
what the long way shows."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
from functools import partial
from typing import Any, cast

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.render import measure
from textual.renderables.styled import Styled
from textual.strip import Strip
from textual.widgets import TabbedContent, Tabs
from textual.widgets._tabs import Underline

from inspect_tui.tui.app import make_app
from inspect_tui.tui.palette import LazyPalette, rich_palette
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.widgets.fast_cell import FastCell, fast_cell, padded_cell_line
from inspect_tui.tui.widgets.quick_table import QuickTable, content_width
from tests.helpers.tui_seed import Seeded, fixed_clock, settle, wait_for
from tests.tui.test_home import add_inspections

WORDS = [
    "Huisvesting",
    "Het",
    "Veld",
    "",
    " ",
    "  lead",
    "trail  ",
    "日本語",
    "😀x",
    "a-b",
    "12,345",
    "—",
    "’s-Gravenzande",
    "x" * 40,
    "tab\there",
    "two\nlines",
]
STYLES = ["", "bold", "red", "bold red on blue", "italic", "strike dim", "link https://example.org"]


def _lines(console: Console, cell: object, width: int) -> object:
    base = Style(color="green", bgcolor="black")
    return console.render_lines(Padding(cell, (0, 1)), console.options.update_width(width), style=base)  # type: ignore[arg-type]


def test_a_fast_cell_draws_exactly_what_rich_draws() -> None:
    console = Console(width=120, color_system="truecolor", force_terminal=True)
    rng = random.Random(15)
    for _ in range(2000):
        text = Text(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 4))),
            style=rng.choice(STYLES),
            end=rng.choice(["", "\n"]),
            no_wrap=rng.random() < 0.2,
            overflow=rng.choice([None, "ellipsis", "crop", "fold"]),
            justify=rng.choice([None, None, None, "left", "right", "center"]),
        )
        if rng.random() < 0.2 and len(text) > 2:
            text.stylize("bold", 0, 2)  # several styles: drawn by Rich itself
        fast = fast_cell(text)
        assert isinstance(fast, FastCell) and fast.plain == text.plain and fast.style == text.style
        width = rng.randint(1, 40)
        assert _lines(console, fast, width) == _lines(console, text, width), (text.plain, text.style, width)


PRE_STYLES = [Style(), Style(color="green", bgcolor="black"), Style.parse("bold on red") + Style.from_meta({"row": 3})]
POST_STYLES = [Style(), Style(color="red"), Style(bgcolor="blue"), Style.parse("red on white")]


def test_a_table_cell_line_drawn_straight_is_what_rich_draws() -> None:
    console = Console(width=120, color_system="truecolor", force_terminal=True)
    rng = random.Random(16)
    drawn = 0
    for _ in range(3000):
        text = Text(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 3))),
            style=rng.choice(STYLES),
            end=rng.choice(["", "\n"]),
        )
        if rng.random() < 0.1 and len(text) > 2:
            text.stylize("bold", 0, 2)
        cell = fast_cell(text)
        width, padding = rng.randint(0, 40), rng.choice([0, 1, 1, 2])
        pre, post = rng.choice(PRE_STYLES), rng.choice(POST_STYLES)
        line = padded_cell_line(cell, console, width, padding, pre, post)
        if line is None:
            continue
        drawn += 1
        options = console.options.update_dimensions(width, 1).update(no_wrap=True)
        rich = console.render_lines(Styled(Padding(cell, (0, padding)), pre_style=pre, post_style=post), options)  # type: ignore[arg-type]
        assert [line] == rich, (text.plain, text.style, width, padding, pre, post)
    assert drawn > 500  # plain cells that fit are drawn straight


def test_a_cell_position_added_last_makes_the_same_line() -> None:
    """The short way adds a cell's position (a meta) after the row's and the cursor's styles; the
    DataTable adds it between them: the same line, or None where a style has a meta or a link."""
    console = Console(width=120, color_system="truecolor", force_terminal=True)
    rng = random.Random(18)
    plain_styles = [Style.parse(s) if s else Style() for s in ("", "bold", "red on blue", "italic dim")]
    kept: dict[Any, Any] = {}
    drawn = 0
    for _ in range(2000):
        cell = fast_cell(Text(rng.choice(WORDS[1:]), style=rng.choice(STYLES)))
        row_style, component, post = rng.choice(plain_styles), rng.choice(plain_styles), rng.choice(POST_STYLES)
        position = Style.from_meta({"row": rng.randint(0, 99), "column": rng.randint(0, 9)})
        width, padding = rng.randint(0, 40), rng.choice([0, 1, 2])
        line = padded_cell_line(cell, console, width, padding, row_style + component, post, position, kept)
        expected = padded_cell_line(cell, console, width, padding, row_style + position + component, post)
        if line is None:
            assert expected is None or "link" in str(cast("Text", cell).style)
            continue
        drawn += 1
        assert line == expected, (cell, row_style, component, post)
        assert [s.style.meta if s.style else None for s in line] == [position.meta] * len(line)
    assert drawn > 500


def _drawn(table: QuickTable, *, hover: int | None = None) -> list[Strip]:
    """Every line of the table, drawn afresh (no cached cell, row or line)."""
    for cache in (table._line_cache, table._row_render_cache, table._cell_render_cache, table._row_renderable_cache):
        cache.clear()
    table._show_hover_cursor = hover is not None
    table.hover_coordinate = Coordinate(hover or 0, 0)
    return table.render_lines(Region(0, 0, table.size.width, table.size.height))


def _measured_widths(table: QuickTable) -> list[int]:
    """The columns' content widths measured afresh for every row of the table."""
    for column in table.columns.values():
        column.content_width = cell_len(column.label.plain)
    table._update_dimensions(list(table.rows))
    return [column.content_width for column in table.ordered_columns]


def test_a_text_cell_is_measured_as_textual_measures_it() -> None:
    console = Console(width=120, color_system="truecolor", force_terminal=True)
    rng = random.Random(17)
    for _ in range(500):
        text = Text(" ".join(rng.choice([*WORDS, "a\rb", "x\u2028y"]) for _ in range(rng.randint(0, 4))))
        for cell in (text, cast("Text", fast_cell(text))):
            assert content_width(console, cell) == measure(console, cell, 1), text.plain
    assert content_width(console, Padding("abc", (0, 2))) == measure(console, Padding("abc", (0, 2)), 1)


async def test_the_home_list_draws_each_line_as_the_data_table_would(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_inspections(seeded, 40)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.inspections.loaded_once)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.inspections
        straight = padded_cell_line
        taken: list[bool] = []

        def counted(*args: Any) -> Any:
            line = straight(*args)
            taken.append(line is not None)
            return line

        monkeypatch.setattr("inspect_tui.tui.widgets.quick_table.padded_cell_line", counted)
        cases = list(itertools.product(("textual-dark", "textual-light", "ansi-dark"), (0, 3), (None, 1, 3)))
        quick = []
        for theme, cursor, hover in cases:
            app.theme = theme
            table.move_cursor(row=cursor)
            await settle(pilot)
            quick.append(_drawn(table, hover=hover))
        assert sum(taken) > table.row_count * len(table.columns)  # the short way was taken
        quick_widths = _measured_widths(table)
        for name in (
            "render_lines",
            "rich_style",
            "_get_row_style",
            "_render_cell",
            "_render_line_in_row",
            "_update_dimensions",
        ):
            monkeypatch.delattr(QuickTable, name)  # the DataTable's own drawing from here on
        assert _measured_widths(table) == quick_widths
        for (theme, cursor, hover), lines in zip(cases, quick, strict=True):
            app.theme = theme
            table.move_cursor(row=cursor)
            await settle(pilot)
            assert _drawn(table, hover=hover) == lines, (theme, cursor, hover)


def test_only_plain_texts_become_fast_cells() -> None:
    class Own(Text):
        pass

    own = Own("x")
    assert fast_cell(own) is own and fast_cell("x") == "x" and fast_cell(3) == 3


def test_the_lazy_palette_gives_the_same_colours_as_the_full_one() -> None:
    app = make_app(None, lang="en")
    for theme in ("textual-dark", "ansi-dark", "textual-light"):
        app.theme = theme
        variables = app.get_css_variables()
        lazy = LazyPalette(variables)
        assert dict(lazy) == rich_palette(variables)
        assert lazy.get("no-such-colour", "x") == "x"
        with pytest.raises(KeyError):
            lazy["no-such-colour"]


def test_the_palette_follows_a_theme_change() -> None:
    app = make_app(None, lang="en")
    app.theme = "textual-dark"
    dark = app.palette()["text-error"]
    app.theme = "ansi-dark"
    assert app.palette()["text-error"] != dark


def test_the_review_norm_names_are_the_reports_own() -> None:
    from inspect_tui.reports.text import NORM_BY_TEMPLATE
    from inspect_tui.tui.widgets import norms

    assert norms.NORM_BY_TEMPLATE == NORM_BY_TEMPLATE


@pytest.fixture(scope="module")
def loaded() -> tuple[set[str], set[str]]:
    """The modules loaded by an English start (the app made), then also by opening the review
    screen's module: one process for both (the review is opened after a start in the app too)."""
    probe = (
        "import sys\n"
        "from inspect_tui.tui.app import make_app\n"
        "make_app(None, lang='en')\n"
        "print(' '.join(sorted(sys.modules)))\n"
        "import inspect_tui.tui.screens.review\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    at_start, with_review = result.stdout.strip().splitlines()[-2:]
    return set(at_start.split()), set(with_review.split())


def test_opening_the_review_loads_neither_the_workflow_nor_the_report_model(loaded: tuple[set[str], set[str]]) -> None:
    _at_start, with_review = loaded
    assert "inspect_tui.tui.screens.review" in with_review
    # (sqlite-utils is loaded anyway once the home screen is painted: the store opens then)
    assert not with_review & {"inspect_tui.store.workflow", "inspect_tui.reports", "pydantic"}


def test_an_english_start_loads_no_widget_the_home_screen_does_not_show(loaded: tuple[set[str], set[str]]) -> None:
    at_start, _with_review = loaded
    assert "inspect_tui.tui.screens.review" not in at_start  # read before the review was opened
    assert not at_start & {
        "textual.widgets._text_area",
        "textual.widgets._selection_list",
        "textual.widgets._radio_set",
        "textual.widgets._checkbox",
        "textual.widgets._list_view",
    }


def test_a_dutch_start_still_translates_the_widgets_shown_later() -> None:
    code = (
        "from inspect_tui.tui.app import make_app\n"
        "from inspect_tui.tui.i18n import set_language, localise_textual\n"
        "make_app(None, lang='nl')\n"
        "from textual.widgets import TextArea, Input\n"
        "print(sorted({b.description for _k, b in Input._merged_bindings}))\n"
        "set_language('en'); localise_textual()\n"
        "print(sorted({b.description for _k, b in Input._merged_bindings}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    dutch, english = result.stdout.strip().splitlines()[-2:]
    assert dutch != english and "Move cursor left" not in dutch and "Move cursor left" in english


async def test_a_new_tab_count_puts_the_underline_under_the_whole_tab(seeded: Seeded) -> None:
    add_inspections(seeded, 12)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.inspections.loaded_once)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await settle(pilot)
        tabs = home.query_one(TabbedContent)
        underline = home.query_one(Tabs).query_one(Underline)
        for search in ("no such place at all", "", "insp5", "insp4"):  # insp4: a count of the same width
            home._search(search)
            await wait_for(pilot, partial(_searched, home, search))
            await settle(pilot)
            await pilot.pause(0.05)
            tab = tabs.get_tab("inspections")
            start, end = tab.virtual_region.shrink(tab.styles.gutter).column_span
            assert str(tab.label) == f"Inspections ({home.inspections.total})"
            assert (underline.highlight_start, underline.highlight_end) == (start, end)


def _searched(home: HomeScreen, search: str) -> bool:
    return home.inspections.search == search and not home.inspections.counting and not home.inspections._loading


@pytest.mark.every_frame_drawn  # reads the caches the list's drawing on screen filled
async def test_a_new_search_leaves_no_cache_ring_for_the_garbage_collector(seeded: Seeded) -> None:
    add_inspections(seeded, 40)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.inspections.loaded_once)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.inspections
        await settle(pilot)
        caches = (table._cell_render_cache, table._row_render_cache, table._line_cache, table._row_renderable_cache)
        rings = [list(cache._cache.values()) for cache in caches]
        assert all(rings)  # the list was drawn: every cache holds entries
        home._search("insp1")
        await wait_for(pilot, partial(_searched, home, "insp1"))
        # Each entry of the old rings was emptied: nothing in them is left for a full collector pass.
        assert all(entry == [] for ring in rings for entry in ring)
