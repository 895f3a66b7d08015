"""A BSN typed into a finding's description or an item's note is shown masked on the screens that
list and detail them (the inspector's findings, the lead's review, both detail panes), as the
reports print it; the finding editor still shows what was typed, so it can be corrected."""

from __future__ import annotations

import datetime as dt

from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import Finding, Site
from inspect_tui.store import get, open_db, save
from inspect_tui.store import workflow as wf
from inspect_tui.store.queries import FindingFilter, finding_detail, inspection_findings, review_findings_page
from inspect_tui.tui.widgets.finding_detail import render_finding_detail
from tests.helpers.bundles import BSNS

DAY = dt.date(2026, 3, 2)
TYPED = f"Bewoner {BSNS[0]} slaapt in de schuur"
MASKED = f"Bewoner ●●●●●●{BSNS[0][-3:]} slaapt in de schuur"


def test_a_typed_bsn_is_masked_in_lists_and_details_but_kept_for_the_editor() -> None:
    db = open_db(None)
    site = Site(name="Camping De Berk")
    save(db, site)
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=dt.datetime(2026, 3, 2, 9))
    wf.answer_item(db, inspection.id, "snf.space.bed", "no", note=f"zie {BSNS[0]}")
    finding = wf.add_finding(
        db, inspection.id, Severity.MAJOR, TYPED, item_id="snf.space.bed", deadline=dt.date(2026, 3, 20), found_on=DAY
    )
    assert [f.description for f in inspection_findings(db, inspection.id)] == [MASKED]
    assert [f.description for f in review_findings_page(db, FindingFilter(DAY)).rows] == [MASKED]
    detail = finding_detail(db, finding.id)
    assert detail is not None
    shown = render_finding_detail(detail).plain
    assert MASKED in shown and BSNS[0] not in shown and f"zie ●●●●●●{BSNS[0][-3:]}" in shown
    stored = get(db, Finding, finding.id)
    assert stored is not None and stored.description == TYPED  # what the editor opens with
