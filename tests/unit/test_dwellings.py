"""Verdicts per dwelling and per bedroom, hand-worked (NORMS.md, "The unit of judgment")."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlite_utils import Database

from inspect_tui.domain.enums import AnswerVerdict, Sector, SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import StoreError, save
from inspect_tui.store import workflow as wf
from inspect_tui.store.dwelling_figures import dwellings
from inspect_tui.store.occupancy import occupancy

MONDAY = dt.datetime(2026, 11, 16, 9, 0)


def site_of(
    db: Database, housing_type: SnfHousingType | None = SnfHousingType.HOTEL_OR_PENSION, **values: object
) -> Site:
    site = Site(name="Testlocatie", housing_type=housing_type, **values)  # type: ignore[arg-type]
    save(db, site)
    return site


def unit(db: Database, site: Site, label: str, kind: UnitKind, parent: Unit | None = None, **values: object) -> Unit:
    record = Unit(site_id=site.id, label=label, kind=kind, parent_id=parent.id if parent else None, **values)  # type: ignore[arg-type]
    save(db, record)
    return record


def people(db: Database, where: Unit, count: int) -> list[Occupant]:
    persons = [Occupant(unit_id=where.id, name=f"{where.label} bewoner {n}") for n in range(count)]
    for person in persons:
        save(db, person)
    return persons


def couple(db: Database, where: Unit) -> None:
    first = Occupant(unit_id=where.id, name="Partner A")
    second = Occupant(unit_id=where.id, name="Partner B", couple_with=first.id)
    save(db, first)
    save(db, second)
    save(db, first.model_copy(update={"couple_with": second.id}))


def judged(
    db: Database, site: Site, templates: list[str], item_id: str
) -> tuple[str | None, AnswerVerdict, str | None]:
    inspection = wf.start_inspection(db, site.id, templates, "J. de Vries", now=MONDAY)
    found = wf.answers_by_item(db, inspection.id)[item_id]
    return found.value, found.verdict, found.units


def farmhouse(db: Database) -> Site:
    """Hoeve Lindelust: 12 persons in a 61.5 m² house; Slaapkamer 3 holds 3 persons in 8.0 m²."""
    site = site_of(db, SnfHousingType.REGULAR_DWELLING, sector=Sector.AGRICULTURE)
    house = unit(db, site, "Boerderij", UnitKind.BUILDING, floor_area_m2=161.5, toilets=2, showers=2)
    for label, area, persons in (
        ("Slaapkamer 1", 12.0, 3),
        ("Slaapkamer 2", 14.0, 3),
        ("Slaapkamer 3", 8.0, 3),
        ("Slaapkamer 4", 27.5, 3),
    ):
        people(db, unit(db, site, label, UnitKind.BEDROOM, house, floor_area_m2=area, beds=3), persons)
    return site


def test_a_failing_bedroom_fails_in_a_house_whose_total_passes(db: Database) -> None:
    # Site total: 61.5 m² of bedrooms for 12 persons = 5.1 m²/p, which would pass 3.5.
    value, verdict, units = judged(db, farmhouse(db), ["snf"], "snf.space.bedroom_area_pp")
    assert (value, verdict) == ("no", AnswerVerdict.FAIL)
    assert units == "1 of 4 bedrooms fail\nSlaapkamer 3: 2.7 m²/p < 3.5"


def test_the_failing_units_figure_is_the_answers_figure(db: Database) -> None:
    site = farmhouse(db)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    answer = wf.answers_by_item(db, inspection.id)["snf.space.bedroom_area_pp"]
    assert answer.figure == pytest.approx(8.0 / 3)
    assert answer.judged_by is not None and answer.judged_by.startswith("snf 2021.2: SNF")
    line = wf.side_by_side(db, inspection.id, "snf.space.bedroom_area_pp")
    assert line == "1 of 4 bedrooms fail: Slaapkamer 3: 2.7 m²/p < 3.5 — certification norm"


def holiday_park(db: Database) -> Site:
    """De Wilgenhoek: 18 persons over 22 caravans of 24 m², 12 empty; Caravan 1 holds 6."""
    site = site_of(db, SnfHousingType.HOLIDAY_PARK, sector=Sector.HORTICULTURE)
    loads = [6, 2, 2, 2, 1, 1, 1, 1, 1, 1] + [0] * 12
    for number, persons in enumerate(loads, start=1):
        caravan = unit(db, site, f"Caravan {number}", UnitKind.CARAVAN, floor_area_m2=24.0, toilets=1, showers=1)
        people(db, caravan, persons)
    return site


def test_an_overcrowded_caravan_fails_however_many_are_empty(db: Database) -> None:
    # Site total: 528 m² for 18 persons = 29.3 m²/p; Caravan 1 has 4 m²/p.
    value, verdict, units = judged(db, holiday_park(db), ["snf"], "snf.space.living_area_pp")
    assert (value, verdict) == ("no", AnswerVerdict.FAIL)
    assert units == "1 of 10 dwellings fail\nCaravan 1: 4 m²/p < 10"


def test_empty_caravans_are_not_judged(db: Database) -> None:
    # 22 toilets for 18 persons would be 0.8 p/toilet; per caravan at most 6 per toilet, which passes.
    value, verdict, units = judged(db, holiday_park(db), ["snf"], "snf.sanitary.toilets_pp")
    assert (value, verdict, units) == (
        "yes",
        AnswerVerdict.PASS,
        "all 10 dwellings pass (closest: Caravan 1: 6 p/toilet ≤ 8)",
    )


def house_and_caravan(db: Database, caravan_persons: int = 2) -> tuple[Site, Unit, Unit]:
    """A house of 100 m² with two bedrooms (2 persons each) and a separate caravan of 18 m²."""
    site = site_of(db, SnfHousingType.REGULAR_DWELLING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=100.0, toilets=1, showers=1, registered_persons=4)
    for label in ("Slaapkamer 1", "Slaapkamer 2"):
        people(db, unit(db, site, label, UnitKind.BEDROOM, house, floor_area_m2=10.0, beds=2), 2)
    caravan = unit(db, site, "Caravan", UnitKind.CARAVAN, floor_area_m2=18.0)
    people(db, caravan, caravan_persons)
    return site, house, caravan


def test_a_house_and_a_caravan_are_two_dwellings(db: Database) -> None:
    site, _, _ = house_and_caravan(db)
    figures = {d.label: (d.persons, d.living_area_m2, d.toilets) for d in dwellings(db, site.id)}
    # Never 118 m² of living area, never the house's toilet counted for the caravan.
    assert figures == {"Huis": (4, 100.0, 1), "Caravan": (2, 18.0, None)}
    value, verdict, units = judged(db, site, ["snf"], "snf.space.living_area_pp")
    # Huis 25 m²/p passes; the caravan's 9 m²/p fails type a's 12.
    assert (value, verdict, units) == ("no", AnswerVerdict.FAIL, "1 of 2 dwellings fail\nCaravan: 9 m²/p < 12")


def test_a_dwelling_without_its_own_toilet_count_is_undecided_not_given_the_houses(db: Database) -> None:
    site, _, _ = house_and_caravan(db)
    value, verdict, units = judged(db, site, ["snf"], "snf.sanitary.toilets_pp")
    assert (value, verdict) == (None, AnswerVerdict.UNKNOWN)
    assert units == "1 of 2 dwellings undecided\nCaravan: undecided — record the toilets of Caravan"


def test_a_building_shows_the_persons_of_its_bedrooms_and_no_false_register_flag(db: Database) -> None:
    site, house, _ = house_and_caravan(db)
    rows = {u.label: u for u in occupancy(db, site.id)}
    assert rows["Huis"].persons == 4 and rows["Huis"].own_persons == 0
    assert "register_mismatch" not in rows["Huis"].flags  # the register says 4 for the building
    save(db, house.model_copy(update={"registered_persons": 5}))
    rows = {u.label: u for u in occupancy(db, site.id)}
    assert "register_mismatch" in rows["Huis"].flags  # a real difference is still flagged


def test_two_dwellings_one_failing_names_only_that_one(db: Database) -> None:
    site = site_of(db, SnfHousingType.HOTEL_OR_PENSION)
    good = unit(db, site, "Chalet 1", UnitKind.BUILDING, floor_area_m2=40.0, toilets=1, showers=1)
    bad = unit(db, site, "Chalet 2", UnitKind.BUILDING, floor_area_m2=40.0, toilets=1, showers=1)
    people(db, good, 2)
    people(db, bad, 9)  # 9 persons on one toilet
    value, verdict, units = judged(db, site, ["snf"], "snf.sanitary.toilets_pp")
    assert (value, verdict, units) == ("no", AnswerVerdict.FAIL, "1 of 2 dwellings fail\nChalet 2: 9 p/toilet > 8")


def test_a_bedroom_at_exactly_3_5_m2_per_person_passes(db: Database) -> None:
    site = site_of(db, SnfHousingType.REGULAR_DWELLING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=60.0, toilets=1, showers=1)
    people(db, unit(db, site, "Slaapkamer", UnitKind.BEDROOM, house, floor_area_m2=7.0), 2)
    value, verdict, units = judged(db, site, ["snf"], "snf.space.bedroom_area_pp")
    assert (value, verdict, units) == ("yes", AnswerVerdict.PASS, "Slaapkamer: 3.5 m²/p ≥ 3.5")


def test_a_couple_may_share_a_bedroom_in_a_high_risk_sector(db: Database) -> None:
    site = site_of(db, SnfHousingType.REGULAR_DWELLING, sector=Sector.MEAT_PROCESSING)  # high-risk by the table
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=60.0)
    couple(db, unit(db, site, "Slaapkamer 1", UnitKind.BEDROOM, house, floor_area_m2=9.0))
    people(db, unit(db, site, "Slaapkamer 2", UnitKind.BEDROOM, house, floor_area_m2=9.0), 1)
    value, verdict, units = judged(db, site, ["covid-2020"], "covid-2020.housing.one_per_bedroom")
    assert (value, verdict, units) == (
        "yes",
        AnswerVerdict.PASS,
        "all 2 bedrooms pass (closest: Slaapkamer 1: 1 p/bedroom ≤ 1)",
    )


def test_two_strangers_sharing_a_bedroom_in_a_high_risk_sector_is_advice(db: Database) -> None:
    site = site_of(db, SnfHousingType.REGULAR_DWELLING, sector=Sector.MEAT_PROCESSING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=60.0)
    people(db, unit(db, site, "Slaapkamer 1", UnitKind.BEDROOM, house, floor_area_m2=9.0), 2)
    inspection = wf.start_inspection(db, site.id, ["covid-2020"], "J. de Vries", now=MONDAY)
    answer = wf.answers_by_item(db, inspection.id)["covid-2020.housing.one_per_bedroom"]
    assert (answer.verdict, answer.units) == (
        AnswerVerdict.FAIL,
        "the one bedroom fails\nSlaapkamer 1: 2 p/bedroom > 1",
    )
    line = wf.side_by_side(db, inspection.id, "covid-2020.housing.one_per_bedroom")
    assert line is not None and line.endswith(" — recommendation")


def test_the_site_can_override_the_sector_default(db: Database) -> None:
    site = site_of(db, SnfHousingType.REGULAR_DWELLING, sector=Sector.MEAT_PROCESSING, high_risk=False)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=60.0)
    people(db, unit(db, site, "Slaapkamer 1", UnitKind.BEDROOM, house, floor_area_m2=9.0), 2)
    value, verdict, _ = judged(db, site, ["covid-2020"], "covid-2020.housing.one_per_bedroom")
    assert (value, verdict) == ("n.a.", AnswerVerdict.NOT_APPLICABLE)
    other = site_of(db, SnfHousingType.REGULAR_DWELLING, sector=Sector.DISTRIBUTION, high_risk=True)
    room = unit(db, other, "Kamer", UnitKind.ROOM, floor_area_m2=20.0)
    people(db, room, 2)
    assert judged(db, other, ["covid-2020"], "covid-2020.housing.one_per_bedroom")[1] is AnswerVerdict.FAIL


def test_a_site_without_units_is_judged_on_typed_figures_marked_site_level(db: Database) -> None:
    site = site_of(db, SnfHousingType.HOTEL_OR_PENSION)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    wf.answer_item(db, inspection.id, "snf.space.persons", "9")
    wf.answer_item(db, inspection.id, "snf.space.living_area", "100")
    answer = wf.answers_by_item(db, inspection.id)["snf.space.living_area_pp"]
    assert (answer.verdict, answer.units) == (AnswerVerdict.PASS, "site-level figure (typed): 11.1 m²/p ≥ 10 ✓")


def test_a_missing_housing_type_is_undecided_and_listed_when_completing(db: Database) -> None:
    site = site_of(db, None)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=100.0, toilets=1, showers=1)
    people(db, house, 9)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    answer = wf.answers_by_item(db, inspection.id)["snf.space.living_area_pp"]
    assert (answer.value, answer.verdict) == (None, AnswerVerdict.UNKNOWN)
    assert answer.units == "undecided — set the housing type"
    assert "snf.space.living_area_pp" in wf.progress(db, inspection.id).missing_required
    with pytest.raises(StoreError, match="set the housing type"):
        wf.complete(db, inspection.id, "J. de Vries")
