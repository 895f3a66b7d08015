"""A finding's unit is named as its verdict lines name it, in the export, the report and the detail
pane, and keeps its own figure once signed, whatever units join the site later."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.domain.enums import Severity, SnfHousingType, UnitKind
from inspect_tui.domain.models import Site, Unit
from inspect_tui.reports.collect import build_report
from inspect_tui.reports.findings import query_findings
from inspect_tui.store import workflow as wf
from inspect_tui.store.queries import finding_detail
from tests.helpers.checklist import answer_required
from tests.unit.test_dwellings import MONDAY, people, site_of, unit


def _park(db: Database) -> tuple[Site, list[Unit]]:
    site = site_of(db, SnfHousingType.HOLIDAY_PARK)
    rooms = []
    for caravan, label, area in (("Caravan A", "Slaapkamer 1", 6.0), ("Caravan B", "Slaapkamer 2", 5.0)):
        home = unit(
            db,
            site,
            caravan,
            UnitKind.CARAVAN,
            floor_area_m2=60.0,
            toilets=1,
            showers=1,
            burners=4,
            fridge_litres=200.0,
            sockets=10,
        )
        rooms.append(unit(db, site, label, UnitKind.BEDROOM, home, floor_area_m2=area))
        people(db, rooms[-1], 2)
    return site, rooms


def test_signed_findings_export_keeps_the_signed_unit_name_and_figure(db: Database) -> None:
    site, rooms = _park(db)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    wf.add_finding(
        db, inspection.id, Severity.MAJOR, "Kamer te klein", item_id="snf.space.bedroom_area_pp", unit_id=rooms[0].id
    )
    answer_required(db, inspection.id, day="2026-11-16")
    wf.complete(db, inspection.id, "J. de Vries", now=MONDAY)
    [row] = query_findings(db, MONDAY.date())
    assert (row.unit, row.figure) == ("Slaapkamer 1", 3.0)
    # After signing, a new caravan with its own "Slaapkamer 1" joins the park.
    home = unit(db, site, "Caravan C", UnitKind.CARAVAN, floor_area_m2=60.0)
    unit(db, site, "Slaapkamer 1", UnitKind.BEDROOM, home, floor_area_m2=12.0)
    signed = wf.answers_by_item(db, inspection.id)["snf.space.bedroom_area_pp"]
    assert "Slaapkamer 1: 3 m²/p < 3.5" in (signed.units or "")  # the signed lines are unchanged
    [row] = query_findings(db, MONDAY.date())
    # The signed finding is still on Caravan A's Slaapkamer 1, whose signed line says 3 m²/p: the
    # export named it with its caravan and gave it Slaapkamer 2's 2.5 (the worst unit's figure).
    assert (row.unit, row.figure) == ("Caravan A / Slaapkamer 1", 3.0)


def _two_slaapkamers_1(db: Database) -> tuple[str, list[Unit]]:
    """A park where Caravan A and Caravan B each have a "Slaapkamer 1" (5 and 6 m², two persons each);
    the inspection's id and the two bedrooms."""
    site = site_of(db, SnfHousingType.HOLIDAY_PARK)
    bedrooms = []
    for caravan, area in (("Caravan A", 5.0), ("Caravan B", 6.0)):
        home = unit(db, site, caravan, UnitKind.CARAVAN, floor_area_m2=40.0, toilets=1, showers=1)
        bedrooms.append(unit(db, site, "Slaapkamer 1", UnitKind.BEDROOM, home, floor_area_m2=area))
        people(db, bedrooms[-1], 2)
    return wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY).id, bedrooms


def test_units_with_the_same_label_are_named_with_their_dwelling_in_lines_and_exports(db: Database) -> None:
    # The line read "Slaapkamer 1: 2.5 m²/p < 3.5; Slaapkamer 1: 3 m²/p < 3.5", and a finding on
    # Caravan B's bedroom was exported with 2.5.
    inspection_id, bedrooms = _two_slaapkamers_1(db)
    found = wf.answers_by_item(db, inspection_id)["snf.space.bedroom_area_pp"]
    assert found.units == (
        "2 of 2 bedrooms fail\nCaravan A / Slaapkamer 1: 2.5 m²/p < 3.5\nCaravan B / Slaapkamer 1: 3 m²/p < 3.5"
    )
    wf.add_finding(
        db, inspection_id, Severity.MAJOR, "Kamer te klein", item_id="snf.space.bedroom_area_pp", unit_id=bedrooms[1].id
    )
    [row] = query_findings(db, MONDAY.date())
    assert (row.unit, row.figure) == ("Caravan B / Slaapkamer 1", 3.0)


def test_report_names_a_findings_unit_as_its_verdict_line_and_the_export_do(db: Database) -> None:
    inspection_id, bedrooms = _two_slaapkamers_1(db)
    finding = wf.add_finding(
        db, inspection_id, Severity.MAJOR, "Kamer te klein", item_id="snf.space.bedroom_area_pp", unit_id=bedrooms[1].id
    )
    [row] = query_findings(db, MONDAY.date())
    assert row.unit == "Caravan B / Slaapkamer 1"
    detail = finding_detail(db, finding.id)
    assert detail is not None and detail.unit_label == row.unit  # the review screen's detail pane
    [reported] = build_report(db, inspection_id).findings
    assert reported.unit == row.unit  # the report said just "Slaapkamer 1": which caravan?


def test_a_bedroom_in_a_studio_and_one_beside_it_are_told_apart_by_their_path(db: Database) -> None:
    """Both were "Huis / Slaapkamer 1": the line failed the house's bedroom for the studio's 3 persons."""
    site = site_of(db, SnfHousingType.REGULAR_DWELLING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=84.0, toilets=1, showers=1)
    beside = unit(db, site, "Slaapkamer 1", UnitKind.BEDROOM, house, floor_area_m2=7.0)
    people(db, beside, 2)
    studio = unit(db, site, "Studio", UnitKind.ROOM, house, floor_area_m2=20.0)
    inside = unit(db, site, "Slaapkamer 1", UnitKind.BEDROOM, studio, floor_area_m2=9.0)
    people(db, inside, 3)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    lines = wf.answers_by_item(db, inspection.id)["snf.space.bedroom_area_pp"].units or ""
    assert lines == "1 of 2 bedrooms fail\nHuis / Studio / Slaapkamer 1: 3 m²/p < 3.5", lines
    wf.add_finding(db, inspection.id, Severity.MINOR, "Krap", item_id="snf.space.bedroom_area_pp", unit_id=inside.id)
    [row] = query_findings(db, MONDAY.date())
    assert row.unit == "Huis / Studio / Slaapkamer 1"


def test_names_are_unique_even_where_paths_are_the_same() -> None:
    from inspect_tui.domain.unit_names import shown_names

    units = [
        ("a1", "Caravan A", "caravan", None),
        ("a2", "Caravan A", "caravan", None),
        ("k1", "Kamer", "bedroom", "a1"),
        ("k2", "Kamer", "bedroom", "a2"),
        ("x9", "Kamer", "bedroom", "a1"),
        ("loop", "Zolder", "room", "loop"),
    ]
    names = shown_names(units)
    assert len(set(names.values())) == len(units), names
    assert names["a1"] == "Caravan A (#a1)" and names["loop"] == "Zolder"
    # the caravans share their label too: the path says nothing more, the id does
    assert [names[k] for k in ("k1", "k2", "x9")] == [f"Caravan A / Kamer (#{k})" for k in ("k1", "k2", "x9")]
