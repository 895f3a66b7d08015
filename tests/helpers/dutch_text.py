"""What a Dutch screen must not show: English words and phrases the interface is known to have
leaked before, Textual's own English texts, figures with a decimal point and ISO dates.

Used by the Dutch screen tests (`tests/tui/test_dutch_screens.py`) and by the Dutch 80×24
snapshots, which read the same screen again at 120×40 (`tests/snapshots/test_small_terminal.py`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from inspect_tui.tui.app import InspectApp

KNOWN_ENGLISH = (
    # Textual's own keys and palette
    "Cursor up",
    "Cursor down",
    "Page up",
    "Page down",
    "Focus Next",
    "Focus Previous",
    "Copy selected text",
    "Search for commands",
    "Screenshot",
    "Maximize",
    "Change theme",
    "Quit the application",
    "palette",
    # the interface's own words
    "Sites",
    "Inspections",
    "New site",
    "Back",
    "Cancel",
    "Save",
    "Findings",
    "Finding",
    "Severity",
    "Deadline",
    "deadline",
    "Description",
    "Inspector",
    "Occupancy",
    "Photos",
    "Source",
    "Threshold",
    "Measured",
    "Answer",
    "Note",
    "Complete",
    "Sign",
    "Approve",
    "Send back",
    "Export",
    "Import",
    "Conflicts",
    "Keys",
    "Search",
    "Review",
    "persons",
    "bedrooms",
    "toilets",
    "beds",
    "units",
    "none",
    "open conflicts",
    "draft",
    "completed",
    "returned",
    "approved",
    "critical",
    "serious",
    "minor",
    "resolved",
    "n/a",
    "Input should",
    "Value error",
    "required",
    "Loading",
)
"""English words the Dutch interface must not show (whole words, case-sensitive)."""


def _textual_texts() -> set[str]:
    """Every text Textual itself shows (key descriptions and tooltips, palette texts): none may show in Dutch."""
    from inspect_tui.tui.i18n import TEXTUAL_TEXTS

    return {text for text in TEXTUAL_TEXTS if len(text) > 4 and text not in ("Status",)}


KNOWN_TEXTUAL = _textual_texts()

_DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+ ?(?:m²|m2|m³|l\b|%)")
"""A figure with a decimal point and a unit: Dutch writes 9,6 m²."""
_BARE_DECIMAL = re.compile(r"(?<![\w.])\d{1,3}\.\d+(?![\w.])")
"""A figure in a table column (``13.3``); a rule's version (``2021.2``) has a year before its dot."""
_ISO_DATE = re.compile(r"(?<![/\w-])20\d\d-\d\d-\d\d(?![\w-])")
"""An ISO date: Dutch screens show dd-mm-jjjj (a file name that starts with one is a machine name)."""


def screen_text(app: InspectApp) -> str:
    """What the terminal shows of the top screen, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def english_in(text: str) -> set[str]:
    found = {
        word
        for word in (*KNOWN_ENGLISH, *KNOWN_TEXTUAL)
        if re.search(rf"(?<![\w.-]){re.escape(word)}(?![\w-]|\.\w)", text)
    }
    found |= set(_DECIMAL_POINT.findall(text))
    found |= set(_BARE_DECIMAL.findall(text))
    found |= set(_ISO_DATE.findall(text))
    return found


DUMP = os.environ.get("INSPECT_TUI_DUMP_SCREENS")
"""A folder to write each screen's text to (to read what a screen shows while changing it)."""


def dump(name: str, text: str) -> None:
    """The screen's text written to the DUMP folder, when one is set."""
    if DUMP:
        Path(DUMP).mkdir(parents=True, exist_ok=True)
        (Path(DUMP) / f"{name}.txt").write_text(text, encoding="utf-8")
