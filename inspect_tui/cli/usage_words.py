"""Click's usage errors in the interface language.

Click writes its own messages in English ("No such option '--bogus'.", "Missing argument
'TEMPLATE_ID'."). The known phrases are marked here for the catalog and said again in the
interface language; names of commands, options and values stay as they are, and an argument's
placeholder is said as the Dutch help says it. Click's list of
choices ("Choose from:" with one choice per line) becomes one line.
"""

from __future__ import annotations

import re

from inspect_tui.cli.help_text import metavars
from inspect_tui.i18n import N_, _, language

PHRASES = (
    N_("Got unexpected extra arguments"),
    N_("Got unexpected extra argument"),
    N_("No such command"),
    N_("No such option"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Invalid value for"),
    N_("Invalid value"),
    N_("is not one of"),
    N_("Choose from:"),
    N_("Did you mean"),
    N_("requires an argument."),
    N_("does not take a value."),
    N_("is not a valid integer range."),
    N_("is not a valid float range."),
    N_("is not a valid integer."),
    N_("is not a valid float."),
    N_("is not a valid boolean."),
    N_("is not in the range"),
    N_("does not exist."),
    N_("is a directory."),
    N_("is a file."),
    N_("Option"),
    N_("File"),
    N_("Path"),
    N_("Directory"),
)
"""Click's phrases, longest first where one holds another."""

_ARGUMENT = re.compile(r"(Missing argument|Invalid value for) '([^']+)'")
"""An argument click names by its placeholder (``'TEMPLATE_ID'``), as the help shows it."""

_WORD = {phrase: re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])") for phrase in PHRASES}


def one_line(message: str) -> str:
    """A click message on one line: the list of choices after "Choose from:" joined with commas."""
    return re.sub(r"\s*\n\s*", " ", message).replace(", ,", ",").strip()


def usage_message(message: str) -> str:
    """A click usage message, on one line, with its known phrases in the interface language."""
    text = one_line(message)
    if language() == "en":
        return text
    text = _ARGUMENT.sub(lambda m: f"{m.group(1)} '{metavars(m.group(2))}'", text)
    for phrase, pattern in _WORD.items():
        text = pattern.sub(_(phrase).replace("\\", "\\\\"), text)
    return text
