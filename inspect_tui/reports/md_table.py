"""Markdown table cells and tables (GFM), apart from the report renderer so that the findings
export and its quick command path use them without loading the report model."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str | None) -> str:
    """Inline Markdown: special characters backslash-escaped, line breaks as ``<br>``."""
    if not text:
        return ""
    lines = [_SPECIAL.sub(r"\\\1", line.strip()) for line in text.splitlines() if line.strip()]
    return "<br>".join(lines)


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> list[str]:
    """A GFM table; ``align`` has one letter per column: l (default) or r."""
    marks = ["---:" if a == "r" else "---" for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return lines
