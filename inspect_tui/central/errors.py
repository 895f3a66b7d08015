"""The one error type of the central system: a sentence for the user, never a traceback."""

from __future__ import annotations


class CentralError(Exception):
    """Something the user can fix: a missing server, key or option, a bad argument."""
