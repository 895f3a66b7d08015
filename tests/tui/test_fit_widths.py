"""One long site name cannot push the other columns off the sites list."""

from __future__ import annotations

from inspect_tui.domain.models import Site
from inspect_tui.store import open_db, save
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.home import HomeScreen
from tests.helpers.tui_seed import Seeded, still, wait_for

LONG = "Logiesgebouw " + "Zeer Lange Naam " * 9


async def test_long_site_name_is_cut_and_the_other_columns_stay(app: InspectApp, seeded: Seeded) -> None:
    db = open_db(seeded.path)
    save(db, Site(name=LONG.strip(), city="Tilburg"))
    db.close()
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, HomeScreen)
                and bool(app.screen.query("#sites-table"))
                and app.screen.sites.loaded_once
            ),
        )
        await pilot.press("2")
        await still(pilot)  # the table's columns take their widths when it is laid out
        table = app.screen.sites  # type: ignore[attr-defined]
        widths = {str(key.value): column.get_render_width(table) for key, column in table.columns.items()}
        assert widths["name"] <= 34
        assert sum(widths.values()) <= 120
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert any(name.endswith("…") and name.startswith("Logiesgebouw Zeer") for name in names)
