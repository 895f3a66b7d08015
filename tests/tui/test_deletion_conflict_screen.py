"""The conflicts screen shows a deletion that an edit did not see as one of the versions: marked
deleted, in its own row, and kept with its number like any version (the record is removed again)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_tui.domain.models import Unit
from inspect_tui.store import delete, save
from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens.confirm import ConfirmScreen
from tests.helpers.history_scenario import Team, build_team
from tests.helpers.tui_seed import fixed_clock, read, shown, wait_for
from tests.tui.test_history_conflicts import conflicts_from_home, screen_text


@pytest.fixture
def team(tmp_path: Path) -> Team:
    """The scenario's site conflict, and Eva's Stacaravan 7: removed by the lead, given more beds by Joost."""
    built = build_team(tmp_path)
    caravan = Unit(site_id=built.ids["site"], label="Stacaravan 7", beds=4)
    save(built.eva.db, caravan)
    built.send(built.eva, "eva-3", built.joost, built.lead)
    built.ids["caravan"] = caravan.id
    delete(built.lead.db, Unit, caravan.id)
    save(built.joost.db, caravan.model_copy(update={"beds": 6}))
    built.send(built.joost, "joost-2", built.lead)
    for device in (built.eva, built.joost, built.lead):
        device.db.close()
    return built


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("deleted", "Deleted", "yes", "keeping the deletion removes", "Keep the deletion of")),
        (
            "nl",
            ("verwijderd", "Verwijderd", "ja", "de verwijdering houden verwijdert", "De verwijdering van"),
        ),
    ],
)
async def test_the_deletion_is_a_version_and_its_number_keeps_it(team: Team, lang: str, words: tuple[str, ...]) -> None:
    deleted, row, yes, hint, question = words
    app = make_app(team.folder / "lead.db", lang=lang, clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await conflicts_from_home(app, pilot)
        assert [r.conflict.entity for r in screen.rows.values()] == ["sites", "units"]
        await pilot.press("down")
        await wait_for(pilot, lambda: screen.shown_key == f"units/{team.ids['caravan']}" and bool(screen.versions))
        number = next(n for n, v in enumerate(screen.versions, start=1) if v.deleted)
        text = screen_text(screen)
        assert f"{number} · {deleted}" in text and hint in shown(screen, "#conflicts-hint")
        cells = [str(c) for c in screen.side_by_side.get_row(screen.side_by_side.ordered_rows[0].key)]
        assert cells[1] == row and cells[1 + number] == yes  # the first row says which version deletes
        # the site is named by its name, as the history names it, not by its id
        assert [str(c) for c in screen.side_by_side.get_row("site_id")][2:] == ["Vakantiepark De Wilgen"] * 2
        await pilot.press(str(number))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert question in shown(app.screen, ".dialog-text")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and list(screen.rows) == [f"sites/{team.ids['site']}"])
    lead = team.folder / "lead.db"
    assert read(lead, "SELECT COUNT(*) FROM units WHERE id = ?", (team.ids["caravan"],)) == [(0,)]
    assert read(lead, "SELECT entity FROM conflicts") == [("sites",)]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Removed elsewhere, still in effect because records stand under it: 1 unit (Stacaravan 9)"),
        ("nl", "Elders verwijderd, nog geldig omdat er records onder staan: 1 eenheid (Stacaravan 9)"),
    ],
)
async def test_a_held_removal_says_what_stands_under_it(tmp_path: Path, lang: str, said: str) -> None:
    """The lead removed Stacaravan 7 while Joost, not knowing, put Stacaravan 9 inside it: the
    caravan stays in effect beside its deletion, named in the list, and the screen says why."""
    team = build_team(tmp_path)
    caravan = Unit(site_id=team.ids["site"], label="Stacaravan 7", beds=4)
    save(team.eva.db, caravan)
    team.send(team.eva, "eva-3", team.joost, team.lead)
    delete(team.lead.db, Unit, caravan.id)
    save(team.joost.db, Unit(site_id=team.ids["site"], parent_id=caravan.id, label="Stacaravan 9"))
    team.send(team.joost, "joost-2", team.lead)
    for device in (team.eva, team.joost, team.lead):
        device.db.close()
    app = make_app(team.folder / "lead.db", lang=lang, clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await conflicts_from_home(app, pilot)
        key = f"units/{caravan.id}"
        assert screen.rows[key].label == "Stacaravan 7"
        await pilot.press("down")
        await wait_for(pilot, lambda: screen.shown_key == key and bool(screen.versions))
        assert said in shown(screen, "#conflicts-hint")
