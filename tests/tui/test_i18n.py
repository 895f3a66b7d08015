"""Every interface string has a Dutch text in the catalog, and --lang nl shows it."""

from __future__ import annotations

import gettext
import string
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from inspect_tui import i18n as core
from inspect_tui.i18n.extract import messages_in, package_messages
from inspect_tui.tui import i18n
from inspect_tui.tui.app import make_app
from tests.helpers.tui_seed import Seeded, fixed_clock, wait_for

PO = core.LOCALE_DIR / "nl" / "LC_MESSAGES" / "inspect_tui.po"
MO = PO.with_suffix(".mo")


def dutch_catalog() -> dict[Any, Any]:
    with PO.open("rb") as f:
        catalog = read_po(f)
    return {m.id: m.string for m in catalog if m.id}


def _translated(value: str | tuple[str, ...]) -> bool:
    return all(value) if isinstance(value, tuple) else bool(value)


def test_every_string_in_the_code_has_a_dutch_translation() -> None:
    catalog = dutch_catalog()
    found = package_messages()
    assert len(found) > 500  # the walk sees the code (a broken walk would pass vacuously)
    missing = {m: where for m, where in found.items() if not _translated(catalog.get(m, ""))}
    assert missing == {}, "run pybabel extract/update (README: How to add a language)"


def test_the_walk_finds_every_kind_of_text() -> None:
    source = """
_("one")
N_("two")
ngettext("{n} bed", "{n} beds", n)
Binding("x", "act", "Three", tooltip="Four")
Binding("y", "act", description="Five")
title_new = "Six"
_(variable)
"""
    assert sorted(map(str, (m for _l, _k, m in messages_in(source)))) == sorted(
        ["one", "two", str(("{n} bed", "{n} beds")), "Four", "Three", "Five", "Six"]
    )
    catalog = dutch_catalog()
    assert "Three" not in catalog  # the completeness test above would fail on such a text


def test_textual_builtin_bindings_are_in_the_catalog() -> None:
    """Every binding Textual's own screens and widgets declare has a Dutch text (catches a Textual upgrade)."""
    import textual.command
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import DataTable, Input, OptionList, Select, TabbedContent, Tabs, TextArea, Tree

    catalog = dutch_catalog()
    missing = set()
    for cls in (
        App,
        Screen,
        DataTable,
        Input,
        OptionList,
        Select,
        TabbedContent,
        Tabs,
        TextArea,
        Tree,
        textual.command.CommandPalette,
    ):
        for binding in i18n.english_bindings(cls) or []:  # an earlier Dutch test translated them in place
            b = binding[1] if isinstance(binding, tuple) else binding
            for text in (b.description, b.tooltip):  # F1 shows both
                if text and not catalog.get(text):
                    missing.add(text)
    assert missing == set()


