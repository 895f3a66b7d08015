"""Shared test helpers: seeds, drivers and waits (imported as tests.helpers.<module>)."""
