"""A date typed in the right form that is no day of the calendar says so: 31-02-2026 "does not
exist: month 2 of 2026 has 28 days", where it was "is not a date" or "write it as dd-mm-yyyy"
(which it was)."""

from __future__ import annotations

import pytest

from inspect_tui.checklists import load_template
from inspect_tui.domain.answers import AnswerRejected, normalise_value
from inspect_tui.i18n import no_such_day, using


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31-02-2026", "31-02-2026 does not exist: month 2 of 2026 has 28 days"),
        ("29-02-2025", "29-02-2025 does not exist: month 2 of 2025 has 28 days"),
        ("31-04-2026", "31-04-2026 does not exist: month 4 of 2026 has 30 days"),
        ("2026-13-01", "2026-13-01 does not exist: there is no month 13"),
        (" 01-13-2026 ", "01-13-2026 does not exist: there is no month 13"),
        ("01-01-0000", "01-01-0000 does not exist: there is no year 0"),
        ("29-02-2024", None),  # a leap day
        ("12-10-2026", None),
        ("2026-10-12", None),
        ("tomorrow", None),  # not shaped as a date: the caller's own message
        ("12/10/2026", None),
    ],
)
def test_a_day_the_calendar_lacks_is_named(typed: str, said: str | None) -> None:
    assert no_such_day(typed) == said


def test_a_checklist_date_says_which_day_does_not_exist_in_dutch() -> None:
    item = load_template("rie").item("rie.rie.last_update")
    with using("nl"), pytest.raises(AnswerRejected) as refused:
        normalise_value(item, "31-02-2026")
    assert str(refused.value) == "rie.rie.last_update: 31-02-2026 bestaat niet: maand 2 van 2026 heeft 28 dagen"
    with pytest.raises(AnswerRejected) as other:
        normalise_value(item, "next week")
    assert str(other.value) == "rie.rie.last_update: a date is written dd-mm-yyyy"
