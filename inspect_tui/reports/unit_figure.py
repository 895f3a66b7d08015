"""A unit's figure as the stored verdict lines of an answer show it, read without loading the checklists.

An answer keeps the head line of its judgement and one line per failing or undecided unit
(``Kamer 3: 3.1 m²/p < 3.5``); its ``figure`` is the worst unit's. A finding on Kamer 3 must carry
Kamer 3's figure. Plain string work (no ``re``): the findings export stays light.
"""

from __future__ import annotations

from inspect_tui.domain.named_tuple import TYPE_CHECKING
from inspect_tui.domain.unit_names import shown_names

if TYPE_CHECKING:
    from sqlite_utils import Database


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


def unit_names(db: Database, site_ids: set[str]) -> dict[str, str]:
    """Per unit of these sites whose label another unit there shares, the name its verdict lines give
    it (``Caravan B / Slaapkamer 1``); units with a label of their own are left out (their label)."""
    ids = sorted(site_ids)
    shared: list[str] = []
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        shared += [
            str(r[0])
            for r in db.execute(
                f"SELECT DISTINCT site_id FROM units WHERE site_id IN ({','.join('?' * len(part))}) "
                "GROUP BY site_id, label HAVING COUNT(*) > 1",
                part,
            ).fetchall()
        ]
    names: dict[str, str] = {}
    for site_id in shared:
        rows = db.execute("SELECT id, label, kind, parent_id FROM units WHERE site_id = ?", [site_id]).fetchall()
        site_names = shown_names([(str(r[0]), str(r[1]), str(r[2]), r[3]) for r in rows])
        names.update((unit_id, name) for (unit_id, label, _k, _p) in rows if (name := site_names[unit_id]) != label)
    return names
