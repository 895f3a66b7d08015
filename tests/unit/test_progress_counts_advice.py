"""The checklist header and the sign dialog count a failed recommendation as advice, as the report
does: Pension De Zwaluw showed "2 failed" on screen and "complies" in its report."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from inspect_tui.domain.enums import AnswerVerdict, Sector
from inspect_tui.store import workflow as wf
from tests.unit.test_verdict_rules import house


def test_a_failed_recommendation_is_advice_not_a_failure(db: Database) -> None:
    site, _bedroom = house(db, persons_in_bedroom=2, sector=Sector.MEAT_PROCESSING)  # two in one bedroom
    draft = wf.start_inspection(db, site.id, ["covid-2020"], "J. de Vries", now=dt.datetime(2026, 3, 2, 9))
    answers = wf.answers_by_item(db, draft.id)
    assert answers["covid-2020.housing.one_per_bedroom"].verdict is AnswerVerdict.FAIL  # a recommendation
    done = wf.progress(db, draft.id)
    assert (done.failed, done.advice) == (0, 1)


def test_a_failed_norm_is_still_a_failure(db: Database) -> None:
    site, _bedroom = house(db, persons_in_bedroom=3)  # 8 m² for 3: 2.7 m²/p < 3.5
    draft = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=dt.datetime(2026, 3, 2, 9))
    done = wf.progress(db, draft.id)
    assert done.failed >= 1 and done.advice == 0
