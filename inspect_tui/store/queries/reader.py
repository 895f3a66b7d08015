"""A plain read-only connection for the first lists, opened before sqlite-utils and the models are loaded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inspect_tui.store.fileformat import is_current


def open_reader(path: Path | str) -> sqlite3.Connection | None:
    """A read-only connection to the database file; None when its schema needs migrating first."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    reader = sqlite3.connect(uri, uri=True, check_same_thread=False)
    reader.execute("PRAGMA busy_timeout = 5000")
    if not is_current(reader):
        reader.close()
        return None
    return reader
