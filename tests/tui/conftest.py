"""Fixtures of the TUI tests (shared with the end-to-end and snapshot tests: ``tests.helpers.tui_fixtures``)."""

from tests.helpers.tui_fixtures import *  # noqa: F403  (pytest finds fixtures by name)
