"""An inspection's start compared as an instant: the autumn's repeated hour is a change, an earlier
release's naive local text of the same moment is not."""

from __future__ import annotations

from inspect_tui.sync.fixed_fields import fixed_problem


def test_a_start_moved_by_an_hour_in_the_autumn_clock_change_is_a_change() -> None:
    held = [{"started_at": "2025-10-26T02:30:00+02:00"}]  # the first 02:30 (summer time)
    moved = {"started_at": "2025-10-26T02:30:00+01:00"}  # the second 02:30: one hour later
    assert fixed_problem("inspections", moved, held) is not None


def test_an_earlier_releases_naive_start_is_the_same_start() -> None:
    held = [{"started_at": "2025-03-03T09:00:00"}]
    assert fixed_problem("inspections", {"started_at": "2025-03-03T09:00:00+01:00"}, held) is None


def test_checklists_and_site_compare_as_stored() -> None:
    held = [{"templates": ["snf", "akf"], "site_id": "a"}]
    assert fixed_problem("inspections", {"templates": ["snf", "akf"], "site_id": "a"}, held) is None
    assert fixed_problem("inspections", {"templates": ["snf"], "site_id": "a"}, held) is not None
