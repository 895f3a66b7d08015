"""Tests: tui."""
