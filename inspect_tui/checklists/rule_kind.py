"""How binding an item is, and what a failure of it is called (law, certification norm, recommendation)."""

from __future__ import annotations

from inspect_tui.checklists import load_template
from inspect_tui.domain.checklist import Item, RuleKind
from inspect_tui.i18n import N_, _


def rule_kind(item: Item) -> RuleKind:
    """Law, certification norm or recommendation: the item's own kind, else its template's."""
    return load_template(item.id.split(".", 1)[0]).kind_of(item)


KIND_LABELS = (N_("law"), N_("certification norm"), N_("recommendation"))
"""The labels of ``RuleKind``, marked for translation (shown through ``kind_label``)."""


def kind_label(item: Item) -> str:
    """The item's kind of rule as the user reads it, translated: ``law``, ``wet`` …"""
    return _(rule_kind(item).label)


def failure_word(item: Item) -> str:
    """``violation`` when a binding rule fails; ``advice`` when a recommendation does."""
    return "violation" if rule_kind(item).binding else "advice"


def proposed_finding(item: Item, text: str, line: str | None) -> str:
    """The description a finding on a failed item starts with: the item, every failing unit, and
    for a recommendation that it is advice, e.g. ``… — Slaapkamer 3: 2.7 m²/p < 3.5``."""
    result = text
    if line:
        from inspect_tui.checklists.verdict_words import shown_line
        from inspect_tui.i18n import localise_figures

        # The line ends in " — <kind of rule>[ · the other norm]"; a unit's reason may hold " — " too
        # ("Caravan 2: undecided — record the burners of Caravan 2"), so cut at the kind, not the first.
        kind = f" — {kind_label(item)}"
        units = line[: line.rindex(kind)] if kind in line else line.split(" — ")[0]
        result += f" — {localise_figures(shown_line(units))}"
    if not rule_kind(item).binding:
        result = _("Advice (recommendation, not binding): {text}").format(text=result)
    return result
