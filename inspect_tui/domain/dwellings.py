"""Judging a rule per dwelling and per bedroom (pure, no I/O).

The SNF and AKF norms are written for the place where people live and sleep: space,
sanitation and kitchen figures are judged **per dwelling** (a top-level unit: a house, a
caravan, a chalet, a room let as its own dwelling) and bedroom figures **per bedroom**. A site
passes a rule only if every occupied dwelling or bedroom passes; the item's verdict is the
worst unit's, and every failing unit is named with its figure, e.g.
``Slaapkamer 3: 2.7 m²/p < 3.5``.

A site without a unit tree is judged on the figures the inspector typed for the whole site;
such a verdict is marked ``site-level`` so nobody mistakes it for a per-unit verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from inspect_tui.domain.checklist import Comparator, Metric, Rule
from inspect_tui.domain.norms import Measurements, SiteContext, Verdict, evaluate, select_threshold


class Scope(StrEnum):
    """The unit a metric is judged on."""

    DWELLING = "dwelling"
    BEDROOM = "bedroom"


METRIC_SCOPE: dict[Metric, Scope] = {
    Metric.LIVING_AREA_PER_PERSON: Scope.DWELLING,
    Metric.PERSONS_PER_TOILET: Scope.DWELLING,
    Metric.PERSONS_PER_SHOWER: Scope.DWELLING,
    Metric.BURNERS: Scope.DWELLING,
    Metric.FRIDGE_LITRES_PER_PERSON: Scope.DWELLING,
    Metric.SOCKETS_PER_RESIDENT: Scope.DWELLING,
    Metric.WALKABLE_FLOOR_PER_PERSON: Scope.DWELLING,
    Metric.BEDROOM_AREA_PER_PERSON: Scope.BEDROOM,
    Metric.PERSONS_PER_BEDROOM: Scope.BEDROOM,
}
"""Which unit each metric is judged on (NORMS.md, "The unit of judgment")."""


@dataclass(frozen=True)
class BedroomFigures:
    """A room people sleep in: its own floor area and the persons sleeping in it."""

    label: str
    persons: int
    floor_area_m2: float | None
    couples_only: bool = False
    """The two persons in it are each other's partner (a couple counts as one for aanbeveling 2.2)."""


@dataclass(frozen=True)
class DwellingFigures:
    """A top-level unit with its own figures; persons include those in its bedrooms."""

    label: str
    persons: int
    living_area_m2: float | None
    toilets: int | None
    showers: int | None
    bedrooms: tuple[BedroomFigures, ...] = ()
    burners: int | None = None
    """Cooking burners in the dwelling and the units inside it; None when none was recorded."""
    fridge_litres: float | None = None
    """Fridge litres in the dwelling and the units inside it; None when none was recorded."""
    sockets: int | None = None
    """Wall sockets in the dwelling and the units inside it; None when none was recorded."""
    unplaced: int = 0
    """Persons recorded in the dwelling but in none of its bedrooms (a caravan without bedroom units,
    people recorded on the house itself): their bedroom cannot be judged until it is recorded."""


@dataclass(frozen=True)
class UnitVerdict:
    """One unit's verdict."""

    label: str
    verdict: Verdict
    unplaced: int = 0
    """Persons of a dwelling who sleep in none of its recorded bedrooms; such a line stands beside
    the bedrooms judged (undecided until their bedroom is recorded), it is not counted as one."""

    def text(self) -> str:
        """E.g. ``Slaapkamer 3: 2.7 m²/p < 3.5``; an undecided unit says what is missing."""
        return f"{self.label}: {unit_line(self.verdict)}"


