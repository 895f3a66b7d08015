"""Markdown table cells and tables (GFM), apart from the report renderer so that the findings
export and its quick command path use them without loading the report model."""

from __future__ import annotations

from functools import cache

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing typing (type checkers read the name as it)."""
if TYPE_CHECKING:
    import re
    from collections.abc import Iterable, Sequence

_NOT_PLAIN = frozenset("\\`*_[]<>|#&\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""What makes a cell more than its stripped text: a special character or a line boundary
(every character ``str.splitlines`` breaks at). A set, not a pattern: most cells hold none, and
a command showing a table compiles no pattern for them."""


@cache
def _special() -> re.Pattern[str]:
    """Characters Markdown gives a meaning, escaped with a backslash (made on first use); an ``&``
    only where it starts an entity ("&amp;" typed reads as typed, "Bakker & Zn" stays as it is)."""
    import re  # here: a table of plain cells never loads it

    return re.compile(r"([\\`*_\[\]<>|#]|&(?=#?\w+;))")


def md_escape(text: str | None) -> str:
    """Inline Markdown: special characters backslash-escaped, line breaks as ``<br>``."""
    if not text:
        return ""
    if _NOT_PLAIN.isdisjoint(text):
        return text.strip()
    lines = [_special().sub(r"\\\1", line.strip()) for line in text.splitlines() if line.strip()]
    return "<br>".join(lines)


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> list[str]:
    """A GFM table; ``align`` has one letter per column: l (default) or r."""
    marks = ["---:" if a == "r" else "---" for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines.extend("| " + " | ".join([cell or " " for cell in row]) + " |" for row in rows)
    return lines
