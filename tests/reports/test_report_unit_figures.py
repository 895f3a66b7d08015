"""The units table of a report says what the verdict lines say: a figure never rounded across its norm."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.domain.enums import SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.i18n import using
from inspect_tui.reports import build_report
from inspect_tui.reports import content as c
from inspect_tui.store import save
from inspect_tui.store import workflow as wf
from tests.helpers.near_norm import MONDAY, near_norm_house


def test_the_units_table_never_rounds_an_area_per_person_across_the_norm(db: Database) -> None:
    inspection_id = near_norm_house(db).inspection_id
    report = build_report(db, inspection_id)
    items = {i.item_id: i for t in report.templates for s in t.sections for i in s.items}
    assert items["snf.space.living_area_pp"].comparison == "the one dwelling fails: Huis: 11.9 m²/p < 12"
    assert items["snf.space.bedroom_area_pp"].comparison == "1 of 2 bedrooms fail: Kamer 1: 3.4 m²/p < 3.5"
    rows = {u.label: c.unit_cells(u) for u in report.units}
    # Kind, persons, beds, registered, floor area, area per person, persons per bedroom, flags.
    assert rows["Huis"][4:6] == ["119.6", "11.9"]  # was 12, beside "11.9 m²/p < 12"
    assert rows["Kamer 1"][4:6] == ["10.45", "3.4"]  # as measured (was 10.4); 3.48 is below 3.5
    with using("nl"):
        dutch = build_report(db, inspection_id, lang="nl")
        cells = {u.label: c.unit_cells(u) for u in dutch.units}
    assert cells["Huis"][4:6] == ["119,6", "11,9"] and cells["Kamer 1"][4:6] == ["10,45", "3,4"]


def test_a_figure_far_from_its_norm_is_rounded_half_up(db: Database) -> None:
    site = Site(name="Pension", housing_type=SnfHousingType.HOTEL_OR_PENSION)
    save(db, site)
    house = Unit(site_id=site.id, label="Pension", kind=UnitKind.BUILDING, floor_area_m2=100.0)
    save(db, house)
    for number in range(3):
        save(db, Occupant(unit_id=house.id, name=f"Bewoner {number}"))
    report = build_report(db, wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY).id)
    (row,) = report.units
    assert c.unit_cells(row)[5] == "33.3"


def test_a_recorded_area_is_shown_with_every_digit_typed(db: Database) -> None:
    """35.9999999 m² for 3 persons fails 12 m²/p: the table, the site figures and the answer must
    not say 36 m² (which reads as 12 m²/p, a pass) beside "11.9 m²/p < 12"."""
    site = Site(name="Afrondhuis", housing_type=SnfHousingType.REGULAR_DWELLING)
    save(db, site)
    house = Unit(site_id=site.id, label="Woning", kind=UnitKind.BUILDING, floor_area_m2=35.9999999)
    save(db, house)
    bedroom = Unit(site_id=site.id, label="Kamer", kind=UnitKind.BEDROOM, parent_id=house.id, floor_area_m2=21.3)
    save(db, bedroom)
    for number in range(3):
        save(db, Occupant(unit_id=bedroom.id, name=f"Bewoner {number}"))
    inspection_id = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY).id
    with using("nl"):
        report = build_report(db, inspection_id, lang="nl")
        rows = {u.label: c.unit_cells(u) for u in report.units}
    items = {i.item_id: i for t in report.templates for s in t.sections for i in s.items}
    assert items["snf.space.living_area_pp"].comparison is not None
    assert "11,9 m²/p < 12" in items["snf.space.living_area_pp"].comparison
    assert rows["Woning"][4:6] == ["35,9999999", "11,9"]
    assert items["snf.space.living_area"].answer == "35,9999999 m²"
    assert next(m.value for m in report.measurements if m.value.endswith("m²")) == "35,9999999 m²"


def test_plain_figures_keep_typed_digits_and_drop_a_sums_float_noise() -> None:
    from inspect_tui.i18n import format_figure
    from inspect_tui.i18n.formatting import plain_figure
    from inspect_tui.reports.text import measured_text

    assert [plain_figure(v) for v in (35.9999999, 12.1 + 9.2, 100.0, 0.36, -0.0, 1e6)] == [
        "35.9999999",
        "21.3",
        "100",
        "0.36",
        "0",
        "1000000",
    ]
    assert format_figure(6.9999999, lang="nl") == "6,9999999"
    with using("nl"):
        assert measured_text(1400.5) == "1.400,5"
        assert measured_text(None) == "–"


def test_a_signed_report_says_which_units_area_changed_since(db: Database) -> None:
    """The site's total said "281,99 m² (now: 288 m²)", but no unit row said which had changed."""
    from tests.helpers.checklist import answer_required

    site = Site(name="Pension", housing_type=SnfHousingType.HOTEL_OR_PENSION)
    save(db, site)
    house = Unit(site_id=site.id, label="Pension", kind=UnitKind.BUILDING, floor_area_m2=23.99)
    save(db, house)
    for number in range(2):
        save(db, Occupant(unit_id=house.id, name=f"Bewoner {number}"))
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    answer_required(db, inspection.id, day="2026-11-16")
    wf.complete(db, inspection.id, "J. de Vries", now=MONDAY)
    save(db, house.model_copy(update={"floor_area_m2": 30.0}))
    with using("nl"):
        (row,) = build_report(db, inspection.id, lang="nl").units
        assert c.unit_cells(row)[4] == "23,99 (nu: 30)"
    (row,) = build_report(db, inspection.id).units
    assert c.unit_cells(row)[4:6] == ["23.99 (now: 30)", "12"]  # the signed figure judges