@dataclass(frozen=True)
class Judgement:
    """A rule judged on every unit it applies to."""

    verdict: Verdict
    """The worst unit's verdict (fail before undecided before pass)."""
    scope: str
    """``dwelling``, ``bedroom`` or ``site-level`` (typed figures for a site without units)."""
    units: tuple[UnitVerdict, ...] = ()
    """Every occupied unit judged, in tree order."""
    contradiction: str | None = None
    """Why units that all pass still leave the rule undecided: a figure the inspector counted on site
    that the recorded units contradict (3 persons typed for one bedroom, none recorded so)."""

    @property
    def failing(self) -> tuple[UnitVerdict, ...]:
        """Units that fail the rule."""
        return tuple(u for u in self.units if u.verdict.passed is False)

    @property
    def undecided(self) -> tuple[UnitVerdict, ...]:
        """Units whose verdict cannot be decided (a figure is missing)."""
        return tuple(u for u in self.units if u.verdict.applies and u.verdict.passed is None)

    def unit_lines(self) -> tuple[str, ...]:
        """Every failing unit with its figure, then every undecided one with what it lacks."""
        return tuple(u.text() for u in (*self.failing, *self.undecided))

    def summary(self) -> str:
        """One line for the checklist: ``2 of 10 dwellings fail: Caravan 3: …; Caravan 7: …``."""
        if len(self.units) == 1 and self.contradiction is None:
            return self.units[0].text()  # one unit: its own line says it all
        lines = self.unit_lines()
        return self.head() + (": " + "; ".join(lines) if lines else "")

    def head(self) -> str:
        """``2 of 10 dwellings fail``, ``all 4 bedrooms pass``, or the site-level figure; persons in no
        recorded bedroom are named after the bedrooms (``…; 4 persons in no recorded bedroom``)."""
        if self.contradiction is not None and self.verdict.needs is None:
            return self.contradiction
        if self.scope == "site-level":
            return f"site-level figure (typed): {self.verdict.display()} {self.verdict.mark}"
        if self.verdict.needs is not None:
            return self.verdict.reason or "undecided"
        if not self.verdict.applies and not self.units:
            return self.verdict.reason or "no threshold applies"  # not "no occupied bedroom": it may be occupied
        counted = tuple(u for u in self.units if not u.unplaced)
        unplaced = sum(u.unplaced for u in self.units)
        head = self._head_of(counted) if counted or not unplaced else f"no occupied {self.scope}"
        if unplaced:
            persons = "1 person" if unplaced == 1 else f"{unplaced} persons"
            head += f"; {persons} in no recorded bedroom"
        return head

    def _head_of(self, counted: tuple[UnitVerdict, ...]) -> str:
        judged = len(counted)
        failing = [u for u in counted if u.verdict.passed is False]
        undecided = [u for u in counted if u.verdict.applies and u.verdict.passed is None]
        noun = "bedroom" if self.scope == Scope.BEDROOM else "dwelling"
        plural = "" if judged == 1 else "s"
        if judged == 1 and (failing or undecided):
            return f"the one {noun} " + ("fails" if failing else "is undecided")
        if failing:
            return f"{len(failing)} of {judged} {noun}{plural} fail"
        if undecided:
            return f"{len(undecided)} of {judged} {noun}{plural} undecided"
        if judged == 1:
            return counted[0].text()
        if judged:
            tightest_verdict = _worst([u.verdict for u in counted], self.verdict.comparator)
            closest = next((u for u in counted if u.verdict is tightest_verdict), None)
            tightest = f" (closest: {closest.text()})" if closest is not None else ""
            return f"all {judged} {noun}{plural} pass{tightest}"
        return f"no occupied {noun}: {self.verdict.reason or 'nothing to judge'}"


def unit_line(verdict: Verdict) -> str:
    """``2.7 m²/p < 3.5`` for a failure, ``12.5 m²/p ≥ 10`` for a pass, the reason when undecided."""
    if verdict.passed is None:
        return verdict.reason or "undecided"
    symbol = verdict.comparator.symbol
    if verdict.passed is False:
        symbol = "<" if verdict.comparator is Comparator.AT_LEAST else ">"
    limit = "?" if verdict.threshold is None else f"{verdict.threshold:g}"
    return f"{verdict.figure_text()} {verdict.unit} {symbol} {limit}"


def _worst(verdicts: list[Verdict], comparator: Comparator) -> Verdict | None:
    def distance(v: Verdict) -> float:
        """How far the figure falls short of its limit (negative when it passes)."""
        if v.figure is None or v.threshold is None:
            return 0.0
        if math.isinf(v.figure):
            return math.inf
        gap = v.threshold - v.figure if comparator is Comparator.AT_LEAST else v.figure - v.threshold
        return gap / v.threshold if v.threshold else gap

    failed = [v for v in verdicts if v.passed is False]
    if failed:
        # The furthest from its limit: the lowest figure for ≥, the highest for ≤.
        return max(failed, key=distance)
    undecided = [v for v in verdicts if v.applies and v.passed is None]
    if undecided:
        return undecided[0]
    passed = [v for v in verdicts if v.passed is True]
    # Every unit passes: the one closest to its limit stands for the item.
    return max(passed, key=distance) if passed else None


