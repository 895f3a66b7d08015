"""Conflicts from imports: listed, compared side by side, resolved by choosing or editing — nothing deleted."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from inspect_tui.store import open_db
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import ensure_signing_key
from inspect_tui.sync.layout import kind_member
from inspect_tui.tui.app import InspectApp, make_app
from inspect_tui.tui.screens.confirm import ConfirmScreen
from inspect_tui.tui.screens.conflict_editors import ResolveUnitEditor
from inspect_tui.tui.screens.conflicts import ConflictsScreen
from inspect_tui.tui.screens.review import ReviewScreen
from tests.helpers.review_seed import make_conflicts
from tests.helpers.tui_seed import Seeded, fixed_clock, read, shown, wait_for


async def open_conflicts(app: InspectApp, pilot: Pilot[Any]) -> ConflictsScreen:
    """From the review screen with its key."""
    await wait_for(pilot, lambda: app.screen.id == "home")
    await pilot.press("r")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.summary is not None)
    await pilot.press("C")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen) and app.screen.loaded)
    screen = app.screen
    assert isinstance(screen, ConflictsScreen)
    return screen


async def show(pilot: Pilot[Any], screen: ConflictsScreen, key: str) -> None:
    screen.listing.move_cursor(row=screen.listing.get_row_index(key))
    await wait_for(
        pilot, lambda: screen.shown_key == key and bool(screen.versions) and screen.side_by_side.row_count > 0
    )


async def test_choose_a_version_resolves_with_a_merging_revision(
    app: InspectApp, seeded: Seeded, tmp_path: Path
) -> None:
    site, _house = make_conflicts(seeded)
    before = read(seeded.path, "SELECT rev, data FROM changes WHERE entity = 'sites' AND record_id = ?", (site.id,))
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_conflicts(app, pilot)
        assert set(screen.rows) == {f"sites/{site.id}", f"units/{seeded.house_id}"}
        await show(pilot, screen, f"sites/{site.id}")
        table = screen.side_by_side
        marked = {
            str(table.get_row(key)[1])
            for key in ("name", "notes", "operator_name", "city")
            if str(table.get_row(key)[0]) == "●"
        }
        assert marked == {"Name", "Notes", "Operator"}  # city is the same in both versions (names in words)
        theirs = next(n for n, v in enumerate(screen.versions) if v.data["name"] == "Vakantiepark De Wilgen-Zuid")
        leaves = {v.rev for v in screen.versions}
        await pilot.press(str(theirs + 1))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: set(screen.rows) == {f"units/{seeded.house_id}"})
        assert read(seeded.path, "SELECT entity FROM conflicts") == [("units",)]
        assert read(seeded.path, "SELECT name, operator_name, notes FROM sites WHERE id = ?", (site.id,)) == [
            ("Vakantiepark De Wilgen-Zuid", "Andere Huisvester BV", None)
        ]
        after = read(seeded.path, "SELECT rev, data FROM changes WHERE entity = 'sites' AND record_id = ?", (site.id,))
        assert set(before) < set(after) and len(after) == len(before) + 1  # nothing deleted, one revision added
        head = read(
            seeded.path,
            "SELECT s.rev, c.base_rev, c.merged FROM sites s JOIN changes c ON c.rev = s.rev WHERE s.id = ?",
            (site.id,),
        )[0]
        assert {head[1], *json.loads(str(head[2]))} == leaves  # built on one version, merging the other
    # The resolution travels like any other change.
    db = open_db(seeded.path)
    try:
        result = export_bundle(db, tmp_path, ensure_signing_key(db, seeded.path), everything=False)
    finally:
        db.close()
    assert result is not None
    with zipfile.ZipFile(result.path) as bundle:
        lines = [json.loads(line) for line in bundle.read(kind_member("sites")).splitlines()]
    assert head[0] in {line["rev"] for line in lines}


async def test_edit_resolves_with_the_edited_record(app: InspectApp, seeded: Seeded) -> None:
    _site, house = make_conflicts(seeded)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_conflicts(app, pilot)
        await show(pilot, screen, f"units/{house.id}")
        assert screen.rows[f"units/{house.id}"].conflict.kind == "hard"
        assert {v.data["floor_area_m2"] for v in screen.versions} == {42.0, 38.5}
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ResolveUnitEditor))
        editor = app.screen
        area = editor.query_one("#input-floor_area_m2", Input)
        await wait_for(pilot, lambda: area.value in ("42", "38.5"))  # pre-filled with the version in effect
        area.value = "40,5"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and f"units/{house.id}" not in screen.rows)
        assert read(seeded.path, "SELECT floor_area_m2 FROM units WHERE id = ?", (house.id,)) == [(40.5,)]
        assert read(seeded.path, "SELECT COUNT(*) FROM conflicts WHERE entity = 'units'") == [(0,)]
        merged = read(
            seeded.path, "SELECT c.merged FROM units u JOIN changes c ON c.rev = u.rev WHERE u.id = ?", (house.id,)
        )
        assert len(json.loads(str(merged[0][0]))) == 1
        assert read(
            seeded.path, "SELECT COUNT(*) FROM changes WHERE entity = 'units' AND record_id = ?", (house.id,)
        ) == [(4,)]  # created, edited here, edited there, resolved


async def test_no_conflicts(seeded: Seeded) -> None:
    app = make_app(seeded.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conflicts(app, pilot)
        assert screen.rows == {}
        assert "No open conflicts" in shown(screen, "#conflicts-hint")
        assert not screen.check_action("choose", (0,))
