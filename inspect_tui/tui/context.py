"""What screens and widgets may ask of the app: the database, the clock, the theme's colours.

Screens see the app through this protocol, never through the app class itself, so no screen
imports ``tui.app`` (the app imports the screens it shows; the reverse would make a cycle).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from inspect_tui.store.queries import Page
    from inspect_tui.tui.access import DbAccess

Clock = Callable[[], dt.datetime]
"""Where the app reads the time (injected by tests for stable output)."""


class AppContext(Protocol):
    """The services of the running app that screens use."""

    db: DbAccess
    db_path: Path | str | None
    clock: Clock
    read_only: str | None
    """Why the database cannot be written (None when it can)."""

    def palette(self) -> Mapping[str, str]:
        """The theme's colours, for coloured table cells."""
        ...

    def today(self) -> dt.date:
        """Today by the app's clock."""
        ...

    def first_page(self) -> tuple[Page[Any], int] | None:
        """The home list's first page read at start-up and its count (once), or None to read it now."""
        ...

    def first_screen_ready(self) -> None:
        """The first screen is painted: the app may do its deferred start-up work."""
        ...
