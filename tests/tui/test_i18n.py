"""Every interface string has a Dutch text, and --lang nl shows it."""

from __future__ import annotations

import ast
from pathlib import Path

from inspect_tui.tui import i18n
from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n_nl import DUTCH
from tests.helpers.tui_seed import Seeded, fixed_clock, wait_for

TUI = Path(i18n.__file__).parent


def interface_strings() -> set[str]:
    """Literal arguments of _() and binding descriptions/tooltips in the TUI package."""
    found: set[str] = set()
    for path in TUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "_" and node.args and isinstance(node.args[0], ast.Constant):
                found.add(str(node.args[0].value))
            if name == "Binding":
                if len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
                    found.add(str(node.args[2].value))
                for keyword in node.keywords:
                    if keyword.arg == "tooltip" and isinstance(keyword.value, ast.Constant):
                        found.add(str(keyword.value.value))
    titles = ("title_new", "title_edit")
    for path in TUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            is_title = isinstance(node, ast.Assign) and any(getattr(t, "id", "") in titles for t in node.targets)
            if is_title and isinstance(node.value, ast.Constant):  # type: ignore[attr-defined]
                found.add(str(node.value.value))  # type: ignore[attr-defined]
    return found


def test_every_string_has_a_dutch_translation() -> None:
    missing = sorted(s for s in interface_strings() if s and s not in DUTCH)
    assert missing == []


def test_placeholders_match_between_languages() -> None:
    import string

    for english, dutch in DUTCH.items():
        fields = {f for _t, f, _s, _c in string.Formatter().parse(english) if f}
        assert fields == {f for _t, f, _s, _c in string.Formatter().parse(dutch) if f}, english


def test_language_from_locale() -> None:
    assert i18n.detect_language({"LANG": "nl_NL.UTF-8"}) == "nl"
    assert i18n.detect_language({"LC_ALL": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}) == "en"
    assert i18n.detect_language({}) == "en"


async def test_dutch_interface(seeded: Seeded) -> None:
    app = make_app(seeded.path, lang="nl", clock=fixed_clock)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.screen.query_one("#sites-table").loaded_once)  # type: ignore[attr-defined]
            footer_keys = {b.binding.description for b in app.screen.active_bindings.values()}
            assert "Nieuwe locatie" in footer_keys
            tab = app.screen.query_one("#home-tabs")
            assert "Locaties" in str(tab.get_tab("sites").label)  # type: ignore[attr-defined]
    finally:
        i18n.set_language("en")
