"""Figures typed by a person: a dot between groups of three digits can be read two ways.

Dutch writes a thousand as "1.000" and a decimal as "1,5"; English writes "1,000" and "1.5". The
app reads a comma as the decimal sign (what Dutch inspectors type) and a dot as one too (what a
number pad gives), so "1.000" would be read as one where the inspector meant a thousand: a count of
persons or an area off by a factor of a thousand, and the verdict judged on it. Such a figure is
refused with both ways to write it instead of being guessed.

Only figures written as a person writes them are read at all: digits (0-9) with at most one decimal
sign. Python and pydantic would also read "1_5" as 15, "1e3" as 1000 and "١٥" (Arabic-Indic digits)
as 15: a slip of the finger stored as another figure, with a verdict judged on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from inspect_tui.i18n import _

_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
"""Digits in groups of three after a first group of one to three, joined by dots: 1.000, 12.500."""

_WRITTEN = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
"""A figure as a person writes it: ASCII digits with at most one decimal sign (12 · 12,5 · 0.5 · ,5)."""


def is_written_figure(text: str) -> bool:
    """text (spaces around it aside) is digits with at most one decimal sign, and an optional sign."""
    return _WRITTEN.fullmatch(text.strip()) is not None


def unreadable_figure(text: str) -> str | None:
    """Why text is not a figure at all ("1_5", "1e3", "24m2"), or None; see ambiguous_figure too."""
    typed = text.strip()
    if not typed or is_written_figure(typed):
        return None
    return _("{text} is not a number: write digits, with a comma for decimals (such as 12,5)").format(text=repr(typed))


KEPT_DIGITS = 15
"""The most significant digits a figure keeps exactly (a binary float's 15 decimal digits)."""


def ambiguous_figure(text: str) -> str | None:
    """Why text cannot be read as one figure (a dot that may separate thousands, or more digits
    than a figure keeps: 9999999999999999 would be stored as 10000000000000000), or None."""
    typed = text.strip()
    digits = "".join(c for c in typed if c.isdigit()).lstrip("0")
    if is_written_figure(typed) and len(digits.rstrip("0") if "," in typed or "." in typed else digits) > KEPT_DIGITS:
        return _("{text} has more digits than a figure keeps exactly (at most {n}); check what was typed").format(
            text=repr(typed), n=KEPT_DIGITS
        )
    if not _THOUSANDS.fullmatch(typed):
        return None
    return _(
        "{text} can be read two ways: write {whole} for the whole number, or {decimal} with a comma for decimals"
    ).format(text=repr(typed), whole=typed.replace(".", ""), decimal=typed.replace(".", ","))


def exact_sum(figures: Iterable[float]) -> float:
    """The sum of figures as they were written: 20.4 + 43.8 + 25.8 is 90, where adding the floats
    gives 89.99999999999999 in one order and 90.0 in another (a verdict at 30 l/p would flip with
    the order the rooms are listed in)."""
    return float(sum((Decimal(repr(figure)) for figure in figures), Decimal(0)))


def exact_figure(number: float) -> str:
    """A figure as stored and shown for editing: every digit it was typed with, no exponent, no
    trailing ``.0`` (6.9999999 stays 6.9999999, where ``f"{x:g}"`` made it 7 and turned a
    failing 3.49999995 m²/p into a pass on the next save)."""
    text = format(Decimal(repr(number)), "f")
    return text[:-2] if text.endswith(".0") else text
