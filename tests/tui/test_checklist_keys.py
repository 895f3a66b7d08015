"""Checklist keys that are refused keep the cursor where it is (nothing looks recorded)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Static

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.reason import ReasonScreen
from inspect_tui.tui.widgets.answer_input import AnswerInput
from tests.helpers.checklist import goto, open_checklist, start
from tests.helpers.tui_seed import Seeded, read, wait_for


async def test_na_on_a_required_number_is_refused_and_the_cursor_stays(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.living_area")
        await pilot.press("x")
        await pilot.pause()
        assert screen.current_item().id == "snf.space.living_area"  # type: ignore[union-attr]
        messages = [n.message for n in app._notifications]
        assert any("N.a. is not allowed here" in m for m in messages), messages
        assert read(seeded.path, "SELECT COUNT(*) FROM answers WHERE item_id = 'snf.space.living_area'") == [(0,)]


async def test_na_on_a_yes_no_item_is_recorded_and_moves_on(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.fire.blanket")
        await pilot.press("x")
        await pilot.pause()
        assert screen.current_item().id != "snf.fire.blanket"  # type: ignore[union-attr]
        rows = read(seeded.path, "SELECT value FROM answers WHERE item_id = 'snf.fire.blanket'")
        assert rows == [("n.a.",)]


async def test_a_long_note_is_cut_at_4000_while_pasting_and_saved(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.fire.blanket")
        await pilot.press("m")
        typing = screen.query_one(AnswerInput)
        assert typing.has_focus
        app.post_message(events.Paste("a" * 5000))
        await pilot.pause()
        assert len(typing.value) == 4000
        assert "4,000 of 4,000" in str(typing.border_subtitle)
        assert any("Only the first 4,000 characters" in n.message for n in app._notifications)
        await pilot.press("b")  # typing stops at the limit
        assert len(typing.value) == 4000
        await pilot.press("enter")
        await pilot.pause()
        assert not typing.display
        rows = read(seeded.path, "SELECT length(note) FROM answers WHERE item_id = 'snf.fire.blanket'")
        assert rows == [(4000,)]


async def test_refused_text_stays_in_the_input(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.space.living_area")
        await pilot.press("enter")
        typing = screen.query_one(AnswerInput)
        await pilot.press(*"12 vierkante meter", "enter")
        await pilot.pause()
        assert typing.display and typing.has_focus
        assert typing.value == "12 vierkante meter"
        assert screen.current_item().id == "snf.space.living_area"  # type: ignore[union-attr]
        typing.value = "12"
        await pilot.press("enter")
        await pilot.pause()
        assert not typing.display
        assert read(seeded.path, "SELECT value FROM answers WHERE item_id = 'snf.space.living_area'") == [("12",)]


async def test_an_empty_draft_is_deleted_from_its_checklist(app: InspectApp, seeded: Seeded) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonScreen))
        app.screen.query_one("#reason-text", Input).value = "started by mistake"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not screen and not isinstance(app.screen, ReasonScreen))
        assert read(seeded.path, "SELECT COUNT(*) FROM inspections") == [(0,)]
        assert read(
            seeded.path, "SELECT deleted FROM changes WHERE entity = 'inspections' ORDER BY seq DESC LIMIT 1"
        ) == [(1,)]


async def test_a_draft_with_an_answer_is_deleted_with_it_and_the_dialog_says_what_goes(
    app: InspectApp, seeded: Seeded
) -> None:
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.fire.blanket")
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: read(seeded.path, "SELECT value FROM answers WHERE item_id = 'snf.fire.blanket'") == [("yes",)],
        )
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonScreen))
        # typed ones: the checklist's header also counts items worked out from the site's units
        assert "typed answers: 1" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("escape")  # cancelled: nothing changes
        await wait_for(pilot, lambda: app.screen is screen)
        assert read(seeded.path, "SELECT COUNT(*) FROM inspections") == [(1,)]


async def test_digits_typed_on_a_date_item_start_the_date(app: InspectApp, seeded: Seeded) -> None:
    # "31-03-2026" typed on the RI&E's date: the digits were dropped, and enter opened today's date.
    inspection_id = start(seeded.path, seeded.site_id, ["rie"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "rie.rie.last_update")
        await pilot.press(*"31-03-2026")
        typing = screen.query_one(AnswerInput)
        assert typing.has_focus and typing.value == "31-03-2026"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not typing.display)
        assert read(seeded.path, "SELECT value FROM answers WHERE item_id = 'rie.rie.last_update'") == [("2026-03-31",)]
        # the detail pane writes it as the answer column does, not as stored (2026-03-31)
        await goto(pilot, screen, "rie.rie.last_update")
        detail = screen.query_one("#item-detail", Static)
        await wait_for(pilot, lambda: "Answer: 31-03-2026" in str(detail.content))


async def test_one_of_a_unit_is_singular_in_the_answer_column(app: InspectApp, seeded: Seeded) -> None:
    # "1 toilets" (and "1 toiletten" in Dutch) beside a count of one.
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.sanitary.toilets")
        await pilot.press("1", "enter")
        await wait_for(pilot, lambda: screen.state is not None and "snf.sanitary.toilets" in screen.state.answers)
        await goto(pilot, screen, "snf.sanitary.toilets")
        cell = screen.table.get_cell("snf.sanitary.toilets", "answer")
        assert str(cell).strip() == "1 toilet", str(cell)
        detail = screen.query_one("#item-detail", Static)
        await wait_for(pilot, lambda: "Answer: 1 toilet\n" in str(detail.content))
