"""Showing stored text without it acting on a terminal: ``printable`` (no pydantic here).

Kept apart from ``domain.text`` (which builds the validated field types with pydantic), so
that a screen that only shows text, such as the home list, does not load pydantic to start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BIDI = "\u202a-\u202e\u2066-\u2069"
_SEPARATORS = "\u2028\u2029"
_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]")
"""Characters no single-line field may hold."""
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]")
"""Characters no multi-line field may hold (LF and tab are allowed there)."""
_SHOWN_MULTI_LINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}\\\\]")
_SHOWN_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}\\\\]")


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
    pattern = _MULTI_LINE if multiline else _SINGLE_LINE
    if pattern.search(text) is None:
        return text
    return (_SHOWN_MULTI_LINE if multiline else _SHOWN_ONE_LINE).sub(_escape, text)


MULTI_LINE_FIELDS = frozenset({"notes", "note", "description", "reason", "value", "units"})
"""Record fields typed over several lines (their LF and tab are kept when shown)."""


def all_printable(values: Iterable[object], *, multiline: bool = False) -> bool:
    """``printable`` would leave every one of values as it is (one search over all of them)."""
    pattern = _MULTI_LINE if multiline else _SINGLE_LINE
    return pattern.search(" ".join(v for v in values if isinstance(v, str))) is None
