"""Flow 3: start an inspection, answer with single keys, type measurements, see SNF and AKF side by side."""

from __future__ import annotations

import json

from textual.widgets import Input, Static

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.checklist import ChecklistScreen
from inspect_tui.tui.screens.inspection_start import StartInspection
from inspect_tui.tui.screens.site import SiteScreen
from tests.helpers.checklist import goto, open_checklist, start
from tests.helpers.tui_seed import Seeded, read, settle, shown, wait_for


def answer(path, inspection_id: str, item_id: str) -> tuple[object, ...] | None:  # type: ignore[no-untyped-def]
    rows = read(
        path,
        "SELECT value, verdict, figure, note FROM answers WHERE inspection_id = ? AND item_id = ?",
        (inspection_id, item_id),
    )
    return rows[0] if rows else None


async def test_start_inspection_from_site_with_default_templates(app: InspectApp, seeded: Seeded) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_site(seeded.site_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SiteScreen) and app.screen.site is not None)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, StartInspection) and app.screen.templates)
        app.screen.query_one("#start-inspector", Input).value = "Jansen"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and app.screen.state is not None)
        rows = read(seeded.path, "SELECT templates, inspector, started_at, status FROM inspections")
        assert [(json.loads(str(r[0])), *r[1:]) for r in rows] == [
            (["snf", "akf", "covid-2020"], "Jansen", "2024-05-14T10:30:00+02:00", "draft")
        ]
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        # Figures that follow from the site are shown, not retyped: 3 persons, 40 m² living area.
        assert screen.state is not None
        assert screen.state.derived["snf.space.persons"] == (3.0, "site")
        assert screen.state.side_by_side["snf.space.living_area_pp"] == (
            "Huis 12: 13.3 m²/p ≥ 12 — certification norm · AKF n/a"
        )


async def test_single_keys_numbers_and_notes_are_saved_at_once(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf", "akf"])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.bed")
        await pilot.press("y")
        await wait_for(pilot, lambda: answer(seeded.path, inspection_id, "snf.space.bed") is not None)
        assert answer(seeded.path, inspection_id, "snf.space.bed")[:2] == ("yes", "pass")  # type: ignore[index]
        # y moved the cursor on to the next item
        assert screen.current_item().id == "snf.space.wardrobe"  # type: ignore[union-attr]
        await pilot.press("n")
        await wait_for(pilot, lambda: answer(seeded.path, inspection_id, "snf.space.wardrobe") is not None)
        assert answer(seeded.path, inspection_id, "snf.space.wardrobe")[:2] == ("no", "fail")  # type: ignore[index]
        await pilot.press("x")
        await wait_for(pilot, lambda: answer(seeded.path, inspection_id, "snf.space.chair") is not None)
        assert answer(seeded.path, inspection_id, "snf.space.chair")[:2] == ("n.a.", "n.a.")  # type: ignore[index]
        # A measurement: typing digits opens the input at once; a decimal comma is fine.
        await goto(pilot, screen, "snf.space.living_area")
        await pilot.press("3", "4", "comma", "8", "enter")
        await wait_for(pilot, lambda: answer(seeded.path, inspection_id, "snf.space.living_area") is not None)
        assert answer(seeded.path, inspection_id, "snf.space.living_area")[0] == "34.8"  # type: ignore[index]
        # The rule item is re-judged at once: 34.8 m² / 3 persons = 11.6 m²/p, below SNF's 12.
        await wait_for(
            pilot,
            lambda: (
                screen.state is not None
                and screen.state.side_by_side.get("snf.space.living_area_pp", "").startswith("Huis 12: 11.6")
            ),
        )
        assert screen.state.side_by_side["snf.space.living_area_pp"] == (  # type: ignore[union-attr]
            "Huis 12: 11.6 m²/p < 12 — certification norm · AKF n/a"
        )
        assert answer(seeded.path, inspection_id, "snf.space.living_area_pp")[:2] == ("no", "fail")  # type: ignore[index]
        row = screen.table.get_row("snf.space.living_area_pp")
        assert "✗" in str(row[0]) and "11.6" in str(row[3])
        # A note
        await goto(pilot, screen, "snf.space.wardrobe")
        await pilot.press("m", *"deur kapot", "enter")
        noted = lambda: (answer(seeded.path, inspection_id, "snf.space.wardrobe") or ())[3] == "deur kapot"  # noqa: E731
        await wait_for(pilot, noted)
        assert answer(seeded.path, inspection_id, "snf.space.wardrobe")[0] == "no"  # type: ignore[index]
        # y on a computed item is not possible (it is judged from the measurements)
        await goto(pilot, screen, "snf.space.living_area_pp")
        await pilot.press("y")
        await settle(pilot)
        assert answer(seeded.path, inspection_id, "snf.space.living_area_pp")[0] == "no"  # type: ignore[index]
        # Progress counts answered items and failures
        await wait_for(pilot, lambda: screen.state.progress.failed == 2)  # type: ignore[union-attr]
        assert "2 failed" in shown(screen, "#progress-text")


async def test_invalid_number_is_refused_with_a_message(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.persons")
        await pilot.press("enter", *"-2", "enter")
        await wait_for(pilot, lambda: len(app._notifications) > 0)
        assert "negative" in next(iter(app._notifications)).message
        assert answer(seeded.path, inspection_id, "snf.space.persons") is None


async def test_source_on_demand_and_english_toggle(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf", "akf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.living_area_pp")
        detail = screen.query_one("#item-detail", Static)
        assert "Gebruiksoppervlakte (GBO) per persoon" in str(detail.content)
        assert "Living area (GBO) per person" in str(detail.content)
        assert "SNF 2021, ruimte en privacy [V]" in str(detail.content)
        before = str(detail.content).count("SNF 2021")
        await pilot.press("s")
        assert str(detail.content).count("SNF 2021") > before  # every threshold with its source
        assert str(screen.table.get_row("snf.space.living_area_pp")[1]).startswith("Gebruiksoppervlakte")
        await pilot.press("l")
        assert str(screen.table.get_row("snf.space.living_area_pp")[1]).startswith("Living area")
