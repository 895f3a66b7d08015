"""Which inspections the central figures and shares count: the signed ones."""

from __future__ import annotations

SIGNED = ("completed", "approved")
"""Inspections signed and not sent back for correction (a draft or a returned one is still being worked on)."""
