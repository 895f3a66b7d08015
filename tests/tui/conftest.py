"""Fixtures of the TUI tests."""

from tests.helpers.tui_fixtures import app, checklist_timers, quick_pilot, seeded

__all__ = ["app", "checklist_timers", "quick_pilot", "seeded"]
