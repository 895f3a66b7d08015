"""Counts of records as a user reads them: "11 inspections (23 revisions)", plural forms right."""

from __future__ import annotations

from inspect_tui.i18n import N_, _, language, ngettext

KIND_WORDS = {
    "sites": N_("sites"),
    "units": N_("units"),
    "occupants": N_("occupants"),
    "inspections": N_("inspections"),
    "answers": N_("answers"),
    "findings": N_("findings"),
    "attachments": N_("attachments"),
    "reviews": N_("reviews"),
    "occupancy": N_("occupancy"),
    "open conflicts": N_("open conflicts"),
    "revisions": N_("revisions"),
    "attachment files": N_("attachment files"),
}
"""The kinds of records (table names, a share's tables too) as column labels: ``sites`` → ``locaties``."""


def kind_word(kind: str) -> str:
    """A kind of record as a label in the interface language (unknown kinds as they are)."""
    english = KIND_WORDS.get(kind)
    return _(english) if english else kind


def count_text(n: int) -> str:
    """A whole number with the interface language's thousands separator: ``1,250`` / ``1.250``.

    Never ``{n:,}`` in a translated text: Python writes a comma whatever the language, and a
    Dutch reader takes ``100,000`` for a hundred. Without Babel (the home screen's count line
    uses it at start-up); a test checks it agrees with Babel's ``format_number``."""
    text = f"{n:,}"
    return text.replace(",", ".") if language() == "nl" else text


def kind_count(kind: str, n: int) -> str:
    """``n`` records of a bundle kind (the table name: "sites", "inspections", …) in words."""
    if kind == "sites":
        return ngettext("{n} site", "{n} sites", n).format(n=count_text(n))
    if kind == "units":
        return ngettext("{n} unit", "{n} units", n).format(n=count_text(n))
    if kind == "occupants":
        return ngettext("{n} occupant", "{n} occupants", n).format(n=count_text(n))
    if kind == "inspections":
        return ngettext("{n} inspection", "{n} inspections", n).format(n=count_text(n))
    if kind == "answers":
        return ngettext("{n} answer", "{n} answers", n).format(n=count_text(n))
    if kind == "findings":
        return ngettext("{n} finding", "{n} findings", n).format(n=count_text(n))
    if kind == "attachments":
        return ngettext("{n} photo", "{n} photos", n).format(n=count_text(n))
    if kind == "reviews":
        return ngettext("{n} review decision", "{n} review decisions", n).format(n=count_text(n))
    return f"{count_text(n)} {kind}"


def records_and_revisions(kind: str, records: int, revisions: int) -> str:
    """ "11 inspections (23 revisions)"; the revisions only when they differ from the records."""
    text = kind_count(kind, records)
    if revisions != records:
        text += " " + ngettext("({n} revision)", "({n} revisions)", revisions).format(n=count_text(revisions))
    return text


def persons_count(n: int) -> str:
    """ "1 person", "3 persons"."""
    return ngettext("{n} person", "{n} persons", n).format(n=count_text(n))


def beds_count(n: int) -> str:
    """ "1 bed", "4 beds"."""
    return ngettext("{n} bed", "{n} beds", n).format(n=count_text(n))


def occupancy_counts(
    persons: int, units: int, flagged: int, beds: int | None = None, registered: int | None = None
) -> str:
    """ "3 persons in 2 units · 5 beds · 4 in the register · 1 flagged", each count with its own plural."""
    parts = [
        ngettext("{persons} in {n} unit", "{persons} in {n} units", units).format(
            persons=persons_count(persons), n=count_text(units)
        )
    ]
    if beds is not None:
        parts.append(beds_count(beds))
    if registered is not None:
        parts.append(_("{n} in the register").format(n=count_text(registered)))
    parts.append(_("{n} flagged").format(n=count_text(flagged)))
    return " · ".join(parts)
