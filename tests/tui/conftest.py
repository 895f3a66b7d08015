"""Fixtures of the TUI tests."""

from tests.helpers.tui_fixtures import (
    app,
    checklist_timers,
    drop_textual_caches,
    frames_drawn_when_read,
    quick_pilot,
    seeded,
    shared_css_parse,
)

__all__ = [
    "app",
    "checklist_timers",
    "drop_textual_caches",
    "frames_drawn_when_read",
    "quick_pilot",
    "seeded",
    "shared_css_parse",
]
