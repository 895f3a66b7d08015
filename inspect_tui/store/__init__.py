"""SQLite storage through sqlite-utils: migrations, records with revisions, change log; the one writer.

Names are loaded on first use, so a screen that only reads a list (``store.queries``)
does not pay for the models and sqlite-utils at start-up.
"""

from __future__ import annotations

from inspect_tui.domain.named_tuple import TYPE_CHECKING
from inspect_tui.store.errors import StoreError

if TYPE_CHECKING:  # typing is not loaded at run time (see ``domain.named_tuple``)
    from typing import Any

    from inspect_tui.store.db import open_db
    from inspect_tui.store.records import delete, get, save, transaction

_LAZY = {
    "open_db": "inspect_tui.store.db",
    "delete": "inspect_tui.store.records",
    "get": "inspect_tui.store.records",
    "save": "inspect_tui.store.records",
    "transaction": "inspect_tui.store.records",
}

__all__ = ["StoreError", "delete", "get", "open_db", "save", "transaction"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
