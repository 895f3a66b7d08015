"""Counts in words: records and revisions told apart, singular and plural right in both languages."""

from __future__ import annotations

import pytest

from inspect_tui.i18n import using
from inspect_tui.i18n.counts import kind_count, records_and_revisions
from inspect_tui.sync.layout import KINDS


def test_records_and_their_revisions() -> None:
    assert records_and_revisions("inspections", 11, 23) == "11 inspections (23 revisions)"
    assert records_and_revisions("inspections", 1, 1) == "1 inspection"
    assert records_and_revisions("findings", 1, 2) == "1 finding (2 revisions)"
    assert records_and_revisions("answers", 1200, 1201) == "1,200 answers (1,201 revisions)"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_its_own_words_in_both_languages(kind: str) -> None:
    one, many = kind_count(kind, 1), kind_count(kind, 2)
    assert one.startswith("1 ") and many.startswith("2 ") and one[2:] != many[2:]
    assert kind not in one  # its own word, not the table name with a number ("1 sites")
    with using("nl"):
        assert kind_count(kind, 1) != one
        assert records_and_revisions(kind, 2, 3).endswith("(3 revisies)")


def test_occupancy_counts_singular_and_plural_in_both_languages() -> None:
    from inspect_tui.i18n.counts import occupancy_counts

    assert occupancy_counts(1, 1, 0) == "1 person in 1 unit · 0 flagged"
    assert (
        occupancy_counts(3, 2, 1, beds=1, registered=3)
        == "3 persons in 2 units · 1 bed · 3 in the register · 1 flagged"
    )
    with using("nl"):
        assert occupancy_counts(1, 1, 1, beds=2) == "1 persoon in 1 eenheid · 2 bedden · 1 gesignaleerd"
        assert occupancy_counts(2, 3, 0) == "2 personen in 3 eenheden · 0 gesignaleerd"
