"""Pure evaluation of checklist rules against site measurements (no I/O).

``evaluate`` turns a rule, the raw figures from a site and the site context into a ``Verdict``
that carries the figure, the threshold and the source that produced it. ``compare`` runs the
same figures through several templates (SNF and AKF side by side, aanbeveling 2.10).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, Field

from inspect_tui.domain.checklist import (
    ChecklistTemplate,
    Comparator,
    Condition,
    Item,
    MeasureKey,
    Metric,
    Rule,
    Source,
    Threshold,
)
from inspect_tui.domain.enums import AkfCategory
from inspect_tui.domain.enums import SnfHousingType as HousingType


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Measurements(_Frozen):
    """Raw figures recorded on site; any of them may still be unknown."""

    persons: int | None = Field(default=None, ge=0)
    """Residents found on site."""
    living_area_m2: float | None = Field(default=None, ge=0)
    """Usable living area (GBO) in m²."""
    bedroom_area_m2: float | None = Field(default=None, ge=0)
    """Total floor area of all bedrooms in m²."""
    bedrooms: int | None = Field(default=None, ge=0)
    """Number of bedrooms."""
    max_persons_in_a_bedroom: int | None = Field(default=None, ge=0)
    """Most persons sleeping in any one bedroom."""
    toilets: int | None = Field(default=None, ge=0)
    """Working toilets."""
    showers: int | None = Field(default=None, ge=0)
    """Working showers."""
    burners: int | None = Field(default=None, ge=0)
    """Cooking burners present."""
    fridge_litres: float | None = Field(default=None, ge=0)
    """Total fridge and freezer capacity in litres."""
    sockets: int | None = Field(default=None, ge=0)
    """Wall sockets available to residents."""
    walkable_floor_m2: float | None = Field(default=None, ge=0)
    """Free walkable floor area in m²."""

    def get(self, key: MeasureKey) -> float | None:
        """The figure recorded under ``key``."""
        value: float | None = getattr(self, key.value)
        return value

    @classmethod
    def from_answers(cls, items: Iterable[Item], answers: Mapping[str, float | None]) -> Measurements:
        """Collect the answers of measurement items (those with a ``measure``) by item id."""
        values = {
            item.measure.value: answers[item.id]
            for item in items
            if item.measure is not None and answers.get(item.id) is not None
        }
        return cls.model_validate(values)


class SiteContext(_Frozen):
    """Facts about the site that decide which threshold applies."""

    on_date: dt.date
    """Inspection date; thresholds are chosen by their effective dates."""
    housing_type: HousingType | None = None
    """SNF housing type (woonvorm) ``a``–``e``, if known."""
    akf_category: AkfCategory | None = None
    """AKF category, if known; AKF thresholds apply only when it is set."""
    high_risk: bool = False
    """Occupants work in a sector with a high infection risk (e.g. meat processing)."""
    zoned_residential: bool | None = None
    """The site is zoned for residential use ("wonen"); ``None`` while unknown."""


@dataclass(frozen=True)
class _Formula:
    numerator: MeasureKey
    denominator: MeasureKey | None
    unit: str


_FORMULAS: dict[Metric, _Formula] = {
    Metric.LIVING_AREA_PER_PERSON: _Formula(MeasureKey.LIVING_AREA_M2, MeasureKey.PERSONS, "m²/p"),
    Metric.BEDROOM_AREA_PER_PERSON: _Formula(MeasureKey.BEDROOM_AREA_M2, MeasureKey.PERSONS, "m²/p"),
    Metric.PERSONS_PER_BEDROOM: _Formula(MeasureKey.MAX_PERSONS_IN_A_BEDROOM, None, "p/bedroom"),
    Metric.PERSONS_PER_TOILET: _Formula(MeasureKey.PERSONS, MeasureKey.TOILETS, "p/toilet"),
    Metric.PERSONS_PER_SHOWER: _Formula(MeasureKey.PERSONS, MeasureKey.SHOWERS, "p/shower"),
    Metric.BURNERS: _Formula(MeasureKey.BURNERS, None, "burners"),
    Metric.FRIDGE_LITRES_PER_PERSON: _Formula(MeasureKey.FRIDGE_LITRES, MeasureKey.PERSONS, "l/p"),
    Metric.SOCKETS_PER_RESIDENT: _Formula(MeasureKey.SOCKETS, MeasureKey.PERSONS, "sockets/p"),
    Metric.WALKABLE_FLOOR_PER_PERSON: _Formula(MeasureKey.WALKABLE_FLOOR_M2, MeasureKey.PERSONS, "m²/p"),
}


def metric_unit(metric: Metric) -> str:
    """Display unit of a metric, e.g. ``m²/p``."""
    return _FORMULAS[metric].unit


class Verdict(_Frozen):
    """Outcome of one rule: the figure, the threshold that applied and where it comes from."""

    metric: Metric
    """The figure that was tested."""
    passed: bool | None
    """Whether the figure meets the threshold; ``None`` when it cannot be decided."""
    figure: float | None
    """Exact computed figure (infinite when a facility count is 0); ``None`` if not computable."""
    threshold: float | None
    """Limit that applied; ``None`` when no threshold applies or it depends on a missing figure."""
    comparator: Comparator
    """How the figure must relate to the threshold."""
    unit: str
    """Unit of figure and threshold, e.g. ``m²/p``."""
    source: Source | None
    """Source of the threshold that applied; ``None`` when none applies to this site and date."""
    missing: tuple[MeasureKey, ...] = ()
    """Measurements needed but not recorded."""
    reason: str | None = None
    """Why ``passed`` is ``None``, as a sentence."""
    needs: str | None = None
    """Site fact that must be set before the rule can choose its threshold (``housing_type``,
    ``akf_category``, ``zoned_residential``); never silently the laxest threshold."""
    shown_beside: tuple[float, ...] = ()
    """The other norm's limits for the same figure, shown on the same line or page (AKF beside
    SNF): the figure is never rounded across one of them either (14.96 m²/p beside ``AKF ≥ 15 ✗``
    is 14.9, not 15)."""

    @property
    def applies(self) -> bool:
        """Whether a threshold of the rule applies (or may apply, once ``needs`` is set)."""
        return self.source is not None or self.needs is not None

    @property
    def norm(self) -> str:
        """Citation of the threshold, e.g. ``SNF 2021, ruimte en privacy [V]``."""
        if self.needs is not None:
            return NEEDS_TEXT[self.needs]
        return self.source.label if self.source is not None else "no threshold applies"

    @property
    def mark(self) -> str:
        """``✓`` passed, ``✗`` failed, ``?`` undecided, ``–`` not applicable."""
        if not self.applies:
            return "–"
        return {True: "✓", False: "✗", None: "?"}[self.passed]

    def figure_text(self) -> str:
        """The figure rounded for display, never across the threshold (so it cannot contradict ``passed``)."""
        return _format_figure(self.figure, self.comparator, self.threshold, self.shown_beside)

    def limit_text(self) -> str:
        """Comparator and threshold, e.g. ``≥ 10``; ``n/a`` when no threshold applies."""
        if not self.applies:
            return "n/a"
        limit = "?" if self.threshold is None else f"{self.threshold:g}"
        return f"{self.comparator.symbol} {limit}"

    def display(self) -> str:
        """One-line summary, e.g. ``11.1 m²/p ≥ 10``."""
        return f"{self.figure_text()} {self.unit} {self.limit_text()}"


class Comparison(_Frozen):
    """The same measurements judged by several templates for one metric."""

    metric: Metric
    """The figure compared."""
    verdicts: dict[str, Verdict]
    """Verdict per template id, in the order the templates were given."""
    differs: bool
    """Whether the decided verdicts (passed or failed) disagree."""


NEEDS_TEXT = {
    "housing_type": "undecided — set the housing type",
    "akf_category": "undecided — set the AKF category",
    "zoned_residential": "undecided — set whether the site is zoned residential",
}
"""What to do when a site fact the threshold depends on is unknown."""


def select_threshold(rule: Rule, context: SiteContext, persons: int | None = None) -> Threshold | None:
    """The first threshold of ``rule`` in force on the context's date whose condition holds.

    ``persons`` are those in the unit judged (a threshold may be limited to at most N persons).
    """
    for threshold in rule.thresholds:
        if threshold.source.in_force_on(context.on_date) and _holds(threshold.condition, context, persons):
            return threshold
    return None


def unknown_fact(rule: Rule, context: SiteContext) -> str | None:
    """A site fact a threshold in force depends on but that is not set, or ``None``.

    A missing SNF housing type would otherwise fall through to the laxest threshold (10 m² instead
    of 12); a missing AKF category would skip the AKF numbers altogether.
    """
    for threshold in rule.thresholds:
        condition = threshold.condition
        if condition is None or not threshold.source.in_force_on(context.on_date):
            continue
        if condition.housing_types is not None and context.housing_type is None:
            return "housing_type"
        if condition.akf_categories is not None and context.akf_category is None:
            return "akf_category"
        zoning_matters = condition.housing_types is None or context.housing_type in condition.housing_types
        if condition.zoned_residential is not None and context.zoned_residential is None and zoning_matters:
            return "zoned_residential"
    return None


def evaluate(rule: Rule, measurements: Measurements, context: SiteContext) -> Verdict:
    """Judge ``measurements`` by ``rule`` for the site in ``context``."""
    formula = _FORMULAS[rule.metric]
    needs = unknown_fact(rule, context)
    if needs is not None:
        return Verdict(
            metric=rule.metric,
            passed=None,
            figure=None,
            threshold=None,
            comparator=rule.comparator,
            unit=formula.unit,
            source=None,
            reason=NEEDS_TEXT[needs],
            needs=needs,
        )
    persons = measurements.persons
    threshold = select_threshold(rule, context, persons)
    inputs = [key for key in (formula.numerator, formula.denominator) if key is not None]
    needed = [*inputs, MeasureKey.PERSONS] if threshold is not None and threshold.steps else inputs
    missing = tuple(dict.fromkeys(key for key in needed if measurements.get(key) is None))
    # The figure is shown even when only the threshold still waits for a number (burners need persons).
    figure = None if any(key in missing for key in inputs) else _compute(formula, measurements)
    limit = threshold.limit(persons) if threshold is not None else None

    reason: str | None = None
    if threshold is None:
        reason = f"no threshold of this rule applies to {_describe(context, rule)}"
    elif missing:
        reason = "missing " + ", ".join(missing)
    elif MeasureKey.PERSONS in needed and persons == 0:
        figure, limit, reason = None, None, "no persons recorded, nothing to judge"
    passed = None if reason or figure is None or limit is None else _meets(figure, rule.comparator, limit)
    return Verdict(
        metric=rule.metric,
        passed=passed,
        figure=figure,
        threshold=limit,
        comparator=rule.comparator,
        unit=formula.unit,
        source=threshold.source if threshold is not None else None,
        missing=missing,
        reason=reason,
    )


def evaluate_item(item: Item, measurements: Measurements, context: SiteContext) -> Verdict | None:
    """Verdict of the item's rule; ``None`` for items without a rule."""
    return evaluate(item.rule, measurements, context) if item.rule is not None else None


