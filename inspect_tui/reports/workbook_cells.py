"""Cells of a workbook that hold what people typed: text stays text, nothing runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def keep_text(row: Iterable[Any]) -> None:
    """Cells of a row just appended that openpyxl took for formulas (a text starting with ``=``,
    such as ``=HYPERLINK(…)`` typed as a description) are made text cells again: the text is kept
    exactly, and nothing runs when the workbook is opened."""
    for cell in row:
        if cell.data_type == "f":
            cell.data_type = "s"
