"""The occupancy screen's m²/p says what the verdict lines say: never rounded across its norm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from inspect_tui.domain.enums import SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import open_db, queries, save
from inspect_tui.store import workflow as wf
from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.occupancy import OccupancyScreen
from tests.helpers.checklist import open_checklist
from tests.helpers.tui_seed import fixed_clock, wait_for

MONDAY = dt.datetime(2026, 11, 16, 9, 0)


def _house(path: Path) -> tuple[str, str, dict[str, str]]:
    """Huis (type a, SNF 12 m²/p): 119.6 m² for 10 persons = 11.96 m²/p; Kamer 1: 10.45 m² for 3 =
    3.48 m²/p (bedroom norm 3.5); Kamer 2: 35 m² for 7. Half up would show 12.0 and 3.5."""
    db = open_db(path, create=True)
    try:
        site = Site(name="Testlocatie", housing_type=SnfHousingType.REGULAR_DWELLING)
        save(db, site)
        house = Unit(site_id=site.id, label="Huis", kind=UnitKind.BUILDING, floor_area_m2=119.6, toilets=2, showers=2)
        save(db, house)
        room = Unit(site_id=site.id, label="Kamer 1", kind=UnitKind.BEDROOM, parent_id=house.id, floor_area_m2=10.45)
        other = Unit(site_id=site.id, label="Kamer 2", kind=UnitKind.BEDROOM, parent_id=house.id, floor_area_m2=35.0)
        save(db, room)
        save(db, other)
        for number in range(10):
            save(db, Occupant(unit_id=room.id if number < 3 else other.id, name=f"Bewoner {number}"))
        inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    finally:
        db.close()
    return site.id, inspection.id, {"Huis": house.id, "Kamer 1": room.id, "Kamer 2": other.id}


def test_the_view_carries_each_units_area_norms(tmp_path: Path) -> None:
    path = tmp_path / "inspect.db"
    site_id, inspection_id, units = _house(path)
    db = open_db(path)
    try:
        view = queries.occupancy_view(db, site_id, inspection_id)
        assert view.limits[units["Huis"]] == (12.0,)
        assert view.limits[units["Kamer 1"]] == (3.5,)
        # From the site's screen (no inspection named) the site's open inspection judges.
        assert queries.occupancy_view(db, site_id).limits == view.limits
    finally:
        db.close()


@pytest.mark.parametrize(("lang", "house", "room"), [("en", "11.9", "3.4"), ("nl", "11,9", "3,4")])
async def test_the_screen_never_shows_an_area_per_person_across_its_norm(
    tmp_path: Path, lang: str, house: str, room: str
) -> None:
    path = tmp_path / "inspect.db"
    _site_id, inspection_id, units = _house(path)
    app = make_app(path, lang=lang, clock=fixed_clock)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await open_checklist(app, pilot, inspection_id)
            await pilot.press("o")
            await wait_for(pilot, lambda: isinstance(app.screen, OccupancyScreen) and bool(app.screen.units))
            screen = app.screen
            assert isinstance(screen, OccupancyScreen)
            area = {label: str(screen.table.get_row(key)[5]) for label, key in units.items()}
            assert area["Huis"] == house  # half up would say 12 beside "11.9 m²/p < 12"
            assert area["Kamer 1"] == room  # 3.48 beside the 3.5 norm
            assert area["Kamer 2"] in ("5.0", "5,0")  # far from its norm: half up as before
    finally:
        set_language("en")
