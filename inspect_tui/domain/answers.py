"""Pure rules of answers (no I/O): the stored form of an answer, its verdict, computed items.

The store calls these when it records an answer; the checklist read model calls them on what it
read once. Nothing here touches a database or loads a template file.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Mapping

from inspect_tui.domain.checklist import AnswerType, Item
from inspect_tui.domain.dwellings import UNIT_FIGURES
from inspect_tui.domain.enums import AnswerVerdict
from inspect_tui.domain.models import Inspection, Site
from inspect_tui.domain.norms import Measurements, SiteContext, Verdict
from inspect_tui.domain.numbers import ambiguous_figure, exact_figure, is_written_figure
from inspect_tui.i18n import _, no_such_day, parse_date, unit_word


class AnswerRejected(ValueError):
    """An answer the item does not accept, explained in one sentence (what the item accepts)."""


_YES_NO_ALIASES = {
    "y": "yes",
    "yes": "yes",
    "ja": "yes",
    "j": "yes",
    "n": "no",
    "no": "no",
    "nee": "no",
    "na": "n.a.",
    "n.a.": "n.a.",
    "n/a": "n.a.",
    "nvt": "n.a.",
    "n.v.t.": "n.a.",
}


def normalise_value(item: Item, value: str | None) -> str | None:
    """The answer in its stored form, or AnswerRejected saying what the item accepts."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    kind = item.answer_type
    if kind is AnswerType.YES_NO_NA:
        if text.lower() not in _YES_NO_ALIASES:
            raise AnswerRejected(f"{item.id}: " + _("answer yes, no or n.a."))
        return _YES_NO_ALIASES[text.lower()]
    if text.lower() in ("n.a.", "na", "n/a", "nvt") and not item.required:
        return "n.a."
    if kind in (AnswerType.NUMBER, AnswerType.COUNT):
        ambiguous = ambiguous_figure(text)
        if ambiguous is not None:
            raise AnswerRejected(f"{item.id}: " + ambiguous)
        try:  # only digits with one decimal sign: float() would read "1_5" as 15 and "1e3" as 1000
            number = float(text.replace(",", ".")) if is_written_figure(text) else math.nan
        except ValueError:
            number = math.nan
        if not math.isfinite(number):  # a word, 1_5, 1e3, or beyond any float (a 400-digit figure)
            raise AnswerRejected(
                f"{item.id}: " + _("{text} is not a number ({unit})").format(text=repr(text), unit=unit_word(item.unit))
            )
        if number < 0:
            raise AnswerRejected(f"{item.id}: " + _("a measurement cannot be negative"))
        if kind is AnswerType.COUNT:
            if number != int(number):
                raise AnswerRejected(f"{item.id}: " + _("a count is a whole number"))
            return str(int(number))
        return exact_figure(number)
    if kind is AnswerType.CHOICE:
        values = [c.value for c in item.choices or ()]
        if text not in values:
            raise AnswerRejected(f"{item.id}: " + _("choose one of {values}").format(values=", ".join(values)))
        return text
    if kind is AnswerType.DATE:
        try:
            return parse_date(text).isoformat()
        except ValueError:
            said = no_such_day(text) or _("a date is written dd-mm-yyyy")
            raise AnswerRejected(f"{item.id}: " + said) from None
    if len(text) > 4000:
        raise AnswerRejected(f"{item.id}: " + _("keep the text under 4000 characters"))
    return text


_STORED_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:e[+-][0-9]+)?")
"""A number as normalise_value stores it (``numbers.exact_figure``: 11.5, 1000, 0.000015; earlier
releases stored ``f"{x:g}"``: 1e+06)."""


