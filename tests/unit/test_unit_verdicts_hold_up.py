"""Verdicts per dwelling and per bedroom that a landlord could otherwise dispute: each test is an
input that gave a wrong verdict, worked out by hand (NORMS.md, "The unit of judgment")."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.domain.enums import AnswerVerdict, SnfHousingType, UnitKind
from tests.unit.test_dwellings import judged, people, site_of, unit


def test_the_one_occupied_caravan_is_judged_on_its_own_area_not_the_sites(db: Database) -> None:
    # Caravan 1: 20 m² for 3 persons = 6.7 m²/p, fails 10. The empty Caravan 2 adds nothing:
    # the site's 40 m² would give 13.3 m²/p and a false pass.
    site = site_of(db, SnfHousingType.HOLIDAY_PARK)
    occupied = unit(db, site, "Caravan 1", UnitKind.CARAVAN, floor_area_m2=20.0, toilets=1, showers=1)
    unit(db, site, "Caravan 2", UnitKind.CARAVAN, floor_area_m2=20.0, toilets=1, showers=1)
    people(db, occupied, 3)
    value, verdict, units = judged(db, site, ["snf"], "snf.space.living_area_pp")
    assert (value, verdict) == ("no", AnswerVerdict.FAIL)
    assert units == "the one dwelling fails\nCaravan 1: 6.7 m²/p < 10"


def test_the_one_occupied_caravan_is_judged_on_its_own_toilets_not_the_sites(db: Database) -> None:
    # Caravan 1: 9 persons, 1 toilet = 9 p/toilet, fails 8; the empty caravan's toilet is not theirs.
    site = site_of(db, SnfHousingType.HOLIDAY_PARK)
    occupied = unit(db, site, "Caravan 1", UnitKind.CARAVAN, floor_area_m2=100.0, toilets=1, showers=2)
    unit(db, site, "Caravan 2", UnitKind.CARAVAN, floor_area_m2=20.0, toilets=1, showers=1)
    people(db, occupied, 9)
    value, verdict, units = judged(db, site, ["snf"], "snf.sanitary.toilets_pp")
    assert (value, verdict) == ("no", AnswerVerdict.FAIL)
    assert units == "the one dwelling fails\nCaravan 1: 9 p/toilet > 8"
