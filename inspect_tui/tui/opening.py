"""The mark of a message that opens a screen or dialog (``messages.Opens``).

In a module of its own, so that the screens' base and the app's key hold (``tui.key_hold``) know
it without loading every message before the first screen is painted.
"""

from __future__ import annotations

from textual.message import Message


class Opens(Message):
    """A message that opens a screen or dialog: keys typed until it is open go to it (``tui.key_hold``)."""
