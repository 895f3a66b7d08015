"""The first showing of a screen does not style its widgets a second time (they were styled as they
were mounted); their styles are the same as after a full restyle, and a screen shown again is
restyled as before."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.css.stylesheet import Stylesheet
from textual.widget import Widget

from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens.home import HomeScreen
from tests.helpers.tui_seed import Seeded, fixed_clock, settle, wait_for


def _styles(screen: Widget) -> dict[str, str]:
    """Every widget's computed style rules, by its place in the screen."""
    return {
        f"{n}:{type(widget).__name__}#{widget.id}": widget.styles.css
        + f"|{widget.rich_style}|{sorted(widget.get_pseudo_classes())}"
        for n, widget in enumerate(screen.walk_children(with_self=True))
        if isinstance(widget, Widget)
    }


async def test_the_home_screen_is_styled_once_and_as_a_full_restyle_would(seeded: Seeded, monkeypatch: Any) -> None:
    passes: list[int] = []
    update_nodes = Stylesheet.update_nodes

    def counted(self: Stylesheet, nodes: Any, animate: bool = False) -> None:
        nodes = list(nodes)
        passes.append(len(nodes))
        update_nodes(self, nodes, animate=animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counted)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.inspections.loaded_once)
        await settle(pilot)
        home = app.screen
        widgets = len(list(home.walk_children(with_self=True)))
        assert widgets > 20
        assert max(passes) < 10, passes  # no pass over the whole screen, only what focus and classes touched
        before = _styles(home)
        home.update_node_styles(animate=False)  # what Textual's second pass would have made
        await settle(pilot)
        assert _styles(home) == before
        # Shown again (Textual asks for a restyle when a screen comes back from a mode switch or
        # from under a translucent one): the whole screen is styled again, as before.
        passes.clear()
        home.post_message(events.ScreenResume())
        await settle(pilot)
        assert max(passes) >= widgets, passes