UNIT_FIGURES: dict[str, str] = {
    "living_area_m2": "living area",
    "toilets": "toilets",
    "showers": "showers",
    "burners": "burners",
    "fridge_litres": "fridge litres",
    "sockets": "sockets",
}
"""Figures each dwelling records itself (unit editor), with the words used to ask for them."""


def _dwelling_measurements(dwelling: DwellingFigures, typed: Measurements, only: bool) -> Measurements:
    """The dwelling's own figures; when it is the site's only dwelling, what the inspector measured
    on site (typed) overrides the unit's recorded figures (nothing has to be split). An empty
    caravan beside it still makes two: a figure typed for the site may count its area too."""
    values: dict[str, float] = {"persons": dwelling.persons}
    for key in UNIT_FIGURES:
        figure = getattr(dwelling, key)
        if figure is not None:
            values[key] = figure
    if only:
        typed_values = typed.model_dump(exclude_none=True)
        for key in (*UNIT_FIGURES, "walkable_floor_m2"):
            if key in typed_values:
                values[key] = typed_values[key]
    return Measurements.model_validate(values)


def _ask_for_figures(verdict: Verdict, label: str) -> Verdict:
    """An undecided dwelling says which of its own figures to record: never a site's or a default."""
    if verdict.passed is not None:
        return verdict
    asked = [UNIT_FIGURES[str(key)] for key in verdict.missing if str(key) in UNIT_FIGURES]
    if not asked:
        return verdict
    reason = f"undecided — record the {' and '.join(asked)} of {label}"
    return verdict.model_copy(update={"reason": reason})


def _bedroom_measurements(bedroom: BedroomFigures) -> Measurements:
    values: dict[str, float] = {
        "persons": bedroom.persons,
        "bedrooms": 1,
        "max_persons_in_a_bedroom": 1 if bedroom.couples_only else bedroom.persons,
    }
    if bedroom.floor_area_m2 is not None:
        values["bedroom_area_m2"] = bedroom.floor_area_m2
    return Measurements.model_validate(values)


def _record_bedrooms(rule: Rule, persons: int, label: str, context: SiteContext) -> Verdict:
    """Undecided for persons sleeping in no recorded bedroom: never left out of a bedroom verdict."""
    verdict = evaluate(rule, Measurements(persons=persons), context)
    reason = f"undecided — record the bedrooms of {label}"
    return verdict.model_copy(update={"passed": None, "figure": None, "reason": reason})


def _evaluate(rule: Rule, measured: Measurements, context: SiteContext, beside: tuple[Rule, ...]) -> Verdict:
    """``evaluate``, with the limits the other norm's rules set for the same figure (``beside``),
    so the figure a line shows is never rounded across a limit shown on the same line or page."""
    verdict = evaluate(rule, measured, context)
    limits = []
    for other in beside:
        threshold = select_threshold(other, context, measured.persons)
        limit = threshold.limit(measured.persons) if threshold is not None else None
        if limit is not None:
            limits.append(limit)
    return verdict.model_copy(update={"shown_beside": tuple(limits)}) if limits else verdict