def compare(
    templates: Iterable[ChecklistTemplate], measurements: Measurements, context: SiteContext
) -> list[Comparison]:
    """For every metric ruled by two or more templates, their verdicts side by side."""
    by_metric: dict[Metric, dict[str, Verdict]] = {}
    for template in templates:
        for item in template.items:
            if item.rule is not None:
                verdict = evaluate(item.rule, measurements, context)
                by_metric.setdefault(item.rule.metric, {})[template.id] = verdict
    comparisons = []
    for metric in Metric:
        verdicts = by_metric.get(metric, {})
        if len(verdicts) >= 2:
            decided = {v.passed for v in verdicts.values() if v.applies and v.passed is not None}
            comparisons.append(Comparison(metric=metric, verdicts=verdicts, differs=len(decided) > 1))
    return comparisons


def format_side_by_side(comparison: Comparison) -> str:
    """One line, e.g. ``11.1 m²/p — SNF ≥ 10 ✓ · AKF ≥ 13 ✗``."""
    verdicts = list(comparison.verdicts.values())
    shown = next((v for v in verdicts if v.figure is not None), verdicts[0])
    parts = []
    for template_id, verdict in comparison.verdicts.items():
        name = template_id.upper()
        parts.append(f"{name} n/a" if not verdict.applies else f"{name} {verdict.limit_text()} {verdict.mark}")
    limits = tuple(v.threshold for v in verdicts if v.threshold is not None)
    figure = shown.model_copy(update={"shown_beside": limits}).figure_text()
    return f"{figure} {metric_unit(comparison.metric)} — " + " · ".join(parts)


