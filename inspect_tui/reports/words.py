"""Stored values (enum values, flags, verdicts) as words in the report's language.

A report or export never shows ``send_back`` or ``critical``: it shows "sent back" /
"teruggestuurd" and "critical" / "kritiek". The English words are marked with ``N_`` so they
are extracted into the catalog; :func:`word` translates them where they are shown.
"""

from __future__ import annotations

from inspect_tui.i18n import N_, _

VALUE_WORDS: dict[str, str] = {
    # severities and statuses
    "critical": N_("critical"),
    "major": N_("major"),
    "minor": N_("minor"),
    "open": N_("open"),
    "resolved": N_("resolved"),
    "withdrawn": N_("withdrawn"),
    "taken_over": N_("taken over"),
    "draft": N_("draft"),
    "completed": N_("completed"),
    "returned": N_("returned"),
    "approved": N_("approved"),
    # verdicts of an item
    "pass": N_("pass"),
    "fail": N_("fail"),
    "n.a.": N_("n.a."),
    # answers that are words
    "yes": N_("yes"),
    "no": N_("no"),
    "recorded": N_("recorded"),
    "advice": N_("advice"),
    "unknown": N_("unknown"),
    # review decisions
    "approve": N_("approved"),
    "send_back": N_("sent back"),
    "comment": N_("comment"),
    "reopen": N_("reopened"),
    # sites and units
    "housing": N_("housing"),
    "workplace": N_("workplace"),
    "building": N_("building"),
    "caravan": N_("caravan"),
    "room": N_("room"),
    "bedroom": N_("bedroom"),
    "meat_processing": N_("meat processing"),
    "horticulture": N_("horticulture"),
    "distribution": N_("distribution"),
    "agriculture": N_("agriculture"),
    "other": N_("other"),
    "none": N_("none"),
    # BRP registration
    "ingezetene": N_("resident (ingezetene)"),
    "rni": N_("non-resident (RNI)"),
    "not_registered": N_("not registered"),
    # occupancy flags
    "overcrowded": N_("more persons than beds"),
    "bedroom_shared_high_risk": N_("bedroom shared in a high-risk sector (not a couple)"),
    "register_mismatch": N_("persons found differ from the provider's register"),
    # where a measurement comes from
    "site": N_("units and occupants"),
    "measured": N_("measured"),
}


def word(value: str | None) -> str:
    """A stored value as a word in the current language; unknown values with ``_`` as spaces."""
    if not value:
        return ""
    english = VALUE_WORDS.get(value)
    return _(english) if english is not None else value.replace("_", " ")


def certification_text(certification: str) -> str:
    """A site's certification as the site editor names it: ``SNF``, ``AKF``, ``SNF + AKF`` or "none"."""
    if certification == "none":
        return word("none")
    return " + ".join(norm.upper() for norm in certification.split("_"))
