"""A signed inspection's screens show what it was signed with, and today's state beside it where it differs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import Occupant
from inspect_tui.store import open_db, queries
from inspect_tui.store.records import delete
from inspect_tui.store.workflow import add_finding, complete
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.widgets.finding_detail import render_finding_detail
from tests.helpers.checklist import answer_all_required, start
from tests.helpers.tui_seed import seed

SIGNED_AT = dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC)


def test_occupancy_checklist_and_finding_detail_show_now_beside_the_signed_figures(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "inspect.db")
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, inspection_id)
    db = open_db(seeded.path)
    try:
        finding = add_finding(db, inspection_id, Severity.MAJOR, "Te weinig ruimte", unit_id=seeded.bedroom_ids[1])
        complete(db, inspection_id, "Inspecteur Jansen", now=SIGNED_AT)
        unchanged = queries.occupancy_view(db, seeded.site_id, inspection_id)
        assert unchanged.signed and unchanged.now == {} and unchanged.now_total is None
        delete(db, Occupant, seeded.occupant_ids[2])  # Ana Popescu leaves Kamer 2 after signing

        view = queries.occupancy_view(db, seeded.site_id, inspection_id)
        persons = {u.label: u.persons for u in view.units}
        assert view.signed and persons == {"Huis 12": 3, "Kamer 1": 2, "Kamer 2": 1}
        assert view.now == {seeded.house_id: 2, seeded.bedroom_ids[1]: 0} and view.now_total == 2
        live = queries.occupancy_view(db, seeded.site_id)  # the site's own view: today's
        assert not live.signed and {u.label: u.persons for u in live.units}["Kamer 2"] == 0

        checklist = queries.read_checklist(db, inspection_id)
        state = queries.read_state(db, checklist)
        assert state.derived["snf.space.persons"][0] == 3 and state.now == {"snf.space.persons": 2}

        detail = queries.finding_detail(db, finding.id)
        assert detail is not None and detail.now_units is not None
        set_language("nl")
        try:
            text = render_finding_detail(detail).plain
        finally:
            set_language("en")
        assert "3 personen in 3 eenheden" in text and "(nu: 2)" in text
    finally:
        db.close()
