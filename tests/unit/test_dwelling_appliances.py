"""Burners, fridge litres and sockets judged per dwelling from each dwelling's own figures."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from inspect_tui.domain.enums import AnswerVerdict, SnfHousingType, UnitKind
from inspect_tui.domain.models import Unit
from inspect_tui.store import workflow as wf
from inspect_tui.store.dwelling_figures import dwellings
from tests.unit.test_dwellings import MONDAY, judged, people, site_of, unit


def two_dwellings(db: Database, chalet_burners: int | None = 4) -> object:
    """A house (4 persons, 4 burners) and a chalet (10 persons) on one site."""
    site = site_of(db, SnfHousingType.REGULAR_DWELLING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=120.0, burners=4, fridge_litres=200, sockets=8)
    people(db, house, 4)
    chalet = unit(
        db, site, "Chalet", UnitKind.BUILDING, floor_area_m2=130.0, burners=chalet_burners, fridge_litres=250, sockets=9
    )
    people(db, chalet, 10)
    return site


def test_one_of_two_dwellings_fails_on_burners_per_person(db: Database) -> None:
    # Huis: 4 persons need 4 burners, has 4. Chalet: 10 persons need one per 2 = 5, has 4.
    # Site total (8 burners for 14 persons, needs 7) would pass: the chalet must still fail.
    value, verdict, units = judged(db, two_dwellings(db), ["snf"], "snf.facilities.burners_enough")  # type: ignore[arg-type]
    assert (value, verdict) == ("no", AnswerVerdict.FAIL)
    assert units == "1 of 2 dwellings fail\nChalet: 4 burners < 5"


def test_a_dwelling_with_enough_burners_passes_at_exactly_the_limit(db: Database) -> None:
    value, verdict, units = judged(db, two_dwellings(db, 5), ["snf"], "snf.facilities.burners_enough")  # type: ignore[arg-type]
    assert (value, verdict) == ("yes", AnswerVerdict.PASS)
    assert units is not None and units.startswith("all 2 dwellings pass")


def test_fridge_and_sockets_are_the_dwellings_own(db: Database) -> None:
    site = two_dwellings(db)
    # Chalet: 250 l / 10 = 25 l/p < 30; Huis 200 / 4 = 50 l/p passes.
    value, verdict, units = judged(db, site, ["snf"], "snf.facilities.fridge_pp")  # type: ignore[arg-type]
    assert (value, verdict, units) == ("no", AnswerVerdict.FAIL, "1 of 2 dwellings fail\nChalet: 25 l/p < 30")


def test_sockets_fail_in_the_dwelling_with_too_few(db: Database) -> None:
    site = two_dwellings(db)
    # Chalet: 9 sockets for 10 residents = 0.9 < 1; Huis: 8 for 4 passes.
    value, verdict, units = judged(db, site, ["snf"], "snf.facilities.sockets_pp")  # type: ignore[arg-type]
    assert (value, verdict, units) == ("no", AnswerVerdict.FAIL, "1 of 2 dwellings fail\nChalet: 0.9 sockets/p < 1")


def test_a_dwelling_without_a_burner_count_is_undecided_never_the_laxest(db: Database) -> None:
    site = two_dwellings(db, None)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)  # type: ignore[attr-defined]
    # A burner count typed for the whole site cannot be split over two dwellings: it must not decide.
    wf.answer_item(db, inspection.id, "snf.facilities.burners", "20")
    answer = wf.answers_by_item(db, inspection.id)["snf.facilities.burners_enough"]
    assert (answer.value, answer.verdict) == (None, AnswerVerdict.UNKNOWN)
    assert answer.units == "1 of 2 dwellings undecided\nChalet: undecided — record the burners of Chalet"


def test_an_empty_dwelling_without_figures_is_not_asked_for(db: Database) -> None:
    site = two_dwellings(db)
    unit(db, site, "Caravan leeg", UnitKind.CARAVAN, floor_area_m2=20.0)  # type: ignore[arg-type]
    _, verdict, units = judged(db, site, ["snf"], "snf.facilities.burners_enough")  # type: ignore[arg-type]
    assert verdict is AnswerVerdict.FAIL and units is not None and "Caravan leeg" not in units


def test_a_site_without_units_uses_the_typed_site_figure_marked_so(db: Database) -> None:
    site = site_of(db, SnfHousingType.HOTEL_OR_PENSION)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    wf.answer_item(db, inspection.id, "snf.space.persons", "12")
    wf.answer_item(db, inspection.id, "snf.facilities.burners", "5")
    answer = wf.answers_by_item(db, inspection.id)["snf.facilities.burners_enough"]
    # 12 persons need one burner per 2 = 6; 5 typed fails, and says it is the site's typed figure.
    assert (answer.value, answer.verdict) == ("no", AnswerVerdict.FAIL)
    assert answer.units == "site-level figure (typed): 5 burners ≥ 6 ✗"


def test_bedroom_figures_add_up_in_their_dwelling(db: Database) -> None:
    site = site_of(db, SnfHousingType.REGULAR_DWELLING)
    house = unit(db, site, "Huis", UnitKind.BUILDING, floor_area_m2=80.0, burners=4, sockets=3)
    bedroom = unit(db, site, "Slaapkamer 1", UnitKind.BEDROOM, house, floor_area_m2=12.0, sockets=2)
    people(db, bedroom, 2)
    (figures,) = dwellings(db, site.id)
    assert (figures.burners, figures.fridge_litres, figures.sockets) == (4, None, 5)


@pytest.mark.parametrize(
    ("field", "value"), [("burners", -1), ("burners", 1001), ("fridge_litres", -0.5), ("sockets", 10001)]
)
def test_figures_out_of_range_are_refused(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=field):
        Unit(site_id="s" * 26, label="Huis", **{field: value})  # type: ignore[arg-type]