def stored_number(value: object) -> float | None:
    """The figure of a stored number answer, or None when value is not one (n.a., blank, or text a
    crafted bundle carried: "abc" would stop the judge, "1_5" would be read as 15)."""
    if not isinstance(value, str) or _STORED_NUMBER.fullmatch(value) is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def stored_form_problem(item: Item, value: str | None) -> str | None:
    """Why value is not an answer to item as this app stores it, or None.

    A bundle's answers are judged and printed by the receiver as stored, so a value that no form
    of the app could store (a figure in words, "1_5", a count of 2.5, a yes/no item answered
    "maybe") is refused on arrival. "n.a." is taken for any item: whether an item may be left out
    has changed between checklist versions. Choices and free text are shown as carried."""
    if value is None or value == "n.a.":
        return None
    kind = item.answer_type
    if kind is AnswerType.YES_NO_NA and value not in ("yes", "no"):
        return _("{value} is no answer to a yes/no item (yes, no or n.a.)").format(value=repr(value))
    if kind is AnswerType.NUMBER and stored_number(value) is None:
        return _("{value} is not a number as the app stores one (such as 11.5)").format(value=repr(value))
    if kind is AnswerType.COUNT and not (value.isascii() and value.isdigit()):
        return _("{value} is not a whole number").format(value=repr(value))
    if kind is AnswerType.DATE:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is None or day.isoformat() != value:
            return _("{value} is not a date written yyyy-mm-dd").format(value=repr(value))
    return None


def accepts_not_applicable(item: Item) -> bool:
    """Whether "n.a." is an answer to this item (yes/no items, and items that are not required)."""
    return item.answer_type is AnswerType.YES_NO_NA or not item.required


def verdict_for(item: Item, value: str | None) -> AnswerVerdict:
    """The verdict of an answer typed in (an item without a rule), from its stored form."""
    if value is None:
        return AnswerVerdict.UNKNOWN
    if value == "n.a.":
        return AnswerVerdict.NOT_APPLICABLE
    if item.answer_type is AnswerType.YES_NO_NA:
        return AnswerVerdict.PASS if value == item.expected else AnswerVerdict.FAIL
    if item.measure is not None:
        return AnswerVerdict.RECORDED
    return AnswerVerdict.PASS


def rule_answer(verdict: Verdict, answered_before: bool) -> tuple[str | None, AnswerVerdict] | None:
    """The stored value and verdict of a computed (rule) item; None when nothing is to be stored.

    No threshold of the rule applies to the site: not applicable, not an open question. A figure
    still unknown clears an earlier computed answer, and stores nothing when there was none.
    """
    if not verdict.applies:
        return "n.a.", AnswerVerdict.NOT_APPLICABLE
    if verdict.passed is None:
        return (None, AnswerVerdict.UNKNOWN) if answered_before else None
    return ("yes", AnswerVerdict.PASS) if verdict.passed else ("no", AnswerVerdict.FAIL)


def context_of(site: Site | None, on_date: dt.date, high_risk_sectors: Collection[str]) -> SiteContext:
    """The facts of the site that choose thresholds; high-risk from the sector (one of
    ``high_risk_sectors``, the table in the checklist data) unless the site records an override."""
    if site is None:
        return SiteContext(on_date=on_date)
    high_risk = site.high_risk if site.high_risk is not None else site.sector.value in high_risk_sectors
    return SiteContext(
        on_date=on_date,
        housing_type=site.housing_type,
        akf_category=site.akf_category,
        high_risk=high_risk,
        zoned_residential=site.zoned_residential,
    )


def site_context(inspection: Inspection, site: Site | None, high_risk_sectors: Collection[str]) -> SiteContext:
    """Facts of the site that decide which thresholds apply, on the inspection's date."""
    return context_of(site, inspection.started_at.date(), high_risk_sectors)


def measurement_sources(
    items: Iterable[Item], site_figures: Mapping[str, float], values: Mapping[str, object]
) -> dict[str, tuple[float, str]]:
    """Each known measurement with where it came from: "site" (units, occupants) or "answer".

    values holds the stored answer value per item id; a measured answer overrides the site's figure.
    """
    sources: dict[str, tuple[float, str]] = {k: (v, "site") for k, v in site_figures.items()}
    for item in items:
        if item.measure is None:
            continue
        figure = stored_number(values.get(item.id))
        if figure is not None:
            sources[item.measure.value] = (figure, "answer")
    return sources


def measurements_of(sources: Mapping[str, tuple[float, str]]) -> Measurements:
    """The measurements to judge with, from measurement_sources.

    A figure each dwelling records itself (living area, toilets, showers, burners, fridge litres,
    sockets) counts here only where the inspector typed it: the site's figure is a sum over all its
    units, and would give the one occupied caravan the floor area and toilets of the empty ones.
    The rules read those figures from each dwelling (``domain.dwellings``).
    """
    return Measurements.model_validate(
        {k: v for k, (v, origin) in sources.items() if origin == "answer" or k not in UNIT_FIGURES}
    )
