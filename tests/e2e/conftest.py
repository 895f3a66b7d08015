"""The end-to-end tests drive the TUI with the same seed, fixtures and timers as the pilot tests."""

from tests.helpers.tui_fixtures import *  # noqa: F403  (pytest finds fixtures by name)
