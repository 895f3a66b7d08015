"""A Dutch verdict line gives figures a decimal comma and leaves units' labels as written: the
units table said "Kamer 3.10", the line "Kamer 3,10: 3,4 m²/p < 3,5" (another room, to a reader)."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from inspect_tui.domain.enums import SnfHousingType, UnitKind
from inspect_tui.i18n import localise_figures, using
from inspect_tui.reports import build_report
from inspect_tui.store import workflow as wf
from tests.unit.test_dwellings import MONDAY, people, site_of, unit


@pytest.mark.parametrize(
    ("english", "dutch"),
    [
        ("Kamer 3.10: 3.4 m²/p < 3.5", "Kamer 3.10: 3,4 m²/p < 3,5"),
        ("Chalet 1.5: undecided — record the bedrooms of Chalet 1.5", None),
        ("11.1 m²/p — SNF ≥ 12 ✗ · AKF ≥ 13.5 ✗", "11,1 m²/p — SNF ≥ 12 ✗ · AKF ≥ 13,5 ✗"),
        ("(closest: Kamer 2: 3.5 m²/p ≥ 3.5)", "(closest: Kamer 2: 3,5 m²/p ≥ 3,5)"),
        ("Caravan 1.5 24.5 m²", "Caravan 1.5 24,5 m²"),
        ("2.5 p/bedroom > 2", "2,5 p/slaapkamer > 2"),
        ("snf 2021.2 v2021.1", None),
    ],
)
def test_figures_get_a_comma_labels_and_versions_keep_their_point(english: str, dutch: str | None) -> None:
    assert localise_figures(english, lang="nl") == (dutch or english)


def test_a_dutch_report_names_a_unit_as_it_was_labelled(db: Database) -> None:
    site = site_of(db, SnfHousingType.REGULAR_DWELLING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=80.0, toilets=1, showers=1)
    room = unit(db, site, "Kamer 3.10", UnitKind.BEDROOM, house, floor_area_m2=6.8)
    people(db, room, 2)
    inspection_id = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY).id
    with using("nl"):
        report = build_report(db, inspection_id, lang="nl")
    items = {i.item_id: i for t in report.templates for s in t.sections for i in s.items}
    assert "Kamer 3.10: 3,4 m²/p < 3,5" in (items["snf.space.bedroom_area_pp"].comparison or "")


def test_a_figure_is_never_rounded_across_the_other_norms_limit_shown_beside_it(db: Database) -> None:
    """14.96 m²/p read "15 m²/p ≥ 12 — certification norm · AKF ≥ 15 ✗", and 11.995 m²/p was 11.9 in
    the SNF line but 12 in the AKF line of the same caravan."""
    from inspect_tui.domain.enums import AkfCategory

    site = site_of(db, SnfHousingType.REGULAR_DWELLING, akf_category=AkfCategory.YEAR_ROUND)
    for label, area in (("Caravan A", 23.99), ("Caravan B", 29.92)):
        caravan = unit(db, site, label, UnitKind.BUILDING, floor_area_m2=area, toilets=1, showers=1)
        people(db, caravan, 2)
    inspection = wf.start_inspection(db, site.id, ["snf", "akf"], "J. de Vries", now=MONDAY)
    answers = wf.answers_by_item(db, inspection.id)
    snf = answers["snf.space.living_area_pp"].units or ""
    akf = answers["akf.space.living_area_pp"].units or ""
    assert "Caravan A: 11.9 m²/p < 12" in snf and "Caravan A: 11.9 m²/p < 15" in akf, (snf, akf)
    assert "Caravan B: 14.9 m²/p < 15" in akf, akf
    lines = wf.side_by_side_lines(db, inspection)
    assert "15 m²/p" not in lines["snf.space.living_area_pp"], lines["snf.space.living_area_pp"]


def test_a_date_in_a_norms_name_is_written_as_every_date_is() -> None:
    """The COVID items' source read "Kamerbrief 2020-07-03" in a Dutch report."""
    from inspect_tui.checklists import load_template

    labels = {item.source.label for item in load_template("covid-2020").items}
    assert labels and all("2020-07-03" not in label for label in labels)
    assert any(label.startswith("Kamerbrief 03-07-2020, ") for label in labels)
    from inspect_tui.checklists.verdict_lines import report_texts

    item = load_template("covid-2020").items[0]
    stored = "covid-2020 2020.2: Kamerbrief 2020-07-03, aanbeveling 1.1 [V]"  # signed before this
    shown = report_texts(item, "Kamer 4: 2 p/bedroom > 1", stored, None, False, None).judged_by
    assert shown == "covid-2020 2020.2: Kamerbrief 03-07-2020, aanbeveling 1.1 [V]"
