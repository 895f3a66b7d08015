"""A reading worker's result reaches the screen only while that read is still the current one.

Screens read the database in thread workers of an exclusive group: a newer read of the same
thing (the cursor moved again, the list was read again) cancels the older one. Cancelling stops
the worker's task at once, but its thread runs on to the end of its query, and what it then
hands to the screen would land after, and over, the newer result: the detail pane of the
review screen showed an inspection's history where the user had moved on to a finding, in an
order that depended on which query ended first. ``deliver`` drops such a stale result.

Workers that write (save, import, decide) hand on their outcome with ``call_from_thread`` as
before: what they did has happened, whatever came after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.worker import get_current_worker


def deliver(app: App[Any], show: Callable[..., object], *args: Any) -> None:
    """From a reading worker's thread: call ``show(*args)`` on the app's thread, unless the
    worker has been cancelled by then (a newer read of its group replaced it)."""
    worker = get_current_worker()

    def show_if_current() -> None:
        if not worker.is_cancelled:
            show(*args)

    app.call_from_thread(show_if_current)