def test_every_binding_of_the_app_has_a_dutch_text() -> None:
    """Also the bindings whose texts are not literals in a Binding(…) call (made in a loop: the
    conflicts screen's keys 3–9): the extraction must find them, or a catalog update drops them."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import inspect_tui.tui

    catalog = dutch_catalog()
    texts: set[str] = set()
    for module in pkgutil.walk_packages(inspect_tui.tui.__path__, "inspect_tui.tui."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and issubclass(value, DOMNode) and value.__module__.startswith("inspect_tui"):
                for binding in value.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding):
                        texts.update(t for t in (binding.description, binding.tooltip) if t)
    assert {"Keep 9", "Resolve with version 9", "Keep 1"} <= texts  # the walk sees the conflicts screen
    assert sorted(t for t in texts if not catalog.get(t)) == []


def test_compiled_catalog_matches_the_po() -> None:
    """The committed .mo is the compiled .po (run pybabel compile after editing the .po)."""
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for msgid, text in dutch_catalog().items():
        if isinstance(msgid, tuple):
            assert isinstance(text, tuple)
            assert compiled.ngettext(msgid[0], msgid[1], 1) == text[0], msgid
            assert compiled.ngettext(msgid[0], msgid[1], 2) == text[1], msgid
        else:
            assert compiled.gettext(msgid) == text, msgid
    assert len(compiled._catalog) >= len(dutch_catalog())  # type: ignore[attr-defined]


def test_placeholders_match_between_languages() -> None:
    def fields(text: str) -> set[str]:
        return {f for _t, f, _s, _c in string.Formatter().parse(text) if f}

    for english, dutch in dutch_catalog().items():
        if isinstance(english, tuple):
            assert isinstance(dutch, tuple)
            for form in dutch:
                assert fields(form) == fields(english[1]), english
        else:
            assert isinstance(dutch, str)
            assert fields(english) == fields(dutch), english


def test_plural_forms() -> None:
    with core.using("nl"):
        assert core.ngettext("{n} finding", "{n} findings", 1).format(n=1) == "1 bevinding"
        assert core.ngettext("{n} finding", "{n} findings", 3).format(n=3) == "3 bevindingen"
        assert (
            core.ngettext("Checking {n} bundle…", "Checking {n} bundles…", 1).format(n=1)
            == "1 bundel wordt gecontroleerd…"
        )
    assert core.ngettext("{n} finding", "{n} findings", 1).format(n=1) == "1 finding"
    assert core.ngettext("{n} finding", "{n} findings", 0).format(n=0) == "0 findings"


def test_catalog_ships_in_the_package() -> None:
    assert core.translations("nl").gettext("Cancel") == "Annuleren"
    assert Path(core.__file__).parent / "locale" == core.LOCALE_DIR


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "shown"),
    [
        (9.6, None, "nl", "9,6"),
        (9.6, None, "en", "9.6"),
        (1250.5, 1, "nl", "1.250,5"),
        (10, None, "nl", "10"),
        (0.05, 2, "nl", "0,05"),
    ],
)
def test_format_number(value: float, decimals: int | None, lang: str, shown: str) -> None:
    assert core.format_number(value, decimals, lang=lang) == shown


def test_format_dates_and_times_in_amsterdam() -> None:
    import datetime as dt

    assert core.format_date(dt.date(2026, 3, 5)) == "05-03-2026"
    assert core.format_date("2026-03-05") == "05-03-2026"
    # 23:30 UTC on 31 Dec is already New Year in Amsterdam
    assert core.format_date("2026-12-31T23:30:00+00:00") == "01-01-2027"
    assert core.format_datetime("2026-07-01T06:30:00+00:00") == "01-07-2026 08:30"  # summer time, +02:00
    assert core.format_datetime("2026-12-01T06:30:00+00:00") == "01-12-2026 07:30"  # winter time, +01:00
    assert core.format_datetime("2026-10-12T08:30:00") == "12-10-2026 08:30"  # naive: already Amsterdam
    assert core.format_date(None) == ""


def test_language_from_locale() -> None:
    assert i18n.detect_language({"LANG": "nl_NL.UTF-8"}) == "nl"
    assert i18n.detect_language({"LC_ALL": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}) == "en"
    assert i18n.detect_language({}) == "en"


KNOWN_ENGLISH = (
    "Cursor up",
    "Page up",
    "Focus Next",
    "Copy selected text",
    "Sites",
    "New site",
    "Inspections",
    "palette",
)


async def test_dutch_interface(seeded: Seeded) -> None:
    app = make_app(seeded.path, lang="nl", clock=fixed_clock)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.screen.query_one("#sites-table").loaded_once)  # type: ignore[attr-defined]
            footer_keys = {b.binding.description for b in app.screen.active_bindings.values()}
            assert "Nieuwe locatie" in footer_keys
            tab = app.screen.query_one("#home-tabs")
            assert "Locaties" in str(tab.get_tab("sites").label)  # type: ignore[attr-defined]
            # Textual's own keys (DataTable, Screen, App) are Dutch too
            descriptions = {b.description for _k, b in app.screen.query_one("#sites-table")._bindings}  # type: ignore[attr-defined]
            descriptions |= {b.description for _k, b in app.screen._bindings}
            descriptions |= {b.description for _k, b in app._bindings}
            assert {"Cursor omhoog", "Pagina omhoog", "Volgend veld", "palet"} <= descriptions
            leaked = descriptions & set(KNOWN_ENGLISH)
            assert leaked == set()
            # the palette's system commands
            titles = {c.title for c in app.get_system_commands(app.screen)}
            assert {"Thema", "Schermafdruk", "Toetsen"} & titles
            assert not titles & {"Theme", "Screenshot", "Keys", "Maximize"}
            # F1 lists every key; none of them in English
            await pilot.press("f1")
            await pilot.pause()
            table = app.screen.query_one("#keys")
            shown = {str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)}  # type: ignore[attr-defined]
            assert len(shown) > 5
            assert not shown & set(KNOWN_ENGLISH)
    finally:
        i18n.set_language("en")
        i18n.localise_textual()


async def test_english_again_after_dutch(seeded: Seeded) -> None:
    """The class-level translation of Textual's bindings is undone for English."""
    app = make_app(seeded.path, lang="nl", clock=fixed_clock)
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    descriptions = {b.description for _k, b in app._bindings}
    assert "palette" in descriptions
    from textual.widgets import DataTable

    assert "Cursor up" in {b.description for _k, b in DataTable._merged_bindings}  # type: ignore[union-attr]


def test_figures_and_units_in_dutch() -> None:
    with core.using("nl"):
        assert core.localise_figures("9.6 m²/p — SNF ≥ 10 ✗ · AKF n/a") == "9,6 m²/p — SNF ≥ 10 ✗ · AKF n.v.t."
        assert core.format_figure(9.6) == "9,6" and core.format_figure(10.0) == "10"
        assert core.unit_word("persons") == "personen" and core.unit_word("m²") == "m²"
    assert core.localise_figures("9.6 m²/p — AKF n/a") == "9.6 m²/p — AKF n/a"
    assert core.unit_word("toilets") == "toilets"


def test_validation_messages_in_dutch() -> None:
    from pydantic import ValidationError

    from inspect_tui.domain.base import describe_error, field_errors
    from inspect_tui.domain.models import Unit

    try:
        Unit.model_validate({"site_id": "s", "label": "K1", "kind": "bedroom", "beds": -1})
    except ValidationError as exc:
        error = exc
    english = describe_error(error)
    assert "must be at least 0" in english
    with core.using("nl"):
        dutch = describe_error(error)
        assert "moet minstens 0 zijn" in dutch
        assert "Input should" not in dutch
        assert field_errors(error)["beds"] == "moet minstens 0 zijn"
