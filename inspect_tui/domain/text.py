"""Safe text: what a text field may hold, and how old text is shown without being interpreted.

Every text field refuses, on input (forms and bundles alike):

- C0 control characters (U+0000–U+001F) — except a line break (LF) and a tab in the few
  multi-line fields (notes, descriptions, reasons, answers), where the inspector types them;
  a carriage return is refused everywhere (it overwrites a terminal line);
- DEL (U+007F) and the C1 controls (U+0080–U+009F), among them CSI (U+009B), which a terminal
  reads as the start of an escape sequence just like ESC [;
- the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
  make a name read differently from what it is ("Trojan Source");
- the Unicode line and paragraph separators (U+2028, U+2029), which break a line where no
  one sees a line break.

Text stored before these rules (an older database) can still hold such characters; whatever
shows it on a screen, in a report, a CSV file or a terminal passes it through ``printable``,
which writes each of them as a visible escape (``\\x1b``, ``\\u202e``) instead.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, Field, ValidationInfo

from inspect_tui.domain.printable import MULTI_LINE_FIELDS as MULTI_LINE_FIELDS
from inspect_tui.domain.printable import forbidden
from inspect_tui.domain.printable import printable as printable
from inspect_tui.i18n import _

MAX_SHORT = 200
"""Longest single-line text (names, places)."""
MAX_LONG = 4000
"""Longest multi-line text (notes, descriptions, reasons)."""


def describe_char(char: str) -> str:
    """A character as the user can read it in a message: ``U+001B``."""
    return f"U+{ord(char):04X}"


def unsafe_char(value: str, *, multiline: bool = False) -> str | None:
    """The first character value may not hold, or None when it is safe."""
    found = forbidden(multiline).search(value)
    return found.group() if found else None


def check_safe_text(value: str, *, multiline: bool = False) -> str:
    """Return value, or raise ValueError naming the first forbidden character and where it is."""
    found = forbidden(multiline).search(value)
    if found is None:
        return value
    char = found.group()
    if char in "\n\t\r":
        what = _("a line break or tab") if char != "\r" else _("a carriage return")
        rule = (
            _("{what} ({char}) is not allowed (at character {at})")
            if multiline
            else _("{what} ({char}) is not allowed in a one-line field (at character {at})")
        )
        raise ValueError(rule.format(what=what, char=describe_char(char), at=found.start() + 1))
    kind = _("a bidirectional control") if char in _BIDI_SET else _("a control character")
    raise ValueError(
        _("{kind} ({char}) is not allowed in text (at character {at}); remove it").format(
            kind=kind, char=describe_char(char), at=found.start() + 1
        )
    )


_BIDI_SET = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


STORED = {"stored": True}
"""Validation context for reading what the database already holds: the input rules on text,
ids and ranges are not applied again (older data is shown escaped, not refused)."""


def is_stored(info: ValidationInfo | None) -> bool:
    """The value comes from the database (validated with context STORED), not from input."""
    return info is not None and isinstance(info.context, dict) and bool(info.context.get("stored"))


def one_line(value: str, info: ValidationInfo) -> str:
    """The safe-text rule for a one-line field (an AfterValidator)."""
    return value if is_stored(info) else check_safe_text(value)


def multi_line(value: str, info: ValidationInfo) -> str:
    """The safe-text rule for a multi-line field (an AfterValidator)."""
    return value if is_stored(info) else check_safe_text(value, multiline=True)


SafeText = Annotated[str, Field(max_length=MAX_SHORT), AfterValidator(one_line)]
"""One line of text (a name, a place) of at most 200 characters, without control characters."""
SafeLongText = Annotated[str, Field(max_length=MAX_LONG), AfterValidator(multi_line)]
"""Multi-line text (notes, a description) of at most 4,000 characters; LF and tab allowed."""


def excerpt(data: bytes | str, limit: int = 40) -> str:
    """A short, escaped excerpt of raw bytes or text for a one-line message."""
    if isinstance(data, bytes):
        shown = repr(data[:limit])[2:-1]
        more = len(data) > limit
    else:
        shown = printable(data[:limit]).encode("ascii", "backslashreplace").decode("ascii")
        more = len(data) > limit
    return f"{shown}…" if more else shown


_T = TypeVar("_T", bound=BaseModel)
_D = TypeVar("_D", bound=Any)


def shown_record(record: _T) -> _T:
    """The record with every text escaped by ``printable`` (for reports and exports of older data).

    Ids and enumerations are safe by construction and come back unchanged; a record whose text
    is already safe is returned as it is.
    """
    updates: dict[str, object] = {}
    for name in type(record).model_fields:
        value = getattr(record, name)
        if isinstance(value, str) and not isinstance(value, Enum):
            escaped = printable(value, multiline=name in MULTI_LINE_FIELDS)
            if escaped != value:
                updates[name] = escaped
        elif isinstance(value, list) and any(isinstance(v, str) and printable(v) != v for v in value):
            updates[name] = [printable(v) if isinstance(v, str) else v for v in value]
    return record.model_copy(update=updates) if updates else record


def shown_fields(item: _D, *names: str) -> _D:
    """A dataclass with the named text fields escaped by ``printable``."""
    updates = {
        n: printable(getattr(item, n), multiline=n in MULTI_LINE_FIELDS)
        for n in names
        if isinstance(getattr(item, n), str)
    }
    changed = {n: v for n, v in updates.items() if v != getattr(item, n)}
    return dataclasses.replace(item, **changed) if changed else item
