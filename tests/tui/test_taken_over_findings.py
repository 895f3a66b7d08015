"""A finding a later inspection took over reads "taken over" on the findings screen and in the
review's detail pane, as in the report, the findings export and `list findings`; it was "open"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable

from inspect_tui.store import open_db, queries
from inspect_tui.tui import messages
from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.findings import FindingsScreen
from inspect_tui.tui.widgets.finding_detail import render_finding_detail
from tests.helpers.tui_seed import fixed_clock, wait_for

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
EARLIER = "c5467892-d483-4df8-a1a3-2905d253f0af"
"""The sample's inspection of 12 October whose occupancy finding the re-inspection of 16 November took over."""
ITEM = "akf.management.occupancy_matches"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.db"
    shutil.copy(SAMPLE, path)
    return path


def test_the_store_says_which_open_finding_was_taken_over(sample: Path) -> None:
    db = open_db(sample)
    try:
        rows = queries.inspection_findings(db, EARLIER)
        taken = [r for r in rows if r.taken_over]
        assert [(r.item_id, r.status, r.shown_status) for r in taken] == [(ITEM, "open", "taken_over")]
        assert all(r.shown_status == r.status for r in rows if not r.taken_over)
        detail = queries.finding_detail(db, taken[0].id)
        assert detail is not None and detail.taken_over
        successor = db.execute("SELECT id FROM findings WHERE origin_id = ?", [taken[0].id]).fetchone()[0]
        later = queries.finding_detail(db, successor)
        assert later is not None and not later.taken_over
    finally:
        db.close()
    for lang, word in (("nl", "overgenomen"), ("en", "taken over")):
        set_language(lang)
        try:
            facts = render_finding_detail(detail).plain.splitlines()[1]
        finally:
            set_language("en")
        assert word in facts.split(" · ") and "open" not in facts.split(" · ")


async def test_the_findings_screen_shows_taken_over_not_open(sample: Path) -> None:
    app = make_app(sample, lang="nl", clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.post_message(messages.OpenFindings(EARLIER))
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))
        table = app.screen.query_one("#current", DataTable)
        await wait_for(pilot, lambda: table.row_count > 0)
        statuses = {str(table.get_row_at(i)[5]): str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert statuses[ITEM] == "overgenomen"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_description_leaves_the_status_on_screen(sample: Path, size: tuple[int, int]) -> None:
    """Severity, deadline and status come before the description; a long one pushed the status off."""
    app = make_app(sample, lang="nl", clock=fixed_clock)
    async with app.run_test(size=size) as pilot:
        app.post_message(messages.OpenFindings(EARLIER))
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsScreen))
        table = app.screen.query_one("#current", DataTable)
        await wait_for(pilot, lambda: table.row_count > 0)
        await pilot.pause()
        widths = {str(c.label): c.get_render_width(table) for c in table.columns.values()}
        assert widths["Omschrijving"] > table.scrollable_content_region.width // 2  # a long one in the sample
        labels = list(widths)
        assert labels.index("Status") < labels.index("Omschrijving")
        through_status = sum(widths[label] for label in labels[: labels.index("Status") + 1])
        assert through_status <= table.scrollable_content_region.width
