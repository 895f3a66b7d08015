"""Verdicts that turned on how the records were kept rather than on the figures: the order the
units were listed in, a grouping unit, an empty caravan beside the one occupied, a former partner,
a count typed on site. Each test is an input that gave a wrong verdict, worked out by hand
(NORMS.md, "The unit of judgment")."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.checklists.verdict_words import shown_line
from inspect_tui.domain.enums import AnswerVerdict, Sector, SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant
from inspect_tui.domain.numbers import exact_sum
from inspect_tui.i18n import using
from inspect_tui.store import get
from inspect_tui.store import workflow as wf
from inspect_tui.store.dwelling_figures import dwellings
from tests.unit.test_dwellings import MONDAY, judged, people, site_of, unit


def test_litres_summed_as_written_pass_at_exactly_30_whatever_the_order(db: Database) -> None:
    # 20.4 + 43.8 + 25.8 = 90 l for 3 persons = 30 l/p: a pass. Added as binary floats in this
    # order it was 89.99999999999999 (29.9 l/p, a fail); renaming a room changed the order and the verdict.
    site = site_of(db, SnfHousingType.REGULAR_DWELLING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=100.0, burners=4, sockets=10, fridge_litres=20.4)
    first = unit(db, site, "Kamer A", UnitKind.BEDROOM, house, floor_area_m2=12.0, fridge_litres=43.8)
    second = unit(db, site, "Kamer B", UnitKind.BEDROOM, house, floor_area_m2=12.0, fridge_litres=25.8)
    people(db, first, 2)
    people(db, second, 1)
    assert dwellings(db, site.id)[0].fridge_litres == 90.0
    assert judged(db, site, ["snf"], "snf.facilities.fridge_pp") == ("yes", AnswerVerdict.PASS, "Huis: 30 l/p ≥ 30")
    assert exact_sum([43.8, 25.8, 20.4]) == exact_sum([20.4, 43.8, 25.8]) == 90.0


def test_a_figure_exactly_on_a_limit_that_binary_cannot_hold_is_on_the_limit(db: Database) -> None:
    # 8.1 m² of bedroom for 3 persons is 2.7 m²/p; 8.1 / 3 in binary is 2.6999999999999997.
    site = site_of(db, SnfHousingType.REGULAR_DWELLING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=100.0)
    people(db, unit(db, site, "Kamer", UnitKind.BEDROOM, house, floor_area_m2=8.1), 3)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    assert wf.answers_by_item(db, inspection.id)["snf.space.bedroom_area_pp"].figure == 2.7


def test_chalets_grouped_under_a_field_are_each_a_dwelling(db: Database) -> None:
    # Chalet 1: 9 persons, 1 toilet = 9 p/toilet, fails 8. Summed into "Veld A" with Chalet 2 it was
    # 10 persons on 2 toilets, a pass that hid it (the field was judged as the one dwelling).
    site = site_of(db, SnfHousingType.HOLIDAY_PARK)
    field = unit(db, site, "Veld A", UnitKind.BUILDING)
    first = unit(db, site, "Chalet 1", UnitKind.BUILDING, field, floor_area_m2=100.0, toilets=1, showers=2)
    second = unit(db, site, "Chalet 2", UnitKind.BUILDING, field, floor_area_m2=30.0, toilets=1, showers=1)
    people(db, first, 9)
    people(db, second, 1)
    figures = {d.label: (d.persons, d.toilets) for d in dwellings(db, site.id)}
    assert figures == {"Veld A": (0, None), "Chalet 1": (9, 1), "Chalet 2": (1, 1)}
    assert judged(db, site, ["snf"], "snf.sanitary.toilets_pp") == (
        "no",
        AnswerVerdict.FAIL,
        "1 of 2 dwellings fail\nChalet 1: 9 p/toilet > 8",
    )


def test_a_figure_typed_for_the_site_is_not_given_to_the_one_occupied_caravan_beside_an_empty_one(
    db: Database,
) -> None:
    # Caravan 1: 20 m² for 3 persons = 6.7 m²/p, fails 10. The 40 m² typed for the site (both
    # caravans) made it 13.3 m²/p, a pass, as long as Caravan 2 stood empty.
    site = site_of(db, SnfHousingType.HOLIDAY_PARK)
    occupied = unit(db, site, "Caravan 1", UnitKind.CARAVAN, floor_area_m2=20.0)
    unit(db, site, "Caravan 2", UnitKind.CARAVAN, floor_area_m2=20.0)
    people(db, occupied, 3)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    wf.answer_item(db, inspection.id, "snf.space.living_area", "40")
    found = wf.answers_by_item(db, inspection.id)["snf.space.living_area_pp"]
    assert (found.value, found.verdict, found.units) == (
        "no",
        AnswerVerdict.FAIL,
        "the one dwelling fails\nCaravan 1: 6.7 m²/p < 10",
    )


def test_a_former_partner_no_longer_points_at_either_of_a_new_couple(db: Database) -> None:
    # B and C were a couple; A is then recorded as B's partner. C's link to B stayed, and saving C
    # later (a phone number) took B back: A and B, alone in their bedroom, were no longer a couple.
    site = site_of(db, SnfHousingType.REGULAR_DWELLING, sector=Sector.MEAT_PROCESSING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=100.0)
    bedroom = unit(db, site, "Slaapkamer 1", UnitKind.BEDROOM, house, floor_area_m2=10.0)
    b = Occupant(unit_id=bedroom.id, name="B")
    wf.save_site_record(db, b)
    c = Occupant(unit_id=bedroom.id, name="C", couple_with=b.id)
    wf.save_site_record(db, c)
    a = Occupant(unit_id=bedroom.id, name="A", couple_with=b.id)
    wf.save_site_record(db, a)
    links = {o.name: o.couple_with for o in (get(db, Occupant, x.id) for x in (a, b, c)) if o is not None}
    assert links == {"A": b.id, "B": a.id, "C": None}
    inspection = wf.start_inspection(db, site.id, ["covid-2020"], "J. de Vries", now=MONDAY)
    changed = get(db, Occupant, c.id)
    assert changed is not None
    wf.save_site_record(db, changed.model_copy(update={"phone": "0612345678"}))
    wf.remove_unit_or_occupant(db, Occupant, c.id)
    found = wf.answers_by_item(db, inspection.id)["covid-2020.housing.one_per_bedroom"]
    assert (found.value, found.verdict) == ("yes", AnswerVerdict.PASS)
    # Naming nobody any more unlinks the partner too.
    partner = get(db, Occupant, a.id)
    assert partner is not None
    wf.save_site_record(db, partner.model_copy(update={"couple_with": None}))
    alone = get(db, Occupant, b.id)
    assert alone is not None and alone.couple_with is None


def test_more_persons_counted_in_one_bedroom_than_recorded_leaves_the_rule_undecided(db: Database) -> None:
    # Every recorded bedroom holds one person, but the inspector counted 3 in one: no pass.
    site = site_of(db, SnfHousingType.REGULAR_DWELLING, sector=Sector.MEAT_PROCESSING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=100.0)
    for n in (1, 2):
        people(db, unit(db, site, f"Slaapkamer {n}", UnitKind.BEDROOM, house, floor_area_m2=12.0), 1)
    inspection = wf.start_inspection(db, site.id, ["covid-2020"], "J. de Vries", now=MONDAY)
    item = "covid-2020.housing.one_per_bedroom"
    assert wf.answers_by_item(db, inspection.id)[item].verdict is AnswerVerdict.PASS
    wf.answer_item(db, inspection.id, "covid-2020.housing.max_in_bedroom", "3")
    found = wf.answers_by_item(db, inspection.id)[item]
    line = "undecided — 3 persons counted in one bedroom, at most 1 recorded in one: record who sleeps where"
    assert (found.value, found.verdict, found.units) == (None, AnswerVerdict.UNKNOWN, line)
    with using("nl"):
        assert "3 personen geteld in één slaapkamer" in shown_line(line)
    wf.answer_item(db, inspection.id, "covid-2020.housing.max_in_bedroom", "1")
    assert wf.answers_by_item(db, inspection.id)[item].verdict is AnswerVerdict.PASS


def test_a_rule_for_high_risk_sectors_says_the_site_is_not_one_not_that_nobody_sleeps(db: Database) -> None:
    site = site_of(db, SnfHousingType.REGULAR_DWELLING, sector=Sector.OTHER)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=100.0)
    people(db, unit(db, site, "Slaapkamer 1", UnitKind.BEDROOM, house, floor_area_m2=12.0), 2)
    value, verdict, units = judged(db, site, ["covid-2020"], "covid-2020.housing.one_per_bedroom")
    assert (value, verdict) == ("n.a.", AnswerVerdict.NOT_APPLICABLE)
    assert units is not None and "no occupied bedroom" not in units and "no high-risk sector" in units
    with using("nl"):
        assert "geen hoogrisicosector" in shown_line(units)


def test_the_other_norms_verdict_beside_an_item_reads_in_the_interface_language(db: Database) -> None:
    # "AKF n.v.t. (no AKF category)" and "SNF ? (undecided — set the housing type)" were shown in
    # the Dutch checklist: the other norm's part of the line was not translated.
    site = site_of(db, SnfHousingType.REGULAR_DWELLING)
    people(db, unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=100.0), 4)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    with using("nl"):
        line = wf.side_by_side_lines(db, inspection)["snf.space.living_area_pp"]
    assert "AKF" in line and "(geen AKF-categorie)" in line and "no AKF category" not in line, line
