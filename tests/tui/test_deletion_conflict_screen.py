"""The conflicts screen shows a deletion that an edit did not see as one of the versions: marked
deleted, in its own row, and kept with its number like any version (the record is removed again)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_tui.domain.models import Occupant
from inspect_tui.store import delete, get, save
from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens.confirm import ConfirmScreen
from tests.helpers.history_scenario import Team, build_team
from tests.helpers.tui_seed import fixed_clock, read, shown, wait_for
from tests.tui.test_history_conflicts import conflicts_from_home, screen_text


@pytest.fixture
def team(tmp_path: Path) -> Team:
    """The scenario's site conflict, and Anna: removed by the lead, given another nationality by Joost."""
    built = build_team(tmp_path)
    anna = get(built.joost.db, Occupant, built.ids["anna"])
    assert anna is not None
    delete(built.lead.db, Occupant, anna.id)
    save(built.joost.db, anna.model_copy(update={"nationality": "RO"}))
    built.send(built.joost, "joost-2", built.lead)
    for device in (built.eva, built.joost, built.lead):
        device.db.close()
    return built


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("deleted", "Deleted", "yes", "keeping the deletion removes", "Keep the deletion of", "(erased)")),
        (
            "nl",
            ("verwijderd", "Verwijderd", "ja", "de verwijdering houden verwijdert", "De verwijdering van", "(gewist)"),
        ),
    ],
)
async def test_the_deletion_is_a_version_and_its_number_keeps_it(team: Team, lang: str, words: tuple[str, ...]) -> None:
    deleted, row, yes, hint, question, erased = words
    app = make_app(team.folder / "lead.db", lang=lang, clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await conflicts_from_home(app, pilot)
        assert [r.conflict.entity for r in screen.rows.values()] == ["occupants", "sites"]
        assert screen.shown_key == f"occupants/{team.ids['anna']}"
        number = next(n for n, v in enumerate(screen.versions, start=1) if v.deleted)
        text = screen_text(screen)
        assert f"{number} · {deleted}" in text and hint in shown(screen, "#conflicts-hint")
        cells = [str(c) for c in screen.side_by_side.get_row(screen.side_by_side.ordered_rows[0].key)]
        assert cells[1] == row and cells[1 + number] == yes  # the first row says which version deletes
        # An erasure wins: the person is erased in both versions, named so in the interface language;
        # the unit is named by its label, as the history names it.
        assert screen.rows[screen.shown_key].label == erased
        assert [str(c) for c in screen.side_by_side.get_row("unit_id")][2:] == ["Kamer 2", "Kamer 2"]
        await pilot.press(str(number))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert question in shown(app.screen, ".dialog-text")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and list(screen.rows) == [f"sites/{team.ids['site']}"])
    lead = team.folder / "lead.db"
    assert read(lead, "SELECT COUNT(*) FROM occupants WHERE id = ?", (team.ids["anna"],)) == [(0,)]
    assert read(lead, "SELECT entity FROM conflicts") == [("sites",)]
