"""Figures typed by a person: a dot between groups of three digits can be read two ways.

Dutch writes a thousand as "1.000" and a decimal as "1,5"; English writes "1,000" and "1.5". The
app reads a comma as the decimal sign (what Dutch inspectors type) and a dot as one too (what a
number pad gives), so "1.000" would be read as one where the inspector meant a thousand: a count of
persons or an area off by a factor of a thousand, and the verdict judged on it. Such a figure is
refused with both ways to write it instead of being guessed.
"""

from __future__ import annotations

import re

from inspect_tui.i18n import _

_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
"""Digits in groups of three after a first group of one to three, joined by dots: 1.000, 12.500."""


def ambiguous_figure(text: str) -> str | None:
    """Why text cannot be read as one figure (a dot that may separate thousands), or None."""
    typed = text.strip()
    if not _THOUSANDS.fullmatch(typed):
        return None
    return _(
        "{text} can be read two ways: write {whole} for the whole number, or {decimal} with a comma for decimals"
    ).format(text=repr(typed), whole=typed.replace(".", ""), decimal=typed.replace(".", ","))