def _holds(condition: Condition | None, context: SiteContext, persons: int | None = None) -> bool:
    if condition is None:
        return True
    if condition.max_persons is not None and (persons is None or persons > condition.max_persons):
        return False
    if condition.housing_types is not None and context.housing_type not in condition.housing_types:
        return False
    if condition.akf_categories is not None and context.akf_category not in condition.akf_categories:
        return False
    if condition.high_risk is not None and condition.high_risk != context.high_risk:
        return False
    return condition.zoned_residential is None or condition.zoned_residential == context.zoned_residential


def _compute(formula: _Formula, measurements: Measurements) -> float:
    numerator = measurements.get(formula.numerator)
    assert numerator is not None  # callers check for missing figures first
    if formula.denominator is None:
        return float(numerator)
    denominator = measurements.get(formula.denominator)
    assert denominator is not None
    if denominator == 0:
        # No toilet for several persons is infinitely many persons per toilet: a clear fail.
        return math.inf if numerator > 0 else 0.0
    return exact_ratio(numerator, denominator)  # as written: 8.1 m² for 3 persons is 2.7 m²/p


def exact_ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator as written, not in binary: 8.1 m² for 3 persons is 2.7 m²/p (where
    ``8.1 / 3`` gives 2.6999999999999997, on the wrong side of a 2.7 m² limit), and 8.85 m² for 3 is
    2.95, which every table rounds as the verdict line does."""
    return float(Decimal(repr(float(numerator))) / Decimal(repr(float(denominator))))


def _meets(figure: float, comparator: Comparator, limit: float) -> bool:
    return figure >= limit if comparator is Comparator.AT_LEAST else figure <= limit


def format_figure(
    figure: float | None, comparator: Comparator, threshold: float | None, beside: tuple[float, ...] = ()
) -> str:
    """A figure for display: half up, never rounded across ``threshold`` nor any limit ``beside`` it
    (see ``Verdict.figure_text``)."""
    return _format_figure(figure, comparator, threshold, beside)


def shown_at_least(figure: float, thresholds: Iterable[float], places: int = 1) -> float:
    """A figure that must reach its threshold (area per person), as a table shows it beside the verdicts:
    half up to ``places`` decimals, but toward failing where half up would carry it across one of
    ``thresholds`` (11.95 m²/p beside a 12 m² norm is 11.9, never 12: the verdict line says ``< 12``)."""
    exact = Decimal(repr(figure))
    quantum = Decimal(1).scaleb(-places)
    shown = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    if any(figure < limit <= float(shown) for limit in thresholds):
        shown = exact.quantize(quantum, rounding=ROUND_FLOOR)
    return float(shown)


def _format_figure(
    figure: float | None, comparator: Comparator, threshold: float | None, beside: tuple[float, ...] = ()
) -> str:
    if figure is None:
        return "?"
    if math.isinf(figure):
        return "∞"
    # Round half up as anyone checking by hand would (8 m² for 3 persons is 2.7 m²/p), but never
    # across the threshold, nor a limit shown beside it: then round toward failing (9.96 m²/p is
    # shown as 9.9, not 10.0, next to "≥ 10 ✗").
    limits = [t for t in (threshold, *beside) if t is not None and not math.isinf(t)]
    places = 1
    for limit in limits:
        exponent = Decimal(repr(limit)).normalize().as_tuple().exponent
        places = max(places, -exponent if isinstance(exponent, int) else 0)
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(repr(figure))
    shown = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    if any(_meets(float(shown), comparator, limit) != _meets(figure, comparator, limit) for limit in limits):
        rounding = ROUND_FLOOR if comparator is Comparator.AT_LEAST else ROUND_CEILING
        shown = exact.quantize(quantum, rounding=rounding)
    text = f"{shown:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _describe(context: SiteContext, rule: Rule) -> str:
    facts = [f"housing type {context.housing_type}" if context.housing_type else "no housing type"]
    facts.append(f"AKF category {context.akf_category}" if context.akf_category else "no AKF category")
    if context.high_risk:
        facts.append("high-risk sector")
    elif any(t.condition is not None and t.condition.high_risk for t in rule.thresholds):
        facts.append("no high-risk sector")  # the fact that decides a rule for high-risk sectors only
    return f"{', '.join(facts)} on {context.on_date.isoformat()}"