def judge(
    rule: Rule,
    dwellings: tuple[DwellingFigures, ...],
    typed: Measurements,
    context: SiteContext,
    beside: tuple[Rule, ...] = (),
) -> Judgement:
    """Judge ``rule`` on every occupied dwelling or bedroom; ``typed`` figures for a site without units.

    A dwelling or bedroom where nobody sleeps is not judged (an empty caravan passes nothing and
    fails nothing). Living area, toilets, showers, burners, fridge litres and sockets are each
    dwelling's own: a dwelling that lacks one is undecided and says which figure to record. Only
    the walkable floor, which units do not record, stays a site-level typed figure (marked so)
    when the site has several dwellings. ``beside``: the other norm's rules for the same figure,
    whose limits a figure shown is never rounded across (see ``_evaluate``).
    """
    scope = METRIC_SCOPE[rule.metric]
    site_verdict = _evaluate(rule, typed, context, beside)
    if not dwellings:
        return Judgement(site_verdict, "site-level")
    if not site_verdict.applies or site_verdict.needs is not None:
        # Not applicable on this site and date, or a site fact must be set first: same for every unit.
        return Judgement(site_verdict, scope.value)
    judged: list[UnitVerdict] = []
    if scope is Scope.DWELLING:
        if not _needs_unit_figures(rule) and len(dwellings) > 1:
            persons = sum(d.persons for d in dwellings)
            values = typed.model_dump(exclude_none=True) | {"persons": persons}
            verdict = _evaluate(rule, Measurements.model_validate(values), context, beside)
            contradiction = _counted_more(rule, dwellings, typed) if verdict.passed else None
            if contradiction is not None:
                verdict = verdict.model_copy(update={"passed": None, "figure": None, "reason": contradiction})
            return Judgement(verdict, "site-level", (), contradiction)
        occupied = [d for d in dwellings if d.persons]
        for dwelling in occupied:
            measured = _dwelling_measurements(dwelling, typed, len(dwellings) == 1)
            verdict = _ask_for_figures(_evaluate(rule, measured, context, beside), dwelling.label)
            judged.append(UnitVerdict(dwelling.label, verdict))
    else:
        if not any(d.bedrooms for d in dwellings):
            # No bedroom recorded on the site: the figures typed for it (empty bedrooms would give 0 p/bedroom).
            return Judgement(site_verdict, "site-level")
        for dwelling in dwellings:
            for bedroom in (b for b in dwelling.bedrooms if b.persons):
                verdict = _evaluate(rule, _bedroom_measurements(bedroom), context, beside)
                judged.append(UnitVerdict(bedroom.label, verdict))
            if dwelling.unplaced:
                verdict = _record_bedrooms(rule, dwelling.unplaced, dwelling.label, context)
                judged.append(UnitVerdict(dwelling.label, verdict, dwelling.unplaced))
    worst = _worst([u.verdict for u in judged], rule.comparator)
    if worst is None:
        reason = "nobody sleeps in any unit, nothing to judge"
        worst = site_verdict.model_copy(update={"passed": None, "figure": None, "reason": reason})
    contradiction = _counted_more(rule, dwellings, typed) if worst.passed else None
    if contradiction is not None:
        worst = worst.model_copy(update={"passed": None, "figure": None, "reason": contradiction})
    return Judgement(worst, scope.value, tuple(judged), contradiction)


def _counted_more(rule: Rule, dwellings: tuple[DwellingFigures, ...], typed: Measurements) -> str | None:
    """Why a pass on the recorded units cannot stand: the inspector counted more persons on the site,
    or in one bedroom, (typed) than the units record; None when nothing contradicts."""
    if rule.metric is not Metric.PERSONS_PER_BEDROOM:
        # Every other figure is per person: a pass judged on fewer persons than the inspector counted
        # living on the site cannot stand (12 counted in a house recorded with 10: 10 m²/p, not 12).
        present, living = typed.persons, sum(d.persons for d in dwellings)
        if present is None or present <= living:
            return None
        return (
            f"undecided — {present:g} persons counted on the site, {living} recorded in its units:"
            " record who lives where"
        )
    counted = typed.max_persons_in_a_bedroom
    if counted is None:
        return None
    recorded = max((b.persons for d in dwellings for b in d.bedrooms), default=0)
    if counted <= recorded:
        return None
    return (
        f"undecided — {counted} persons counted in one bedroom, at most {recorded} recorded in one:"
        " record who sleeps where"
    )


def _needs_unit_figures(rule: Rule) -> bool:
    """Whether the rule's figure comes from the unit tree (area, toilets, showers, burners, fridge,
    sockets) rather than from a figure typed for the whole site."""
    return rule.metric in (
        Metric.LIVING_AREA_PER_PERSON,
        Metric.PERSONS_PER_TOILET,
        Metric.PERSONS_PER_SHOWER,
        Metric.BURNERS,
        Metric.FRIDGE_LITRES_PER_PERSON,
        Metric.SOCKETS_PER_RESIDENT,
    )
