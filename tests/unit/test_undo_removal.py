"""Undoing one's own removal brings the record back as it was: no conflict for a team lead."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.domain.models import Unit
from inspect_tui.store import get
from inspect_tui.store import workflow as wf
from tests.unit.test_verdict_rules import house


def test_undoing_ones_own_removal_of_a_unit_leaves_no_conflict(db: Database) -> None:
    """Ctrl+Z after removing a unit brought it back as a "hard" conflict for a team lead: the undo was
    kept beside the deletion, as an edit of a removal held by records under it is."""
    _crowded, bedroom = house(db, persons_in_bedroom=0)
    removed = wf.remove_unit_or_occupant(db, Unit, bedroom.id)
    assert get(db, Unit, bedroom.id) is None
    wf.undo_deletion(db, removed)
    assert get(db, Unit, bedroom.id) == bedroom
    assert db.execute("SELECT COUNT(*) FROM conflicts").fetchone() == (0,)
