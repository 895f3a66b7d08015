"""Showing stored text without it acting on a terminal: ``printable`` (no pydantic here).

Kept apart from ``domain.text`` (which builds the validated field types with pydantic), so
that a screen that only shows text, such as the home list, does not load pydantic to start.
"""

from __future__ import annotations

from functools import cache

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing typing (type checkers read the name as it)."""
if TYPE_CHECKING:
    import re
    from collections.abc import Iterable

_BIDI = "\u202a-\u202e\u2066-\u2069"
_SEPARATORS = "\u2028\u2029"
_FORBIDDEN = {
    "single": f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]",
    "multi": f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]",
    "shown single": f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}\\\\]",
    "shown multi": f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}\\\\]",
}
"""Characters no single-line / multi-line field may hold (LF and tab are allowed in the latter);
"shown": the same and the backslash, which ``printable`` escapes once something else was. Every
one of them is one ``str.isprintable`` refuses, so text it accepts holds none of them (the usual
case, answered without compiling a pattern: a command showing a list pays for none)."""


@cache
def forbidden(multiline: bool = False) -> re.Pattern[str]:
    """The characters no single-line (or multi-line) field may hold, as a pattern (made on first use;
    ``re`` is loaded then: text that needs no pattern never loads it)."""
    import re

    return re.compile(_FORBIDDEN["multi" if multiline else "single"])


@cache
def _shown(multiline: bool) -> re.Pattern[str]:
    import re

    return re.compile(_FORBIDDEN["shown multi" if multiline else "shown single"])


def _surely_allowed(text: str, multiline: bool) -> bool:
    """True when text holds no forbidden character, told without a pattern (False: look closer)."""
    if multiline and ("\n" in text or "\t" in text):
        text = text.replace("\n", " ").replace("\t", " ")
    return text.isprintable()


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\\":
        return "\\\\"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object, *, multiline: bool = False) -> str:
    """Text safe to show anywhere: every forbidden character written as a visible escape.

    A backslash is doubled only when something else was escaped, so that ordinary text
    (a Windows path in a note) is shown as it is, while an escaped value stays unambiguous.
    multiline keeps LF and tab (for a note shown over several lines); otherwise they are
    escaped too, so that one value never spans two lines of a table or a CSV cell.
    """
    text = value if isinstance(value, str) else str(value)
    if _surely_allowed(text, multiline) or forbidden(multiline).search(text) is None:
        return text
    return _shown(multiline).sub(_escape, text)


MULTI_LINE_FIELDS = frozenset({"notes", "note", "description", "reason", "value", "units"})
"""Record fields typed over several lines (their LF and tab are kept when shown)."""


def all_printable(values: Iterable[object], *, multiline: bool = False) -> bool:
    """``printable`` would leave every one of values as it is (one search over all of them)."""
    text = " ".join(v for v in values if isinstance(v, str))
    return _surely_allowed(text, multiline) or forbidden(multiline).search(text) is None
