"""The stored verdict lines in the reader's language.

Answers keep their per-unit lines in English (``2 of 10 dwellings fail: Caravan 3: …``) so that
what was signed never depends on the language of the screen; ``shown_line`` translates the
known phrases when a line is shown, leaving unit labels and figures as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from inspect_tui.i18n import N_, _, format_date, ngettext

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(text: str) -> str:
    """An ISO date of a stored line as people read it (``2024-05-14`` → ``14-05-2024``)."""
    stripped = text.rstrip(".,;)")
    if not _ISO_DAY.fullmatch(stripped):
        return text
    return format_date(stripped) + text[len(stripped) :]


MEASURE_WORDS = {
    "persons": N_("persons"),
    "living_area_m2": N_("living area"),
    "bedroom_area_m2": N_("bedroom area"),
    "bedrooms": N_("bedrooms"),
    "max_persons_in_a_bedroom": N_("most persons in one bedroom"),
    "toilets": N_("toilets"),
    "showers": N_("showers"),
    "burners": N_("burners"),
    "fridge_litres": N_("fridge litres"),
    "sockets": N_("sockets"),
    "walkable_floor_m2": N_("walkable floor area"),
}
"""The measurements a rule may be missing, as words (``missing living_area_m2`` → ``ontbreekt: woonoppervlak``)."""


def _facts(text: str) -> str:
    """The site facts a rule looked at (``housing type a, no AKF category, high-risk sector``) in words."""
    said = []
    for fact in text.split(", "):
        if fact.startswith("housing type "):
            said.append(_("housing type {t}").format(t=fact.removeprefix("housing type ")))
        elif fact.startswith("AKF category "):
            said.append(_("AKF category {c}").format(c=akf_word(fact.removeprefix("AKF category "))))
        else:
            said.append(_(fact) if fact in _FACT_WORDS else fact)
    return ", ".join(said)


AKF_WORDS = {"year_round": N_("year-round"), "seasonal": N_("seasonal")}
"""An AKF category (``AkfCategory``) as the interface says it."""


def akf_word(category: str) -> str:
    """``year_round`` → ``year-round`` / ``jaarrond`` (an unknown value as it is)."""
    english = AKF_WORDS.get(category)
    return _(english) if english else category


_FACT_WORDS = (N_("no housing type"), N_("no AKF category"), N_("high-risk sector"), N_("no high-risk sector"))


def _missing(text: str) -> str:
    words = [_(MEASURE_WORDS[key]) if key in MEASURE_WORDS else key for key in text.split(", ")]
    return _("missing {what}").format(what=", ".join(words))


_PHRASES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"\b(\d+) of (\d+) bedrooms fail\b"),
        # one failing unit takes a singular verb in Dutch (1 van 6 slaapkamers voldoet niet)
        lambda m: ngettext("{n} of {m} bedrooms fail", "{n} of {m} bedrooms fail", int(m[1])).format(n=m[1], m=m[2]),
    ),
    (
        re.compile(r"\b(\d+) of (\d+) dwellings fail\b"),
        lambda m: ngettext("{n} of {m} dwellings fail", "{n} of {m} dwellings fail", int(m[1])).format(n=m[1], m=m[2]),
    ),
    (
        re.compile(r"\b(\d+) of (\d+) bedrooms undecided\b"),
        lambda m: _("{n} of {m} bedrooms undecided").format(n=m[1], m=m[2]),
    ),
    (
        re.compile(r"\b(\d+) of (\d+) dwellings undecided\b"),
        lambda m: _("{n} of {m} dwellings undecided").format(n=m[1], m=m[2]),
    ),
    (
        re.compile(r"\b(\d+) persons? in no recorded bedroom\b"),
        lambda m: ngettext("{n} person in no recorded bedroom", "{n} persons in no recorded bedroom", int(m[1])).format(
            n=m[1]
        ),
    ),
    (re.compile(r"\ball (\d+) bedrooms pass\b"), lambda m: _("all {m} bedrooms pass").format(m=m[1])),
    (re.compile(r"\ball (\d+) dwellings pass\b"), lambda m: _("all {m} dwellings pass").format(m=m[1])),
    (re.compile(r"\(closest: "), lambda m: "(" + _("closest") + ": "),
    (re.compile(r"\bthe one bedroom fails\b"), lambda m: _("the one bedroom fails")),
    (re.compile(r"\bthe one dwelling fails\b"), lambda m: _("the one dwelling fails")),
    (re.compile(r"\bthe one bedroom is undecided\b"), lambda m: _("the one bedroom is undecided")),
    (re.compile(r"\bthe one dwelling is undecided\b"), lambda m: _("the one dwelling is undecided")),
    (re.compile(r"\bno occupied bedroom\b"), lambda m: _("no occupied bedroom")),
    (re.compile(r"\bno occupied dwelling\b"), lambda m: _("no occupied dwelling")),
    (re.compile(r"site-level figure \(typed\)"), lambda m: _("site-level figure (typed)")),
    (re.compile(r"undecided — set the housing type"), lambda m: _("undecided — set the housing type")),
    (re.compile(r"undecided — set the AKF category"), lambda m: _("undecided — set the AKF category")),
    (
        re.compile(r"undecided — set whether the site is zoned residential"),
        lambda m: _("undecided — set whether the site is zoned residential"),
    ),
    (
        re.compile(r"not applicable on (\S+): applies from (\S+) until (\S+)"),
        lambda m: _("not applicable on {date}: applies from {start} until {end}").format(
            date=_day(m[1]), start=_day(m[2]), end=_day(m[3])
        ),
    ),
    (
        re.compile(r"not applicable on (\S+): applies from (\S+)"),
        lambda m: _("not applicable on {date}: applies from {start}").format(date=_day(m[1]), start=_day(m[2])),
    ),
    (re.compile(r"\bno threshold applies\b"), lambda m: _("no threshold applies")),
    (re.compile(r"no persons recorded, nothing to judge"), lambda m: _("no persons recorded, nothing to judge")),
    (
        re.compile(r"no threshold of this rule applies to (.+?) on (\d{4}-\d{2}-\d{2})"),
        lambda m: _("no threshold of this rule applies to {facts} on {date}").format(
            facts=_facts(m[1]), date=_day(m[2])
        ),
    ),
    (re.compile(r"\bmissing ([a-z0-9_]+(?:, [a-z0-9_]+)*)"), lambda m: _missing(m[1])),
    (
        re.compile(r"nobody sleeps in any unit, nothing to judge"),
        lambda m: _("nobody sleeps in any unit, nothing to judge"),
    ),
    (
        re.compile(r"undecided — record the (.+?) of (.+?)(?=$|;| — |\n)"),
        lambda m: _("undecided — record the {what} of {unit}").format(what=_figures(m[1]), unit=m[2]),
    ),
    (
        re.compile(
            r"undecided — (\d+) persons counted in one bedroom, at most (\d+) recorded in one: record who sleeps where"
        ),
        lambda m: _(
            "undecided — {counted} persons counted in one bedroom, at most {recorded} recorded in one:"
            " record who sleeps where"
        ).format(counted=m[1], recorded=m[2]),
    ),
    (
        re.compile(
            r"undecided — (\d+) persons counted on the site, (\d+) recorded in its units: record who lives where"
        ),
        lambda m: _(
            "undecided — {counted} persons counted on the site, {recorded} recorded in its units: record who lives where"
        ).format(counted=m[1], recorded=m[2]),
    ),
    (re.compile(r"\(no AKF category\)"), lambda m: "(" + _("no AKF category") + ")"),
    (re.compile(r"\bnothing to judge\b"), lambda m: _("nothing to judge")),
    (re.compile(r"\bundecided\b"), lambda m: _("undecided")),
)


def _figures(text: str) -> str:
    """``living area and toilets`` (the figures a dwelling lacks) in words of the language."""
    words = [_(word) if word in _DWELLING_WORDS else word for word in text.split(" and ")]
    return (" " + _("and") + " ").join(words)


_DWELLING_WORDS = (
    N_("living area"),
    N_("toilets"),
    N_("showers"),
    N_("burners"),
    N_("fridge litres"),
    N_("sockets"),
    N_("bedrooms"),
)


def shown_line(text: str) -> str:
    """A stored or computed verdict line with its known phrases in the current language."""
    for pattern, replace in _PHRASES:
        text = pattern.sub(replace, text)
    return text
