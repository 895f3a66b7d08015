"""Interface text for the TUI: the core translations plus what only Textual needs.

The screens keep importing ``_``, ``ngettext``, ``pick``, ``set_language`` and ``language``
from here; the catalogs and the formatting live in :mod:`inspect_tui.i18n`, shared with the
CLI and the reports. This module adds the Textual side: the descriptions of key bindings
(our own and Textual's built-in ones: "Cursor up", "Focus Next", "Copy selected text", …)
and the texts of Textual's system commands in the palette.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from inspect_tui.i18n import (
    LANGUAGES,
    N_,
    _,
    detect_language,
    format_date,
    format_datetime,
    format_figure,
    format_number,
    language,
    localise_figures,
    ngettext,
    pick,
    set_language,
    unit_word,
)
from inspect_tui.i18n.counts import count_text

if TYPE_CHECKING:
    from textual.binding import BindingsMap
    from textual.dom import DOMNode

__all__ = [
    "LANGUAGES",
    "TEXTUAL_TEXTS",
    "_",
    "conflicts_note",
    "count_text",
    "detect_language",
    "format_date",
    "format_datetime",
    "format_figure",
    "format_number",
    "language",
    "localise_bindings",
    "localise_figures",
    "localise_textual",
    "ngettext",
    "pick",
    "set_language",
    "unit_word",
]

TEXTUAL_TEXTS = (
    # Key bindings of Textual's screens and widgets, shown in F1 and the keys panel.
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    N_("Minimize"),
    N_("Maximize"),
    N_("Quit"),
    N_("Quit the app"),
    N_("Quit the app and return to the command prompt."),
    N_("palette"),
    N_("Open the command palette"),
    N_("Select"),
    N_("Cursor up"),
    N_("Cursor down"),
    N_("Cursor right"),
    N_("Cursor left"),
    N_("Page up"),
    N_("Page down"),
    N_("Page left"),
    N_("Page right"),
    N_("Top"),
    N_("Bottom"),
    N_("Home"),
    N_("End"),
    N_("Scroll Up"),
    N_("Scroll Down"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Home"),
    N_("Scroll End"),
    N_("Page Up"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
    N_("Move cursor left"),
    N_("Move cursor right"),
    N_("Move cursor left a word"),
    N_("Move cursor right a word"),
    N_("Move cursor up"),
    N_("Move cursor down"),
    N_("Move cursor up a page"),
    N_("Move cursor down a page"),
    N_("Go to start"),
    N_("Go to end"),
    N_("Delete character left"),
    N_("Delete character right"),
    N_("Delete left to start of word"),
    N_("Delete right to start of word"),
    N_("Delete to start"),
    N_("Delete to end"),
    N_("Delete all"),
    N_("Delete line"),
    N_("Submit"),
    N_("Cut selected text"),
    N_("Paste text from the clipboard"),
    N_("Undo"),
    N_("Redo"),
    N_("Select all"),
    N_("Toggle"),
    N_("Show Overlay"),
    N_("Hide Overlay"),
    N_("Next tab"),
    N_("Previous tab"),
    N_("Press button"),
    N_("Toggle option"),
    N_("Toggle selection"),
    N_("Previous option"),
    N_("Next option"),
    N_("Expand"),
    N_("Toggle"),
    N_("Expand or collapse all"),
    N_("Select first item"),
    N_("Select last item"),
    N_("Dismiss"),
    N_("Dismiss menu"),
    N_("Copy"),
    N_("Cursor Down"),
    N_("Cursor Up"),
    N_("Cursor down select"),
    N_("Cursor left select"),
    N_("Cursor left word select"),
    N_("Cursor line end"),
    N_("Cursor line end select"),
    N_("Cursor line start"),
    N_("Cursor line start select"),
    N_("Cursor page down"),
    N_("Cursor page up"),
    N_("Cursor right select"),
    N_("Cursor right word select"),
    N_("Cursor to next ancestor"),
    N_("Cursor to next sibling"),
    N_("Cursor to parent"),
    N_("Cursor to previous sibling"),
    N_("Cursor up select"),
    N_("Cursor word left"),
    N_("Cursor word right"),
    N_("Cut"),
    N_("Delete all to the left"),
    N_("Delete all to the right"),
    N_("Delete to line end"),
    N_("Delete to line start"),
    N_("Down"),
    N_("Exit the command palette"),
    N_("First"),
    N_("Go to bottom"),
    N_("Go to top"),
    N_("Last"),
    N_("Move cursor left a word and select"),
    N_("Move cursor left and select"),
    N_("Move cursor right a word and select"),
    N_("Move cursor right and select"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Next command"),
    N_("Next page"),
    N_("Paste"),
    N_("Previous command"),
    N_("Previous page"),
    N_("Select line"),
    N_("Select line end"),
    N_("Select line start"),
    N_("Show menu"),
    N_("Up"),
    # The command palette and Textual's system commands.
    N_("Search for commands…"),
    N_("Search for themes…"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)
"""Texts Textual shows that are not in our code: marked here so extraction puts them in the catalog."""


def _translated(bindings_map: BindingsMap) -> BindingsMap:
    """A copy of a bindings map with descriptions and tooltips in the interface language."""
    copy = bindings_map.copy()
    for key, bindings in copy.key_to_bindings.items():
        copy.key_to_bindings[key] = [
            replace(b, description=_(b.description), tooltip=_(b.tooltip) if b.tooltip else "") for b in bindings
        ]
    return copy


def localise_bindings(node: DOMNode) -> None:
    """Translate the descriptions and tooltips of a widget's or screen's key bindings in place."""
    if language() == "en":
        return
    node._bindings = _translated(node._bindings)


_ORIGINAL_BINDINGS: dict[type[DOMNode], BindingsMap] = {}


def _subclasses(cls: type[DOMNode]) -> list[type[DOMNode]]:
    found: list[type[DOMNode]] = []
    stack = [cls]
    while stack:
        current = stack.pop()
        for sub in current.__subclasses__():
            found.append(sub)
            stack.append(sub)
    return found


def localise_textual() -> None:
    """Put the class-level key bindings of every Textual widget and screen in the interface language.

    Textual copies a class's bindings into each new widget, so translating them once per class
    covers the built-in widgets (DataTable, Input, …) and screens we never construct ourselves.
    English puts the original texts back (tests switch languages within one process); it needs
    only the classes translated before, so it imports no widget (that keeps start-up short).
    """
    if language() == "en" and not _ORIGINAL_BINDINGS:
        return  # nothing was translated in this process: every class has its English bindings
    from textual.dom import DOMNode

    if language() != "en":
        import textual.command
        import textual.widgets  # noqa: F401
        from textual.widgets import (  # noqa: F401 - lazily loaded otherwise
            Button,
            Checkbox,
            DataTable,
            Input,
            ListView,
            OptionList,
            RadioSet,
            Select,
            SelectionList,
            TabbedContent,
            Tabs,
            TextArea,
            Tree,
        )

    for cls in _subclasses(DOMNode):
        merged = cls.__dict__.get("_merged_bindings")
        if merged is None:
            continue
        original = _ORIGINAL_BINDINGS.setdefault(cls, merged)
        cls._merged_bindings = original if language() == "en" else _translated(original)


def english_bindings(cls: type[DOMNode]) -> BindingsMap | None:
    """The class's key bindings as Textual declares them, whatever language this process switched to."""
    return _ORIGINAL_BINDINGS.get(cls) or cls._merged_bindings


def conflicts_note(count: int) -> str:
    """ "2 open conflicts (C)": how many records diverged and the key that opens them (home, review)."""
    return ngettext("{n} open conflict (C)", "{n} open conflicts (C)", count).format(n=count_text(count))
