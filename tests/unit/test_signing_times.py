"""An inspection is signed after it started: signing one whose start lies ahead (a clock set wrong,
a start typed for tomorrow) stored a completion before its start, which no model could read back
and every receiver refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlite_utils import Database

from inspect_tui.domain.enums import SnfHousingType
from inspect_tui.domain.models import Inspection
from inspect_tui.store import StoreError, get
from inspect_tui.store import workflow as wf
from tests.unit.test_dwellings import site_of


def test_signing_before_the_start_is_refused_and_nothing_changes(db: Database) -> None:
    site = site_of(db, SnfHousingType.REGULAR_DWELLING)
    start = dt.datetime(2026, 12, 31, 23, 30)
    inspection = wf.start_inspection(db, site.id, ["covid-2020"], "J. de Vries", now=start)
    before = db.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
    with pytest.raises(StoreError) as refused:
        wf.complete(db, inspection.id, "J. de Vries", now=dt.datetime(2026, 12, 3, 15, 0))
    assert str(refused.value) == (
        "the inspection starts 31-12-2026 23:30, after this moment (03-12-2026 15:00); sign it once it has started"
    )
    assert db.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == before
    held = get(db, Inspection, inspection.id)
    assert held is not None and held.status == "draft" and held.completed_at is None
