"""A unit's figure as the stored verdict lines of an answer show it, read without loading the checklists.

An answer keeps the head line of its judgement and one line per failing or undecided unit
(``Kamer 3: 3.1 m²/p < 3.5``); its ``figure`` is the worst unit's. A finding on Kamer 3 must carry
Kamer 3's figure. Plain string work (no ``re``): the findings export stays light.
"""

from __future__ import annotations


def unit_figure(stored: str | None, label: str) -> tuple[bool, float | None]:
    """Whether the stored lines name the unit ``label``, and its figure as its line shows it
    (``Kamer 3: 3.1 m²/p < 3.5`` → 3.1; None when undecided or infinite)."""
    for line in (stored or "").split("\n"):
        if line.startswith(f"{label}: "):
            return True, _figure(line[len(label) + 2 :].split(" ", 1)[0])
    return False, None


def _figure(text: str) -> float | None:
    whole, dot, fraction = text.partition(".")
    plain = whole.isascii() and whole.isdigit() and (not dot or (fraction.isascii() and fraction.isdigit()))
    return float(text) if plain else None


def worst_figure(stored: str | None, figure: float | None) -> float | None:
    """The answer's figure (the worst unit's, unrounded) as that unit's stored line shows it: rounded
    never across its limit (9.99625 m²/p beside "≥ 10" is 9.9, where two decimals would print 10.00).
    The figure itself when no line shows it (a figure typed for the whole site)."""
    if figure is None:
        return None
    closest: float | None = None
    for line in (stored or "").split("\n"):
        for part in line.split(": ")[1:]:
            shown = _figure(part.split(" ", 1)[0])
            if (
                shown is not None
                and abs(shown - figure) < 0.1
                and (closest is None or abs(shown - figure) < abs(closest - figure))
            ):
                closest = shown
    return figure if closest is None else closest
