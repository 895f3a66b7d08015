"""The occupancy screen's m²/p says what the verdict lines say: never rounded across its norm."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_tui.store import open_db, queries
from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.occupancy import OccupancyScreen
from tests.helpers.checklist import open_checklist
from tests.helpers.near_norm import NearNorm, near_norm_house
from tests.helpers.tui_seed import fixed_clock, wait_for


def _house(path: Path) -> NearNorm:
    db = open_db(path, create=True)
    try:
        return near_norm_house(db)
    finally:
        db.close()


def test_the_view_carries_each_units_area_norms(tmp_path: Path) -> None:
    path = tmp_path / "inspect.db"
    house = _house(path)
    site_id, inspection_id, units = house.site_id, house.inspection_id, house.units
    db = open_db(path)
    try:
        view = queries.occupancy_view(db, site_id, inspection_id)
        assert view.limits[units["Huis"]] == (12.0,)
        assert view.limits[units["Kamer 1"]] == (3.5,)
        # From the site's screen (no inspection named) the site's open inspection judges.
        assert queries.occupancy_view(db, site_id).limits == view.limits
    finally:
        db.close()


@pytest.mark.parametrize(("lang", "huis", "room"), [("en", "11.9", "3.4"), ("nl", "11,9", "3,4")])
async def test_the_screen_never_shows_an_area_per_person_across_its_norm(
    tmp_path: Path, lang: str, huis: str, room: str
) -> None:
    path = tmp_path / "inspect.db"
    house = _house(path)
    inspection_id, units = house.inspection_id, house.units
    app = make_app(path, lang=lang, clock=fixed_clock)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await open_checklist(app, pilot, inspection_id)
            await pilot.press("o")
            await wait_for(pilot, lambda: isinstance(app.screen, OccupancyScreen) and bool(app.screen.units))
            screen = app.screen
            assert isinstance(screen, OccupancyScreen)
            area = {label: str(screen.table.get_row(key)[5]) for label, key in units.items()}
            assert area["Huis"] == huis  # half up would say 12 beside "11.9 m²/p < 12"
            assert area["Kamer 1"] == room  # 3.48 beside the 3.5 norm
            assert area["Kamer 2"] in ("5.0", "5,0")  # far from its norm: half up as before
    finally:
        set_language("en")


async def test_the_screen_counts_a_caravans_beds_as_the_report_does(tmp_path: Path) -> None:
    """The report showed a caravan's beds as its bedrooms' (5), the screen "—"."""
    from inspect_tui.domain.enums import SnfHousingType, UnitKind
    from inspect_tui.reports import build_report
    from inspect_tui.store import workflow as wf
    from tests.unit.test_dwellings import MONDAY, people, site_of, unit

    path = tmp_path / "inspect.db"
    db = open_db(path, create=True)
    try:
        site = site_of(db, SnfHousingType.HOLIDAY_PARK)
        caravan = unit(db, site, "Caravan 3", UnitKind.CARAVAN, floor_area_m2=40.0)
        for label, beds, registered in (("Kamer A", 2, 2), ("Kamer B", 3, 1)):
            people(db, unit(db, site, label, UnitKind.BEDROOM, caravan, beds=beds, registered_persons=registered), 2)
        inspection_id = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY).id
        reported = {u.label: (u.beds, u.registered) for u in build_report(db, inspection_id).units}
    finally:
        db.close()
    assert reported["Caravan 3"] == (5, 3)
    app = make_app(path, clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_checklist(app, pilot, inspection_id)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OccupancyScreen) and bool(app.screen.units))
        screen = app.screen
        assert isinstance(screen, OccupancyScreen)
        shown = {u.label: tuple(str(c) for c in screen.table.get_row(u.unit_id)[3:5]) for u in screen.units}
    assert shown == {label: tuple(str(v) for v in figures) for label, figures in reported.items()}
