"""Hand-worked cases for the norm evaluator, against the shipped templates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspect_tui.checklists import load_template
from inspect_tui.domain.checklist import (
    ChecklistTemplate,
    MeasureKey,
    Metric,
    Rule,
)
from inspect_tui.domain.enums import AkfCategory
from inspect_tui.domain.enums import SnfHousingType as HousingType
from inspect_tui.domain.norms import (
    Measurements,
    SiteContext,
    Verdict,
    compare,
    evaluate,
    evaluate_item,
    format_side_by_side,
    metric_unit,
    select_threshold,
)

TODAY = dt.date(2025, 6, 1)
NEXT_YEAR = dt.date(2026, 6, 1)


def rule(template_id: str, metric: Metric) -> Rule:
    item = load_template(template_id).rule_item(metric)
    assert item is not None and item.rule is not None, f"{template_id} has no rule for {metric}"
    return item.rule


def context(**kwargs: object) -> SiteContext:
    values: dict[str, object] = {
        "on_date": TODAY,
        "akf_category": AkfCategory.YEAR_ROUND,
        "housing_type": HousingType.HOTEL_OR_PENSION,
    }
    values.update(kwargs)
    return SiteContext.model_validate(values)


def judge(template_id: str, metric: Metric, ctx: SiteContext | None = None, **measured: float) -> Verdict:
    return evaluate(rule(template_id, metric), Measurements.model_validate(measured), ctx or context())


# --- living area: 9 persons in 100 m² is 11.1 m² per person ---------------------------------


def test_nine_persons_in_100_m2_pass_snf_lodging() -> None:
    verdict = judge("snf", Metric.LIVING_AREA_PER_PERSON, persons=9, living_area_m2=100)
    assert verdict.passed is True
    assert verdict.threshold == 10
    assert verdict.figure == pytest.approx(100 / 9)
    assert verdict.display() == "11.1 m²/p ≥ 10"
    assert verdict.source is not None and verdict.source.norm == "SNF 2021"


@pytest.mark.parametrize("housing_type", [HousingType.REGULAR_DWELLING, HousingType.UNITS_IN_COMPLEX])
def test_nine_persons_in_100_m2_fail_snf_types_a_and_c(housing_type: HousingType) -> None:
    ctx = context(housing_type=housing_type)
    verdict = judge("snf", Metric.LIVING_AREA_PER_PERSON, ctx, persons=9, living_area_m2=100)
    assert verdict.passed is False
    assert verdict.display() == "11.1 m²/p ≥ 12"


def test_snf_type_d_needs_12_only_when_zoned_residential() -> None:
    measured = {"persons": 9, "living_area_m2": 100}
    plain = judge("snf", Metric.LIVING_AREA_PER_PERSON, context(housing_type="d", zoned_residential=False), **measured)
    zoned = judge("snf", Metric.LIVING_AREA_PER_PERSON, context(housing_type="d", zoned_residential=True), **measured)
    unknown = judge("snf", Metric.LIVING_AREA_PER_PERSON, context(housing_type="d"), **measured)
    assert (plain.threshold, plain.passed) == (10, True)
    assert (zoned.threshold, zoned.passed) == (12, False)
    # Zoning unknown for type d: never silently the laxest 10 m².
    assert (unknown.passed, unknown.needs, unknown.reason) == (
        None,
        "zoned_residential",
        "undecided — set whether the site is zoned residential",
    )


def test_a_missing_housing_type_is_undecided_never_the_laxest_threshold() -> None:
    verdict = judge("snf", Metric.LIVING_AREA_PER_PERSON, context(housing_type=None), persons=9, living_area_m2=100)
    assert verdict.passed is None and verdict.applies and verdict.needs == "housing_type"
    assert verdict.reason == "undecided — set the housing type"
    assert verdict.mark == "?"
    # Bedroom area before 2024: the type e exception may apply, so the type decides too.
    before = context(housing_type=None, on_date=dt.date(2023, 6, 1))
    bedroom = judge("snf", Metric.BEDROOM_AREA_PER_PERSON, before, persons=2, bedroom_area_m2=6)
    assert bedroom.needs == "housing_type"
    # From 2024 one threshold (3.5) holds for every type: no need to know the type.
    after = judge("snf", Metric.BEDROOM_AREA_PER_PERSON, context(housing_type=None), persons=2, bedroom_area_m2=6)
    assert (after.threshold, after.passed) == (3.5, False)


def test_nine_persons_in_100_m2_fail_akf() -> None:
    verdict = judge("akf", Metric.LIVING_AREA_PER_PERSON, persons=9, living_area_m2=100)
    assert verdict.passed is False
    assert verdict.display() == "11.1 m²/p ≥ 13"
    assert verdict.source is not None and verdict.source.norm == "AKF 2024"


def test_akf_living_space_switches_from_13_to_15_on_2026_01_01() -> None:
    measured = {"persons": 1, "living_area_m2": 14}
    last_day = judge("akf", Metric.LIVING_AREA_PER_PERSON, context(on_date=dt.date(2025, 12, 31)), **measured)
    first_day = judge("akf", Metric.LIVING_AREA_PER_PERSON, context(on_date=dt.date(2026, 1, 1)), **measured)
    assert (last_day.threshold, last_day.passed) == (13, True)
    assert (first_day.threshold, first_day.passed) == (15, False)
    assert first_day.source is not None and first_day.source.effective_from == dt.date(2026, 1, 1)


def test_akf_living_space_needs_an_akf_category_and_a_date_in_force() -> None:
    no_category = judge("akf", Metric.LIVING_AREA_PER_PERSON, context(akf_category=None), persons=1, living_area_m2=9)
    too_early = judge(
        "akf",
        Metric.LIVING_AREA_PER_PERSON,
        context(on_date=dt.date(2024, 8, 14)),
        persons=1,
        living_area_m2=9,
    )
    assert no_category.passed is None and no_category.applies and no_category.needs == "akf_category"
    assert no_category.reason == "undecided — set the AKF category"
    seasonal = judge(
        "akf", Metric.LIVING_AREA_PER_PERSON, context(akf_category="seasonal"), persons=1, living_area_m2=9
    )
    for verdict in (seasonal, too_early):
        assert verdict.passed is None and not verdict.applies
        assert verdict.reason is not None and "no threshold" in verdict.reason
        assert verdict.limit_text() == "n/a"


def test_bedroom_area_uses_holiday_park_exception_only_until_2023() -> None:
    measured = {"persons": 2, "bedroom_area_m2": 6}  # 3.0 m² per person
    park = {"housing_type": HousingType.HOLIDAY_PARK}
    in_2023 = judge("snf", Metric.BEDROOM_AREA_PER_PERSON, context(on_date=dt.date(2023, 12, 31), **park), **measured)
    in_2024 = judge("snf", Metric.BEDROOM_AREA_PER_PERSON, context(on_date=dt.date(2024, 1, 1), **park), **measured)
    assert (in_2023.threshold, in_2023.passed) == (2.7, True)
    assert (in_2024.threshold, in_2024.passed) == (3.5, False)


def test_holiday_park_exception_is_for_at_most_two_persons_in_the_bedroom() -> None:
    park = context(on_date=dt.date(2023, 6, 1), housing_type=HousingType.HOLIDAY_PARK)
    three = judge("snf", Metric.BEDROOM_AREA_PER_PERSON, park, persons=3, bedroom_area_m2=9)  # 3.0 m²/p
    assert (three.threshold, three.passed) == (3.5, False)
    other_type = context(on_date=dt.date(2023, 6, 1), housing_type=HousingType.REGULAR_DWELLING)
    two = judge("snf", Metric.BEDROOM_AREA_PER_PERSON, other_type, persons=2, bedroom_area_m2=6)
    assert (two.threshold, two.passed) == (3.5, False)


# --- sanitation ----------------------------------------------------------------------------------


def test_17_persons_with_2_toilets_fail_one_per_8() -> None:
    verdict = judge("snf", Metric.PERSONS_PER_TOILET, persons=17, toilets=2)
    assert verdict.passed is False
    assert verdict.display() == "8.5 p/toilet ≤ 8"


def test_16_persons_with_2_toilets_pass() -> None:
    verdict = judge("snf", Metric.PERSONS_PER_TOILET, persons=16, toilets=2)
    assert verdict.passed is True
    assert verdict.display() == "8 p/toilet ≤ 8"


def test_showers_one_per_8() -> None:
    assert judge("snf", Metric.PERSONS_PER_SHOWER, persons=9, showers=1).passed is False
    assert judge("snf", Metric.PERSONS_PER_SHOWER, persons=8, showers=1).passed is True


def test_no_toilet_at_all_is_infinitely_many_persons_per_toilet() -> None:
    verdict = judge("snf", Metric.PERSONS_PER_TOILET, persons=4, toilets=0)
    assert verdict.passed is False
    assert verdict.display() == "∞ p/toilet ≤ 8"


# --- burners: minimum 4; 9..30 persons ceil(n/2); above 30 persons 16 ---------------------------


@pytest.mark.parametrize(
    ("persons", "required"),
    [(1, 4), (8, 4), (9, 5), (12, 6), (13, 7), (30, 15), (31, 16), (40, 16)],
)
def test_burners_required(persons: int, required: int) -> None:
    enough = judge("snf", Metric.BURNERS, persons=persons, burners=required)
    short = judge("snf", Metric.BURNERS, persons=persons, burners=required - 1)
    assert enough.threshold == required
    assert enough.passed is True
    assert short.passed is False


def test_burners_display() -> None:
    assert judge("snf", Metric.BURNERS, persons=12, burners=5).display() == "5 burners ≥ 6"


def test_burners_need_the_number_of_persons() -> None:
    verdict = judge("snf", Metric.BURNERS, burners=6)
    assert verdict.passed is None
    assert verdict.missing == (MeasureKey.PERSONS,)
    assert verdict.threshold is None
    assert verdict.display() == "6 burners ≥ ?"


# --- bedrooms, fridge, sockets, walkable floor ---------------------------------------------------


def test_three_persons_in_one_bedroom_fail_akf() -> None:
    verdict = judge("akf", Metric.PERSONS_PER_BEDROOM, max_persons_in_a_bedroom=3)
    assert verdict.passed is False
    assert verdict.display() == "3 p/bedroom ≤ 2"
    assert judge("akf", Metric.PERSONS_PER_BEDROOM, max_persons_in_a_bedroom=2).passed is True


def test_one_bedroom_per_person_applies_only_in_high_risk_sectors() -> None:
    high = judge("covid-2020", Metric.PERSONS_PER_BEDROOM, context(high_risk=True), max_persons_in_a_bedroom=2)
    low = judge("covid-2020", Metric.PERSONS_PER_BEDROOM, context(high_risk=False), max_persons_in_a_bedroom=2)
    assert (high.threshold, high.passed) == (1, False)
    assert not low.applies and low.passed is None


def test_fridge_30_litres_per_person() -> None:
    assert judge("snf", Metric.FRIDGE_LITRES_PER_PERSON, persons=4, fridge_litres=120).passed is True
    failed = judge("snf", Metric.FRIDGE_LITRES_PER_PERSON, persons=4, fridge_litres=119)
    assert failed.passed is False
    assert failed.display() == "29.8 l/p ≥ 30"
    # 29.75 rounds half up to 29.8 as by hand; 29.96 would not round up across the threshold:
    assert judge("snf", Metric.FRIDGE_LITRES_PER_PERSON, persons=25, fridge_litres=749).display() == "29.9 l/p ≥ 30"


def test_sockets_one_per_resident_from_2021_06_01() -> None:
    assert judge("snf", Metric.SOCKETS_PER_RESIDENT, persons=6, sockets=6).passed is True
    assert judge("snf", Metric.SOCKETS_PER_RESIDENT, persons=6, sockets=5).passed is False
    before = judge("snf", Metric.SOCKETS_PER_RESIDENT, context(on_date=dt.date(2021, 5, 31)), persons=6, sockets=0)
    assert not before.applies


def test_walkable_floor_3_m2_per_person() -> None:
    assert judge("akf", Metric.WALKABLE_FLOOR_PER_PERSON, persons=4, walkable_floor_m2=12).passed is True
    assert judge("akf", Metric.WALKABLE_FLOOR_PER_PERSON, persons=4, walkable_floor_m2=11.9).passed is False


# --- missing and degenerate figures --------------------------------------------------------------


def test_missing_measurement_gives_no_verdict_and_names_it() -> None:
    verdict = judge("snf", Metric.LIVING_AREA_PER_PERSON, persons=9)
    assert verdict.passed is None
    assert verdict.figure is None
    assert verdict.missing == ("living_area_m2",)
    assert verdict.threshold == 10  # the threshold is known even when the figure is not
    assert verdict.display() == "? m²/p ≥ 10"
    assert verdict.mark == "?"


def test_all_missing_measurements_are_listed() -> None:
    verdict = judge("snf", Metric.PERSONS_PER_TOILET)
    assert verdict.missing == (MeasureKey.PERSONS, MeasureKey.TOILETS)


def test_zero_persons_is_not_judged() -> None:
    verdict = judge("snf", Metric.LIVING_AREA_PER_PERSON, persons=0, living_area_m2=50)
    assert verdict.passed is None
    assert verdict.reason is not None and "no persons" in verdict.reason


def test_display_never_rounds_across_the_threshold() -> None:
    # 9.96 m² per person fails ≥ 10; rounding to nearest would show a misleading "10.0".
    verdict = judge("snf", Metric.LIVING_AREA_PER_PERSON, persons=25, living_area_m2=249)
    assert verdict.passed is False
    assert verdict.display() == "9.9 m²/p ≥ 10"


def test_verdict_names_the_norm() -> None:
    verdict = judge("snf", Metric.LIVING_AREA_PER_PERSON, context(housing_type="a"), persons=1, living_area_m2=20)
    assert verdict.norm == "SNF 2021, ruimte en privacy [V]"


# --- items, compare ---------------------------------------------------------------------------


def test_evaluate_item_only_for_items_with_a_rule() -> None:
    snf = load_template("snf")
    measured = Measurements(persons=9, living_area_m2=100)
    assert evaluate_item(snf.item("snf.space.persons"), measured, context()) is None
    verdict = evaluate_item(snf.item("snf.space.living_area_pp"), measured, context())
    assert verdict is not None and verdict.passed is True


def test_measurements_from_answers_follow_the_measure_keys() -> None:
    snf = load_template("snf")
    answers = {"snf.space.persons": 9, "snf.space.living_area": 100.0, "snf.sanitary.toilets": None}
    measured = Measurements.from_answers(snf.items, answers)
    assert measured == Measurements(persons=9, living_area_m2=100)


def test_measurements_fields_are_the_measure_keys() -> None:
    assert set(Measurements.model_fields) == {key.value for key in MeasureKey}


def test_every_metric_has_a_unit() -> None:
    assert all(metric_unit(metric) for metric in Metric)


def test_compare_shows_snf_and_akf_side_by_side() -> None:
    templates = [load_template("snf"), load_template("akf")]
    measured = Measurements(persons=9, living_area_m2=100, max_persons_in_a_bedroom=2)
    comparisons = {c.metric: c for c in compare(templates, measured, context())}
    # Only metrics ruled by both templates are compared.
    assert set(comparisons) == {Metric.LIVING_AREA_PER_PERSON}
    living = comparisons[Metric.LIVING_AREA_PER_PERSON]
    assert living.differs is True
    assert list(living.verdicts) == ["snf", "akf"]
    assert format_side_by_side(living) == "11.1 m²/p — SNF ≥ 10 ✓ · AKF ≥ 13 ✗"


def test_compare_reports_agreement_and_not_applicable() -> None:
    templates = [load_template("snf"), load_template("akf"), load_template("covid-2020")]
    measured = Measurements(persons=4, living_area_m2=80, max_persons_in_a_bedroom=2)
    comparisons = {c.metric: c for c in compare(templates, measured, context(high_risk=False))}
    assert comparisons[Metric.LIVING_AREA_PER_PERSON].differs is False
    bedroom = comparisons[Metric.PERSONS_PER_BEDROOM]
    assert bedroom.differs is False  # COVID rule does not apply outside high-risk sectors
    assert format_side_by_side(bedroom) == "2 p/bedroom — AKF ≤ 2 ✓ · COVID-2020 n/a"

    high_risk = {c.metric: c for c in compare(templates, measured, context(high_risk=True))}
    assert high_risk[Metric.PERSONS_PER_BEDROOM].differs is True
    assert format_side_by_side(high_risk[Metric.PERSONS_PER_BEDROOM]) == "2 p/bedroom — AKF ≤ 2 ✓ · COVID-2020 ≤ 1 ✗"


def test_compare_after_2026_uses_the_new_akf_threshold() -> None:
    templates = [load_template("snf"), load_template("akf")]
    measured = Measurements(persons=1, living_area_m2=14)
    (living,) = compare(templates, measured, context(on_date=NEXT_YEAR))
    assert format_side_by_side(living) == "14 m²/p — SNF ≥ 10 ✓ · AKF ≥ 15 ✗"


def test_select_threshold_picks_the_first_that_applies() -> None:
    living = rule("snf", Metric.LIVING_AREA_PER_PERSON)
    chosen = select_threshold(living, context(housing_type="a"))
    assert chosen is not None and chosen.value == 12


# --- properties ------------------------------------------------------------------------------

ContextCase = st.builds(
    SiteContext,
    on_date=st.dates(dt.date(2024, 8, 15), dt.date(2030, 12, 31)),  # SNF and AKF both in force
    housing_type=st.sampled_from(list(HousingType)),
    akf_category=st.just(AkfCategory.YEAR_ROUND),
    zoned_residential=st.booleans(),
)


@given(
    template_id=st.sampled_from(["snf", "akf"]),
    ctx=ContextCase,
    persons=st.integers(1, 200),
    area=st.floats(0, 5000, allow_nan=False),
    extra=st.floats(0, 500, allow_nan=False),
)
def test_more_area_never_turns_a_pass_into_a_fail(
    template_id: str, ctx: SiteContext, persons: int, area: float, extra: float
) -> None:
    living = rule(template_id, Metric.LIVING_AREA_PER_PERSON)
    smaller = evaluate(living, Measurements(persons=persons, living_area_m2=area), ctx)
    larger = evaluate(living, Measurements(persons=persons, living_area_m2=area + extra), ctx)
    assert smaller.passed is not None and larger.passed is not None
    assert larger.passed >= smaller.passed


@given(ctx=ContextCase, persons=st.integers(1, 200), area=st.floats(0, 5000, allow_nan=False))
def test_shown_figure_agrees_with_the_verdict(ctx: SiteContext, persons: int, area: float) -> None:
    verdict = evaluate(
        rule("snf", Metric.LIVING_AREA_PER_PERSON), Measurements(persons=persons, living_area_m2=area), ctx
    )
    match = re.fullmatch(r"([\d.]+) m²/p ≥ ([\d.]+)", verdict.display())
    assert match is not None, verdict.display()
    shown, limit = (float(group) for group in match.groups())
    assert (shown >= limit) is verdict.passed


def test_templates_share_one_rule_per_metric() -> None:
    for template_id in ("snf", "akf", "covid-2020"):
        template: ChecklistTemplate = load_template(template_id)
        metrics = [item.rule.metric for item in template.items if item.rule is not None]
        assert len(metrics) == len(set(metrics))
