"""The cheap look for a BSN in free text never misses what the pattern finds: a description it
passes over is printed and shared as typed, so it must be a superset of the pattern's matches."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspect_tui.domain.bsn_text import may_hold_bsn, typed_bsn

TEXT = st.text(alphabet=st.sampled_from("0123456789 ./-a,"), max_size=40)


@given(TEXT)
def test_the_cheap_look_misses_nothing_the_pattern_finds(text: str) -> None:
    if typed_bsn().search(text) is not None:
        assert may_hold_bsn(text), text


def test_a_date_and_short_numbers_are_passed_over_without_the_pattern() -> None:
    assert not may_hold_bsn("Herstellen voor 19-10-2026, kamer 12, 4 bedden")
    assert may_hold_bsn("BSN 111 222 333") and may_hold_bsn("10000008") and may_hold_bsn("111/222/333")
