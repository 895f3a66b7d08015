"""A person or a unit that moves to another site changes the figures of both sites: the site it
left is re-judged as well as the site it joined, or the left site's draft keeps a failure (or a
pass) for people who no longer live there."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from inspect_tui.domain.enums import AnswerVerdict
from inspect_tui.domain.models import Occupant, Unit
from inspect_tui.store import get
from inspect_tui.store import workflow as wf
from tests.unit.test_verdict_rules import house

ITEM = "snf.space.bedroom_area_pp"
MONDAY = dt.datetime(2026, 3, 2, 9)


def _verdict(db: Database, inspection_id: str) -> AnswerVerdict:
    return wf.answers_by_item(db, inspection_id)[ITEM].verdict


def _two_sites(db: Database) -> tuple[str, str, Unit, Unit]:
    crowded, crowded_bedroom = house(db, persons_in_bedroom=3)  # 8 m² for 3: 2.7 m²/p
    roomy, roomy_bedroom = house(db, persons_in_bedroom=0)
    left = wf.start_inspection(db, crowded.id, ["snf"], "J. de Vries", now=MONDAY).id
    joined = wf.start_inspection(db, roomy.id, ["snf"], "J. de Vries", now=MONDAY).id
    return left, joined, crowded_bedroom, roomy_bedroom


def _occupants_of(db: Database, unit_id: str) -> list[Occupant]:
    rows = db.execute("SELECT id FROM occupants WHERE unit_id = ? ORDER BY id", [unit_id]).fetchall()
    return [o for (occupant_id,) in rows if (o := get(db, Occupant, occupant_id)) is not None]


def test_a_person_who_moves_to_another_site_is_no_longer_counted_where_they_left(db: Database) -> None:
    left, joined, crowded_bedroom, roomy_bedroom = _two_sites(db)
    assert _verdict(db, left) is AnswerVerdict.FAIL
    for person in _occupants_of(db, crowded_bedroom.id)[:2]:
        wf.save_site_record(db, person.model_copy(update={"unit_id": roomy_bedroom.id}))
    assert _verdict(db, left) is AnswerVerdict.PASS  # 8 m² for the one who stayed
    assert _verdict(db, joined) is AnswerVerdict.PASS  # 8 m² for 2: 4 m²/p


def test_a_bedroom_that_moves_to_another_site_takes_its_failure_along(db: Database) -> None:
    left, joined, crowded_bedroom, roomy_bedroom = _two_sites(db)
    roomy_house = get(db, Unit, roomy_bedroom.parent_id or "")
    assert roomy_house is not None
    moved = crowded_bedroom.model_copy(update={"site_id": roomy_house.site_id, "parent_id": roomy_house.id})
    wf.save_site_record(db, moved)
    assert _verdict(db, joined) is AnswerVerdict.FAIL
    assert _verdict(db, left) is not AnswerVerdict.FAIL  # no bedroom with people is left there
