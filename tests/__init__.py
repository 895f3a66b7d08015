"""Tests of inspect-tui (a package, so shared helpers import as tests.helpers)."""
