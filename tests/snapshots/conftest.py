"""The snapshot tests drive the TUI with the same seed, fixtures and timers as the pilot tests."""

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
