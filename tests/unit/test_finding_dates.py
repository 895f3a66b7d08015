"""A finding's default deadline counts from the day it is found, not from the inspection's start."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from inspect_tui.domain.enums import Severity
from inspect_tui.i18n import zone
from inspect_tui.store import workflow as wf

if TYPE_CHECKING:
    from tests.conftest import Populated

STARTED = dt.datetime(2026, 10, 1, 9, 0)


def test_a_finding_on_an_old_draft_is_not_overdue_at_once(populated_db: Populated) -> None:
    db = populated_db.db
    draft = wf.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=STARTED)
    found = dt.date(2026, 11, 30)
    finding = wf.add_finding(db, draft.id, Severity.CRITICAL, "Geen blusdeken", found_on=found)
    assert finding.deadline == found + dt.timedelta(days=7)
    assert finding.deadline > found


def test_without_a_day_the_deadline_counts_from_today(populated_db: Populated) -> None:
    db = populated_db.db
    draft = wf.start_inspection(db, populated_db.site.id, ["snf"], "J. de Vries", now=STARTED)
    before = zone.today()  # a deadline is a Dutch calendar day, whatever the machine's zone
    finding = wf.add_finding(db, draft.id, Severity.MAJOR, "Douche kapot")
    assert before + dt.timedelta(days=30) <= finding.deadline <= zone.today() + dt.timedelta(days=30)
