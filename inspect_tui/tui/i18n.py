"""Interface text in English and Dutch.

Strings are written in English in the code and looked up with ``_("…")``; ``DUTCH`` maps
each of them to its Dutch text. A test walks the code and fails when a string has no
Dutch translation, so the two languages cannot drift apart.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from inspect_tui.tui.i18n_nl import DUTCH

if TYPE_CHECKING:
    from textual.dom import DOMNode

LANGUAGES = ("en", "nl")

_current = "en"


def detect_language(environ: dict[str, str] | None = None) -> str:
    """The language from the locale (LC_ALL, LC_MESSAGES, LANG): Dutch for nl_*, else English."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


def set_language(lang: str | None) -> str:
    """Choose the interface language (None: from the locale); returns the language chosen."""
    global _current
    chosen = lang if lang in LANGUAGES else detect_language()
    _current = chosen
    return chosen


def language() -> str:
    """The interface language in use."""
    return _current


def _(text: str) -> str:
    """The text in the interface language."""
    if _current == "nl":
        return DUTCH.get(text, text)
    return text


def pick(english: str, dutch: str) -> str:
    """Choose between two texts that come with their own translation (checklist data)."""
    return dutch if _current == "nl" else english


def localise_bindings(node: DOMNode) -> None:
    """Translate the descriptions and tooltips of a widget's or screen's key bindings in place."""
    if _current == "en":
        return
    bindings_map = node._bindings
    for key, bindings in bindings_map.key_to_bindings.items():
        bindings_map.key_to_bindings[key] = [
            replace(b, description=_(b.description), tooltip=_(b.tooltip) if b.tooltip else "") for b in bindings
        ]
